/** The demo's n8n owner, created through n8n's own setup endpoint so the editor opens without a sign-up form. */
export const DEMO_OWNER = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Demo-n8n-2026',
};

export async function setupOwner(port: number): Promise<void> {
	const res = await fetch(`http://127.0.0.1:${port}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(DEMO_OWNER),
	});
	if (!res.ok && res.status !== 400) {
		throw new Error(`n8n owner setup answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
	}
}
