/**
 * HTTP Basic for 1C: `user:password` encoded as UTF-8 before base64, so Cyrillic logins work
 * (a cp1251/latin-1 encoding gets IIS 401.5, docs/1c-odata.md#urls-and-authentication).
 * The one encoder: the 1C credential's authenticate() (credentials/OneCUt10Api.credentials.ts, bundled by
 * esbuild with this module) sends it on every request, and the tests' clients build their header with it.
 */
export function basicAuthHeader(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}
