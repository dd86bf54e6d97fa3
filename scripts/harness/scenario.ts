/**
 * What the demo's `--once` run and the end-to-end tests do with a prepared n8n: execute the three
 * templates through the n8n CLI in the order a shop would (catalog first, so retailCRM knows the 1C
 * offers; then stock and prices; then orders) and read the outcome from the sandboxes' state, not only
 * from n8n's execution status.
 */
import type { ChildProcess } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { readStaticData } from './database';
import type { N8nInstance } from './instance';
import { parseExecuteOutput, runN8n, type ExecuteRun } from './n8n-cli';
import type { RetailCrmSandbox } from '../../test/sandboxes/retailcrm/server';
import { SEED_ORDER_IDS, TRIGGER_STATUS } from '../../test/sandboxes/retailcrm/server';
import type { OneCSandbox } from '../../test/sandboxes/onec/server';

export interface Sandboxes {
	retailCrm: RetailCrmSandbox;
	oneC: OneCSandbox;
}

export interface ExecutionSummary {
	workflowId: string;
	ok: boolean;
	status: string;
	error?: string;
	seconds: number;
	/** The run as `n8n execute --rawOutput` printed it (node outputs under data.resultData.runData). */
	run?: ExecuteRun;
	/** n8n's log lines of that command (before the run's JSON), e.g. the 2.x task runner registering. */
	log: string[];
	/** The workflow's static data as n8n saved it after this run (cursors, change hashes). */
	staticData?: Record<string, unknown>;
}

export interface OrderInOneC {
	crmNumber: string;
	number: string;
	total: number;
	posted: boolean;
	dataVersion: string;
}

export interface OfferInCrm {
	name: string;
	externalId?: string;
	stock: Record<string, number>;
	prices: Record<string, number>;
}

export interface ScenarioReport {
	ok: boolean;
	executions: ExecutionSummary[];
	orders: OrderInOneC[];
	offers: OfferInCrm[];
	icml: { bytes: number; offers: number; products: number; jeansOffers: number } | null;
	problems: string[];
}

export async function executeWorkflow(instance: N8nInstance, id: string, onSpawn?: (child: ChildProcess) => void): Promise<ExecutionSummary> {
	const started = Date.now();
	const res = await runN8n(instance, ['execute', `--id=${id}`, '--rawOutput'], 240_000, onSpawn);
	const seconds = Math.round((Date.now() - started) / 100) / 10;
	let status = `exit ${res.code}`;
	let error: string | undefined;
	let run: ExecuteRun | undefined;
	let log: string[] = [];
	try {
		({ run, log } = parseExecuteOutput(res.stdout));
		status = run.status ?? status;
		const e = run.data?.resultData?.error as { message?: string; node?: { name?: string } } | undefined;
		if (e) error = `${e.node?.name ? `${e.node.name}: ` : ''}${e.message ?? JSON.stringify(e)}`;
	} catch (parseError) {
		log = (parseError as { log?: string[] }).log ?? [];
		error = `${(parseError as Error).message.slice(0, 600)}\n${res.stderr.slice(-1500)}`;
	}
	const staticData = readStaticData(instance, id);
	return { workflowId: id, ok: res.code === 0 && status === 'success' && !error, status, error, seconds, run, log, staticData };
}

/** Items one node put out on one of its outputs in an execution (its last run in that execution). */
export function nodeOutput(summary: ExecutionSummary, node: string, output = 0): Array<{ json: Record<string, unknown> }> {
	const runs = summary.run?.data?.resultData?.runData?.[node] ?? [];
	return runs.length ? (runs[runs.length - 1].data?.main?.[output] ?? []) : [];
}

/** The live documents of the seed orders (keyed `crm#<CRM order id>`, docs/order-lifecycle.md). */
export function ordersInOneC(oneC: OneCSandbox, crmNumbers: readonly string[]): OrderInOneC[] {
	const rows = oneC.state.store.rows('Document_ЗаказПокупателя') as Array<Record<string, unknown>>;
	const out: OrderInOneC[] = [];
	for (const crmNumber of crmNumbers) {
		const id = (SEED_ORDER_IDS as Record<string, number>)[crmNumber];
		for (const row of rows) {
			const key = String(row['НомерВходящегоДокументаЭлектронногоОбмена'] ?? '').trim();
			if (key !== `crm#${id}` || row.DeletionMark === true) continue;
			out.push({
				crmNumber,
				number: String(row.Number ?? '').trim(),
				total: Number(row['СуммаДокумента'] ?? 0),
				posted: Boolean(row.Posted),
				dataVersion: String(row.DataVersion ?? ''),
			});
		}
	}
	return out;
}

export function jeansInCrm(retailCrm: RetailCrmSandbox): OfferInCrm[] {
	return retailCrm.state.offers
		.filter((o) => o.name.startsWith('Джинсы Элегантность'))
		.map((o) => ({
			name: o.name,
			externalId: o.externalId,
			stock: Object.fromEntries(Object.entries(o.stocks).map(([store, s]) => [store, s.available])),
			prices: { ...o.prices },
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export function icmlSummary(xml: string): { bytes: number; offers: number; products: number; jeansOffers: number } {
	const offers = [...xml.matchAll(/<offer\s[^>]*productId="([^"]*)"/g)];
	const products = new Set(offers.map((m) => m[1]));
	const jeans = xml.split('<offer ').filter((chunk) => chunk.includes('<productName>Джинсы Элегантность</productName>'));
	return { bytes: Buffer.byteLength(xml), offers: offers.length, products: products.size, jeansOffers: jeans.length };
}

export const SEED_CRM_NUMBERS = Object.keys(SEED_ORDER_IDS);

/**
 * A new order created through the retailCRM sandbox's API (the site's key, as a shop's website would) directly in
 * the trigger status: one line of offer 1 (the 48 jeans) at 300, by the seed's retail buyer. Returns its CRM id.
 */
export async function createOrderInTrigger(retailCrm: RetailCrmSandbox, number: string): Promise<number> {
	const response = await fetch(`${retailCrm.url}/api/v5/orders/create`, {
		method: 'POST',
		headers: { 'X-API-KEY': retailCrm.keys.site, 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			site: 'test-crm10',
			order: JSON.stringify({ number, status: TRIGGER_STATUS, firstName: 'Розничный', lastName: 'покупатель', email: 'roznica@example.ru', items: [{ offer: { id: 1 }, quantity: 1, initialPrice: 300 }] }),
		}).toString(),
	});
	return ((await response.json()) as { id: number }).id;
}

/**
 * Runs the three templates once, as the demo's `--once` does, and checks the seed's expected outcome:
 * the ICML holds one jeans product with two offers and retailCRM imports it; both jeans offers get
 * 23 and 41 on the mapped store and price 300; the seed orders 5488–5490, moved by a manager into the
 * trigger status, arrive in 1C with totals 1990, 1070 and 1390.
 */
export async function runScenario(
	instance: N8nInstance,
	sandboxes: Sandboxes,
	log: (line: string) => void = console.log,
	icmlPath?: string,
): Promise<ScenarioReport> {
	const problems: string[] = [];
	const executions: ExecutionSummary[] = [];
	const run = async (id: string, what: string) => {
		log(`Running "${what}" (${id}) through the n8n CLI…`);
		const summary = await executeWorkflow(instance, id);
		executions.push(summary);
		log(`  ${summary.ok ? 'ok' : 'FAILED'} in ${summary.seconds} s${summary.error ? `: ${summary.error}` : ''}`);
		if (!summary.ok) problems.push(`${what}: ${summary.error ?? summary.status}`);
		return summary;
	};

	// 1. Catalog: the ICML file, then retailCRM "downloads" it (the sandbox imports it as retailCRM would).
	let icml: ScenarioReport['icml'] = null;
	await run('rcrm1cIcml', '1C catalog → retailCRM (ICML)');
	if (icmlPath && existsSync(icmlPath)) {
		const xml = readFileSync(icmlPath, 'utf8');
		icml = icmlSummary(xml);
		const imported = sandboxes.retailCrm.importIcml(xml);
		log(`  retailCRM imported the ICML: ${JSON.stringify(imported).slice(0, 200)}`);
		if (icml.jeansOffers !== 2) problems.push(`ICML: expected 2 offers of "Джинсы Элегантность", found ${icml.jeansOffers}`);
	} else {
		problems.push(`ICML: no file at ${icmlPath ?? '(no path)'}`);
	}

	// 2. Stock and prices.
	await run('rcrm1cStock', '1C stock and prices → retailCRM');
	const offers = jeansInCrm(sandboxes.retailCrm);
	const expected: Record<string, number> = { 'Джинсы Элегантность (48)': 23, 'Джинсы Элегантность (50)': 41 };
	for (const [name, qty] of Object.entries(expected)) {
		const offer = offers.find((o) => o.name === name);
		if (!offer) problems.push(`retailCRM: no offer "${name}"`);
		else {
			if (offer.stock.main !== qty) problems.push(`retailCRM: "${name}" has ${offer.stock.main} on store main, expected ${qty}`);
			if (offer.prices.base !== 300) problems.push(`retailCRM: "${name}" has price ${offer.prices.base}, expected 300`);
		}
	}

	// 3. Orders: the first run starts the history cursor at "now"; then a manager moves the seed orders
	// into the trigger status, and the next scheduled run loads them.
	await run('rcrm1cOrders', 'retailCRM orders → 1C (first run: cursor starts now)');
	for (const id of Object.values(SEED_ORDER_IDS)) sandboxes.retailCrm.setStatus(id, TRIGGER_STATUS);
	log(`A manager moved orders ${SEED_CRM_NUMBERS.join(', ')} to "${TRIGGER_STATUS}".`);
	await run('rcrm1cOrders', 'retailCRM orders → 1C');
	const orders = ordersInOneC(sandboxes.oneC, SEED_CRM_NUMBERS);
	const totals: Record<string, number> = { '5488': 1990, '5489': 1070, '5490': 1390 };
	for (const crmNumber of SEED_CRM_NUMBERS) {
		const found = orders.filter((o) => o.crmNumber === crmNumber);
		if (found.length !== 1) problems.push(`1C: order ${crmNumber} is there ${found.length} times, expected once`);
		else if (found[0].total !== totals[crmNumber]) problems.push(`1C: order ${crmNumber} total ${found[0].total}, expected ${totals[crmNumber]}`);
	}

	return { ok: problems.length === 0, executions, orders, offers, icml, problems };
}

export function printReport(report: ScenarioReport, log: (line: string) => void = console.log): void {
	log('');
	log('Report');
	log('------');
	log('Orders loaded into 1C (Заказ покупателя):');
	for (const o of report.orders) log(`  retailCRM №${o.crmNumber} → 1C ${o.number}, ${o.total.toFixed(2)} руб., ${o.posted ? 'posted' : 'not posted'}`);
	log('Offers updated in retailCRM:');
	for (const o of report.offers) {
		const stock = Object.entries(o.stock).map(([s, q]) => `${s}: ${q}`).join(', ') || 'no stock';
		const prices = Object.entries(o.prices).map(([t, p]) => `${t}: ${p}`).join(', ') || 'no price';
		log(`  ${o.name}: stock ${stock}; price ${prices}`);
	}
	if (report.icml) {
		log(`ICML: ${report.icml.offers} offers in ${report.icml.products} products (${report.icml.bytes} bytes); "Джинсы Элегантность": 1 product, ${report.icml.jeansOffers} offers`);
	}
	log(report.ok ? 'All three workflows succeeded.' : `Problems:\n  - ${report.problems.join('\n  - ')}`);
}
