import { offersOfItems, type ItemRow } from '../../../../nodes/core/sync/onec-read/items';

const item = (ref: string, extra: Partial<ItemRow> = {}): ItemRow => ({
	Ref_Key: ref,
	Code: ref,
	Description: ref,
	Артикул: '',
	Parent_Key: null,
	DeletionMark: false,
	Услуга: false,
	Набор: false,
	ВестиУчетПоХарактеристикам: false,
	СтавкаНДС: 'НДС20',
	ЕдиницаХраненияОстатков_Key: null,
	...extra,
});

describe('offersOfItems (the offers "Include Zero Stock" sends 0 for)', () => {
	it('characteristics of items kept by them, the item itself otherwise; services, sets and deleted items have none', () => {
		const offers = offersOfItems(
			[
				item('plain'),
				item('sized', { ВестиУчетПоХарактеристикам: true }),
				item('sized-without-any', { ВестиУчетПоХарактеристикам: true }),
				item('flag-off-but-has-chars'),
				item('service', { Услуга: true }),
				item('set', { Набор: true }),
				item('deleted', { DeletionMark: true }),
			],
			[
				{ Ref_Key: 'm', Owner_Key: 'sized', Description: 'M' },
				{ Ref_Key: 'l', Owner_Key: 'sized', Description: 'L' },
				{ Ref_Key: 'x', Owner_Key: 'flag-off-but-has-chars', Description: 'X' },
				{ Ref_Key: 'orphan', Owner_Key: null, Description: '?' },
			],
		);
		expect(offers).toEqual([
			{ itemRef: 'plain' },
			{ itemRef: 'sized', characteristicRef: 'm' },
			{ itemRef: 'sized', characteristicRef: 'l' },
			{ itemRef: 'sized-without-any' },
			{ itemRef: 'flag-off-but-has-chars' },
		]);
	});
});
