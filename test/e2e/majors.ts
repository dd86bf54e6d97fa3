import { N8N_RELEASES, type N8nMajor } from '../../scripts/harness/paths';

/**
 * The n8n majors an e2e file runs on, with their pinned versions: both by default (2.x first, what new
 * installs get), or those listed in E2E_N8N_MAJORS (e.g. `2`).
 */
export function majorsToRun(): Array<readonly [N8nMajor, string]> {
	const wanted = (process.env.E2E_N8N_MAJORS ?? '2,1').split(',').map((m) => Number(m.trim()));
	for (const m of wanted) if (m !== 1 && m !== 2) throw new Error(`E2E_N8N_MAJORS lists ${m}; known majors: 1, 2`);
	return (wanted as N8nMajor[]).map((major) => [major, N8N_RELEASES[major].version] as const);
}

/** The n8n port of the e2e instances (one at a time): E2E_N8N_PORT, default 5698. */
export function e2ePort(): number {
	return Number(process.env.E2E_N8N_PORT ?? 5698);
}
