/**
 * The reconciliation template in the real n8n CLI (2.41.1 and 1.123.50, see majors.ts): the systems are brought into agreement by the shipped
 * templates (catalog, stock and prices, orders), the reconciliation finds nothing; then a discrepancy of every kind is
 * seeded in one sandbox or the other, and the report finds each of them and nothing else, with reconciliation.html.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { icmlFileOf, prepareInstance, type N8nInstance } from '../../scripts/harness/instance';
import { runReconciliation } from '../../scripts/harness/reconcile';
import { createInTrigger as createInTriggerOf } from '../helpers/reconcile-scenario';
import { executeWorkflow, runScenario } from '../../scripts/harness/scenario';
import { e2ePort, majorsToRun } from './majors';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';

const DOCS = 'Document_ЗаказПокупателя';

describe.each(majorsToRun())('reconciliation template in the real n8n %i.x CLI (%s)', (major) => {
	let root: string;
	let crm: RetailCrmSandbox;
	let onec: OneCSandbox;
	let instance: N8nInstance;
	const orders: number[] = [];

	const liveDocsOf = (id: number) => onec.state.store.rows(DOCS).filter((d) => String(d['НомерВходящегоДокументаЭлектронногоОбмена']).trim() === `crm#${id}` && d.DeletionMark !== true);
	const createInTrigger = (name: string) => createInTriggerOf(crm, name);

	beforeAll(async () => {
		root = mkdtempSync(join(tmpdir(), 'rcrm1c-e2e-reconcile-'));
		crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed' });
		onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
		instance = await prepareInstance(
			root,
			e2ePort(),
			{ retailCrm: { url: crm.url, apiKey: crm.keys.integration }, oneC: { url: onec.url, user: onec.user, password: onec.password } },
			() => undefined,
			undefined,
			{ major },
		);
		// Catalog, stock and prices, and the orders cursor, by the shipped templates.
		const scenario = await runScenario(instance, { retailCrm: crm, oneC: onec }, () => undefined, icmlFileOf(instance));
		if (!scenario.ok) throw new Error(scenario.problems.join('; '));
		// Four orders of today (the template compares the last 30 days), loaded by the orders template.
		for (const name of ['one', 'two', 'three', 'four']) orders.push(await createInTrigger(name));
		expect((await executeWorkflow(instance, 'rcrm1cOrders')).ok).toBe(true);
		for (const id of orders) expect(liveDocsOf(id)).toHaveLength(1);
	}, 20 * 60_000);

	afterAll(async () => {
		await Promise.all([crm?.close(), onec?.close()]);
		if (root) rmSync(root, { recursive: true, force: true });
	});

	it('finds nothing when the shipped templates have made the systems agree', async () => {
		const run = await runReconciliation(instance);
		expect(run.error).toBeUndefined();
		expect(run.discrepancies).toEqual([]);
		expect(run.summary).toMatchObject({ agree: true, checked: { orders: 4, documents: 4, offers: 6 } });
		expect(run.html).toContain('retailCRM and 1C agree');
	});

	it('finds each seeded discrepancy, and nothing else, with both sides, a fix and reconciliation.html', async () => {
		const [dup, total, cancelled, deleted] = orders;
		const missing = await createInTrigger('missing');
		const copy = JSON.parse(JSON.stringify(liveDocsOf(dup)[0]));
		delete copy.Ref_Key;
		copy.Number = 'ЦРМ00099999';
		onec.state.store.put(DOCS, copy);
		await fetch(`${crm.url}/api/v5/orders/${total}/edit`, {
			method: 'POST',
			headers: { 'X-API-KEY': crm.keys.site, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ by: 'id', site: 'test-crm10', order: JSON.stringify({ delivery: { cost: 150 } }) }).toString(),
		});
		crm.setStatus(cancelled, 'cancel-other');
		crm.deleteOrder(deleted);
		const jeans48 = crm.state.offers.find((o) => o.name === 'Джинсы Элегантность (48)')!;
		jeans48.stocks.main.available = 7;
		jeans48.prices.base = 310;
		crm.reindex();

		const run = await runReconciliation(instance);
		expect(run.error).toBeUndefined();
		expect(run.discrepancies.map((d) => [d.kind, d.crmOrderId ?? d.offer, d.store ?? d.priceType ?? null])).toEqual([
			['missingIn1C', missing, null],
			['duplicateIn1C', dup, null],
			['postedState', cancelled, null],
			['orphanIn1C', deleted, null],
			['totalDiffers', total, null],
			['stockDiffers', jeans48.externalId, 'main'],
			['priceDiffers', jeans48.externalId, 'base'],
		]);
		for (const d of run.discrepancies) expect(d).toEqual(expect.objectContaining({ fix: expect.any(String), severity: expect.stringMatching(/^(error|warning)$/) }));
		expect(run.discrepancies.find((d) => d.kind === 'stockDiffers')).toMatchObject({ crm: { quantity: 7 }, oneC: { quantity: 23 } });
		expect(run.summary).toMatchObject({ agree: false, errors: 4, warnings: 3 });
		expect(run.html).toContain('4 error(s), 3 warning(s)');
		for (const kind of ['missingIn1C', 'duplicateIn1C', 'postedState', 'orphanIn1C', 'totalDiffers', 'stockDiffers', 'priceDiffers']) expect(run.html).toContain(`<h2 id="${kind}">`);
	});
});
