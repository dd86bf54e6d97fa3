/** The demo's n8n owner, created through n8n's own setup endpoint so the editor opens without a sign-up form. */
export const DEMO_OWNER = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Demo-n8n-2026',
};

/**
 * n8n 2.41.1 under load has answered `/rest/settings` (what waitForHealth waits for) while `/rest/owner/setup` was
 * still a 404 ("Cannot POST"): its controllers register in steps. So a 404 is asked again for up to 30 s.
 */
const ROUTES_WAIT_MS = 30_000;

export async function setupOwner(port: number): Promise<void> {
	const until = Date.now() + ROUTES_WAIT_MS;
	for (;;) {
		const res = await fetch(`http://127.0.0.1:${port}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(DEMO_OWNER),
		});
		// Only n8n's JSON answer counts: a page served before the route exists would pass as a 200 with no owner made.
		if ((res.ok || res.status === 400) && isJson(res)) return;
		const body = (await res.text()).slice(0, 500);
		if ((res.status !== 404 && isJson(res)) || Date.now() > until) throw new Error(`n8n owner setup answered ${res.status}: ${body}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/**
 * Logs the demo owner in and returns the cookies to send back (n8n's session is `n8n-auth`). Asked again for up to
 * 30 s while the answer sets no session: under load n8n 2.41.1 once answered the login with a 200 and no cookie.
 */
export async function loginOwner(port: number): Promise<string> {
	const until = Date.now() + ROUTES_WAIT_MS;
	for (;;) {
		const login = await fetch(`http://127.0.0.1:${port}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: DEMO_OWNER.email, email: DEMO_OWNER.email, password: DEMO_OWNER.password }),
		});
		const body = (await login.text()).slice(0, 300);
		const cookie = login.headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.join('; ');
		if (login.ok && cookie.includes('n8n-auth=')) return cookie;
		if (Date.now() > until) {
			const names = login.headers.getSetCookie().map((c) => c.split('=')[0]).join(', ') || 'none';
			throw new Error(`n8n login answered ${login.status} (${login.headers.get('content-type') ?? 'no content type'}) and set no n8n-auth cookie (cookies: ${names}): ${body}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

function isJson(res: Response): boolean {
	return (res.headers.get('content-type') ?? '').includes('application/json');
}
