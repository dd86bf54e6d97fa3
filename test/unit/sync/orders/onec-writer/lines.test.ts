/**
 * CRM lines without a catalog offer and zero-sum lines, through the upsert against the UT 10.3 sandbox: an error
 * naming the order and the line with nothing written for that order; an item created from the node's defaults once
 * and found by its exact name later; a chosen fallback item (service: the CRM name in Содержание); gifts refused
 * before writing, or written and posted only for a 1C user with РазрешитьНулевыеЦеныВОпте.
 */
import { upsertCustomerOrders } from '../../../../../nodes/core/sync/orders/onec-writer/upsert';
import type { UpsertFailure, UpsertOptions, UpsertResult } from '../../../../../nodes/core/sync/orders/onec-writer/types';
import type { CrmOrderItemLike, CrmOrderLike } from '../../../../../nodes/core/sync/orders/crm-order';
import type { OneCSandbox } from '../../../../sandboxes/onec/server';
import { sandboxClient, withSandbox } from '../../../../integration/onec/sandbox-helpers';
import { IDS, JEANS48, JEANS50, crmOrder, line, seedOptions } from './fixtures';

let sb: OneCSandbox;
beforeAll(async () => {
	sb = await withSandbox('seed');
});
afterAll(async () => sb.close());
beforeEach(() => {
	sb.state.reset('seed');
	sb.state.log.length = 0;
});

const log = () => sb.state.log;
/** The live documents of a CRM order number, as a 1C user would find them (the comment starts "retailCRM №<number>"). */
const byCrmNumber = (number: string) =>
	sb.state.store.rows('Document_ЗаказПокупателя').filter((d) => d.DeletionMark !== true && String(d.Комментарий ?? '').split('\n')[0] === `retailCRM №${number}`);
/** Writes, without the retail buyer's CRM-id link (written once, at its first order: counterparties.test.ts covers it). */
const writes = () => log().filter((r) => (r.method === 'POST' || r.method === 'PATCH') && !r.path.endsWith('/InformationRegister_КонтактнаяИнформация'));
const ok = (o: unknown) => o as UpsertResult;
const failed = (o: unknown) => o as UpsertFailure;
const CREATE = { createMissingItems: true, newItemKindKey: IDS.itemKinds.goods, newItemUnitKey: IDS.unitClassifier.pcs, newItemFolderKey: IDS.items.goodsFolder };

/** A line typed into the CRM order by hand: no catalog offer. */
const freeForm = (name: string, price = 150, extra: Partial<CrmOrderItemLike> = {}): CrmOrderItemLike => ({ id: 9000 + price, offer: null, productName: name, quantity: 1, initialPrice: price, discountTotal: 0, vatRate: 'none', ...extra });

async function run(orders: CrmOrderLike[], options: Partial<UpsertOptions> = {}) {
	const { client } = sandboxClient(sb);
	sb.state.log.length = 0;
	return { client, out: await upsertCustomerOrders(client, orders, seedOptions(options)) };
}

describe('lines without a catalog offer', () => {
	it('without an option: the order fails naming the order and the line, nothing is written for it; other orders are written', async () => {
		const { out } = await run([crmOrder(1, '40001', [line(JEANS48, 1), freeForm('Подарочная упаковка')], 0), crmOrder(2, '40002', [line(JEANS50, 1)], 0)]);
		expect(failed(out[0])).toMatchObject({ ok: false, crmOrderNumber: '40001', field: 'items' });
		expect(failed(out[0]).error).toBe(
			'retailCRM order 40001: line "Подарочная упаковка" (retailCRM line 9150) without offer: a line without a catalog offer needs "Create Missing Items" (with an item kind and a unit) or an "Item for Lines Without Offer"',
		);
		expect(ok(out[1]).action).toBe('created');
		expect(writes().map((r) => r.path.split('/').pop())).toEqual(['Document_ЗаказПокупателя', 'Post']);
		expect(JSON.parse(writes()[0].body).НомерВходящегоДокументаЭлектронногоОбмена).toBe('crm#2');
		// an offer object without any id counts as no offer
		const { out: again } = await run([crmOrder(3, '40003', [{ ...freeForm('Упаковка'), offer: { name: 'Упаковка' } }], 0)]);
		expect(failed(again[0]).error).toContain('line "Упаковка" (retailCRM line 9150) without offer');
	});

	it('with Create Missing Items: an item named after the line, from the node\'s kind, unit and folder, created once; found by exact name next time', async () => {
		const { out } = await run(
			[crmOrder(11, '40011', [line(JEANS48, 1), freeForm('Подарочная упаковка')], 0), crmOrder(12, '40012', [freeForm('Подарочная упаковка')], 0)],
			CREATE,
		);
		expect(out.map((o) => ok(o).action)).toEqual(['created', 'created']);
		expect(writes().filter((r) => !r.path.includes('ЗаказПокупателя') && !r.path.endsWith('/Post')).map((r) => `${r.method} ${r.path.split('/').pop()?.replace(/\(.*/, '')}`)).toEqual([
			'POST Catalog_Номенклатура',
			'POST Catalog_ЕдиницыИзмерения',
			'PATCH Catalog_Номенклатура',
		]);
		const item = JSON.parse(writes().find((r) => r.path.endsWith('/Catalog_Номенклатура'))!.body);
		expect(item).toEqual({
			Description: 'Подарочная упаковка',
			НаименованиеПолное: 'Подарочная упаковка',
			ВидНоменклатуры_Key: IDS.itemKinds.goods,
			БазоваяЕдиницаИзмерения_Key: IDS.unitClassifier.pcs,
			СтавкаНДС: 'БезНДС',
			Услуга: false,
			Комментарий: 'Created from retailCRM',
			Parent_Key: IDS.items.goodsFolder,
		});
		const [doc] = byCrmNumber('40012');
		expect(doc.Posted).toBe(true);
		const created = (doc.Товары as Array<Record<string, unknown>>)[0].Номенклатура_Key;

		// next run: found by its exact name in the folder, nothing created
		const next = await run([crmOrder(13, '40013', [freeForm('Подарочная упаковка', 200)], 0)], CREATE);
		expect(ok(next.out[0]).action).toBe('created');
		expect(writes().map((r) => r.path.split('/').pop())).toEqual(['Document_ЗаказПокупателя', 'Post']);
		const [again] = byCrmNumber('40013');
		expect((again.Товары as Array<Record<string, unknown>>)[0].Номенклатура_Key).toBe(created);
	});

	it('an item of that name outside the new-item folder is not taken', async () => {
		sb.state.store.put('Catalog_Номенклатура', { Code: '00000000900', Description: 'Подарок', Parent_Key: IDS.items.servicesFolder, IsFolder: false, ЕдиницаХраненияОстатков_Key: IDS.units.jeans48Pcs });
		const { out } = await run([crmOrder(21, '40021', [freeForm('Подарок')], 0)], CREATE);
		expect(ok(out[0]).action).toBe('created');
		expect(writes().filter((r) => r.path.endsWith('/Catalog_Номенклатура')).length).toBe(1);
	});

	it('dry run reports the item to be created by name and writes nothing', async () => {
		const { out } = await run([crmOrder(31, '40031', [freeForm('Гравировка')], 0)], { ...CREATE, dryRun: true });
		expect(ok(out[0]).dryRun?.references?.lines[0]).toMatchObject({ status: 'create', by: 'name', offer: 'line "Гравировка" (retailCRM line 9150) without offer', create: { Description: 'Гравировка' } });
		expect(writes()).toEqual([]);
	});

	it('a chosen service item takes the line into Услуги with the CRM product name as Содержание, before Create Missing Items', async () => {
		const { out } = await run([crmOrder(41, '40041', [line(JEANS48, 1), freeForm('Гравировка имени', 350)], 0)], { ...CREATE, noOfferItemKey: IDS.items.delivery });
		expect(ok(out[0]).action).toBe('created');
		expect(writes().filter((r) => r.path.includes('Catalog_'))).toEqual([]);
		const [doc] = byCrmNumber('40041');
		expect(doc.Услуги).toEqual([expect.objectContaining({ Номенклатура_Key: IDS.items.delivery, Содержание: 'Гравировка имени', Сумма: 350 })]);
		expect(doc.Posted).toBe(true);
	});

	it('a chosen goods item takes the line into Товары with a note; a chosen item missing in 1C fails the order', async () => {
		const { out } = await run([crmOrder(51, '40051', [freeForm('Сувенир', 120)], 0)], { noOfferItemKey: IDS.items.socks });
		expect(ok(out[0]).notes).toEqual(['line "Сувенир" (retailCRM line 9120) without offer: written as the 1C item "Носки хлопковые"']);
		const missing = '5eed0008-0000-4000-8000-0000000000ff';
		const { out: fail } = await run([crmOrder(52, '40052', [freeForm('Сувенир', 120)], 0)], { noOfferItemKey: missing });
		expect(failed(fail[0]).error).toContain(`the item for lines without offer (${missing}) is not in 1C`);
		expect(writes()).toEqual([]);
	});
});

describe('zero-sum lines (gifts)', () => {
	const giftOrder = (id: number, number: string) => crmOrder(id, number, [line(JEANS48, 2), line(JEANS50, 1, 300, 300)], 0);

	it('refused by default before anything is written, naming the line and the 1C right', async () => {
		const { out } = await run([giftOrder(61, '40061')]);
		expect(failed(out[0])).toMatchObject({ ok: false, field: 'items' });
		expect(failed(out[0]).error).toContain('retailCRM order 40061: line 2 "Джинсы Элегантность (50)" has a zero sum');
		expect(failed(out[0]).error).toContain('РазрешитьНулевыеЦеныВОпте');
		expect(writes()).toEqual([]);
	});

	it('written when allowed: 1C refuses to post it for a user without the right, posts it once the user has it', async () => {
		// The reason as a 1C user reads it (a real base's OData answer is most likely generic: see the sandbox README).
		sb.state.config.postingMessages = 'detailed';
		const first = await run([giftOrder(62, '40062')], { zeroSumLines: 'write' });
		expect(failed(first.out[0])).toMatchObject({ ok: false, reason: 'postingRefused' });
		expect(failed(first.out[0]).oneCReason).toContain('В строке номер "2" табличной части "Товары": Не заполнено значение реквизита "Сумма"!');
		expect(byCrmNumber('40062')).toEqual([expect.objectContaining({ Posted: false })]);

		sb.state.store.users.find((u) => u.name === sb.user)!.rights = ['РазрешитьНулевыеЦеныВОпте'];
		const second = await run([giftOrder(62, '40062')], { zeroSumLines: 'write' });
		expect(ok(second.out[0])).toMatchObject({ action: 'unchanged', posted: true });
		const [doc] = byCrmNumber('40062');
		expect((doc.Товары as Array<Record<string, unknown>>).map((r) => r.Сумма)).toEqual([600, 0]);
		expect(doc.СуммаДокумента).toBe(600);
	});
});
