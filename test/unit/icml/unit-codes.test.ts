import { applyUnitCodes, buildIcml, unitCodeTable, type IcmlOffer } from '../../../nodes/core/icml';
import { child, offersOf, parseIcml } from './xml';

const unit = (code: string, name = 'Штука', sym = 'шт') => ({ code, name, sym });
const offer = (id: string, u?: IcmlOffer['unit']): IcmlOffer => ({ id, name: id, price: 1, categoryId: 'c', ...(u ? { unit: u } : {}) });

describe('unit codes: 1C OKEI codes → retailCRM unit codes', () => {
	it('maps the OKEI codes of the default table (796 → pc, 166 → kg, 006 → m, 112 → l, 163 → g), keeping 1C\'s name and symbol', async () => {
		const offers = [offer('a', unit('796')), offer('b', unit('166', 'Килограмм', 'кг')), offer('c', unit('006', 'Метр', 'м')), offer('d', unit('112', 'Литр', 'л')), offer('e', unit('163', 'Грамм', 'г'))];
		expect(applyUnitCodes(offers, unitCodeTable())).toEqual([]);
		expect(offers.map((o) => o.unit?.code)).toEqual(['pc', 'kg', 'm', 'l', 'g']);
		const build = buildIcml({ shop: { name: 'S', company: 'C' }, date: '2026-01-01 00:00:00', categories: [{ id: 'c', name: 'C' }], offers }, { grouping: { mode: 'none' } });
		const { root } = await parseIcml(build.toBuffer());
		expect(child(offersOf(root)[0], 'unit').$).toEqual({ code: 'pc', name: 'Штука', sym: 'шт' });
	});

	it('reads "6" and "006" as the same OKEI unit; overrides extend and replace the defaults', () => {
		const table = unitCodeTable([
			['778', 'pack'],
			['796', 'piece'],
		]);
		const offers = [offer('a', unit('6')), offer('b', unit('778', 'Упаковка', 'упак')), offer('c', unit('796'))];
		expect(applyUnitCodes(offers, table)).toEqual([]);
		expect(offers.map((o) => o.unit?.code)).toEqual(['m', 'pack', 'piece']);
	});

	it('an unknown code stays as it is (stable) with ONE warning per code naming the first offer and the count', () => {
		const offers = [offer('a', unit('778', 'Упаковка', 'упак')), offer('b'), offer('c', unit('778', 'Упаковка', 'упак')), offer('d', unit('box', 'Коробка', 'кор')), offer('e', unit('pc'))];
		const issues = applyUnitCodes(offers, unitCodeTable());
		expect(offers.map((o) => o.unit?.code)).toEqual(['778', undefined, '778', 'box', 'pc']);
		expect(issues.map((i) => [i.code, i.field, i.offerIndex, i.offerId, i.severity])).toEqual([
			['unknown-unit', 'unit.code', 0, 'a', 'warning'],
			['unknown-unit', 'unit.code', 3, 'd', 'warning'],
		]);
		expect(issues[0].message).toBe(
			'Offer #0 (id "a"), unit.code: unit "778" (упак) of 2 offer(s) is not in the unit table; written as "778", so retailCRM keeps a unit of that code. retailCRM\'s ICML rules allow only Latin letters, "_" and "-" in unit codes. Map it to one of your retailCRM units in Unit Codes.',
		);
		// A Latin code is not flagged for its form.
		expect(issues[1].message).not.toContain('Latin letters');
	});
});
