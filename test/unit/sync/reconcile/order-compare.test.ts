import { CANCEL_MARK } from '../../../../nodes/core/sync/orders/convergence';
import type { CrmOrderLike } from '../../../../nodes/core/sync/orders/crm-order';
import { compareLines, compareOrder } from '../../../../nodes/core/sync/reconcile/order-compare';
import { escapeHtml, MAX_ROWS_PER_KIND, renderReportHtml } from '../../../../nodes/core/sync/reconcile/report-html';
import { summarize } from '../../../../nodes/core/sync/reconcile/reconcile';
import { buildCustomerOrder } from '../../../../nodes/core/sync/orders/document';
import { baseOrder, jeans, refsFor } from '../orders/seed-orders';

const ITEM_A = '11111111-1111-4111-8111-111111111111';
const ITEM_B = '22222222-2222-4222-8222-222222222222';
const CHAR_B = '33333333-3333-4333-8333-333333333333';
const DELIVERY = '44444444-4444-4444-8444-444444444444';

const order = (extra: Partial<CrmOrderLike> = {}): CrmOrderLike =>
	({
		id: 7,
		number: '7A',
		status: 'send-to-assembling',
		totalSumm: 1100,
		items: [
			{ quantity: 2, initialPrice: 300, discountTotal: 0, offer: { externalId: ITEM_A, name: 'Джинсы' } },
			{ quantity: 1, initialPrice: 400, discountTotal: 0, offer: { externalId: `${ITEM_B}#${CHAR_B}`, name: 'Футболка, M' } },
		],
		delivery: { cost: 100 },
		...extra,
	}) as CrmOrderLike;

const doc = (extra: Record<string, unknown> = {}) => ({
	Ref_Key: 'aaaaaaaa-0000-4000-8000-000000000001',
	Number: 'ЦРМ0000007A',
	Date: '2026-11-01T10:00:00',
	Posted: true,
	DeletionMark: false,
	СуммаДокумента: 1100,
	УчитыватьНДС: true,
	СуммаВключаетНДС: true,
	Комментарий: '',
	НомерВходящегоДокументаЭлектронногоОбмена: 'crm#7',
	Товары: [
		{ Номенклатура_Key: ITEM_A, ХарактеристикаНоменклатуры_Key: '00000000-0000-0000-0000-000000000000', Количество: 2, Сумма: 600, СуммаНДС: 100 },
		{ Номенклатура_Key: ITEM_B, ХарактеристикаНоменклатуры_Key: CHAR_B, Количество: 1, Сумма: 400, СуммаНДС: 66.67 },
	],
	Услуги: [{ Номенклатура_Key: DELIVERY, Количество: 1, Сумма: 100, СуммаНДС: 16.67 }],
	...extra,
});

const kinds = (out: ReturnType<typeof compareOrder>) => out.discrepancies.map((d) => [d.kind, d.severity]);

describe('one order against its 1C documents', () => {
	it('an order equal to its one posted document: nothing; an order that does not concern 1C: nothing whatever 1C has', () => {
		expect(kinds(compareOrder(order(), 'load', [doc()], []))).toEqual([]);
		expect(kinds(compareOrder(order(), 'follow', [doc()], []))).toEqual([]);
		expect(kinds(compareOrder(order(), undefined, [doc(), doc({ Number: 'X' })], []))).toEqual([]);
		expect(kinds(compareOrder(order(), undefined, [], []))).toEqual([]);
	});

	it('missing: no live document; the fix depends on what 1C still holds', () => {
		const none = compareOrder(order(), 'load', [], []);
		expect(kinds(none)).toEqual([['missingIn1C', 'error']]);
		expect(none.discrepancies[0]).toMatchObject({ oneC: null, crm: { id: 7, total: 1100 }, fix: expect.stringMatching(/trigger status again/) });
		const byUser = compareOrder(order(), 'follow', [], [doc({ DeletionMark: true })]);
		expect(byUser.discrepancies[0].fix).toMatch(/A 1C user marked document ЦРМ0000007A for deletion/);
		const ours = doc({ DeletionMark: true, Posted: false, Комментарий: `x ${CANCEL_MARK}` });
		expect(compareOrder(order(), 'load', [], [ours]).discrepancies[0].fix).toMatch(/released when the order was cancelled/);
		// A followed order whose document the flow released is as promised: it returns with a trigger status.
		expect(kinds(compareOrder(order({ status: 'assembling' }), 'follow', [], [ours]))).toEqual([]);
	});

	it('duplicates: reported once, naming the kept and the extra documents; the kept one is compared further', () => {
		const out = compareOrder(order(), 'load', [doc(), doc({ Number: 'ЦРМ0000009Z', Ref_Key: 'b', СуммаДокумента: 5 })], []);
		expect(kinds(out)).toEqual([['duplicateIn1C', 'error']]);
		expect(out.discrepancies[0].fix).toMatch(/Keep 1C document ЦРМ0000007A and mark ЦРМ0000009Z/);
		expect(out.discrepancies[0].documents).toEqual(['aaaaaaaa-0000-4000-8000-000000000001', 'b']);
	});

	it('a cancelled order: a posted document is an error; an unposted one is as promised', () => {
		const posted = compareOrder(order({ status: 'cancel-other' }), 'cancel', [doc()], []);
		expect(kinds(posted)).toEqual([['postedState', 'error']]);
		expect(posted.discrepancies[0].crm).toMatchObject({ cancelled: true });
		expect(kinds(compareOrder(order({ status: 'cancel-other' }), 'cancel', [doc({ Posted: false, Комментарий: CANCEL_MARK })], []))).toEqual([]);
		expect(kinds(compareOrder(order({ status: 'cancel-other' }), 'cancel', [], []))).toEqual([]);
	});

	it('a loaded order whose document is not posted, or still released, is a warning', () => {
		expect(kinds(compareOrder(order(), 'load', [doc({ Posted: false })], []))).toEqual([['postedState', 'warning']]);
		const released = compareOrder(order(), 'load', [doc({ Posted: false, Комментарий: CANCEL_MARK })], []);
		expect(released.discrepancies[0].fix).toMatch(/still released/);
		expect(kinds(compareOrder(order(), 'follow', [doc({ Posted: false, Комментарий: CANCEL_MARK })], []))).toEqual([]);
	});

	it('totals: the 1C total against the CRM total, with VAT on top when 1C keeps it outside the sum', () => {
		const out = compareOrder(order({ totalSumm: 1200 }), 'load', [doc()], []);
		expect(kinds(out)).toEqual([['totalDiffers', 'warning']]);
		expect(out.discrepancies[0]).toMatchObject({ crm: { total: 1200 }, oneC: { total: 1100 } });
		// Lines compared with СуммаНДС added when СуммаВключаетНДС is off.
		const net = doc({ СуммаВключаетНДС: false, Товары: [{ Номенклатура_Key: ITEM_A, Количество: 2, Сумма: 500, СуммаНДС: 100 }, { Номенклатура_Key: ITEM_B, ХарактеристикаНоменклатуры_Key: CHAR_B, Количество: 1, Сумма: 333.33, СуммаНДС: 66.67 }] });
		expect(compareLines(order(), net)?.differences).toEqual([]);
	});

	it('lines: quantity, sum, a line missing in 1C, an extra goods line; the delivery row of Услуги is no extra line', () => {
		const changed = doc({
			Товары: [
				{ Номенклатура_Key: ITEM_A, Количество: 3, Сумма: 600 },
				{ Номенклатура_Key: DELIVERY.replace('4444', '5555'), Количество: 1, Сумма: 1 },
			],
		});
		const lines = compareLines(order(), changed);
		expect(lines?.differences).toEqual([
			'"Джинсы": quantity 2 in retailCRM, 3 in 1C',
			`"Футболка, M" (${ITEM_B}#${CHAR_B}) is not in the 1C document`,
			`1C has a line ${DELIVERY.replace('4444', '5555')} (quantity 1) that the retailCRM order does not`,
		]);
		const sum = compareLines(order(), doc({ Товары: [{ Номенклатура_Key: ITEM_A, Количество: 2, Сумма: 590 }, doc().Товары[1]] }));
		expect(sum?.differences).toEqual(['"Джинсы": sum 600 in retailCRM, 590 in 1C']);
		expect(kinds(compareOrder(order(), 'load', [changed], []))).toEqual([['linesDiffer', 'warning']]);
	});

	describe('VAT on top of the sum: the kopecks the flow moves between rows are not differences', () => {
		type DocRow = Record<string, unknown>;
		const written = (o: CrmOrderLike) => {
			const built = buildCustomerOrder(o, refsFor(o), { amountIncludesVat: false });
			return { notes: built.notes, doc: { ...built.payload, Ref_Key: 'r1', Posted: true, DeletionMark: false } as DocRow };
		};
		const goods = (d: DocRow) => d.Товары as DocRow[];

		it('one row\'s net moved by a kopeck (0.03 + 1.01 at 20 %: 0.03 net has 0.01 VAT)', () => {
			const o = baseOrder('8004', [jeans(48, 1, { initialPrice: 0.03, vatRate: '20' }), jeans(50, 1, { initialPrice: 1.01, vatRate: '20' })], 0, 1.04, '2015-10-12 10:00:00');
			const { notes, doc: d } = written(o);
			expect(notes.join(' ')).toMatch(/net moved by/);
			expect(compareOrder(o, 'load', [d], []).discrepancies).toEqual([]);
			// Five kopecks of net moved between the rows (the total kept): not the flow's doing, reported.
			const [a, b] = goods(d);
			a.Сумма = Number(a.Сумма) + 0.05;
			b.Сумма = Number(b.Сумма) - 0.05;
			expect(kinds(compareOrder(o, 'load', [d], []))).toEqual([['linesDiffer', 'warning']]);
		});

		it('a row\'s СуммаНДС one kopeck off the rate (48.57 + 2 × 59.21 at 20 %: no net move reaches the total)', () => {
			const o = baseOrder('8005', [jeans(48, 1, { initialPrice: 48.57, vatRate: '20' }), jeans(50, 2, { initialPrice: 59.21, vatRate: '20' })], 0, 166.99, '2015-10-12 10:00:00');
			const { notes, doc: d } = written(o);
			expect(notes.join(' ')).toMatch(/СуммаНДС −0.01/);
			expect(compareOrder(o, 'load', [d], []).discrepancies).toEqual([]);
			// Three kopecks of VAT moved between the rows (the total kept): not the flow's doing, reported.
			const [a, b] = goods(d);
			a.СуммаНДС = Number(a.СуммаНДС) + 0.03;
			b.СуммаНДС = Number(b.СуммаНДС) - 0.03;
			a.Сумма = Number(a.Сумма) + 0.03;
			b.Сумма = Number(b.Сумма) - 0.03;
			expect(kinds(compareOrder(o, 'load', [d], []))).toEqual([['linesDiffer', 'warning']]);
		});

		it('with a document total other than the order\'s, a kopeck of a line is reported', () => {
			const o = baseOrder('8004', [jeans(48, 1, { initialPrice: 0.03, vatRate: '20' }), jeans(50, 1, { initialPrice: 1.01, vatRate: '20' })], 0, 1.04, '2015-10-12 10:00:00');
			const { doc: d } = written(o);
			goods(d)[1].Сумма = Number(goods(d)[1].Сумма) + 0.01;
			d.СуммаДокумента = Number(d.СуммаДокумента) + 0.01;
			expect(kinds(compareOrder(o, 'load', [d], []))).toEqual([['totalDiffers', 'warning'], ['linesDiffer', 'warning']]);
		});
	});

	it('lines of offers not keyed by 1C GUIDs are not compared (the total still is)', () => {
		const byArticle = order({ items: [{ quantity: 1, initialPrice: 1000, discountTotal: 0, offer: { externalId: 'ART-1', name: 'x' } }] });
		expect(compareLines(byArticle, doc())).toBeUndefined();
		const out = compareOrder(byArticle, 'load', [doc()], []);
		expect(out.linesSkipped).toBe(true);
		expect(kinds(out)).toEqual([]);
	});
});

describe('the HTML report', () => {
	it('escapes what retailCRM or 1C hold, counts every kind, and colours rows by severity', () => {
		const found = [...compareOrder(order({ number: '<b>7</b>' }), 'load', [], []).discrepancies, ...compareOrder(order(), 'load', [doc({ Posted: false })], []).discrepancies];
		const summary = summarize(found, { orders: 2 }, ['a <note>'], { now: '2026-12-01T00:00:00.000Z' });
		expect(summary).toMatchObject({ errors: 1, warnings: 1, agree: false, counts: { missingIn1C: 1, postedState: 1, totalDiffers: 0 } });
		const html = renderReportHtml(summary, found);
		expect(html).toContain('retailCRM order &lt;b&gt;7&lt;/b&gt;');
		expect(html).not.toContain('<b>7</b>');
		expect(html).toContain('a &lt;note&gt;');
		expect(html.match(/<h2 id=/g)).toHaveLength(2);
		expect(html).toContain('<tr class="error"><td><span class="sev error">error</span> retailCRM order &lt;b&gt;7&lt;/b&gt;');
		expect(html).toContain('<tr class="warning"><td><span class="sev warning">warning</span> retailCRM order 7A');
		expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
	});

	it('shows at most MAX_ROWS_PER_KIND rows of a kind and says how many more the items hold', () => {
		const many = Array.from({ length: MAX_ROWS_PER_KIND + 3 }, (_x, i) => compareOrder(order({ id: i, number: String(i) }), 'load', [], []).discrepancies[0]);
		const html = renderReportHtml(summarize(many, {}, [], { now: 'now' }), many);
		expect(html.match(/<tr class="error"><td><span class="sev/g)).toHaveLength(MAX_ROWS_PER_KIND);
		expect(html).toContain('… and 3 more, in the node&#39;s output items.'.replace('&#39;', "'"));
	});
});
