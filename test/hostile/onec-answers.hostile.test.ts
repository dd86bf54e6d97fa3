/**
 * Hostile corpus, part 2: 1C (or a proxy in front of it) answering what it should not: an HTML page with status 200,
 * JSON cut short, `value` that is not a list, rows with a mistyped field, an empty page, Atom instead of JSON, an
 * OData error with 200. The 1C sandbox handles each request as usual and then rewrites its answer (faults.rewrite),
 * so state changes behind the answer stay, as they would behind a proxy that mangles the answer.
 *
 * Each case runs one shipped template in n8n's engine and states what the user gets:
 *  - a read that fails names the 1C set and what came back; nothing downstream runs, so nothing half-built reaches
 *    retailCRM (no stock or price upload, no catalog answered: retailCRM keeps what it has);
 *  - the orders flow puts every order of the run on the retry list with the reason and writes nothing; a write whose
 *    answer was mangled is found again by its key on the next run (exactly one document).
 */
import type { IDataObject } from 'n8n-workflow';
import catalogTemplate from '../../workflows/1c-catalog-to-retailcrm-icml.json';
import stockTemplate from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import { runWorkflow, type RunResult } from '../helpers/run-workflow';
import { CONFIRM, DOCS, ONEC, templateRunner } from '../helpers/orders-template';
import { SEED_ORDER_IDS, TRIGGER_STATUS } from '../sandboxes/retailcrm/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import { seedCatalogIcml } from '../unit/stock-upload/seed-catalog';
import { catalogWebhookRun, expectNoSecrets, respondNode, startWorld, type World } from './world';

type Reply = { status: number; headers: Record<string, string>; body: string };
type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const html200 = (): Reply => ({
	status: 200,
	headers: { 'content-type': 'text/html; charset=utf-8' },
	body: '<html><head><title>Сервис временно недоступен</title></head><body><h1>Сервис временно недоступен</h1><p>Попробуйте позже.</p></body></html>',
});
const truncated = (r: Reply): Reply => ({ ...r, body: r.body.slice(0, Math.floor(r.body.length / 2)) });
const editJson =
	(edit: (json: Raw) => unknown) =>
	(r: Reply): Reply => {
		const json = JSON.parse(r.body) as Raw;
		const replaced = edit(json);
		return { ...r, body: JSON.stringify(replaced === undefined ? json : replaced) };
	};
const atom = (r: Reply): Reply => ({
	...r,
	headers: { 'content-type': 'application/atom+xml;type=feed;charset=utf-8' },
	body: '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><content/></entry></feed>',
});
const odataError200 = (): Reply => ({
	status: 200,
	headers: { 'content-type': 'application/json;charset=utf-8' },
	body: JSON.stringify({ 'odata.error': { code: '-1', message: { lang: 'ru', value: 'Превышено максимальное количество лицензий' } } }),
});

interface AnswerCase {
	name: string;
	template: 'catalog' | 'stock' | 'orders';
	match: string;
	method?: string;
	apply: (r: Reply) => Reply;
	/** The error (message and description) the user sees names this. */
	error?: RegExp;
	/** Further checks after the run (and, for orders, after a second run with 1C answering normally). */
	check?: (ctx: { world: World; first: RunResult; second?: RunResult }) => void;
}

const ITEMS = 'Catalog_Номенклатура';
const BALANCE = 'AccumulationRegister_ТоварыНаСкладах/Balance';
const PRICES = 'ЦеныНоменклатуры_RecordType/SliceLast';

const CASES: AnswerCase[] = [
	// The catalog (ICML) webhook row: a failed read answers nothing; retailCRM keeps its last catalog.
	{ name: 'catalog: an HTML page with status 200', template: 'catalog', match: ITEMS, apply: html200, error: /No OData answer from 1C \(HTTP 200, an HTML page\)/ },
	{ name: 'catalog: JSON cut in the middle', template: 'catalog', match: ITEMS, apply: truncated, error: /not OData JSON|JSON/ },
	{ name: 'catalog: "value" is an object, not a list', template: 'catalog', match: ITEMS, apply: editJson((j) => ({ ...j, value: { 0: j.value[0] } })), error: /Catalog_Номенклатура/ },
	{ name: 'catalog: the answer is JSON null', template: 'catalog', match: ITEMS, apply: (r) => ({ ...r, body: 'null' }), error: /Catalog_Номенклатура|not OData JSON/ },
	{ name: 'catalog: an item\'s Description is a number', template: 'catalog', match: ITEMS, apply: editJson((j) => void (j.value[0].Description = 42)), error: /Description/ },
	{ name: 'catalog: an item\'s Ref_Key is not a GUID', template: 'catalog', match: ITEMS, apply: editJson((j) => void (j.value[0].Ref_Key = 'not-a-guid')), error: /Ref_Key/ },
	{
		name: 'catalog: an empty page (no items at all; the folders read as usual)',
		template: 'catalog',
		match: ITEMS,
		// Only the item read (it selects Артикул); the folder read before it answers as usual. Get Items puts out no
		// item, so nothing is built and the row answers retailCRM with no catalog: retailCRM keeps the one it has.
		apply: editJson((j) => (j.value?.[0] && 'Артикул' in j.value[0] ? { ...j, value: [] } : j)),
		check: ({ first }) => expect(first.output('1C: Get Items (on request)')).toEqual([]),
	},
	{ name: 'catalog: Atom XML instead of JSON (a proxy dropped $format)', template: 'catalog', match: ITEMS, apply: atom, error: /Atom XML instead of JSON/ },
	{ name: 'catalog: an OData error with status 200 (a proxy or cache)', template: 'catalog', match: ITEMS, apply: odataError200, error: /1C: «Превышено максимальное количество лицензий»/ },
	// The stock template: a failed read uploads nothing.
	{ name: 'stock: Balance answer cut in the middle', template: 'stock', match: BALANCE, apply: truncated, error: /ТоварыНаСкладах|not OData JSON|JSON/ },
	{ name: 'stock: a balance quantity "abc"', template: 'stock', match: BALANCE, apply: editJson((j) => void (j.value[0].КоличествоBalance = 'abc')), error: /КоличествоBalance/ },
	{ name: 'stock: an HTML page with status 200 on Balance', template: 'stock', match: BALANCE, apply: html200, error: /No OData answer from 1C \(HTTP 200, an HTML page\)/ },
	{ name: 'stock: a price "1 990,00"', template: 'stock', match: PRICES, apply: editJson((j) => void (j.value[0].Цена = '1 990,00')), error: /Цена/ },
	{ name: 'stock: SliceLast answered with JSON cut short', template: 'stock', match: PRICES, apply: truncated, error: /ЦеныНоменклатуры|not OData JSON|JSON/ },
	// The orders template: every order of the run waits on the retry list; nothing half-written.
	{
		name: 'orders: an HTML page with status 200 on the document look-up',
		template: 'orders',
		match: 'Document_ЗаказПокупателя',
		method: 'GET',
		apply: html200,
		error: /No OData answer from 1C \(HTTP 200, an HTML page\)/,
	},
	{
		name: 'orders: counterparty look-up rows with a numeric Description',
		template: 'orders',
		match: 'Catalog_Контрагенты',
		method: 'GET',
		apply: editJson((j) => {
			for (const row of j.value ?? []) row.Description = 42;
		}),
		error: /Description/,
	},
	{
		name: 'orders: the answer to the document create cut short (the document was written)',
		template: 'orders',
		match: 'Document_ЗаказПокупателя',
		method: 'POST',
		apply: truncated,
		error: /not OData JSON|JSON/,
	},
	{
		name: 'orders: an HTML page with status 200 as the answer to Post',
		template: 'orders',
		match: '/Post',
		method: 'POST',
		apply: html200,
	},
];

const ORDER_IDS = [SEED_ORDER_IDS['5488'], SEED_ORDER_IDS['5490']];

function errorText(result: RunResult): string {
	const e = result.error() as (Error & { description?: string }) | undefined;
	return e ? `${e.message}\n${e.description ?? ''}` : '';
}

let world: World;
beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world?.close());

async function runCase(c: AnswerCase): Promise<{ first: RunResult; second?: RunResult; responded: IDataObject[] }> {
	world.reset();
	const responded: IDataObject[] = [];
	const rewrite = () => world.onec.state.faults.rewrite.push({ count: 1000, match: c.match, ...(c.method ? { method: c.method } : {}), apply: c.apply });
	if (c.template === 'catalog') {
		rewrite();
		const first = await runWorkflow(catalogTemplate, {
			credentials: world.credentials(),
			trigger: 'Catalog URL for retailCRM',
			mode: 'webhook',
			...catalogWebhookRun(catalogTemplate),
			extraNodeTypes: { 'n8n-nodes-base.respondToWebhook': respondNode(responded) },
		});
		return { first, responded };
	}
	if (c.template === 'stock') {
		world.crm.importIcml(seedCatalogIcml('all'));
		for (const offer of world.crm.state.offers) {
			offer.stocks = {};
			offer.prices = {};
		}
		rewrite();
		const first = await runWorkflow(stockTemplate, { credentials: world.credentials(), trigger: 'Every 15 Minutes', staticData: {} });
		return { first, responded };
	}
	const runner = templateRunner(() => world.credentials());
	const staticData: IDataObject = {};
	await runner.run(staticData);
	for (const id of ORDER_IDS) world.crm.setStatus(id, TRIGGER_STATUS);
	rewrite();
	const first = await runner.run(staticData);
	world.onec.state.faults.rewrite.length = 0;
	const second = await runner.run(staticData);
	return { first, second, responded };
}

const ourDocs = (world: World) =>
	world.onec.state.store.rows(DOCS).filter((d) => d.Ref_Key !== SEED_IDS.orders.existing && d.DeletionMark !== true);

describe.each(CASES.map((c) => [c.name, c] as const))('hostile 1C answer: %s', (_name, c) => {
	it(c.template === 'orders' ? 'fails the orders of the run with the reason, writes nothing half-way, and the next run converges' : 'fails the read naming the 1C set and what came back; nothing downstream runs', async () => {
		const { first, second, responded } = await runCase(c);
		if (process.env.HOSTILE_DUMP) process.stdout.write(`${c.name}: ${errorText(first) || JSON.stringify(first.output(CONFIRM)[0]?.json.failed)}\n`);
		expectNoSecrets(first, world);
		if (c.template === 'catalog') {
			if (c.error) expect(errorText(first)).toMatch(c.error);
			else expect(first.error()).toBeUndefined();
			expect(responded).toEqual([]);
		} else if (c.template === 'stock') {
			expect(errorText(first)).toMatch(c.error as RegExp);
			// The failed branch uploads nothing (the other branch, stock or prices, may have run before it).
			const prices = c.match === PRICES;
			const upload = prices ? '/api/v5/store/prices/upload' : '/api/v5/store/inventories/upload';
			expect(world.crm.requests().filter((r) => r.path === upload)).toEqual([]);
			expect(world.crm.state.offers.every((o) => Object.keys(prices ? o.prices : o.stocks).length === 0)).toBe(true);
		} else {
			expect(first.error()).toBeUndefined();
			const failed = (first.output(CONFIRM)[0].json.failed as Array<{ orderId: number; error: string }>) ?? [];
			if (c.error) {
				expect(failed.map((f) => f.orderId).sort()).toEqual([...ORDER_IDS].sort());
				for (const f of failed) expect(f.error).toMatch(c.error);
			}
			// Whatever the first run managed, the second (1C answering normally) leaves exactly one posted document per
			// order, with the CRM total, and nothing else.
			expect(second?.error()).toBeUndefined();
			const docs = ourDocs(world);
			expect(docs.map((d) => String(d['НомерВходящегоДокументаЭлектронногоОбмена']).trim()).sort()).toEqual(ORDER_IDS.map((id) => `crm#${id}`).sort());
			expect(docs.every((d) => d.Posted === true)).toBe(true);
			expect(docs.map((d) => d.СуммаДокумента).sort()).toEqual([1390, 1990]);
			expect(world.onec.state.store.rows('Catalog_Контрагенты').filter((r) => r.Description === 'покупатель Розничный')).toHaveLength(1);
			expect(second!.output(ONEC, 1)).toEqual([]);
		}
		c.check?.({ world, first, second });
	});
});
