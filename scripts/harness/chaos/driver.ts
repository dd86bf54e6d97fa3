/**
 * The chaos suite's driver (`npm run test:chaos`): seeded random faults in both sandboxes (test/sandboxes/random-faults.ts)
 * and templates executed through the real n8n CLI, some of them killed with SIGKILL at a seeded moment — after the
 * k-th API request the two sandboxes saw in that run, so the kill lands inside the run's work (not in n8n's start-up)
 * wherever the run is slow or fast. A killed `n8n execute` saves nothing: no static data, no cursor; the next run
 * must find its way from what 1C and retailCRM hold.
 */
import type { ChildProcess } from 'child_process';
import type { N8nInstance } from '../instance';
import { executeWorkflow, type ExecutionSummary } from '../scenario';
import { RANDOM_FAULT_KINDS, RandomFaults, describeFaults, type RandomFaultKind, type RandomFaultReport, type RandomFaultSpec } from '../../../test/sandboxes/random-faults';
import type { OneCSandbox } from '../../../test/sandboxes/onec/server';
import type { RetailCrmSandbox } from '../../../test/sandboxes/retailcrm/server';
import { int, prng } from '../../../test/sandboxes/retailcrm/fixtures/prng';

export interface ChaosSettings {
	seed: number;
	/** Share of API requests that fail, per system. */
	rate: number;
	/** Share of single runs killed with SIGKILL (at a seeded request count). */
	killRate: number;
	/**
	 * A kill lands after 1…n API requests of the run, n the request count of the workflow's last whole run (this many
	 * before there was one); a run that ends earlier is not killed.
	 */
	killWithin: number;
	/** Timeouts per system and phase (each costs a client its 30 s timeout); further timeout draws become drops. */
	maxTimeouts: number;
}

/** Settings from the environment (README "Reliability"): CHAOS_SEED, CHAOS_RATE, CHAOS_KILL_RATE, CHAOS_TIMEOUTS. */
export function chaosSettings(env: NodeJS.ProcessEnv = process.env): ChaosSettings {
	const number = (name: string, fallback: number) => {
		const raw = env[name];
		if (raw === undefined || raw === '') return fallback;
		const value = Number(raw);
		if (!Number.isFinite(value) || value < 0) throw new Error(`${name}=${raw}: expected a number ≥ 0`);
		return value;
	};
	return {
		seed: Math.trunc(number('CHAOS_SEED', 14)),
		rate: number('CHAOS_RATE', 0.1),
		killRate: number('CHAOS_KILL_RATE', 0.3),
		killWithin: Math.max(1, Math.trunc(number('CHAOS_KILL_WITHIN', 120))),
		maxTimeouts: Math.trunc(number('CHAOS_TIMEOUTS', 1)),
	};
}

export interface ChaosRun {
	phase: string;
	workflowId: string;
	/** Two n8n processes at once (the run counts once per process in `processes`). */
	processes: number;
	/** The planned kill: after this many API requests of the run. */
	killAfter?: number;
	killed: boolean;
	/** API requests both sandboxes saw during the run. */
	requests: number;
	seconds: number;
	summaries: ExecutionSummary[];
}

export interface PhaseFaults {
	phase: string;
	retailCrm: RandomFaultReport;
	oneC: RandomFaultReport;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ChaosDriver {
	readonly runs: ChaosRun[] = [];
	readonly faults: PhaseFaults[] = [];
	private readonly rand: () => number;
	private phase = '';
	private phaseIndex = 0;
	/** Stretches of a phase between quiet spells (each its own seeds). */
	private segment = 0;
	private oneCFaults?: RandomFaults;
	/** Requests of each workflow's last run that was neither killed nor doubled. */
	private readonly lastRequests = new Map<string, number>();

	constructor(
		readonly instance: N8nInstance,
		readonly crm: RetailCrmSandbox,
		readonly onec: OneCSandbox,
		readonly settings: ChaosSettings,
	) {
		this.rand = prng(settings.seed * 7 + 1);
	}

	/** A seeded draw in [0, 1) from the driver's own sequence (kills, overlaps, what the shop does between runs). */
	readonly draw = (): number => this.rand();

	/**
	 * Random faults on in both sandboxes for a phase (a test); each phase has its own seeds, derived from the suite's,
	 * so one phase replays the same whatever ran before it.
	 */
	faultsOn(phase: string): void {
		this.faultsOff();
		this.phase = phase;
		this.phaseIndex++;
		this.segment = 0;
		this.attach();
	}

	/** Faults off; what was injected in the phase goes into the report. */
	faultsOff(): void {
		this.detach();
		this.phase = '';
	}

	/**
	 * `work` with faults off (what the shop does between runs: its own API calls are not the subject), then faults on
	 * again with the next seeds of the phase.
	 */
	async quietly<T>(work: () => Promise<T>): Promise<T> {
		const phase = this.phase;
		this.detach();
		try {
			return await work();
		} finally {
			if (phase) {
				this.segment++;
				this.attach();
			}
		}
	}

	private attach(): void {
		const spec = (system: number): RandomFaultSpec => ({
			seed: this.settings.seed * 10_000 + this.phaseIndex * 1000 + this.segment * 10 + system,
			rate: this.settings.rate,
			maxTimeouts: Math.max(0, this.settings.maxTimeouts - this.timeoutsIn(system === 1 ? 'retailCrm' : 'oneC')),
			// The clients give up after 30 s; the sandbox holds the request a little longer, then closes the connection.
			timeoutMs: 32_000,
		});
		this.crm.randomFaults(spec(1));
		// 1C: a new session after a quiet spell takes a while to start (each n8n run starts after seconds without requests).
		this.oneCFaults = new RandomFaults({ ...spec(2), slowStartMs: 1500 });
		this.onec.state.randomFaults = this.oneCFaults;
	}

	private detach(): void {
		const crm = this.crm.randomFaultReport();
		const onec = this.oneCFaults?.report();
		if (this.phase && crm && onec) this.faults.push({ phase: this.phase, retailCrm: crm, oneC: onec });
		this.crm.randomFaults(null);
		this.onec.state.randomFaults = undefined;
		this.oneCFaults = undefined;
	}

	/** Timeouts injected so far in the current phase on one system (the cap is per phase). */
	private timeoutsIn(system: 'retailCrm' | 'oneC'): number {
		return this.faults.filter((f) => f.phase === this.phase).reduce((n, f) => n + f[system].faults.timeout, 0);
	}

	/** API requests both sandboxes' random modes have looked at so far (0 with faults off). */
	private requestCount(): number {
		return (this.crm.randomFaultReport()?.requests ?? 0) + (this.oneCFaults?.report().requests ?? 0);
	}

	/**
	 * One run of a workflow: one n8n process, or two at once (`overlap`: a long run and the next scheduled one, or two
	 * queue-mode workers); a single run may be killed (`kill`: at a seeded request count).
	 */
	async run(workflowId: string, options: { kill?: boolean; overlap?: boolean; phase?: string } = {}): Promise<ChaosRun> {
		const started = Date.now();
		const before = this.requestCount();
		const killAfter = options.kill && !options.overlap ? int(this.rand, 1, Math.max(1, this.lastRequests.get(workflowId) ?? this.settings.killWithin)) : undefined;
		let child: ChildProcess | undefined;
		let killed = false;
		let done = false;
		const watcher = (async () => {
			if (killAfter === undefined) return;
			while (!done) {
				if (child && this.requestCount() - before >= killAfter) {
					killed = child.kill('SIGKILL');
					return;
				}
				await sleep(10);
			}
		})();
		const processes = options.overlap ? 2 : 1;
		const summaries = await Promise.all(
			Array.from({ length: processes }, () =>
				executeWorkflow(this.instance, workflowId, (c) => {
					child = c;
				}),
			),
		);
		done = true;
		await watcher;
		const run: ChaosRun = {
			phase: options.phase ?? this.phase,
			workflowId,
			processes,
			...(killAfter !== undefined ? { killAfter } : {}),
			killed,
			requests: this.requestCount() - before,
			seconds: Math.round((Date.now() - started) / 100) / 10,
			summaries,
		};
		this.runs.push(run);
		if (!killed && processes === 1 && run.requests > 0) this.lastRequests.set(workflowId, run.requests);
		return run;
	}

	/** One line per run, for the report. */
	static describeRun(run: ChaosRun, index: number): string {
		const outcome = run.killed
			? `killed (SIGKILL) after ${run.killAfter} requests`
			: run.summaries.map((s) => (s.ok ? 'ok' : `failed: ${(s.error ?? s.status).split('\n')[0].slice(0, 160)}`)).join(' | ');
		return `  run ${String(index + 1).padStart(2)} ${run.phase.padEnd(7)} ${run.processes === 2 ? '2 processes' : '1 process  '} ${run.phase === 'setup' || run.phase === 'quiet' ? '  faults off' : `${String(run.requests).padStart(5)} requests`} ${String(run.seconds).padStart(5)} s  ${outcome}`;
	}

	/** The report: faults by kind and system per phase, runs, kills. */
	report(): string[] {
		const lines: string[] = [];
		const { seed, rate, killRate, killWithin, maxTimeouts } = this.settings;
		lines.push(`Chaos suite: seed ${seed}, fault rate ${rate}, kill rate ${killRate} (within ${killWithin} requests), timeouts ≤ ${maxTimeouts} per system and phase`);
		lines.push('Faults injected:');
		const totals: Record<'retailCrm' | 'oneC', Record<RandomFaultKind, number> & { requests: number; slowStarts: number }> = {
			retailCrm: { ...zeroKinds(), requests: 0, slowStarts: 0 },
			oneC: { ...zeroKinds(), requests: 0, slowStarts: 0 },
		};
		const merged = new Map<string, PhaseFaults>();
		for (const f of this.faults) {
			const held = merged.get(f.phase);
			merged.set(f.phase, held ? { phase: f.phase, retailCrm: addReports(held.retailCrm, f.retailCrm), oneC: addReports(held.oneC, f.oneC) } : f);
		}
		for (const f of merged.values()) {
			lines.push(`  ${f.phase.padEnd(7)} retailCRM: ${describeFaults(f.retailCrm)}`);
			lines.push(`  ${''.padEnd(7)} 1C:        ${describeFaults(f.oneC)}`);
			for (const [system, r] of [['retailCrm', f.retailCrm], ['oneC', f.oneC]] as const) {
				totals[system].requests += r.requests;
				totals[system].slowStarts += r.slowStarts;
				for (const k of RANDOM_FAULT_KINDS) totals[system][k] += r.faults[k];
			}
		}
		for (const [system, t] of [['retailCRM', totals.retailCrm], ['1C', totals.oneC]] as const) {
			const sum = RANDOM_FAULT_KINDS.reduce((n, k) => n + t[k], 0);
			lines.push(`  total ${system}: ${sum} of ${t.requests} requests — ${RANDOM_FAULT_KINDS.map((k) => `${k} ${t[k]}`).join(', ')}${system === '1C' ? `, slow session starts ${t.slowStarts}` : ''}`);
		}
		const byPhase = new Map<string, ChaosRun[]>();
		for (const r of this.runs) byPhase.set(r.phase, [...(byPhase.get(r.phase) ?? []), r]);
		lines.push('Runs:');
		for (const [phase, runs] of byPhase) {
			const processes = runs.reduce((n, r) => n + r.processes, 0);
			const kills = runs.filter((r) => r.killed).length;
			const failed = runs.filter((r) => !r.killed && r.summaries.some((s) => !s.ok)).length;
			const seconds = runs.reduce((n, r) => n + r.seconds, 0);
			lines.push(`  ${phase.padEnd(7)} ${runs.length} runs (${processes} n8n processes, ${runs.filter((r) => r.processes === 2).length} overlapping), ${kills} killed, ${failed} ended with an error, ${Math.round(seconds)} s`);
		}
		this.runs.forEach((r, i) => lines.push(ChaosDriver.describeRun(r, i)));
		return lines;
	}
}

function addReports(a: RandomFaultReport, b: RandomFaultReport): RandomFaultReport {
	const faults = zeroKinds();
	for (const k of RANDOM_FAULT_KINDS) faults[k] = a.faults[k] + b.faults[k];
	return { seed: a.seed, rate: a.rate, requests: a.requests + b.requests, writes: a.writes + b.writes, faults, writeFaults: a.writeFaults + b.writeFaults, slowStarts: a.slowStarts + b.slowStarts };
}

function zeroKinds(): Record<RandomFaultKind, number> {
	return Object.fromEntries(RANDOM_FAULT_KINDS.map((k) => [k, 0])) as Record<RandomFaultKind, number>;
}
