import type { HttpResponse } from './transport';

/**
 * Redirects are not followed (nodes/shared/transport.ts): following one would send the API key or the 1C login to
 * the address it names, past the plain-http rule (plain-http.ts), since n8n re-adds credentials on a redirect to
 * another origin. A 3xx answer becomes an error naming where the server points, so the user can put that address
 * into the credential.
 */
export function redirectOf(response: HttpResponse): { status: number; location: string } | undefined {
	if (response.status < 300 || response.status >= 400) return undefined;
	return { status: response.status, location: (response.headers.location ?? '').trim() };
}

export function redirectAdvice(location: string): string {
	const target = location ? `the address it redirects to (${location})` : 'the address the server redirects to';
	return `Put ${target} into the credential: the nodes do not follow redirects, which would send the key or the login to another address.`;
}
