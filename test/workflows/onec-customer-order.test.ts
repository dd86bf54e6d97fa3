/**
 * 1C UT10 Store → Customer Order inside n8n-core's engine, fed by RetailCRM Orders, against both sandboxes:
 * the seed orders 5488/5489/5490 become ЗаказПокупателя documents (ЦРМ numbers, totals 1 990 / 1 070 / 1 390,
 * покупатель Розничный, ИП Иванов И.И., Основной склад), a second run leaves them unchanged, an order that
 * cannot be written goes to the error output while the others go on, and Get reads a document back.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { runWorkflow, PACKAGE } from '../helpers/run-workflow';
import type { RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import type { OneCSandbox } from '../sandboxes/onec/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import { closeSandboxes, startTemplateSandboxes } from '../helpers/template-sandboxes';

const upsertParameters = {
	resource: 'customerOrder',
	operation: 'upsertFromRetailCrm',
	organization: SEED_IDS.organizations.ivanov,
	warehouse: SEED_IDS.warehouses.main,
	currency: SEED_IDS.currencies.rub,
	priceType: SEED_IDS.priceTypes.retail,
	offerMatch: 'externalId',
	deliveryItem: SEED_IDS.items.delivery,
	post: true,
	dryRun: false,
	options: { counterpartyFolder: SEED_IDS.counterparties.buyersFolder },
};

function workflow(onecParameters: Record<string, unknown>, onecExtra: Record<string, unknown> = {}) {
	return {
		id: 'testCustomerOrder',
		name: 'retailCRM orders into 1C',
		nodes: [
			{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'r',
				name: 'Orders',
				type: `${PACKAGE}.retailCrmOrders`,
				typeVersion: 1,
				position: [200, 0],
				parameters: { resource: 'order', operation: 'getMany', returnAll: true, filters: { statuses: ['new'] } },
				credentials: { retailCrmApi: { id: null, name: 'RetailCRM account' } },
			},
			{
				id: 'o',
				name: '1C',
				type: `${PACKAGE}.oneCUt10Store`,
				typeVersion: 1,
				position: [400, 0],
				parameters: onecParameters,
				credentials: { oneCUt10Api: { id: null, name: '1C account' } },
				...onecExtra,
			},
		],
		connections: {
			Start: { main: [[{ node: 'Orders', type: 'main', index: 0 }]] },
			Orders: { main: [[{ node: '1C', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

function getWorkflow(parameters: Record<string, unknown>) {
	return {
		id: 'testCustomerOrderGet',
		name: 'get customer order',
		nodes: [
			{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'o', name: '1C', type: `${PACKAGE}.oneCUt10Store`, typeVersion: 1, position: [200, 0], parameters, credentials: { oneCUt10Api: { id: null, name: '1C account' } } },
		],
		connections: { Start: { main: [[{ node: '1C', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

describe('1C UT10 Store: Customer Order in n8n-core', () => {
	let crm: RetailCrmSandbox;
	let onec: OneCSandbox;
	let credentials: Record<string, ICredentialDataDecryptedObject>;

	beforeAll(async () => ({ crm, onec, credentials } = await startTemplateSandboxes({ rateLimit: false })));
	afterAll(async () => await closeSandboxes(crm, onec));
	beforeEach(() => {
		crm.reset('seed');
		onec.state.reset('seed');
		onec.state.log.length = 0;
		// As after importing the ICML made from 1C: the offers carry the 1C item GUIDs.
		crm.state.offers[0].externalId = SEED_IDS.items.jeans48;
		crm.state.offers[1].externalId = SEED_IDS.items.jeans50;
		crm.reindex();
	});

	const description = (set: string, key: unknown) => String(onec.state.store.get(set, String(key))?.Description ?? '');

	it('writes the seed orders as posted documents with the 1C totals equal to the CRM totals; a re-run changes nothing', async () => {
		const result = await runWorkflow(workflow(upsertParameters), { credentials });
		expect(result.error()).toBeUndefined();
		const out = result.output('1C');
		const input = result.output('Orders');
		const byNumber = (items: typeof out) => [...items].sort((a, b) => String(a.json.crmOrderNumber).localeCompare(String(b.json.crmOrderNumber)));
		expect(byNumber(out).map((o) => [o.json.crmOrderNumber, o.json.number, o.json.total, o.json.action, o.json.posted])).toEqual([
			['5488', 'ЦРМ00005488', 1990, 'created', true],
			['5489', 'ЦРМ00005489', 1070, 'created', true],
			['5490', 'ЦРМ00005490', 1390, 'created', true],
		]);
		// each result pairs with the order it came from
		for (const o of out) expect(input[(o.pairedItem as { item: number }).item].json.number).toBe(o.json.crmOrderNumber);
		expect(out.find((o) => o.json.crmOrderNumber === '5488')?.json).toMatchObject({ crmOrderId: 101, site: 'test-crm10' });

		for (const item of out) {
			const doc = onec.state.store.get('Document_ЗаказПокупателя', String(item.json.ref)) as Record<string, unknown>;
			expect(doc.Posted).toBe(true);
			expect(description('Catalog_Контрагенты', doc.Контрагент_Key)).toBe('покупатель Розничный');
			expect(description('Catalog_Организации', doc.Организация_Key)).toBe('ИП Иванов И.И.');
			expect(description('Catalog_Склады', doc.СкладГруппа)).toBe('Основной склад');
			expect(doc.НомерВходящегоДокументаЭлектронногоОбмена).toBe(`crm#${String(item.json.crmOrderId)}`);
		}
		expect(onec.state.log.filter((r) => r.method === 'POST' && r.path.includes('Catalog_'))).toEqual([]);

		onec.state.log.length = 0;
		const again = await runWorkflow(workflow(upsertParameters), { credentials });
		expect(again.output('1C').map((o) => o.json.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(onec.state.log.filter((r) => r.method !== 'GET')).toEqual([]);
	});

	it('an order that cannot be written goes to the error output, naming the order and the offer; the others are written', async () => {
		crm.state.offers[1].externalId = '0badc0de-0000-4000-8000-000000000050';
		crm.reindex();
		const result = await runWorkflow(workflow(upsertParameters, { onError: 'continueErrorOutput' }), { credentials });
		expect(result.error()).toBeUndefined();
		const ok = result.output('1C', 0);
		const failed = result.output('1C', 1);
		const input = result.output('Orders');
		expect(ok.map((o) => [o.json.crmOrderNumber, o.json.action, o.json.total])).toEqual([['5490', 'created', 1390]]);
		// n8n puts the failed order itself (id, number, site …) under the error message
		const failures = [...failed].sort((a, b) => String(a.json.number).localeCompare(String(b.json.number)));
		expect(failures.map((o) => [o.json.number, o.json.id, o.json.site])).toEqual([
			['5488', 101, 'test-crm10'],
			['5489', 102, 'test-crm10'],
		]);
		expect(String(failures[0].json.error)).toMatch(/^retailCRM order 5488: offer 2 "Джинсы Элегантность \(50\)" \(externalId 0badc0de-0000-4000-8000-000000000050\): .*not found/);
		for (const f of failed) expect(input[(f.pairedItem as { item: number }).item].json.number).toBe(f.json.number);
		expect(onec.state.log.filter((r) => r.method === 'POST' && r.path.endsWith('Document_ЗаказПокупателя'))).toHaveLength(1);
	});

	it('with "Continue (regular output)" the failed order is an item naming the order, field and offer', async () => {
		crm.state.offers[1].externalId = '0badc0de-0000-4000-8000-000000000050';
		crm.reindex();
		const result = await runWorkflow(workflow(upsertParameters, { onError: 'continueRegularOutput' }), { credentials });
		expect(result.error()).toBeUndefined();
		const items = result.output('1C');
		const failed = items.filter((o) => o.json.error !== undefined).sort((a, b) => String(a.json.crmOrderNumber).localeCompare(String(b.json.crmOrderNumber)));
		expect(failed.map((o) => o.json)).toEqual([
			expect.objectContaining({ crmOrderId: 101, crmOrderNumber: '5488', site: 'test-crm10', field: 'items', offer: expect.stringContaining('offer 2 "Джинсы Элегантность (50)"') }),
			expect.objectContaining({ crmOrderId: 102, crmOrderNumber: '5489', site: 'test-crm10', field: 'items' }),
		]);
		expect(items.filter((o) => o.json.action === 'created').map((o) => o.json.crmOrderNumber)).toEqual(['5490']);
	});

	it('without an error output the node fails on the first order that cannot be written', async () => {
		crm.state.offers[1].externalId = '0badc0de-0000-4000-8000-000000000050';
		crm.reindex();
		const result = await runWorkflow(workflow(upsertParameters), { credentials });
		expect(result.error()?.message).toMatch(/retailCRM order 548[89]: offer 2 "Джинсы Элегантность \(50\)"/);
	});

	it('Dry Run returns the documents and references and writes nothing', async () => {
		const result = await runWorkflow(workflow({ ...upsertParameters, dryRun: true }), { credentials });
		expect(result.error()).toBeUndefined();
		const first = result.output('1C').find((o) => o.json.crmOrderNumber === '5488');
		expect(first?.json).toMatchObject({ action: 'created', total: 1990, dryRun: { document: { Number: 'ЦРМ00005488' }, references: { counterparty: { status: 'found', key: SEED_IDS.counterparties.retailBuyer } } } });
		expect(onec.state.log.filter((r) => r.method !== 'GET')).toEqual([]);
	});

	it('Get reads a written document back by CRM number, 1C number and Ref_Key', async () => {
		const written = await runWorkflow(workflow(upsertParameters), { credentials });
		const ref = String(written.output('1C').find((o) => o.json.crmOrderNumber === '5489')?.json.ref);
		const crmId = String(written.output('1C').find((o) => o.json.crmOrderNumber === '5489')?.json.crmOrderId);
		for (const [by, value] of [['crmOrderId', crmId], ['crmNumber', `crm#${crmId}`], ['number', 'ЦРМ00005489'], ['ref', ref]]) {
			const result = await runWorkflow(getWorkflow({ resource: 'customerOrder', operation: 'get', by, value }), { credentials });
			expect(result.error()).toBeUndefined();
			const docs = result.output('1C');
			expect(docs).toHaveLength(1);
			expect(docs[0].json).toMatchObject({ Ref_Key: ref, СуммаДокумента: 1070, Posted: true });
			expect(Array.isArray(docs[0].json.Товары)).toBe(true);
		}
		const missing = await runWorkflow(getWorkflow({ resource: 'customerOrder', operation: 'get', by: 'crmNumber', value: '1' + '0000' }), { credentials });
		expect(missing.error()?.message).toContain('No customer order found');
	});
});
