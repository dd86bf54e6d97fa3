import { buildCustomerOrder, deliveryAddressText } from '../../../../nodes/core/sync/orders/document';
import { OrderMappingError } from '../../../../nodes/core/sync/orders/errors';
import { checkTotals, documentTotal } from '../../../../nodes/core/sync/orders/totals';
import { EMPTY_GUID } from '../../../../nodes/core/sync/orders/ut103-model';
import { GUIDS, ORDER_5488, ORDER_5489, ORDER_5490, baseOrder, goodsLine, jeans, refsFor } from './seed-orders';

/** Σ of a row field in kopecks, computed with integers so the test does not share the code's arithmetic. */
const kopecks = (rows: Array<Record<string, unknown>>, field: string): number =>
	rows.reduce((s, r) => s + Math.round((r[field] as number) * 100), 0);

describe('seed orders 5488, 5489, 5490 → ЗаказПокупателя', () => {
	it.each([
		[ORDER_5488, 'ЦРМ00005488', 1990],
		[ORDER_5489, 'ЦРМ00005489', 1070],
		[ORDER_5490, 'ЦРМ00005490', 1390],
	])('%#: number and СуммаДокумента equal the CRM total', (make, number, total) => {
		const order = make();
		const { payload, mismatch } = buildCustomerOrder(order, refsFor(order));
		expect(payload.Number).toBe(number);
		expect(payload.СуммаДокумента).toBe(total);
		expect(kopecks(payload.Товары as never, 'Сумма') + kopecks(payload.Услуги as never, 'Сумма')).toBe(total * 100);
		expect(mismatch).toBeUndefined();
		expect(payload.НомерВходящегоДокументаЭлектронногоОбмена).toBe(`crm#${order.id}`);
	});

	it('5488: header, rows and delivery service as UT 10.3 wants them', () => {
		const order = ORDER_5488();
		const { payload } = buildCustomerOrder(order, refsFor(order));
		expect(payload).toMatchObject({
			Date: '2015-10-12T17:08:34',
			Организация_Key: GUIDS.organization,
			Контрагент_Key: GUIDS.counterparty,
			ДоговорКонтрагента_Key: GUIDS.contract,
			ВалютаДокумента_Key: GUIDS.rub,
			КурсВзаиморасчетов: 1,
			КратностьВзаиморасчетов: '1',
			ТипЦен_Key: GUIDS.priceType,
			СкладГруппа: GUIDS.warehouse,
			СкладГруппа_Type: 'StandardODATA.Catalog_Склады',
			УчитыватьНДС: true,
			СуммаВключаетНДС: true,
			Ответственный_Key: GUIDS.responsible,
			Комментарий: 'retailCRM №5488',
			ДатаОтгрузки: '2015-10-13T00:00:00',
			АдресДоставки: 'Москва, Тверская ул., д. 1, кв. 5',
			ДатаВходящегоДокументаЭлектронногоОбмена: '2015-10-12T17:08:34',
		});
		// UT 10.3 ЗаказПокупателя has no ВидОперации (metadata): we must not send one.
		expect(payload).not.toHaveProperty('ВидОперации');
		expect(payload.Товары).toEqual([
			{
				LineNumber: '1', Номенклатура_Key: GUIDS.jeans48, ХарактеристикаНоменклатуры_Key: EMPTY_GUID, ЕдиницаИзмерения_Key: GUIDS.unitPcs,
				Коэффициент: 1, Количество: 3, Цена: 300, ПроцентСкидкиНаценки: 0, ПроцентАвтоматическихСкидок: 0, Сумма: 900,
				СтавкаНДС: 'БезНДС', СуммаНДС: 0, Размещение: '', Размещение_Type: 'StandardODATA.Undefined',
			},
			expect.objectContaining({ LineNumber: '2', Номенклатура_Key: GUIDS.jeans50, Количество: 3, Цена: 300, Сумма: 900 }),
		]);
		expect(payload.Услуги).toEqual([
			{ LineNumber: '1', Номенклатура_Key: GUIDS.delivery, Содержание: 'Доставка', Количество: 1, Цена: 190, ПроцентСкидкиНаценки: 0, ПроцентАвтоматическихСкидок: 0, Сумма: 190, СтавкаНДС: 'БезНДС', СуммаНДС: 0 },
		]);
	});

	it('5489: per-item discount lowers Цена; the customer comment follows the CRM number', () => {
		const order = ORDER_5489();
		const { payload } = buildCustomerOrder(order, refsFor(order));
		expect(payload.Товары[0]).toMatchObject({ Количество: 3, Цена: 290, Сумма: 870 });
		expect(payload.Комментарий).toBe('retailCRM №5489\nПозвонить за час');
	});

	it('5490: an order discount spread by retailCRM as discountTotal per unit', () => {
		const order = ORDER_5490();
		const { payload } = buildCustomerOrder(order, refsFor(order));
		expect(payload.Товары.map((r) => [r.Цена, r.Сумма])).toEqual([[272.5, 545], [272.5, 545]]);
		expect(payload.Услуги[0].Сумма).toBe(300);
	});

	it('reserves on the warehouse only when asked, and can leave numbering to 1C', () => {
		const order = ORDER_5488();
		const { payload } = buildCustomerOrder(order, refsFor(order), { reserve: true, numberMode: 'onec' });
		expect(payload.Товары[0]).toMatchObject({ Размещение: GUIDS.warehouse, Размещение_Type: 'StandardODATA.Catalog_Склады' });
		expect(payload).not.toHaveProperty('Number');
	});
});

describe('VAT inside and outside the sum', () => {
	const vatOrder = () => {
		const order = ORDER_5488();
		order.items = [jeans(48, 3, { vatRate: '20.00' }), jeans(50, 3, { vatRate: 20 })];
		order.delivery = { ...order.delivery, vatRate: '20.00' };
		return order;
	};

	it('inside: СуммаНДС = Сумма·20/120 per row, total unchanged', () => {
		const order = vatOrder();
		const { payload, mismatch } = buildCustomerOrder(order, refsFor(order));
		expect(payload.Товары.map((r) => [r.СтавкаНДС, r.Сумма, r.СуммаНДС])).toEqual([['НДС20', 900, 150], ['НДС20', 900, 150]]);
		// 190 / 6 = 31.666… → 31.67
		expect(payload.Услуги[0]).toMatchObject({ СтавкаНДС: 'НДС20', Сумма: 190, СуммаНДС: 31.67 });
		expect(payload.СуммаДокумента).toBe(1990);
		expect(mismatch).toBeUndefined();
	});

	it('outside: rows carry net amounts and 1C adds VAT back up to the CRM total', () => {
		const order = vatOrder();
		const { payload, mismatch } = buildCustomerOrder(order, refsFor(order), { amountIncludesVat: false });
		expect(payload.СуммаВключаетНДС).toBe(false);
		expect(payload.Товары[0]).toMatchObject({ Цена: 250, Сумма: 750, СуммаНДС: 150 });
		// 190 gross → 158.33 net + 31.67 VAT (158.33 × 0.2 = 31.666 → 31.67)
		expect(payload.Услуги[0]).toMatchObject({ Сумма: 158.33, СуммаНДС: 31.67 });
		const net = kopecks(payload.Товары as never, 'Сумма') + kopecks(payload.Услуги as never, 'Сумма');
		const vat = kopecks(payload.Товары as never, 'СуммаНДС') + kopecks(payload.Услуги as never, 'СуммаНДС');
		expect(net + vat).toBe(199000);
		expect(payload.СуммаДокумента).toBe(1990);
		expect(mismatch).toBeUndefined();
	});

	it('outside: a kopeck no single row can reach is moved onto another row, or into one row\'s VAT; more is reported', () => {
		// 0.03 gross at 20 % on top: net 0.03 + VAT 0.01 = 0.04, net 0.02 + 0.00 = 0.02 — 0.03 is unreachable by a net:
		// the row's СуммаНДС takes the kopeck (gross − net), one kopeck off Окр(0.03 × 0.2).
		const alone = baseOrder('8001', [jeans(48, 1, { initialPrice: 0.03, vatRate: '20' })], 0, 0.03, '2015-10-12 10:00:00');
		const lone = buildCustomerOrder(alone, refsFor(alone), { amountIncludesVat: false });
		expect(lone.mismatch).toBeUndefined();
		expect(lone.payload.Товары[0]).toMatchObject({ Сумма: 0.03, СуммаНДС: 0 });
		expect(lone.payload.СуммаДокумента).toBe(0.03);
		expect(lone.notes.join()).toContain('Товары row 1: СуммаНДС −0.01');

		// 5 kopecks more than the line adds up to is no rounding: no net move reaches it, one row's VAT takes at most one kopeck.
		const off = baseOrder('8003', [jeans(48, 1, { initialPrice: 100, vatRate: '20' })], 0, 100.05, '2015-10-12 10:00:00');
		const refused = buildCustomerOrder(off, refsFor(off), { amountIncludesVat: false });
		expect(refused.mismatch).toMatchObject({ expected: 100.05, actual: 100, difference: -0.05 });
		expect(refused.payload.Товары[0]).toMatchObject({ Сумма: 83.33, СуммаНДС: 16.67 });

		const withDelivery = baseOrder('8002', [jeans(48, 1, { initialPrice: 0.03, vatRate: '20' })], 1.01, 1.04, '2015-10-12 10:00:00');
		withDelivery.delivery = { ...withDelivery.delivery, vatRate: '20' };
		const fixed = buildCustomerOrder(withDelivery, refsFor(withDelivery), { amountIncludesVat: false });
		expect(fixed.mismatch).toBeUndefined();
		expect(fixed.payload.Услуги[0]).toMatchObject({ Сумма: 0.83, СуммаНДС: 0.17 });
		expect(fixed.payload.СуммаДокумента).toBe(1.04);
		expect(fixed.notes.join()).toContain('Услуги row 1: net moved by -0.01');
	});

	it('outside: one line 3 × 100.01 at 20 % (300.03: nets give 300.02 or 300.04) loads, the row\'s VAT takes the kopeck', () => {
		const order = baseOrder('8004', [jeans(48, 3, { initialPrice: 100.01, vatRate: '20' })], 0, 300.03, '2015-10-12 10:00:00');
		const { payload, mismatch, notes } = buildCustomerOrder(order, refsFor(order), { amountIncludesVat: false });
		expect(mismatch).toBeUndefined();
		expect(payload.СуммаДокумента).toBe(300.03);
		expect(payload.Товары).toHaveLength(1);
		const [row] = payload.Товары;
		expect(kopecks([row] as never, 'Сумма') + kopecks([row] as never, 'СуммаНДС')).toBe(30003);
		// VAT = gross − net, at most one kopeck off Окр(Сумма × 20 / 100, 2)
		expect(Math.abs(Math.round(row.СуммаНДС * 100) - Math.round(row.Сумма * 20))).toBeLessThanOrEqual(1);
		expect(notes.join()).toMatch(/Товары row 1: СуммаНДС [+−]0\.01/);
	});

	it('VAT not kept: every row БезНДС with zero VAT (what 1C would force on write)', () => {
		const order = vatOrder();
		const { payload } = buildCustomerOrder(order, refsFor(order), { keepVat: false });
		expect([...payload.Товары, ...payload.Услуги].every((r) => r.СтавкаНДС === 'БезНДС' && r.СуммаНДС === 0)).toBe(true);
		expect(payload.СуммаДокумента).toBe(1990);
	});

	it('falls back to the 1C item rate when retailCRM gives none, and prefers it with vatSource=onec', () => {
		const order = ORDER_5488();
		order.items = [jeans(48, 1, { vatRate: null }), jeans(50, 1, { vatRate: '10' })];
		const refs = refsFor(order, [goodsLine(GUIDS.jeans48, { vatRate: 'НДС20' }), goodsLine(GUIDS.jeans50, { vatRate: 'НДС20' })]);
		expect(buildCustomerOrder(order, refs).payload.Товары.map((r) => r.СтавкаНДС)).toEqual(['НДС20', 'НДС10']);
		expect(buildCustomerOrder(order, refs, { vatSource: 'onec' }).payload.Товары.map((r) => r.СтавкаНДС)).toEqual(['НДС20', 'НДС20']);
	});

	it('refuses a VAT rate UT 10.3 does not have', () => {
		const order = ORDER_5488();
		order.items = [jeans(48, 1, { vatRate: '12.00' })];
		expect(() => buildCustomerOrder(order, refsFor(order))).toThrow(expect.objectContaining({ code: 'UNKNOWN_VAT_RATE' }));
	});
});

describe('zero-sum lines (gifts)', () => {
	const gift = () => baseOrder('6101', [jeans(48, 2), jeans(50, 1, { discountTotal: 300 })], 0, 600, '2015-10-12 10:00:00');

	it('refuses by default, naming the line and the 1C rights UT 10.3 posts it with', () => {
		const order = gift();
		let thrown: unknown;
		try {
			buildCustomerOrder(order, refsFor(order));
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(OrderMappingError);
		expect((thrown as OrderMappingError).code).toBe('ZERO_SUM_LINE');
		expect((thrown as OrderMappingError).message).toMatch(/^retailCRM order 6101: line 2 "Джинсы Элегантность \(50\)" has a zero sum .*РазрешитьНулевыеЦеныВОпте.*РазрешитьНулевыеЦеныВРознице/);
	});

	it('writes the line at Цена 0, Сумма 0 when the 1C user has the right (zeroSumLines: write); the total still equals the CRM total', () => {
		const order = gift();
		const { payload, mismatch } = buildCustomerOrder(order, refsFor(order), { zeroSumLines: 'write' });
		expect(payload.Товары.map((r) => [r.Количество, r.Цена, r.Сумма])).toEqual([
			[2, 300, 600],
			[1, 0, 0],
		]);
		expect(payload.СуммаДокумента).toBe(600);
		expect(mismatch).toBeUndefined();
	});
});

describe('kopeck rounding', () => {
	// 3 units, 50 each, order discount 50 spread as 16.666667 per unit: 33.333333 per unit, line 100.00.
	const thirds = (extra = {}) => baseOrder('6001', [jeans(48, 3, { initialPrice: 50, discountTotal: 16.666667, ...extra })], 0, 100, '2015-10-12 10:00:00');

	it('splits 3 × 33.33… into 1 × 33.34 + 2 × 33.33 so every row is Цена × Количество and Σ = 100.00', () => {
		const order = thirds();
		const { payload, mismatch, notes } = buildCustomerOrder(order, refsFor(order));
		expect(payload.Товары.map((r) => [r.LineNumber, r.Количество, r.Цена, r.Сумма])).toEqual([
			['1', 1, 33.34, 33.34],
			['2', 2, 33.33, 66.66],
		]);
		expect(payload.СуммаДокумента).toBe(100);
		expect(mismatch).toBeUndefined();
		expect(notes.join()).toContain('split into 2 rows');
	});

	it('uses the CRM prices[] split when retailCRM sends one', () => {
		const order = thirds({ prices: [{ price: 33.33, quantity: 2 }, { price: 33.34, quantity: 1 }] });
		const { payload } = buildCustomerOrder(order, refsFor(order));
		expect(payload.Товары.map((r) => [r.Количество, r.Цена, r.Сумма])).toEqual([[2, 33.33, 66.66], [1, 33.34, 33.34]]);
	});

	it('adjustSum keeps one row with the CRM line total', () => {
		const order = thirds();
		const { payload, notes } = buildCustomerOrder(order, refsFor(order), { fractionalPrice: 'adjustSum' });
		expect(payload.Товары).toHaveLength(1);
		expect(payload.Товары[0]).toMatchObject({ Количество: 3, Цена: 33.33, Сумма: 100 });
		expect(notes.join()).toContain('≠ Цена × Количество');
	});

	it('VAT 20% on split rows rounds per row like 1C (5.56 + 11.11)', () => {
		const order = thirds({ vatRate: '20' });
		const { payload } = buildCustomerOrder(order, refsFor(order));
		expect(payload.Товары.map((r) => r.СуммаНДС)).toEqual([5.56, 11.11]);
	});

	it('decimal, not binary, arithmetic: 3 × 1.05 = 3.15 and 0.333 kg × 10.05 = 3.35', () => {
		const order = baseOrder('6002', [jeans(48, 3, { initialPrice: 1.05 }), jeans(50, 0.333, { initialPrice: 10.05 })], 0, 6.5, '2015-10-12 10:00:00');
		const { payload, mismatch } = buildCustomerOrder(order, refsFor(order));
		expect(payload.Товары.map((r) => r.Сумма)).toEqual([3.15, 3.35]);
		expect(payload.СуммаДокумента).toBe(6.5);
		expect(mismatch).toBeUndefined();
	});

	it('reports a mismatch when 1C would not total what retailCRM says', () => {
		const order = ORDER_5488();
		order.totalSumm = 1990.01;
		const { mismatch } = buildCustomerOrder(order, refsFor(order));
		expect(mismatch).toMatchObject({ expected: 1990.01, actual: 1990, difference: -0.01 });
		expect(mismatch?.message).toContain('5488');
	});

	it('documentTotal adds VAT only when kept and outside the sum', () => {
		const rows = { Товары: [{ Сумма: 100, СуммаНДС: 20 }], Услуги: [{ Сумма: 0.1, СуммаНДС: 0.02 }] } as never;
		expect(Number(documentTotal({ ...(rows as object), УчитыватьНДС: true, СуммаВключаетНДС: false } as never).n)).toBe(12012);
		expect(Number(documentTotal({ ...(rows as object), УчитыватьНДС: true, СуммаВключаетНДС: true } as never).n)).toBe(10010);
		expect(Number(documentTotal({ ...(rows as object), УчитыватьНДС: false, СуммаВключаетНДС: false } as never).n)).toBe(10010);
	});
});

describe('services, cancelled lines and failures', () => {
	it('service items go to Услуги, ahead of the delivery row', () => {
		const order = ORDER_5488();
		order.items = [jeans(48, 1), { id: 1, offer: { id: 5, externalId: GUIDS.installation }, productName: 'Подгонка по длине', quantity: 1, initialPrice: 100, discountTotal: 0 }];
		order.totalSumm = 590;
		const refs = refsFor(order, [goodsLine(GUIDS.jeans48), goodsLine(GUIDS.installation, { isService: true })]);
		const { payload, mismatch } = buildCustomerOrder(order, refs);
		expect(payload.Товары).toHaveLength(1);
		expect(payload.Услуги.map((r) => [r.LineNumber, r.Номенклатура_Key, r.Содержание, r.Сумма])).toEqual([
			['1', GUIDS.installation, 'Подгонка по длине', 100],
			['2', GUIDS.delivery, 'Доставка', 190],
		]);
		expect(mismatch).toBeUndefined();
	});

	it('skips cancelled CRM lines (they are outside retailCRM sums)', () => {
		const order = ORDER_5488();
		order.items = [...(order.items ?? []), jeans(50, 7, { isCanceled: true })];
		const { payload } = buildCustomerOrder(order, refsFor(order));
		expect(payload.Товары).toHaveLength(2);
		expect(payload.СуммаДокумента).toBe(1990);
	});

	it('omits a free delivery, and needs a delivery item for a paid one', () => {
		const free = baseOrder('7001', [jeans(48, 1)], 0, 300, '2015-10-12 10:00:00');
		expect(buildCustomerOrder(free, refsFor(free)).payload.Услуги).toEqual([]);
		const paid = ORDER_5488();
		const refs = { ...refsFor(paid), deliveryItem: undefined };
		expect(() => buildCustomerOrder(paid, refs)).toThrow(OrderMappingError);
	});

	it('refuses sets in Товары and Услуги, kits in Услуги, unresolved lines and discounts above the price', () => {
		const order = ORDER_5488();
		expect(() => buildCustomerOrder(order, refsFor(order, [goodsLine(GUIDS.jeans48, { isSet: true }), goodsLine(GUIDS.jeans50)]))).toThrow(
			expect.objectContaining({ code: 'SET_OR_KIT' }),
		);
		expect(() => buildCustomerOrder(order, refsFor(order, [goodsLine(GUIDS.jeans48), goodsLine(GUIDS.installation, { isService: true, isSet: true })]))).toThrow(
			expect.objectContaining({ code: 'SET_OR_KIT', message: expect.stringMatching(/refuses to post sets in Товары or Услуги/) }),
		);
		expect(() => buildCustomerOrder(order, refsFor(order, [goodsLine(GUIDS.jeans48), goodsLine(GUIDS.installation, { isService: true, isKit: true })]))).toThrow(
			expect.objectContaining({ code: 'SET_OR_KIT', message: expect.stringMatching(/kits in Услуги/) }),
		);
		// A kit among goods posts (UT checks kits only in Услуги).
		expect(buildCustomerOrder(order, refsFor(order, [goodsLine(GUIDS.jeans48, { isKit: true }), goodsLine(GUIDS.jeans50)])).payload.Товары).toHaveLength(2);
		expect(() => buildCustomerOrder(order, refsFor(order, [goodsLine(GUIDS.jeans48)]))).toThrow(expect.objectContaining({ code: 'ITEMS_NOT_RESOLVED' }));
		const negative = baseOrder('7002', [jeans(48, 1, { discountTotal: 301 })], 0, 0, '2015-10-12 10:00:00');
		expect(() => buildCustomerOrder(negative, refsFor(negative))).toThrow(expect.objectContaining({ code: 'NEGATIVE_PRICE' }));
	});

	it('composes a delivery address from parts when retailCRM has no text', () => {
		expect(deliveryAddressText({ index: '101000', city: 'Москва', street: 'ул. Мясницкая', house: '7', flat: '12' })).toBe('101000, Москва, ул. Мясницкая, д. 7, кв. 12');
		expect(deliveryAddressText(null)).toBe('');
	});

	it('checkTotals falls back to Σ lines + delivery when totalSumm is absent', () => {
		const order = ORDER_5490();
		delete order.totalSumm;
		const { payload } = buildCustomerOrder(order, refsFor(order));
		expect(checkTotals(order, payload)).toBeUndefined();
		payload.Услуги[0].Сумма = 299.99;
		expect(checkTotals(order, payload)?.difference).toBe(-0.01);
	});
});
