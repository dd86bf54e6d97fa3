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
		if (res.ok || res.status === 400) return;
		const body = (await res.text()).slice(0, 500);
		if (res.status !== 404 || Date.now() > until) throw new Error(`n8n owner setup answered ${res.status}: ${body}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}
