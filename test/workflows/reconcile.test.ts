/**
 * The reconciliation template (workflows/reconcile-retailcrm-1c.json) through n8n-core's engine against both
 * sandboxes. The systems are first brought into agreement by the package's own flows (catalog import, the stock
 * template, the orders template); then discrepancies of every kind are seeded in one system or the other, and the
 * report must list each of them, once, with both sides' values and a fix, and nothing else.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import axios from 'axios';
import reconcileTemplate from '../../workflows/reconcile-retailcrm-1c.json';
import progressTemplate from '../../workflows/1c-order-progress-to-retailcrm.json';
import { runWorkflow } from '../helpers/run-workflow';
import { useSeedSandboxes } from '../helpers/orders-template';
import { O5488, O5489, O5490, RECONCILE, bringIntoAgreement, reconcileOnce, seedDiscrepancies } from '../helpers/reconcile-scenario';
import type { OneCSandbox } from '../sandboxes/onec/server';
import { TRIGGER_STATUS, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { JEANS48_KEY, JEANS50_KEY } from '../unit/stock-upload/seed-catalog';

let crm: RetailCrmSandbox;
let onec: OneCSandbox;
let credentials: Record<string, ICredentialDataDecryptedObject>;

/** The colour name a reader gives a saturated `rrggbb` (hue in degrees: red about 0, amber about 40). */
function shade(hex: string): string {
	if (!/^[0-9a-f]{6}$/.test(hex)) return hex;
	const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
	const max = Math.max(r, g, b);
	const min = Math.min(r, g, b);
	if (max - min < 0.3) return 'grey';
	const h = max === r ? (60 * ((g - b) / (max - min)) + 360) % 360 : max === g ? 60 * ((b - r) / (max - min)) + 120 : 60 * ((r - g) / (max - min)) + 240;
	return h <= 15 || h >= 345 ? 'red' : h >= 30 && h <= 50 ? 'amber' : `hue ${Math.round(h)}`;
}

const sandboxes = useSeedSandboxes();
beforeAll(() => {
	({ crm, onec, credentials } = sandboxes);
});

async function reconcile() {
	const out = await reconcileOnce(credentials);
	expect(out.binary).toMatchObject({ fileName: 'reconciliation.html', mimeType: 'text/html' });
	return out;
}

describe('reconciliation template', () => {
	it('has the fixed id rcrm1cReconcile, a daily schedule and a manual trigger into the reconcile node, credentials by name', () => {
		expect(reconcileTemplate.id).toBe('rcrm1cReconcile');
		expect(reconcileTemplate.id.length).toBeLessThanOrEqual(16);
		const schedule = reconcileTemplate.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger');
		expect(schedule?.parameters).toEqual({ rule: { interval: [{ field: 'days', triggerAtHour: 6 }] } });
		const c = reconcileTemplate.connections as Record<string, { main: Array<Array<{ node: string }>> }>;
		expect(c['Every Day at 6:00'].main[0][0].node).toBe(RECONCILE);
		expect(c['Run Now'].main[0][0].node).toBe(RECONCILE);
		const node = reconcileTemplate.nodes.find((n) => n.name === RECONCILE) as { credentials: Record<string, { id: null; name: string }> };
		expect(node.credentials).toEqual({ retailCrmApi: { id: null, name: 'RetailCRM account' }, oneCUt10Api: { id: null, name: '1C UT10 account' } });
	});

	it('finds nothing when the systems agree (after the package\'s own flows), and says so', async () => {
		await bringIntoAgreement(crm, onec, credentials);
		const { summary, items, html } = await reconcile();
		expect(items).toEqual([]);
		expect(summary).toMatchObject({ summary: true, agree: true, errors: 0, warnings: 0, checked: { orders: 3, documents: 3, offers: 6 } });
		expect((summary.checked as IDataObject).stockRows).toBe(12);
		expect((summary.checked as IDataObject).priceRows).toBe(6);
		expect(html).toContain('retailCRM and 1C agree');
		expect(html).not.toMatch(/<tr class="(error|warning)">/);
	}, 60_000);

	it('after the progress template reported 1C\'s shipments, payments and a cancellation, the orders still agree', async () => {
		await bringIntoAgreement(crm, onec, credentials);
		const runProgress = async (staticData: IDataObject) => {
			const run = await runWorkflow(progressTemplate, { credentials, staticData, mode: 'trigger', trigger: 'Every 10 Minutes' });
			expect(run.error()).toBeUndefined();
			return run;
		};
		const progress: IDataObject = {};
		await runProgress(progress);
		await axios.post(`${onec.controlUrl}scenarios/order-progress`, { date: '2024-06-21T10:00:00' });
		expect((await runProgress(progress)).output('retailCRM: Update From 1C Progress')).toHaveLength(3);
		const { items } = await reconcile();
		// The shipments moved 1C's stock, which the stock template has not uploaded yet: those differences are expected.
		expect(items.filter((d) => !['stockDiffers', 'priceDiffers', 'offerMissingInCrm'].includes(String(d.kind)))).toEqual([]);
	}, 60_000);

	it('finds each seeded discrepancy once, with both sides and a fix, and nothing else; the HTML has a table per kind', async () => {
		const { neverLoaded, cancelled, deleted, socksKey } = await seedDiscrepancies(crm, onec, await bringIntoAgreement(crm, onec, credentials, 2));
		const { summary, items, html } = await reconcile();
		const found = items.map((d) => [d.kind, d.severity, d.crmOrderId ?? d.offer ?? null, d.store ?? d.priceType ?? null]);
		const orphans = items.filter((d) => d.kind === 'orphanIn1C');
		expect(found).toEqual([
			['missingIn1C', 'error', neverLoaded, null],
			['duplicateIn1C', 'error', O5488, null],
			['postedState', 'error', cancelled, null],
			['orphanIn1C', 'error', deleted, null],
			['orphanIn1C', 'error', null, null],
			['totalDiffers', 'warning', O5489, null],
			['linesDiffer', 'warning', O5490, null],
			['offerMissingInCrm', 'warning', socksKey, null],
			['stockDiffers', 'warning', JEANS48_KEY, 'main'],
			['priceDiffers', 'warning', JEANS50_KEY, 'base'],
		]);
		const byKind = Object.fromEntries(items.map((d) => [d.kind, d]));
		expect(byKind.duplicateIn1C.oneC).toEqual({ documents: [expect.objectContaining({ number: 'ЦРМ00005488' }), expect.objectContaining({ number: 'ЦРМ00099999' })] });
		expect(byKind.duplicateIn1C.fix).toMatch(/Keep 1C document ЦРМ00005488 and mark ЦРМ00099999 for deletion/);
		expect(byKind.totalDiffers.crm).toMatchObject({ total: 1170 });
		expect(byKind.totalDiffers.oneC).toMatchObject({ number: 'ЦРМ00005489', total: 1070 });
		expect((byKind.linesDiffer.oneC as IDataObject).differences).toEqual(["\"Джинсы Элегантность (48)\": quantity 4 in retailCRM, 5 in 1C"]);
		expect(byKind.postedState.crm).toMatchObject({ status: 'cancel-other', cancelled: true });
		expect(byKind.postedState.fix).toMatch(/cancelled in retailCRM but 1C document .* is posted/);
		expect(orphans[0]).toMatchObject({ crm: null, oneC: expect.objectContaining({ key: `crm#${deleted}`, posted: true }) });
		expect(orphans[1]).toMatchObject({ crmOrderNumber: '4242', crm: null, oneC: expect.objectContaining({ key: '4242', number: 'ЦРМ00004242' }) });
		expect(byKind.missingIn1C).toMatchObject({ oneC: null, crm: expect.objectContaining({ id: neverLoaded, status: TRIGGER_STATUS, total: 600 }) });
		expect(byKind.stockDiffers).toMatchObject({ crm: { quantity: 5 }, oneC: { quantity: 23 } });
		expect(byKind.priceDiffers).toMatchObject({ crm: { price: 299 }, oneC: { price: 300 } });
		expect(byKind.offerMissingInCrm).toMatchObject({ crm: null, oneC: expect.objectContaining({ name: 'Носки хлопковые' }) });
		for (const d of items) expect(String(d.fix).length).toBeGreaterThan(20);

		expect(summary).toMatchObject({ agree: false, errors: 5, warnings: 5 });
		expect(summary.counts).toEqual({
			missingIn1C: 1,
			duplicateIn1C: 1,
			postedState: 1,
			orphanIn1C: 2,
			totalDiffers: 1,
			linesDiffer: 1,
			offerMissingInCrm: 1,
			stockDiffers: 1,
			priceDiffers: 1,
		});
		for (const kind of Object.keys(summary.counts as IDataObject)) expect(html).toContain(`<h2 id="${kind}">`);
		// Error rows: four kinds in the counts table, five discrepancies in the tables per kind.
		expect(html.match(/<tr class="error">/g)).toHaveLength(4 + 5);
		expect(html.match(/<tr class="warning">/g)).toHaveLength(5 + 5);
		expect(html).toContain('5 error(s), 5 warning(s)');
		// README, Reconciliation: "errors red, warnings amber": the severity badge and the row's edge, in the page's own style.
		const colour = (pattern: string) => new RegExp(`${pattern}#([0-9a-f]{6})`).exec(html)?.[1] ?? 'missing';
		for (const severity of ['error', 'warning']) {
			const shades = [colour(`\\.sev\\.${severity}\\{background:`), colour(`tr\\.${severity} td:first-child\\{border-left:5px solid `)];
			expect(shades.map(shade)).toEqual([severity === 'error' ? 'red' : 'amber', severity === 'error' ? 'red' : 'amber']);
		}
	}, 90_000);

	it('reads only: nothing is written to either system', async () => {
		await bringIntoAgreement(crm, onec, credentials);
		crm.setStatus(O5488, 'cancel-other');
		crm.clearRequests();
		onec.state.log.length = 0;
		await reconcile();
		expect(crm.requests().filter((r) => r.method !== 'GET')).toEqual([]);
		expect(onec.state.log.filter((r) => r.method !== 'GET')).toEqual([]);
	}, 60_000);
});
