/**
 * Hostile corpus, part 1: retailCRM orders with missing, mistyped, oversized or odd fields, served by the retailCRM
 * sandbox as they stand and run through the shipped orders template (workflows/retailcrm-orders-to-1c.json) in n8n's
 * engine. All cases sit in one run next to a good order (5488), as a real backlog would:
 *  - a `refused` case leaves through the 1C node's error output with a message naming the order and the field, goes on
 *    the retry list, and leaves nothing in 1C (no document, no counterparty of its buyer) and nothing in retailCRM (no
 *    write-back); the run goes on for every other order;
 *  - a `loaded` case is a documented normalisation: the document holds what the case says, and a second run changes
 *    nothing (no 1C write for it).
 * The table is the spec; each row is a test.
 */
import type { IDataObject } from 'n8n-workflow';
import { SEED_ORDER_IDS, TRIGGER_STATUS } from '../sandboxes/retailcrm/server';
import type { Customer, Order } from '../sandboxes/retailcrm/types';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import { CONFIRM, DOCS, GET, ONEC, templateRunner } from '../helpers/orders-template';
import type { RunResult } from '../helpers/run-workflow';
import { expectNoSecrets, startWorld, type World } from './world';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Refused {
	/** The message names the order (by number, else id) and matches this (the field and the value). */
	refused: RegExp;
}
interface Loaded {
	/** Assertions on the live 1C document (and the world) after the first run. */
	loaded: (doc: Raw, ctx: { world: World; order: Raw }) => void;
	/** Expected СуммаДокумента; default: the order's totalSumm. */
	total?: number;
}
interface Case {
	name: string;
	mutate: (o: Raw) => void;
	/** Recompute summ/totalSumm from numeric lines after the mutation (default true). */
	keepTotals?: boolean;
	expect: Refused | Loaded;
}

const CONTROL = 'a\u0001b\u0000c\u0008d\u000be\u001ff\uFFFEg';
const longText = (n: number) => Array.from({ length: n }, (_x, i) => 'Комментарий покупателя '.charAt(i % 23)).join('');

const CASES: Case[] = [
	// Quantities
	{ name: 'quantity "abc"', mutate: (o) => (o.items[0].quantity = 'abc'), expect: { refused: /items\[0\]\.quantity holds "abc", not a number/ } },
	{ name: 'quantity true', mutate: (o) => (o.items[0].quantity = true), expect: { refused: /items\[0\]\.quantity holds true, not a number/ } },
	{ name: 'quantity missing', mutate: (o) => delete o.items[0].quantity, expect: { refused: /quantity is missing; it must be positive/ } },
	{ name: 'negative quantity', mutate: (o) => (o.items[0].quantity = -2), expect: { refused: /"Джинсы Элегантность \(48\)": quantity -2 must be positive/ } },
	{ name: 'zero quantity', mutate: (o) => (o.items[0].quantity = 0), expect: { refused: /quantity 0 must be positive/ } },
	{ name: 'quantity with 4 decimals', mutate: (o) => (o.items[0].quantity = 1.2345), expect: { refused: /quantity 1\.2345 must be positive with at most 3 decimals/ } },
	{
		name: 'fractional quantity 1.5 (weighed goods, 3 decimals allowed)',
		mutate: (o) => (o.items[0].quantity = 1.5),
		expect: { loaded: (doc) => expect(doc.Товары.map((r: Raw) => r.Количество)).toEqual([1.5]), total: 640 },
	},
	{
		name: 'quantity as numeric text "2"',
		mutate: (o) => {
			o.items[0].quantity = '2';
			o.totalSumm = 790;
		},
		keepTotals: true,
		expect: { loaded: (doc) => expect(doc.Товары[0].Количество).toBe(2), total: 790 },
	},
	{ name: 'quantity 1e12 (beyond 1C Number(15,3) sums)', mutate: (o) => (o.items[0].quantity = 1e12), expect: { refused: /line 1 "Джинсы Элегантность \(48\)": Количество 1000000000000 is too large for 1C/ } },
	// Prices
	{ name: 'price "1 990,00" (text with a comma)', mutate: (o) => (o.items[0].initialPrice = '1 990,00'), expect: { refused: /items\[0\]\.initialPrice holds "1 990,00", not a number/ } },
	{ name: 'price "300,50"', mutate: (o) => (o.items[0].initialPrice = '300,50'), expect: { refused: /items\[0\]\.initialPrice holds "300,50", not a number/ } },
	{
		name: 'price as numeric text "300.00"',
		mutate: (o) => (o.items[0].initialPrice = '300.00'),
		keepTotals: true,
		expect: { loaded: (doc) => expect(doc.Товары[0].Цена).toBe(300), total: 1390 },
	},
	{ name: 'negative price', mutate: (o) => (o.items[0].initialPrice = -300), expect: { refused: /price -300 is negative/ } },
	{ name: 'price "1e400" (infinite)', mutate: (o) => (o.items[0].initialPrice = '1e400'), expect: { refused: /items\[0\]\.initialPrice holds "1e400", not a number/ } },
	{ name: 'discount above the price', mutate: (o) => (o.items[0].discountTotal = 400), expect: { refused: /discount 400 exceeds price 300/ } },
	{ name: 'price 0 (a gift line)', mutate: (o) => (o.items[0].initialPrice = 0), expect: { refused: /line 1 "Джинсы Элегантность \(48\)" has a zero sum/ } },
	{ name: 'totalSumm "abc"', mutate: (o) => (o.totalSumm = 'abc'), keepTotals: true, expect: { refused: /totalSumm holds "abc", not a number/ } },
	{ name: 'totalSumm that disagrees with the lines', mutate: (o) => (o.totalSumm = 999), keepTotals: true, expect: { refused: /СуммаДокумента would be 1390, retailCRM total is 999/ } },
	// Lines
	{ name: 'items null (read as no lines: the delivery alone)', mutate: (o) => (o.items = null), expect: { loaded: (doc) => expect([doc.Товары.length, doc.Услуги.length]).toEqual([0, 1]), total: 190 } },
	{ name: 'items [] (the delivery alone)', mutate: (o) => (o.items = []), expect: { loaded: (doc) => expect([doc.Товары.length, doc.Услуги.length]).toEqual([0, 1]), total: 190 } },
	{ name: 'items "abc"', mutate: (o) => (o.items = 'abc'), expect: { refused: /items holds "abc", not a list/ } },
	{ name: 'a line that is null', mutate: (o) => (o.items = [null]), expect: { refused: /items\[0\] holds null, not an object/ } },
	{ name: 'a line that is a number', mutate: (o) => (o.items = [42]), expect: { refused: /items\[0\] holds 42, not an object/ } },
	{ name: 'offer null (a line typed by hand)', mutate: (o) => (o.items[0].offer = null), expect: { refused: /line 1 .*has no catalog offer|Item for Lines Without Offer/ } },
	{ name: 'offer externalId as a number', mutate: (o) => (o.items[0].offer = { id: 999, externalId: 12345 }), expect: { refused: /"12345"/ } },
	{ name: 'unknown VAT rate "abc"', mutate: (o) => (o.items[0].vatRate = 'abc'), expect: { refused: /VAT rate "abc" has no UT 10\.3/ } },
	{
		name: 'lines as an object keyed by id (PHP style)',
		mutate: (o) => (o.items = { 9001: { ...o.items[0], id: 9001 } }),
		expect: { loaded: (doc) => expect(doc.Товары).toHaveLength(1), total: 1390 },
	},
	{
		name: '3,000 lines',
		mutate: (o) => (o.items = Array.from({ length: 3000 }, (_x, i) => ({ ...o.items[0], id: 50_000 + i, quantity: 1, offer: { ...o.items[0].offer, id: 1 + (i % 2) } }))),
		expect: {
			loaded: (doc) => {
				expect(doc.Товары).toHaveLength(3000);
				expect(doc.Товары[2999]).toMatchObject({ Количество: 1, Сумма: 300 });
				expect(Number(doc.Товары[2999].LineNumber)).toBe(3000);
			},
			total: 900_190,
		},
	},
	// Delivery
	{ name: 'delivery null', mutate: (o) => (o.delivery = null), expect: { loaded: (doc) => expect(doc.Услуги).toHaveLength(0), total: 1200 } },
	{ name: 'delivery cost "190,50"', mutate: (o) => (o.delivery.cost = '190,50'), expect: { refused: /delivery\.cost holds "190,50", not a number/ } },
	{ name: 'delivery "abc"', mutate: (o) => (o.delivery = 'abc'), expect: { refused: /delivery holds "abc", not an object/ } },
	{ name: 'delivery address null', mutate: (o) => (o.delivery.address = null), expect: { loaded: (doc) => expect(doc.АдресДоставки).toBe('') } },
	{
		name: 'emoji and HTML in the delivery address',
		mutate: (o) => (o.delivery.address = { text: '🏠 <b>Москва</b> & "Тверская" 7' }),
		expect: { loaded: (doc) => expect(doc.АдресДоставки).toBe('🏠 <b>Москва</b> & "Тверская" 7') },
	},
	// Buyer
	{
		name: 'customer null',
		mutate: (o) => {
			delete o.customerId;
			o.customer = null;
		}, expect: { loaded: (doc, { world }) => expect(counterpartyName(world, doc)).toMatch(/Хостильный H\d{3}/) } },
	{
		name: 'customer "abc"',
		mutate: (o) => {
			delete o.customerId;
			o.customer = 'abc';
		}, expect: { refused: /customer holds "abc", not an object/ } },
	{ name: 'contragent null', mutate: (o) => (o.contragent = null), expect: { loaded: (doc, { world }) => expect(counterpartyName(world, doc)).toMatch(/Хостильный H\d{3}/) } },
	{ name: 'contragent 42', mutate: (o) => (o.contragent = 42), expect: { refused: /contragent holds 42, not an object/ } },
	{
		name: 'HTML in the buyer\'s name',
		mutate: (o) => {
			o.firstName = '<script>alert(1)</script>';
			o.lastName = '<b>Смит</b> & "Ко"';
		},
		expect: { loaded: (doc, { world }) => expect(counterpartyName(world, doc)).toBe('<b>Смит</b> & "Ко" <script>alert(1)</script>') },
	},
	{
		name: 'control characters in the buyer\'s name',
		mutate: (o) => (o.lastName = `Хостильный${CONTROL}`),
		// \u000b is white space (folded to one space like any run of spaces), the others are dropped.
		expect: { loaded: (doc, { world }) => expect(counterpartyName(world, doc)).toMatch(/^Хостильныйabcd efg H\d{3}$/) },
	},
	{
		name: 'a 500-character last name',
		mutate: (o) => (o.lastName = 'Я'.repeat(500)),
		expect: { loaded: (doc, { world }) => expect(counterpartyName(world, doc)).toBe('Я'.repeat(100)) },
	},
	{ name: 'phone as a number', mutate: (o) => (o.phone = 79990000777), expect: { loaded: (doc) => expect(doc.Posted).toBe(true) } },
	{ name: 'email 300 characters long', mutate: (o) => (o.email = `${'x'.repeat(288)}@example.ru`), expect: { loaded: (doc) => expect(doc.Posted).toBe(true) } },
	// Header fields
	{ name: 'number missing', mutate: (o) => delete o.number, expect: { refused: /has no number/ } },
	{ name: 'number as a number', mutate: (o) => (o.number = Number(o.number)), expect: { loaded: (doc, { order }) => expect(doc.Number).toBe(`ЦРМ0000${order.number}`) } },
	{ name: 'createdAt "yesterday"', mutate: (o) => (o.createdAt = 'yesterday'), expect: { refused: /has no createdAt/ } },
	{ name: 'customFields "abc"', mutate: (o) => (o.customFields = 'abc'), expect: { refused: /customFields holds "abc", not an object/ } },
	{ name: 'customFields [] (PHP\'s empty map)', mutate: (o) => (o.customFields = []), expect: { loaded: (doc) => expect(doc.Posted).toBe(true) } },
	{ name: 'payments "abc"', mutate: (o) => (o.payments = 'abc'), expect: { refused: /payments holds "abc", not a list/ } },
	// Texts
	{
		name: '100 KB customer comment',
		mutate: (o) => (o.customerComment = longText(100_000)),
		expect: { loaded: (doc) => expect(doc.Комментарий.length).toBeGreaterThanOrEqual(100_000) },
	},
	{
		name: 'control characters and emoji in the comment (XML-invalid ones dropped)',
		mutate: (o) => (o.customerComment = `😀 ${CONTROL} tab\tline\nend`),
		expect: { loaded: (doc, { order }) => expect(doc.Комментарий).toBe(`retailCRM №${order.number}\n😀 abcdefg tab\tline\nend`) },
	},
	{
		name: 'lone surrogates in the comment (dropped)',
		mutate: (o) => (o.customerComment = 'x\ud800y\udc00z 👍'),
		expect: { loaded: (doc, { order }) => expect(doc.Комментарий).toBe(`retailCRM №${order.number}\nxyz 👍`) },
	},
	{
		name: 'HTML and entities in the comment (kept as text)',
		mutate: (o) => (o.customerComment = '<img src=x onerror=alert(1)> &amp; &lt;'),
		expect: { loaded: (doc, { order }) => expect(doc.Комментарий).toBe(`retailCRM №${order.number}\n<img src=x onerror=alert(1)> &amp; &lt;`) },
	},
];

const FIRST_ID = 301;
const idOf = (i: number) => FIRST_ID + i;
const numberOf = (i: number) => String(7001 + i);
const pad = (i: number) => String(i).padStart(3, '0');

function counterpartyName(world: World, doc: Raw): string {
	return String(world.onec.state.store.get('Catalog_Контрагенты', String(doc.Контрагент_Key))?.Description ?? '');
}

function recomputeTotals(o: Raw): void {
	const items: Raw[] = Array.isArray(o.items) ? o.items : o.items && typeof o.items === 'object' ? Object.values(o.items) : [];
	const numeric = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
	o.summ = items.reduce((a, it) => a + (it && typeof it === 'object' ? (numeric(it.initialPrice) - numeric(it.discountTotal)) * numeric(it.quantity) : 0), 0);
	const cost = o.delivery && typeof o.delivery === 'object' ? numeric(o.delivery.cost) : 0;
	o.totalSumm = o.summ + cost;
}

/** A copy of seed order 5490 (4 × 300 + courier 190) as a new order of its own new buyer, then the case's change. */
function addCase(world: World, c: Case, i: number): Raw {
	const { crm } = world;
	const template = crm.state.orders.find((o) => o.id === SEED_ORDER_IDS['5490']) as unknown as Raw;
	const customer: Customer = {
		...structuredClone(crm.state.customers[0]),
		id: 400 + i,
		firstName: `H${pad(i)}`,
		lastName: 'Хостильный',
		email: `h${pad(i)}@example.ru`,
		phones: [{ number: `+7999200${pad(i)}0` }],
	};
	crm.state.customers.push(customer);
	const o: Raw = structuredClone(template);
	Object.assign(o, {
		id: idOf(i),
		number: numberOf(i),
		status: 'new',
		customerId: customer.id,
		firstName: customer.firstName,
		lastName: customer.lastName,
		email: customer.email,
		phone: customer.phones[0].number,
		externalId: undefined,
		customFields: {},
		payments: [],
	});
	o.items = o.items.map((it: Raw, k: number) => ({ ...it, id: 20_000 + i * 10 + k }));
	c.mutate(o);
	if (!c.keepTotals) recomputeTotals(o);
	crm.state.orders.push(o as unknown as Order);
	return o;
}

const docsOf = (world: World, id: number) =>
	world.onec.state.store.rows(DOCS).filter((d) => String(d['НомерВходящегоДокументаЭлектронногоОбмена'] ?? '').trim() === `crm#${id}`);

let world: World;
let first: RunResult;
let second: RunResult;
const orders: Raw[] = [];
let firstSeconds = 0;
let secondWrites: Array<{ method: string; path: string }> = [];

beforeAll(async () => {
	world = await startWorld();
	world.reset();
	const runner = templateRunner(() => world.credentials());
	const staticData: IDataObject = {};
	expect((await runner.run(staticData)).error()).toBeUndefined();
	world.crm.setStatus(SEED_ORDER_IDS['5488'], TRIGGER_STATUS);
	CASES.forEach((c, i) => orders.push(addCase(world, c, i)));
	world.crm.reindex();
	for (const o of orders) world.crm.setStatus(o.id, TRIGGER_STATUS);
	const started = Date.now();
	first = await runner.run(staticData);
	firstSeconds = (Date.now() - started) / 1000;
	world.onec.state.log.length = 0;
	second = await runner.run(staticData);
	secondWrites = world.onec.state.log.filter((e) => e.method !== 'GET').map((e) => ({ method: e.method, path: e.path }));
	if (process.env.HOSTILE_DUMP) for (const x of first.output(ONEC, 1)) process.stdout.write(`${String(x.json.error)}\n`);
	process.stdout.write(`hostile orders: ${CASES.length} cases + 1 good order in one run of the template: ${firstSeconds} s\n`);
}, 180_000);
afterAll(async () => world?.close());

describe('the run around the hostile orders', () => {
	it('completes without a node error, loads the good order, and puts no secret into any output', () => {
		expect(first.error()).toBeUndefined();
		expect(second.error()).toBeUndefined();
		const good = first.output(ONEC).find((i) => i.json.crmOrderId === SEED_ORDER_IDS['5488']);
		expect(good?.json).toMatchObject({ action: 'created', posted: true, total: 1990 });
		expect(first.output(GET).length).toBe(CASES.length + 1);
		expectNoSecrets(first, world);
		expectNoSecrets(second, world);
	});

	it('the second run writes nothing to 1C (refused orders are retried and refused again; loaded ones are unchanged)', () => {
		expect(secondWrites).toEqual([]);
	});
});

function errorItemFor(result: RunResult, order: Raw): string[] {
	const label = new RegExp(`^retailCRM order ${typeof order.number === 'string' || typeof order.number === 'number' ? String(order.number) : String(order.id)}[:, ]`);
	return result
		.output(ONEC, 1)
		.map((i) => String(i.json.error ?? ''))
		.filter((m) => label.test(m));
}

describe.each(CASES.map((c, i) => [c.name, c, i] as const))('hostile order: %s', (_name, c, i) => {
	const id = idOf(i);
	if ('refused' in c.expect) {
		const pattern = c.expect.refused;
		it('is refused by the 1C node, naming the order and the field; nothing of it stays in 1C or retailCRM', () => {
			const order = orders[i];
			const messages = errorItemFor(first, order);
			expect(messages).toHaveLength(1);
			expect(messages[0]).toMatch(pattern);
			const summary = first.output(CONFIRM)[0].json as { failed: Array<{ orderId: number }>; processed: number[] };
			expect(summary.failed.map((f) => f.orderId)).toContain(id);
			expect(summary.processed).not.toContain(id);
			// Retried in the second run and refused the same way.
			expect(errorItemFor(second, order)).toHaveLength(1);
			expect(docsOf(world, id)).toEqual([]);
			const buyers = world.onec.state.store.rows('Catalog_Контрагенты').filter((r) => String(r.Description).includes(`H${pad(i)}`));
			expect(buyers).toEqual([]);
			const crmOrder = world.crm.state.orders.find((o) => o.id === id)!;
			expect(crmOrder.externalId).toBeUndefined();
			expect((crmOrder.customFields as unknown as Raw)?.onec_number).toBeUndefined();
		});
	} else {
		const { loaded, total } = c.expect;
		it('is loaded as documented (one posted document); the second run changes nothing', () => {
			const order = orders[i];
			expect(errorItemFor(first, order)).toEqual([]);
			const live = docsOf(world, id).filter((d) => d.DeletionMark !== true);
			expect(live).toHaveLength(1);
			const doc = live[0] as Raw;
			expect(doc.Posted).toBe(true);
			expect(doc.СуммаДокумента).toBe(total ?? order.totalSumm);
			loaded(doc, { world, order });
			expect(second.output(ONEC).filter((x) => x.json.crmOrderId === id && x.json.action !== 'unchanged')).toEqual([]);
			expect(world.crm.state.orders.find((o) => o.id === id)!.externalId).toBe(doc.Ref_Key);
		});
	}
});

// Guard for the table itself: the good order's buyer differs from every case's buyer.
it('keeps the seed document and offers as they were', () => {
	expect(world.onec.state.store.get(DOCS, SEED_IDS.orders.existing)).toBeDefined();
});
