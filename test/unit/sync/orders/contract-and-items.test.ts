import { buildContractPayload, contractLookup, pickContract } from '../../../../nodes/core/sync/orders/contract';
import { contactCandidates, counterpartyFacts, indexContactRows, matchInContactIndex } from '../../../../nodes/core/sync/orders/counterparty';
import { resolveLine } from '../../../../nodes/core/sync/orders/nomenclature';
import { formatOfferKey, offerKey as stockOfferKey } from '../../../../nodes/core/sync/offer-key';
import { parseOfferKey } from '../../../../nodes/core/sync/orders/offer-match';
import { ORDER_5488 } from './seed-orders';

const CP = '1c000000-0000-11e5-8f1a-000000000002';
const ORG = '1c000000-0000-11e5-8f1a-000000000001';
const RUB = '1c000000-0000-11e5-8f1a-000000000643';

describe('contract', () => {
	const row = (ref: string, extra: Record<string, unknown> = {}) => ({
		Ref_Key: ref, Code: ref.slice(-3), Owner_Key: CP, Организация_Key: ORG, ВидДоговора: 'СПокупателем',
		ВедениеВзаиморасчетов: 'ПоДоговоруВЦелом', ВалютаВзаиморасчетов_Key: RUB, DeletionMark: false, IsFolder: false, ...extra,
	});

	it('looks up customer contracts of the counterparty in the organization', () => {
		expect(contractLookup(CP, ORG).filters).toEqual([
			{ field: 'Owner_Key', value: CP },
			{ field: 'Организация_Key', value: ORG },
			{ field: 'ВидДоговора', value: 'СПокупателем' },
			{ field: 'DeletionMark', value: false },
			{ field: 'IsFolder', value: false },
		]);
	});

	it('skips ПоСчетам, other organizations, deleted and other-currency contracts; prefers the main one', () => {
		const rows = [
			row('c-001', { ВедениеВзаиморасчетов: 'ПоСчетам' }),
			row('c-002', { Организация_Key: 'other' }),
			row('c-003', { DeletionMark: true }),
			row('c-004', { ВалютаВзаиморасчетов_Key: 'usd' }),
			row('c-006'),
			row('c-005'),
		];
		const want = { counterpartyKey: CP, organizationKey: ORG, currencyKey: RUB };
		expect(pickContract(rows, want)).toBe('c-005');
		expect(pickContract(rows, { ...want, mainContractKey: 'c-006' })).toBe('c-006');
		expect(pickContract(rows.slice(0, 4), want)).toBeUndefined();
	});

	it('creates a customer contract with a composite price type', () => {
		expect(buildContractPayload({ counterpartyKey: CP, organizationKey: ORG, currencyKey: RUB, priceTypeKey: 'pt', settlement: 'ПоЗаказам' })).toEqual({
			Description: 'Основной договор', Owner_Key: CP, Организация_Key: ORG, ВидДоговора: 'СПокупателем', ВедениеВзаиморасчетов: 'ПоЗаказам',
			ВалютаВзаиморасчетов_Key: RUB, ТипЦен: 'pt', ТипЦен_Type: 'StandardODATA.Catalog_ТипыЦенНоменклатуры', Комментарий: 'retailCRM',
		});
		expect(buildContractPayload({ counterpartyKey: CP, organizationKey: ORG, currencyKey: RUB, description: 'Д'.repeat(80) }).Description).toHaveLength(50);
	});
});

describe('resolving a line from 1C rows', () => {
	const key = parseOfferKey('5a1b3c4d-0001-11e5-8f1a-0050569a0797#b0b0b0b0-0001-11e5-8f1a-0050569a0001');
	const item = { Ref_Key: key.itemKey, ЕдиницаХраненияОстатков_Key: 'unit-1', СтавкаНДС: 'НДС20', Услуга: false, Набор: false, ВестиУчетПоХарактеристикам: true };

	it('takes unit, coefficient, VAT rate and the characteristic', () => {
		expect(resolveLine(key, item, { Ref_Key: 'unit-1', Коэффициент: 10 })).toEqual({
			ok: true,
			line: { itemKey: key.itemKey, characteristicKey: key.characteristicKey, unitKey: 'unit-1', coefficient: 10, vatRate: 'НДС20', isService: false, isSet: false, isKit: false },
			warnings: [],
		});
	});

	it('assumes coefficient 1 with a warning, flags services and sets, refuses missing or deleted items', () => {
		const noUnit = resolveLine(key, item, undefined);
		expect(noUnit).toMatchObject({ ok: true, line: { coefficient: 1 }, warnings: [expect.stringContaining('coefficient')] });
		expect(resolveLine({ itemKey: 'svc' }, { Ref_Key: 'svc', Услуга: true }, undefined)).toMatchObject({ ok: true, line: { isService: true }, warnings: [] });
		expect(resolveLine(key, { ...item, Набор: true }, { Коэффициент: 1 })).toMatchObject({ ok: true, line: { isSet: true } });
		expect(resolveLine(key, undefined, undefined)).toMatchObject({ ok: false, reason: expect.stringContaining('not found') });
		expect(resolveLine(key, { ...item, DeletionMark: true }, undefined)).toMatchObject({ ok: false });
		expect(resolveLine(key, { ...item, ЕдиницаХраненияОстатков_Key: '00000000-0000-0000-0000-000000000000' }, undefined)).toMatchObject({ ok: false, reason: expect.stringContaining('storage unit') });
	});
});

describe('offer keys agree with the stock/ICML side', () => {
	it('formats what sync/stock formats and parses it back', () => {
		const item = '5A1B3C4D-0001-11E5-8F1A-0050569A0797';
		const char = 'B0B0B0B0-0001-11E5-8F1A-0050569A0001';
		expect(formatOfferKey({ itemKey: item, characteristicKey: char })).toBe(stockOfferKey(item, char));
		expect(formatOfferKey({ itemKey: item })).toBe(stockOfferKey(item, null));
		expect(parseOfferKey(stockOfferKey(item, char))).toEqual({ itemKey: item.toLowerCase(), characteristicKey: char.toLowerCase() });
	});
});

describe('contact index (one register read per execution)', () => {
	it('maps phones and e-mails to the counterparties holding them in row order; the first one allowed wins; other owners ignored', () => {
		const index = indexContactRows([
			{ Объект: 'person', Объект_Type: 'StandardODATA.Catalog_КонтактныеЛица', Тип: 'Телефон', Представление: '+7 916 123-45-67' },
			{ Объект: 'first', Объект_Type: 'StandardODATA.Catalog_Контрагенты', Тип: 'Телефон', Представление: '8 (916) 123-45-67' },
			{ Объект: 'second', Объект_Type: 'StandardODATA.Catalog_Контрагенты', Тип: 'Телефон', Представление: '+79161234567' },
			{ Объект: 'mail', Объект_Type: 'StandardODATA.Catalog_Контрагенты', Тип: 'АдресЭлектроннойПочты', Представление: 'Other@Example.ru' },
		]);
		expect([...index.phones]).toEqual([['9161234567', ['first', 'second']]]);
		const facts = counterpartyFacts(ORDER_5488());
		expect(matchInContactIndex(facts, index)).toEqual({ key: 'first', by: 'phone' });
		expect(contactCandidates(facts, index)).toEqual(['first', 'second']);
		// the caller's rule (a counterparty with another ИНН than the buyer's) skips an owner, the next one is taken
		expect(matchInContactIndex(facts, index, (ref) => ref !== 'first')).toEqual({ key: 'second', by: 'phone' });
		expect(matchInContactIndex(facts, index, () => false)).toBeUndefined();
		expect(matchInContactIndex({ ...facts, email: 'other@example.ru' }, index)).toEqual({ key: 'mail', by: 'emailContact' });
		expect(matchInContactIndex({ ...facts, phones: ['9990000000'] }, index)).toBeUndefined();
	});
});
