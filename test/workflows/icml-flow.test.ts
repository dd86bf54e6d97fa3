/**
 * Flow 3 in n8n-core: the template workflows/1c-catalog-to-retailcrm-icml.json (1C UT10 Store Get Items → ICML
 * Builder) against the 1C sandbox seed, its file imported by the retailCRM sandbox as retailCRM would; and the ICML
 * Builder node alone on hand-made input items (invalid input, categories from input items, file write).
 *
 * n8n-nodes-base nodes do not run in-process: Read/Write Files and Respond to Webhook are replaced by a capture
 * node that reads the binary through n8n's helpers (as the real nodes do), so the test sees exactly what they
 * would write or send, on n8n 1.x and 2.x binary-data modes alike.
 */
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import template from '../../workflows/1c-catalog-to-retailcrm-icml.json';
import stockTemplate from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import directStockTemplate from '../../workflows/1c-stock-and-prices-to-retailcrm-direct.json';
import { PACKAGE, runWorkflow, type RunOptions, type RunResult } from '../helpers/run-workflow';
import { control } from '../integration/onec/sandbox-helpers';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import { DEFAULT_VARIANT_PATTERN } from '../../nodes/core/icml';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { categoriesOf, child, offersOf, parseIcml, textOf } from '../unit/icml/xml';
import { IcmlBuilder } from '../../nodes/IcmlBuilder/IcmlBuilder.node';
import { jsonPathOf } from '../../nodes/shared/field-expression';

/**
 * Where nodes may write, as on a fresh n8n: n8n 2.x allows only ~/.n8n-files (its default for
 * N8N_RESTRICT_FILE_ACCESS_TO, `~` being os.homedir() of the user n8n runs as); 1.x has no default, so the same
 * folder is set for it. The home folder is this test's own temporary one: os.homedir() is replaced (jest gives
 * tests a copy of process.env, so HOME cannot be changed for native code), before the first run, as n8n 2.x
 * reads its security config once.
 */
const HOME_DIR = mkdtempSync(join(tmpdir(), 'icml-home-'));
const ALLOWED = join(HOME_DIR, '.n8n-files');
const FILES_DIR = join(ALLOWED, 'www');
// The module object itself (an `import * as` namespace would be a copy the nodes' code never sees).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const homedir = jest.spyOn(require('os') as typeof import('os'), 'homedir').mockReturnValue(HOME_DIR);
const coreMajor = Number(String(require(join(require.resolve('n8n-core'), '..', '..', 'package.json')).version).split('.')[0]);
if (coreMajor >= 2) delete process.env.N8N_RESTRICT_FILE_ACCESS_TO;
else process.env.N8N_RESTRICT_FILE_ACCESS_TO = ALLOWED;
afterAll(() => {
	homedir.mockRestore();
	rmSync(HOME_DIR, { recursive: true, force: true });
});

const N = SEED_IDS.items;
const C = SEED_IDS.characteristics;
const BUILDER = 'ICML Builder';
/** Where the template's schedule row writes the file (ICML Builder → Also Write to File Path). */
const CATALOG = join(ALLOWED, 'catalog.xml');
const RESPOND = 'Send catalog.xml';

interface Captured {
	json: IDataObject;
	/** Binary metadata of field `data` (the template's field). */
	binary: { mimeType: string; fileName?: string; fileExtension?: string };
	/** Content of each binary field, read through n8n's helpers. */
	files: Record<string, Buffer>;
	data: Buffer;
	pairedItem: unknown;
}

/** Stands in for an n8n-nodes-base node that consumes the binary file; reads it through n8n's helpers. */
function captureNode(name: string, into: Captured[]): INodeType {
	return {
		description: { displayName: name, name, group: ['output'], version: [1, 1.1], description: '', defaults: { name }, inputs: ['main'], outputs: ['main'], properties: [] },
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const items = this.getInputData();
			for (let i = 0; i < items.length; i++) {
				const files: Record<string, Buffer> = {};
				for (const key of Object.keys(items[i].binary ?? {})) files[key] = await this.helpers.getBinaryDataBuffer(i, key);
				const meta = items[i].binary?.data;
				into.push({
					json: items[i].json,
					binary: { mimeType: String(meta?.mimeType), fileName: meta?.fileName, fileExtension: meta?.fileExtension },
					files,
					data: files.data ?? Buffer.alloc(0),
					pairedItem: items[i].pairedItem,
				});
			}
			return [items];
		},
	} as INodeType;
}

const CAPTURE = 'Capture';
const CAPTURE_TYPE = 'test.capture';

/** Manual Trigger → ICML Builder (given parameters) → a capture node; input items come from `triggerItems`. */
function builderWorkflow(parameters: IDataObject) {
	return {
		id: 'testIcmlBuilder',
		name: 'ICML Builder alone',
		nodes: [
			{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'b', name: BUILDER, type: `${PACKAGE}.icmlBuilder`, typeVersion: 1, position: [200, 0], parameters: { shopName: 'Магазин', company: 'ООО Ромашка', ...parameters } },
			{ id: 'c', name: CAPTURE, type: CAPTURE_TYPE, typeVersion: 1, position: [400, 0], parameters: {} },
		],
		connections: {
			Start: { main: [[{ node: BUILDER, type: 'main', index: 0 }]] },
			[BUILDER]: { main: [[{ node: CAPTURE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1', timezone: 'UTC' },
	};
}

const offerItem = (json: IDataObject): INodeExecutionData => ({ json: { categoryId: 'g', folders: [{ ref: 'g', name: 'Товары' }], ...json } });

describe('template 1c-catalog-to-retailcrm-icml in n8n-core against both sandboxes', () => {
	let onec: OneCSandbox;
	let crm: RetailCrmSandbox;
	let oneC: ReturnType<typeof control>;
	let responded: Captured[];
	let options: RunOptions;

	beforeAll(async () => {
		onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
		crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed' });
		oneC = control(onec);
	});
	afterAll(async () => {
		await onec.close();
		await crm.close();
	});
	beforeEach(async () => {
		await oneC.reset();
		crm.reset('seed');
		responded = [];
		options = {
			credentials: { oneCUt10Api: { url: onec.url, user: onec.user, password: onec.password } },
			trigger: 'Run Now',
			extraNodeTypes: { 'n8n-nodes-base.respondToWebhook': captureNode('respondToWebhook', responded) },
		};
	});

	it('template shape: fixed id, credentials by name, our node types, webhook GET answered by Respond to Webhook, schedule row writes ~/.n8n-files/catalog.xml', () => {
		expect(template.id).toBe('rcrm1cIcml');
		const byName = new Map(template.nodes.map((n) => [n.name, n as { type: string; parameters: Record<string, unknown>; credentials?: Record<string, { id: null; name: string }> }]));
		for (const node of template.nodes) {
			if (node.type.startsWith(`${PACKAGE}.`)) expect(['oneCUt10Store', 'icmlBuilder', 'icmlCatalogGate']).toContain(node.type.slice(PACKAGE.length + 1));
			else expect(node.type.startsWith('n8n-nodes-base.')).toBe(true);
		}
		for (const name of ['1C: Get Items', '1C: Get Items (on request)']) {
			expect(byName.get(name)?.credentials).toEqual({ oneCUt10Api: { id: null, name: '1C UT10 account' } });
			expect(byName.get(name)?.parameters).toMatchObject({
				resource: 'catalog',
				operation: 'getItems',
				joinStockAndPrices: true,
				folders: [N.goodsFolder],
				options: { currency: SEED_IDS.currencies.rub, vat: 'gross' },
			});
		}
		expect(byName.get('Catalog URL for retailCRM')).toMatchObject({ type: 'n8n-nodes-base.webhook', parameters: { httpMethod: 'GET', path: 'retailcrm-icml', responseMode: 'responseNode' } });
		expect(byName.get(RESPOND)).toMatchObject({ type: 'n8n-nodes-base.respondToWebhook', parameters: { respondWith: 'binary', inputFieldName: 'data' } });
		// The schedule row's builder writes the file itself, where n8n lets nodes write by default; no Read/Write Files
		// node, whose path could not follow "~" nor create the folder on a fresh n8n.
		expect(template.nodes.some((n) => n.type === 'n8n-nodes-base.readWriteFile')).toBe(false);
		expect((byName.get(BUILDER)?.parameters.options as IDataObject).filePath).toBe('~/.n8n-files/catalog.xml');
		// The webhook row writes the same file: its gate serves it while young (test/hostile/icml-webhook.security.test.ts).
		expect((byName.get('ICML Builder (on request)')?.parameters.options as IDataObject).filePath).toBe('~/.n8n-files/catalog.xml');
		expect(byName.get('Check Token and Cache')).toMatchObject({ type: `${PACKAGE}.icmlCatalogGate`, parameters: { token: '', filePath: '~/.n8n-files/catalog.xml', maxAgeMinutes: 30, waitSeconds: 120 } });
		// Otherwise both rows build the same file.
		const withoutFile = (p: Record<string, unknown> | undefined) => ({ ...p, options: { ...(p?.options as IDataObject), filePath: undefined } });
		expect(withoutFile(byName.get('ICML Builder (on request)')?.parameters)).toEqual(withoutFile(byName.get(BUILDER)?.parameters));
		expect(byName.get('1C: Get Items (on request)')?.parameters).toEqual(byName.get('1C: Get Items')?.parameters);
		expect(byName.get(BUILDER)?.parameters).toMatchObject({ grouping: 'namePattern', namePattern: DEFAULT_VARIANT_PATTERN });
		const notes = template.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String((n.parameters as { content?: string }).content));
		expect(notes.join('\n')).toMatch(/catalog editing OFF/);
		expect(notes.join('\n')).toMatch(/stock editing ON/);
		expect(notes.join('\n')).toContain('~/.n8n-files/catalog.xml');
		expect(notes.join('\n')).toContain('/home/node/.n8n-files/catalog.xml');
	});

	it('Run Now on a fresh n8n: ~/.n8n-files is created and catalog.xml written there, which retailCRM imports — «Джинсы Элегантность» one product with two offers, 300, 23 and 41, unit pc', async () => {
		rmSync(ALLOWED, { recursive: true, force: true });
		const unitsBefore = Object.keys(crm.state.units);
		const result = await runWorkflow(template, options);
		expect(result.error()).toBeUndefined();
		expect(result.ran(RESPOND)).toBe(false);

		const [out] = result.output(BUILDER);
		expect(out.json).toMatchObject({ offers: 6, products: 3, categories: 3, errors: [], fileName: 'catalog.xml', warningCount: 2, filePath: CATALOG });
		// The kit has no price in 1C: the template leaves it out and says so. The socks' unit (OKEI 778, упак) is not in
		// the unit table: written as it is, with a warning to map it.
		// The template's Get Items hands the offers on in one batch (Output: Batches of Rows): the kit came in item 0.
		expect(out.json.warnings).toEqual([
			expect.objectContaining({ code: 'no-price-left-out', offerId: N.kit, itemIndex: 0, message: expect.stringMatching(/^Offer #6 .*\(input item #0\)$/) }),
			expect.objectContaining({ code: 'unknown-unit', offerId: N.socks, field: 'unit.code' }),
		]);
		// The one group formed, with its product id: the 1C GUID of its first item.
		expect(out.json.groupCount).toBe(1);
		expect(out.json.groups).toEqual([
			{ productId: N.jeans48, productName: 'Джинсы Элегантность', categoryId: N.goodsFolder, items: [N.jeans48, N.jeans50], offers: 2, productIdFrom: 'memberKey' },
		]);
		// One output item for the one input item (a batch of the seven offers).
		expect(result.output(BUILDER)).toHaveLength(1);
		expect(result.output('1C: Get Items')).toHaveLength(1);
		expect(result.rows('1C: Get Items')).toHaveLength(7);
		expect(out.pairedItem).toEqual([{ item: 0 }]);
		expect(out.binary?.data?.mimeType).toBe('application/xml');

		expect(existsSync(CATALOG)).toBe(true);
		const file = readFileSync(CATALOG);
		expect(file.length).toBe(out.json.bytes);
		expect(readdirSync(ALLOWED)).toEqual(['catalog.xml']);
		const { root, text } = await parseIcml(file);
		expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
		expect(textOf(child(root, 'shop'), 'name')).toBe('Мой магазин');
		expect(textOf(child(root, 'shop'), 'company')).toBe('ИП Иванов И.И.');
		expect(categoriesOf(root).map((c) => [c.$?.id, c.$?.parentId, c._])).toEqual([
			[N.goodsFolder, undefined, 'Товары'],
			[N.clothesFolder, N.goodsFolder, 'Одежда'],
			[N.tshirtsFolder, N.clothesFolder, 'Футболки'],
		]);
		expect(offersOf(root).map((o) => o.$?.id)).not.toContain(N.kit);
		expect(child(offersOf(root).find((o) => o.$?.id === N.jeans48), 'unit').$).toEqual({ code: 'pc', name: 'Штука', sym: 'шт' });

		const imported = crm.importIcml(text);
		expect(imported).toMatchObject({ products: 3, offers: 6, categories: 3, skipped: [] });
		const site = imported.site;
		const group = crm.state.productGroups.find((g) => g.site === site && g.externalId === N.goodsFolder);
		expect(group?.name).toBe('Товары');
		const jeans = crm.state.products.filter((p) => p.site === site && p.active && p.name === 'Джинсы Элегантность');
		expect(jeans).toHaveLength(1);
		expect(jeans[0].externalId).toBe(N.jeans48);
		expect(jeans[0].groupIds).toEqual([group?.id]);
		const jeansOffers = crm.state.offers.filter((o) => o.productId === jeans[0].id && o.active);
		// Purchase prices: «Закупочная» is kept without VAT in 1C; retailCRM gets them with the items' 20 %.
		expect(jeansOffers.map((o) => [o.externalId, o.name, o.icmlQuantity, Object.values(o.prices), o.purchasePrice, o.article, o.unit?.code])).toEqual([
			[N.jeans48, 'Джинсы Элегантность (48)', 23, [300], 216, 'ДЖ-48', 'pc'],
			[N.jeans50, 'Джинсы Элегантность (50)', 41, [300], 228, 'ДЖ-50', 'pc'],
		]);
		// retailCRM's own unit "pc" is used: only the unmapped 778 is new.
		expect(Object.keys(crm.state.units).filter((code) => !unitsBefore.includes(code))).toEqual(['778']);
		// Items kept by characteristics: three offers GUID#characteristic of one product.
		const tshirt = crm.state.products.find((p) => p.site === site && p.active && p.name === 'Футболка базовая');
		const tshirtOffers = crm.state.offers.filter((o) => o.productId === tshirt?.id && o.active).map((o) => o.externalId);
		expect(tshirtOffers.sort()).toEqual([`${N.tshirt}#${C.blackM}`, `${N.tshirt}#${C.whiteL}`, `${N.tshirt}#${C.whiteM}`].sort());
	});

	it('the webhook entry (with its token) answers retailCRM\'s download with the same catalog through Respond to Webhook, and keeps the file for its cache', async () => {
		rmSync(ALLOWED, { recursive: true, force: true });
		const gate = template.nodes.find((n) => n.name === 'Check Token and Cache') as { parameters: IDataObject };
		const result = await runWorkflow(template, {
			...options,
			trigger: 'Catalog URL for retailCRM',
			mode: 'webhook',
			patch: { 'Check Token and Cache': { parameters: { ...gate.parameters, token: 'flow-token' } } },
			triggerItems: [{ json: { headers: {}, params: {}, query: { token: 'flow-token' }, body: {} } }],
		});
		expect(result.error()).toBeUndefined();
		expect(readFileSync(CATALOG)).toEqual(responded[0]?.data);
		expect(responded).toHaveLength(1);
		expect(responded[0].binary).toEqual({ mimeType: 'application/xml', fileName: 'catalog.xml', fileExtension: 'xml' });
		const { root } = await parseIcml(responded[0].data);
		expect(offersOf(root)).toHaveLength(6);
		expect(crm.importIcml(responded[0].data.toString('utf8')).products).toBe(3);
	});

	it('renaming and moving the items in 1C keeps the retailCRM product (same id, same card) across two scheduled runs', async () => {
		const staticData: IDataObject = {};
		const first = await runWorkflow(template, { ...options, staticData });
		expect(first.error()).toBeUndefined();
		const site = crm.importIcml(readFileSync(CATALOG, 'utf8')).site;
		const before = crm.state.products.find((p) => p.site === site && p.active && p.name === 'Джинсы Элегантность')!;
		const productsBefore = crm.state.products.length;

		// In 1C both sizes are renamed and moved to «Одежда».
		const store = onec.state.store;
		for (const [ref, size] of [[N.jeans48, 48], [N.jeans50, 50]] as const) {
			store.put('Catalog_Номенклатура', { ...store.get('Catalog_Номенклатура', ref)!, Description: `Джинсы Классика (${size})`, НаименованиеПолное: `Джинсы Классика (${size})`, Parent_Key: N.clothesFolder });
		}
		const second = await runWorkflow(template, { ...options, staticData });
		expect(second.error()).toBeUndefined();
		crm.importIcml(readFileSync(CATALOG, 'utf8'));
		const after = crm.state.products.find((p) => p.site === site && p.externalId === N.jeans48)!;
		expect([after.id, after.active, after.name]).toEqual([before.id, true, 'Джинсы Классика']);
		expect(crm.state.products.length).toBe(productsBefore); // no new product card
		expect(crm.state.offers.filter((o) => o.productId === before.id && o.active).map((o) => o.name)).toEqual(['Джинсы Классика (48)', 'Джинсы Классика (50)']);
	});

	it('a new size whose GUID sorts first joins the product instead of re-keying it (the ids are remembered in static data)', async () => {
		const staticData: IDataObject = {};
		expect((await runWorkflow(template, { ...options, staticData })).error()).toBeUndefined();
		expect(Object.keys((staticData.global as IDataObject)?.icmlProductIds ?? {})).toEqual(['version', 'byItem']);
		const j46 = '5eed0008-0000-4000-8000-000000000000'; // before jeans (48) …0002
		const store = onec.state.store;
		store.put('Catalog_Номенклатура', { ...store.get('Catalog_Номенклатура', N.jeans48)!, Ref_Key: j46, Code: '00000000990', Description: 'Джинсы Элегантность (46)', Артикул: 'ДЖ-46' });
		await oneC.prices({ period: '2025-01-01T00:00:00', records: [{ ТипЦен_Key: SEED_IDS.priceTypes.retail, Номенклатура_Key: j46, Цена: 300, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans48Pcs, Валюта_Key: SEED_IDS.currencies.rub }] });
		const remembered = await runWorkflow(template, { ...options, staticData });
		expect(remembered.output(BUILDER)[0].json.groups).toEqual([expect.objectContaining({ productId: N.jeans48, items: [j46, N.jeans48, N.jeans50], productIdFrom: 'remembered' })]);
		// Without the memory (a fresh workflow) the smallest key would have been taken.
		const fresh = await runWorkflow(template, { ...options, staticData: {} });
		expect(fresh.output(BUILDER)[0].json.groups).toEqual([expect.objectContaining({ productId: j46, productIdFrom: 'memberKey' })]);
	});

	it('a manual run without the remembered ids (as n8n 1.x starts it) says in a hint that a changed product may get another ID; with them (2.x, or a scheduled run) nothing is said', async () => {
		const hints = (r: Awaited<ReturnType<typeof runWorkflow>>) => ((r.run.data.resultData.runData[BUILDER]?.[0] as { hints?: Array<{ message: string }> } | undefined)?.hints ?? []).map((h) => h.message).join(' ');
		const manualHint = /^Manual run without remembered product IDs \(n8n 1\.x starts every manual execution without the workflow's saved state.*\): a product whose items changed .* may get another product ID in this file/;
		const staticData: IDataObject = {};
		const scheduled = await runWorkflow(template, { ...options, staticData });
		expect(scheduled.error()).toBeUndefined();
		expect(hints(scheduled)).not.toMatch(manualHint);
		const j46 = '5eed0008-0000-4000-8000-000000000000'; // before jeans (48) …0002
		const store = onec.state.store;
		store.put('Catalog_Номенклатура', { ...store.get('Catalog_Номенклатура', N.jeans48)!, Ref_Key: j46, Code: '00000000990', Description: 'Джинсы Элегантность (46)', Артикул: 'ДЖ-46' });
		await oneC.prices({ period: '2025-01-01T00:00:00', records: [{ ТипЦен_Key: SEED_IDS.priceTypes.retail, Номенклатура_Key: j46, Цена: 300, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans48Pcs, Валюта_Key: SEED_IDS.currencies.rub }] });
		// n8n 1.x: the editor's run without static data. The file then names the new size's GUID, and the hint says why.
		const manual = await runWorkflow(template, { ...options, staticData: {}, mode: 'manual' });
		expect(manual.error()).toBeUndefined();
		expect(manual.output(BUILDER)[0].json.groups).toEqual([expect.objectContaining({ productId: j46, productIdFrom: 'memberKey' })]);
		expect(hints(manual)).toMatch(manualHint);
		// n8n 2.x loads the saved static data into a manual run: the remembered id, no hint.
		const withState = await runWorkflow(template, { ...options, staticData: JSON.parse(JSON.stringify(staticData)) as IDataObject, mode: 'manual' });
		expect(withState.output(BUILDER)[0].json.groups).toEqual([expect.objectContaining({ productId: N.jeans48, productIdFrom: 'remembered' })]);
		expect(hints(withState)).not.toMatch(manualHint);
	});

	it('deleting in 1C the size whose GUID is the product ID keeps the retailCRM product (same id, same card); the other size stays its offer', async () => {
		const staticData: IDataObject = {};
		expect((await runWorkflow(template, { ...options, staticData })).error()).toBeUndefined();
		const site = crm.importIcml(readFileSync(CATALOG, 'utf8')).site;
		const before = crm.state.products.find((p) => p.site === site && p.active && p.name === 'Джинсы Элегантность')!;
		expect(before.externalId).toBe(N.jeans48);
		const productsBefore = crm.state.products.length;

		// A 1C user deletes the size (48) (marked for deletion, as UT deletes).
		const store = onec.state.store;
		store.put('Catalog_Номенклатура', { ...store.get('Catalog_Номенклатура', N.jeans48)!, DeletionMark: true });
		const second = await runWorkflow(template, { ...options, staticData });
		expect(second.error()).toBeUndefined();
		const { root } = await parseIcml(readFileSync(CATALOG));
		expect(offersOf(root).filter((o) => [N.jeans48, N.jeans50].includes(String(o.$?.id))).map((o) => [o.$?.id, o.$?.productId])).toEqual([[N.jeans50, N.jeans48]]);
		crm.importIcml(readFileSync(CATALOG, 'utf8'));
		const after = crm.state.products.find((p) => p.site === site && p.externalId === N.jeans48)!;
		// The card is kept (its id, so the photos and descriptions edited in retailCRM); a lone size is no longer a
		// group, so its name is the item's own, as for any single item.
		expect([after.id, after.active]).toEqual([before.id, true]);
		expect(crm.state.products.length).toBe(productsBefore);
		expect(crm.state.offers.filter((o) => o.productId === before.id && o.active).map((o) => o.name)).toEqual(['Джинсы Элегантность (50)']);
	});

	it('«Клей ПВА (0,5 л)» alone in its folder stays a product with its whole name', async () => {
		const glue = '5eed0008-0000-4000-8000-0000000000c1';
		const store = onec.state.store;
		store.put('Catalog_Номенклатура', { ...store.get('Catalog_Номенклатура', N.socks)!, Ref_Key: glue, Code: '00000000991', Description: 'Клей ПВА (0,5 л)', НаименованиеПолное: 'Клей ПВА (0,5 л)', Артикул: 'КП-05' });
		await oneC.prices({ period: '2025-01-01T00:00:00', records: [{ ТипЦен_Key: SEED_IDS.priceTypes.retail, Номенклатура_Key: glue, Цена: 150, ЕдиницаИзмерения_Key: SEED_IDS.units.socksPack, Валюта_Key: SEED_IDS.currencies.rub }] });
		const result = await runWorkflow(template, options);
		expect(result.error()).toBeUndefined();
		const { root } = await parseIcml(readFileSync(CATALOG));
		const offer = offersOf(root).find((o) => o.$?.id === glue)!;
		expect([offer.$?.productId, textOf(offer, 'productName'), textOf(offer, 'name')]).toEqual([glue, 'Клей ПВА (0,5 л)', 'Клей ПВА (0,5 л)']);
	});

	it('only a size suffix makes a variant: «Куртка (M)»/«(XL)» and «Шорты (48-50)»/«(52-54)» are one product each; «Клей ПВА (0,5 л)» and «(1 л)» in one folder stay two, with their whole names', async () => {
		const store = onec.state.store;
		const added: Array<[string, string]> = [
			['5eed0008-0000-4000-8000-0000000000d1', 'Куртка (M)'],
			['5eed0008-0000-4000-8000-0000000000d2', 'Куртка (XL)'],
			['5eed0008-0000-4000-8000-0000000000d3', 'Шорты (48-50)'],
			['5eed0008-0000-4000-8000-0000000000d4', 'Шорты (52-54)'],
			['5eed0008-0000-4000-8000-0000000000d5', 'Клей ПВА (0,5 л)'],
			['5eed0008-0000-4000-8000-0000000000d6', 'Клей ПВА (1 л)'],
		];
		for (const [i, [ref, name]] of added.entries()) {
			store.put('Catalog_Номенклатура', { ...store.get('Catalog_Номенклатура', N.jeans48)!, Ref_Key: ref, Code: `0000000098${i}`, Description: name, НаименованиеПолное: name, Артикул: `A-${i}` });
			await oneC.prices({ period: '2025-01-01T00:00:00', records: [{ ТипЦен_Key: SEED_IDS.priceTypes.retail, Номенклатура_Key: ref, Цена: 100, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans48Pcs, Валюта_Key: SEED_IDS.currencies.rub }] });
		}
		const result = await runWorkflow(template, options);
		expect(result.error()).toBeUndefined();
		const { root } = await parseIcml(readFileSync(CATALOG));
		const byId = new Map(offersOf(root).map((o) => [String(o.$?.id), [o.$?.productId, textOf(o, 'productName')]]));
		const [jacketM, jacketXl, shorts1, shorts2, glue05, glue1] = added.map(([ref]) => byId.get(ref));
		expect([jacketM, jacketXl]).toEqual([[added[0][0], 'Куртка'], [added[0][0], 'Куртка']]);
		expect([shorts1, shorts2]).toEqual([[added[2][0], 'Шорты'], [added[2][0], 'Шорты']]);
		expect([glue05, glue1]).toEqual([[added[4][0], 'Клей ПВА (0,5 л)'], [added[5][0], 'Клей ПВА (1 л)']]);
		expect((result.output(BUILDER)[0].json.groups as IDataObject[]).map((g) => g.productName).sort()).toEqual(['Джинсы Элегантность', 'Куртка', 'Шорты']);
	});

	it('grouping By 1C Characteristics: the item GUID is the product, GUID#characteristic the offer; separate 1C items stay separate', async () => {
		const builder = template.nodes.find((n) => n.name === BUILDER)!;
		const result = await runWorkflow(template, { ...options, patch: { [BUILDER]: { parameters: { ...builder.parameters, grouping: 'characteristics' } } } });
		expect(result.error()).toBeUndefined();
		const { root } = await parseIcml(readFileSync(CATALOG));
		const byId = new Map(offersOf(root).map((o) => [o.$!.id, [o.$!.productId, textOf(o, 'productName')]]));
		expect(byId.get(`${N.tshirt}#${C.whiteM}`)).toEqual([N.tshirt, 'Футболка базовая']);
		expect(byId.get(`${N.tshirt}#${C.blackM}`)).toEqual([N.tshirt, 'Футболка базовая']);
		expect(byId.get(N.jeans48)).toEqual([N.jeans48, 'Джинсы Элегантность (48)']);
		expect(result.output(BUILDER)[0].json.products).toBe(4);
	});

	it('every default mapping of the node reads a field the 1C Get Items output has (the contract between the two nodes)', async () => {
		const result = await runWorkflow(template, options);
		const fields = new Set(result.rows('1C: Get Items').flatMap((row) => Object.keys(row)));
		const paths = new IcmlBuilder().description.properties
			.map((p) => [p.name, jsonPathOf(p.default)] as const)
			.filter(([name, path]) => path !== undefined && !name.startsWith('categoryItem'));
		// Get Folders' fields, read in mode "From Input Items With Field…", are checked in the next test.
		expect(paths.map(([name]) => name)).toEqual(expect.arrayContaining(['offerId', 'offerName', 'price', 'quantity', 'categoryId', 'folderChain', 'categoryName', 'productIdField', 'offerType']));
		for (const [name, path] of paths) expect({ name, field: path![0], known: fields.has(path![0]) }).toEqual({ name, field: path![0], known: true });
	});

	it('1C Get Folders → ICML Builder "From Input Items With Field…": the defaults read Get Folders\' items into the category tree', async () => {
		const getItems = template.nodes.find((n) => n.name === '1C: Get Items')!;
		const wf = {
			id: 'testFolders',
			name: 'folders',
			nodes: [
				{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{ ...getItems, id: 'f', name: '1C: Get Folders', parameters: { resource: 'catalog', operation: 'getFolders', options: {} } },
				{ id: 'b', name: BUILDER, type: `${PACKAGE}.icmlBuilder`, typeVersion: 1, position: [400, 0], parameters: { shopName: 'S', company: 'C', categorySource: 'inputItems', options: { allowEmptyCatalog: true } } },
			],
			connections: { Start: { main: [[{ node: '1C: Get Folders', type: 'main', index: 0 }]] }, '1C: Get Folders': { main: [[{ node: BUILDER, type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1', timezone: 'UTC' },
		};
		const result = await runWorkflow(wf, { credentials: options.credentials, extraNodeTypes: options.extraNodeTypes });
		expect(result.error()).toBeUndefined();
		const fields = new Set(result.output('1C: Get Folders').flatMap((i) => Object.keys(i.json)));
		const builder = new IcmlBuilder().description.properties;
		expect(fields.has(builder.find((p) => p.name === 'categoryMarkerField')!.default as string)).toBe(true);
		for (const name of ['categoryItemId', 'categoryItemName', 'categoryItemParentId']) expect(fields.has(jsonPathOf(builder.find((p) => p.name === name)!.default)![0])).toBe(true);
		const [out] = result.output(BUILDER);
		expect(out.json).toMatchObject({ offers: 0, categories: 4, warningCount: 0 });
		expect(out.binary?.data?.mimeType).toBe('application/xml');
	});

	it('mappings read directly ({{ $json.x }}) give the same file as n8n evaluating every expression', async () => {
		const builder = template.nodes.find((n) => n.name === BUILDER)!;
		// `($json.x)` is no plain property read, so n8n's expression engine evaluates it for every item.
		const evaluated = Object.fromEntries(
			Object.entries(builder.parameters).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/^=\{\{ (\$json\.\w+) \}\}$/, '={{ ($1) }}') : v]),
		);
		expect(Object.values(evaluated).filter((v) => typeof v === 'string' && v.startsWith('={{ ($json.'))).toHaveLength(16);
		const direct = await runWorkflow(template, options);
		const directFile = readFileSync(CATALOG);
		// n8n evaluates an expression per item, so the offers come one item each (batches refuse such a mapping, below).
		const getItems = template.nodes.find((n) => n.name === '1C: Get Items')!;
		const perRow = { parameters: { ...getItems.parameters, options: { ...(getItems.parameters.options as IDataObject), output: 'rows' } } };
		const refused = await runWorkflow(template, { ...options, patch: { [BUILDER]: { parameters: evaluated } } });
		expect(String(refused.error()?.message)).toBe('"offerId" is an expression that batches of rows cannot give per row: {{ ($json.offerKey) }}');
		const slow = await runWorkflow(template, { ...options, patch: { [BUILDER]: { parameters: evaluated }, '1C: Get Items': perRow } });
		const slowFile = readFileSync(CATALOG);
		expect(direct.error()).toBeUndefined();
		expect(slow.error()).toBeUndefined();
		const withoutDate = (b: Buffer) => b.toString('utf8').replace(/ date="[^"]*"/, '');
		expect(withoutDate(slowFile)).toBe(withoutDate(directFile));
		expect(directFile.length).toBeGreaterThan(3000);
	});

	it('an unknown 1C unit keeps its code with a warning; a row added to the unit table (Unit Codes) maps it, and the warning goes', async () => {
		const unitOf = (xml: string, id: string) => xml.match(new RegExp(`<offer id="${id}"[\\s\\S]*?<unit ([^>]*)/>`))?.[1] ?? '';
		const asShipped = await runWorkflow(template, options);
		expect(asShipped.error()).toBeUndefined();
		expect(unitOf(readFileSync(CATALOG, 'utf8'), N.socks)).toContain('code="778"');
		expect(unitOf(readFileSync(CATALOG, 'utf8'), N.jeans48)).toContain('code="pc"');
		expect((asShipped.output(BUILDER)[0].json.warnings as IDataObject[]).map((w) => [w.code, w.offerId])).toContainEqual(['unknown-unit', N.socks]);

		const builder = template.nodes.find((n) => n.name === BUILDER)!;
		const unitCodes = { unit: [{ oneCCode: '778', crmCode: 'pack' }] };
		const extended = await runWorkflow(template, { ...options, patch: { [BUILDER]: { parameters: { ...builder.parameters, options: { ...(builder.parameters.options as IDataObject), unitCodes } } } } });
		expect(extended.error()).toBeUndefined();
		expect(unitOf(readFileSync(CATALOG, 'utf8'), N.socks)).toContain('code="pack"');
		expect(unitOf(readFileSync(CATALOG, 'utf8'), N.jeans48)).toContain('code="pc"');
		expect((extended.output(BUILDER)[0].json.warnings as IDataObject[]).map((w) => w.code)).not.toContain('unknown-unit');
	});

	it('a 1C unit of OKEI code 166 (kilogram) goes out as retailCRM\'s unit "kg", without a warning', async () => {
		const store = onec.state.store;
		store.put('Catalog_КлассификаторЕдиницИзмерения', { ...store.get('Catalog_КлассификаторЕдиницИзмерения', SEED_IDS.unitClassifier.pack)!, Code: '166', Description: 'кг', НаименованиеПолное: 'Килограмм' });
		const result = await runWorkflow(template, options);
		expect(result.error()).toBeUndefined();
		expect(readFileSync(CATALOG, 'utf8').match(new RegExp(`<offer id="${N.socks}"[\\s\\S]*?<unit ([^>]*)/>`))?.[1]).toContain('code="kg"');
		expect((result.output(BUILDER)[0].json.warnings as IDataObject[]).map((w) => w.code)).not.toContain('unknown-unit');
	});

	it('the default "Offers Without Price: Stop" names the kit instead of writing a file', async () => {
		rmSync(ALLOWED, { recursive: true, force: true });
		const builder = template.nodes.find((n) => n.name === BUILDER)!;
		const result = await runWorkflow(template, { ...options, patch: { [BUILDER]: { parameters: { ...builder.parameters, options: { filePath: '~/.n8n-files/catalog.xml' } } } } });
		const error = result.error() as Error & { description?: string };
		expect(error.message).toBe(`The catalog has 1 error(s), no file was built: Offer #6 (id "${N.kit}"), price: a price is required (input item #0)`);
		expect(existsSync(CATALOG)).toBe(false);
	});

	it('a sale price type kept in dollars is published in roubles, at 1C\'s rate (the template\'s Currency option)', async () => {
		const usdType = '5eed0005-0000-4000-8000-0000000000a1';
		onec.state.store.put('Catalog_ТипыЦенНоменклатуры', { Ref_Key: usdType, Code: '000000009', Description: 'Розничная USD', ВалютаЦены_Key: SEED_IDS.currencies.usd, ЦенаВключаетНДС: true, ПорядокОкругления: 'Окр0_01' });
		await oneC.prices({ period: '2025-02-01T00:00:00', records: [{ ТипЦен_Key: usdType, Номенклатура_Key: SEED_IDS.items.jeans48, Цена: 5, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans48Pcs, Валюта_Key: SEED_IDS.currencies.usd }] });
		const getItems = template.nodes.find((n) => n.name === '1C: Get Items')!;
		expect((getItems.parameters.options as IDataObject).currency).toBe(SEED_IDS.currencies.rub);
		const result = await runWorkflow(template, { ...options, patch: { '1C: Get Items': { parameters: { ...getItems.parameters, salePriceType: usdType } } } });
		expect(result.error()).toBeUndefined();
		const price = readFileSync(CATALOG, 'utf8').match(new RegExp(`<offer id="${SEED_IDS.items.jeans48}"[\\s\\S]*?<price>([^<]*)</price>`))?.[1];
		// The seed's rate: 90 roubles a dollar.
		expect(Number(price)).toBe(450);
	});

	it.each([
		['the stock template', stockTemplate, (r: RunResult) => (r.output('retailCRM: Upload Stock')[0].json.notFoundOffers as IDataObject[]).map((o) => o.externalId)],
		['the direct stock template', directStockTemplate, (r: RunResult) => (r.output('retailCRM: Upload Stock and Prices from 1C')[0].json.stock as IDataObject).notFoundOffers as string[]],
	] as const)('with %s: an item without a sale price is left out of the catalog; the stock run reports it "not found" and sends it again each run, alone, until it gets a price and the catalog publishes it', async (_name, stock, notFound) => {
		const unpriced = '5eed0008-0000-4000-8000-0000000000c1';
		const jeans = onec.state.store.get('Catalog_Номенклатура', SEED_IDS.items.jeans48)!;
		onec.state.store.put('Catalog_Номенклатура', { ...jeans, Ref_Key: unpriced, Code: '00000000961', Description: 'Новинка без цены', Parent_Key: SEED_IDS.items.goodsFolder });
		await oneC.movements({ register: 'ТоварыНаСкладах', records: [{ Склад_Key: SEED_IDS.warehouses.main, Номенклатура_Key: unpriced, Количество: 5 }] });
		const credentials = { ...options.credentials, retailCrmApi: { url: crm.url, apiKey: crm.keys.integration } };
		expect((await runWorkflow(template, options)).error()).toBeUndefined();
		const icml = readFileSync(CATALOG, 'utf8');
		expect(icml).not.toContain(unpriced);
		crm.importIcml(icml);
		crm.clearRequests();
		const staticData: IDataObject = {};
		const sentStock = () => crm.requests().filter((r) => r.path === '/api/v5/store/inventories/upload').flatMap((r) => JSON.parse(String(r.form.offers)) as IDataObject[]);
		for (let run = 1; run <= 2; run++) {
			const result = await runWorkflow(stock, { credentials, trigger: 'Run Now', staticData });
			expect(result.error()).toBeUndefined();
			expect(notFound(result)).toEqual([unpriced]);
			const sent = sentStock();
			expect(sent.map((o) => o.externalId)).toContain(unpriced);
			// Nothing else held up: the other offers reached retailCRM in the first run and are not sent again.
			if (run === 1) expect(crm.state.offers.find((o) => o.externalId === N.jeans48)?.stocks.main.available).toBe(23);
			if (run === 2) expect(sent.map((o) => o.externalId)).toEqual([unpriced]);
			crm.clearRequests();
		}
		// A price in 1C; the catalog publishes the item; the next stock run sends its 5, found; the one after, nothing.
		await oneC.prices({ period: '2025-01-01T00:00:00', records: [{ ТипЦен_Key: SEED_IDS.priceTypes.retail, Номенклатура_Key: unpriced, Цена: 300, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans48Pcs, Валюта_Key: SEED_IDS.currencies.rub }] });
		expect((await runWorkflow(template, options)).error()).toBeUndefined();
		expect(readFileSync(CATALOG, 'utf8')).toContain(`<offer id="${unpriced}"`);
		crm.importIcml(readFileSync(CATALOG, 'utf8'));
		crm.clearRequests();
		const found = await runWorkflow(stock, { credentials, trigger: 'Run Now', staticData });
		expect(found.error()).toBeUndefined();
		expect(notFound(found)).toEqual([]);
		expect(crm.state.offers.find((o) => o.externalId === unpriced)?.stocks.main.available).toBe(5);
		crm.clearRequests();
		expect((await runWorkflow(stock, { credentials, trigger: 'Run Now', staticData })).error()).toBeUndefined();
		expect(sentStock()).toEqual([]);
	});
});

describe('ICML Builder node on hand-made items', () => {
	let captured: Captured[];
	const run = (parameters: IDataObject, triggerItems: INodeExecutionData[], patch?: RunOptions['patch']) =>
		runWorkflow(builderWorkflow(parameters), { credentials: {}, triggerItems, patch, extraNodeTypes: { [CAPTURE_TYPE]: captureNode('capture', captured) } });
	beforeEach(() => {
		captured = [];
	});

	it('invalid input stops the build with every error naming the item, offer id and field', async () => {
		const items = [
			offerItem({ offerKey: 'A', name: 'Стол', price: 100 }),
			offerItem({ offerKey: 'A', name: 'Стол (копия)', price: 100 }),
			offerItem({ offerKey: 'B', name: 'Стул', price: 50, categoryId: 'nope', folders: [], categoryName: null }),
			offerItem({ offerKey: 'C', name: '', price: 10 }),
			offerItem({ offerKey: 'D', name: 'Шкаф' }),
		];
		const result = await run({}, items);
		const error = result.error() as Error & { description?: string; context?: { itemIndex?: number } };
		expect(error.message).toBe(
			'The catalog has 4 error(s), no file was built: Offer #1 (id "A"), id: duplicates offer #0; Offer #2 (id "B"), categoryId: category "nope" is not in the category list; Offer #3 (id "C"), name: the offer name is required (and 1 more)',
		);
		expect(error.description).toBe(
			[
				'- Offer #1 (id "A"), id: duplicates offer #0',
				'- Offer #2 (id "B"), categoryId: category "nope" is not in the category list',
				'- Offer #3 (id "C"), name: the offer name is required',
				'- Offer #4 (id "D"), price: a price is required',
			].join('\n'),
		);
		expect(result.output(BUILDER)).toEqual([]);
	});

	it('an error item from the previous node (Continue on Fail) is named as the cause', async () => {
		const result = await run({}, [offerItem({ offerKey: 'A', name: 'Стол', price: 100 }), { json: { error: '1C answered 503 Service Unavailable' } }]);
		const error = result.error() as Error & { description?: string };
		expect(error.description?.split('\n')[0]).toBe('Input item #1 is an error from the previous node: 1C answered 503 Service Unavailable');
		expect(error.description).toContain('- Offer #1, id: the offer id is required');
	});

	it('Errors Listed limits the list; Continue on Fail gives one error item with all errors, paired with every input', async () => {
		const items = Array.from({ length: 30 }, (_, i) => offerItem({ offerKey: `o${i}`, name: `Товар ${i}` }));
		const parameters = { options: { errorsListed: 3 } };
		const limited = await run(parameters, items);
		const description = (limited.error() as Error & { description?: string }).description ?? '';
		expect(description.split('\n')).toEqual([
			'- Offer #0 (id "o0"), price: a price is required',
			'- Offer #1 (id "o1"), price: a price is required',
			'- Offer #2 (id "o2"), price: a price is required',
			'… and 27 more',
		]);

		const kept = await run(parameters, items, { [BUILDER]: { onError: 'continueRegularOutput' } });
		const out = kept.output(BUILDER);
		expect(out).toHaveLength(1);
		expect(String(out[0].json.error)).toMatch(/^The catalog has 30 error\(s\)/);
		expect((out[0].json.errors as IDataObject[]).map((e) => e.offerId)).toEqual(items.map((i) => i.json.offerKey));
		expect(out[0].pairedItem).toHaveLength(30);
	});

	it('missing shop name and company, bad name pattern: clear configuration errors', async () => {
		const items = [offerItem({ offerKey: 'A', name: 'Стол', price: 100 })];
		// n8n itself refuses empty required parameters; blanks pass its check and are caught here.
		const noShop = await run({ shopName: ' ', company: ' ' }, items);
		expect(noShop.error()?.message).toBe('The catalog has 2 error(s), no file was built: shop.name: the shop name is required; shop.company: the company name is required');
		const badPattern = await run({ grouping: 'namePattern', namePattern: '(' }, items);
		expect(badPattern.error()?.message).toMatch(/^Invalid product name pattern \/\(\/: /);
		const badJson = await run({ categorySource: 'json', categoriesJson: '[{"id": 1,' }, items);
		expect(badJson.error()?.message).toMatch(/^Categories \(JSON\) is not valid JSON/);
	});

	it('categories from input items (Get Folders merged with offers): category items are not offers; errors name the input item', async () => {
		const items: INodeExecutionData[] = [
			{ json: { ref: 'g', code: '1', name: 'Товары', parentRef: null, level: 1, path: 'Товары' } },
			{ json: { ref: 'c', code: '2', name: 'Одежда', parentRef: 'g', level: 2, path: 'Товары / Одежда' } },
			{ json: { offerKey: 'p1', name: 'Платье (42)', price: 1000, quantity: 2, categoryId: 'c' } },
			{ json: { offerKey: 'p2', name: 'Платье (44)', price: '1 000,00', quantity: 1.7, categoryId: 'c' } },
		];
		const result = await run({ categorySource: 'inputItems' }, items);
		expect(result.error()).toBeUndefined();
		const [out] = result.output(BUILDER);
		expect(out.json).toMatchObject({ offers: 2, products: 1, categories: 2, warningCount: 1 });
		// Offer #1 is input item #3: the warning says both.
		expect(out.json.warnings).toEqual([expect.objectContaining({ code: 'fractional-quantity', itemIndex: 3, message: 'Offer #1 (id "p2"), quantity: 1.7 is written as 1 (input item #3)' })]);

		const bad = await run({ categorySource: 'inputItems' }, [items[0], { json: { offerKey: 'p3', name: 'Юбка', price: 5, categoryId: 'zzz' } }]);
		const error = bad.error() as Error & { context?: { itemIndex?: number } };
		expect(error.message).toContain('Offer #0 (id "p3"), categoryId: category "zzz" is not in the category list (input item #1)');
	});

	it('a JSON category list, custom field mappings, properties, grouping By Field, and warnings that do not stop the build', async () => {
		const items: INodeExecutionData[] = [
			{ json: { sku: 'T-1', title: 'Футболка белая', cost: 500, model: 'T', colour: 'белый', link: 'ftp://bad' } },
			{ json: { sku: 'T-2', title: 'Футболка чёрная', cost: 500, model: 'T', colour: 'чёрный' } },
			{ json: { sku: 'S-1', title: 'Шарф', cost: 300, model: '', colour: '' } },
		];
		const result = await run(
			{
				offerId: '={{ $json.sku }}',
				offerName: '={{ $json.title }}',
				productName: '={{ $json.model ? "Футболка" : $json.title }}',
				price: '={{ $json.cost }}',
				quantity: '',
				categoryId: '1',
				xmlId: '',
				article: '={{ $json.sku }}',
				unit: '',
				vatRate: 'none',
				weight: '',
				barcodes: '',
				offerType: 'product',
				categorySource: 'json',
				categoriesJson: '[{"id": 1, "name": "Одежда"}]',
				grouping: 'field',
				productIdField: '={{ $json.model }}',
				additionalFields: { vendor: 'Acme', url: '={{ $json.link }}', params: { param: [{ name: 'Цвет', code: 'color', value: '={{ $json.colour }}' }, { name: 'Модель', code: 'model', value: '={{ $json.model ? $json.model + "-" + $json.sku : "" }}' }] } },
				options: { fileName: 'shop.xml', binaryPropertyName: 'icml', missingQuantity: 'omit' },
			},
			items,
		);
		expect(result.error()).toBeUndefined();
		const [out] = result.output(BUILDER);
		expect(out.json).toMatchObject({ offers: 3, products: 2, categories: 1, warningCount: 1, fileName: 'shop.xml' });
		expect(out.json.warnings).toEqual([expect.objectContaining({ code: 'bad-url', field: 'url', offerId: 'T-1' })]);
		expect(out.binary?.icml?.mimeType).toBe('application/xml');
		expect(out.binary?.data).toBeUndefined();
		const offers = offersOf((await parseIcml(captured[0].files.icml)).root);
		expect(offers.map((o) => [o.$!.id, o.$!.productId, o.$!.quantity, textOf(o, 'productName'), textOf(o, 'vendor'), textOf(o, 'vatRate')])).toEqual([
			['T-1', 'T', undefined, 'Футболка', 'Acme', 'none'],
			['T-2', 'T', undefined, 'Футболка', 'Acme', 'none'],
			['S-1', 'S-1', undefined, 'Шарф', 'Acme', 'none'],
		]);
		const colour = offers.map((o) => ((o.param as Array<{ _: string; $: Record<string, string> }>) ?? []).filter((p) => p.$.code === 'color').map((p) => p._));
		expect(colour).toEqual([['белый'], ['чёрный'], []]);
		// An evaluated (not plain) expression in a property row: n8n runs it per item.
		const model = offers.map((o) => ((o.param as Array<{ _: string; $: Record<string, string> }>) ?? []).filter((p) => p.$.code === 'model').map((p) => p._));
		expect(model).toEqual([['T-T-1'], ['T-T-2'], []]);
	});

	it('Also Write to File Path writes the same bytes through n8n\'s file helpers, replacing the previous file atomically', async () => {
		mkdirSync(FILES_DIR, { recursive: true });
		const path = join(FILES_DIR, 'catalog.xml');
		// A previous, longer file also shows that the write truncates.
		writeFileSync(path, 'x'.repeat(20_000));
		const parameters = { options: { filePath: path } };
		const first = await run(parameters, [offerItem({ offerKey: 'A', name: 'Очень длинное название стола', price: 100 })]);
		expect(first.error()).toBeUndefined();
		// A reader that opened the old file (a web server mid-download) keeps reading the old, whole file:
		// the new one is renamed over the name instead of being written into the same file.
		const reader = openSync(path, 'r');
		const firstBytes = readFileSync(path);
		const second = await run(parameters, [offerItem({ offerKey: 'B', name: 'Стул', price: 50 })]);
		expect(second.error()).toBeUndefined();
		const [out] = second.output(BUILDER);
		expect(out.json.filePath).toBe(path);
		const onDisk = readFileSync(path);
		expect(onDisk.equals(captured[1].files.data)).toBe(true);
		expect(offersOf((await parseIcml(onDisk)).root).map((o) => o.$!.id)).toEqual(['B']);
		const stillOpen = Buffer.alloc(firstBytes.length);
		readSync(reader, stillOpen, 0, firstBytes.length, 0);
		closeSync(reader);
		expect(stillOpen.equals(firstBytes)).toBe(true);
		expect(readdirSync(FILES_DIR).filter((f) => f.endsWith('.tmp'))).toEqual([]);
	});

	it('"~/…" is the home folder of the user n8n runs as; missing folders inside the allowed one are created', async () => {
		rmSync(ALLOWED, { recursive: true, force: true });
		const result = await run({ options: { filePath: '~/.n8n-files/shop/www/catalog.xml' } }, [offerItem({ offerKey: 'A', name: 'Стол', price: 100 })]);
		expect(result.error()).toBeUndefined();
		const path = join(ALLOWED, 'shop', 'www', 'catalog.xml');
		expect(result.output(BUILDER)[0].json.filePath).toBe(path);
		expect(offersOf((await parseIcml(readFileSync(path))).root).map((o) => o.$!.id)).toEqual(['A']);
	});

	it('a path outside the folders n8n may write to is refused with a clear message; no folder is created, no output produced', async () => {
		const outside = mkdtempSync(join(tmpdir(), 'icml-outside-'));
		try {
			const path = join(outside, 'catalog.xml');
			writeFileSync(path, 'old');
			const result = await run({ options: { filePath: path } }, [offerItem({ offerKey: 'A', name: 'Стол', price: 100 })]);
			expect(result.error()?.message).toBe(
				`"${path}" is not a place n8n lets nodes write to: outside N8N_RESTRICT_FILE_ACCESS_TO (n8n 2.x allows only ~/.n8n-files unless it is set) or inside n8n's own folder. Choose a file inside an allowed folder, e.g. ~/.n8n-files/catalog.xml.`,
			);
			expect(readFileSync(path, 'utf8')).toBe('old');
			const nested = join(outside, 'new', 'catalog.xml');
			expect((await run({ options: { filePath: nested } }, [offerItem({ offerKey: 'A', name: 'Стол', price: 100 })])).error()?.message).toMatch(/is not a place n8n lets nodes write to/);
			expect(existsSync(join(outside, 'new'))).toBe(false);
			expect(captured).toHaveLength(0);
		} finally {
			rmSync(outside, { recursive: true, force: true });
		}
	});
});
