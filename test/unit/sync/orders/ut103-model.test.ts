import { readFileSync } from 'fs';
import { join } from 'path';
import { COUNTERPARTY_LENGTHS, INCOMING_NUMBER_LENGTH, ORDER_NUMBER_LENGTH, VAT_RATE_NAMES } from '../../../../nodes/core/sync/orders/ut103-model';
import type { CustomerOrderPayload, GoodsRow, ServiceRow } from '../../../../nodes/core/sync/orders/document-types';
import { buildCustomerOrder } from '../../../../nodes/core/sync/orders/document';
import { ORDER_5488, refsFor } from './seed-orders';

interface Attr { name: string; length?: number }
interface Obj { attributes?: Attr[]; tabularSections?: Array<{ name: string; attributes: Attr[] }>; values?: string[]; numberLength?: string; descriptionLength?: string }
const metadata = JSON.parse(readFileSync(join(__dirname, '../../../sandboxes/onec/ut103-metadata.json'), 'utf8')) as { objects: Record<string, Obj> };
const order = metadata.objects['Document.ЗаказПокупателя'];
const counterparty = metadata.objects['Catalog.Контрагенты'];
const attr = (o: Obj, name: string) => o.attributes?.find((a) => a.name === name);
const section = (name: string) => order.tabularSections!.find((s) => s.name === name)!.attributes.map((a) => a.name);

describe('constants agree with ut103-metadata.json', () => {
	it('lengths', () => {
		expect(Number(order.numberLength)).toBe(ORDER_NUMBER_LENGTH);
		expect(attr(order, 'НомерВходящегоДокументаЭлектронногоОбмена')?.length).toBe(INCOMING_NUMBER_LENGTH);
		expect(Number(counterparty.descriptionLength)).toBe(COUNTERPARTY_LENGTHS.Description);
		for (const field of ['ИНН', 'КПП', 'АдресЭП', 'НаименованиеПолное', 'Комментарий'] as const) {
			expect([field, attr(counterparty, field)?.length]).toEqual([field, COUNTERPARTY_LENGTHS[field]]);
		}
	});

	it('VAT enum names', () => {
		expect([...VAT_RATE_NAMES].sort()).toEqual([...metadata.objects['Enum.СтавкиНДС'].values!].sort());
	});

	it('every field the builder sends exists in the metadata (standard fields aside)', () => {
		const o = ORDER_5488();
		const payload: CustomerOrderPayload = buildCustomerOrder(o, refsFor(o)).payload;
		const standard = new Set(['Date', 'Number', 'LineNumber']);
		const base = (k: string) => k.replace(/_Key$|_Type$/, '');
		const header = new Set(order.attributes!.map((a) => a.name));
		for (const key of Object.keys(payload)) {
			if (standard.has(key) || key === 'Товары' || key === 'Услуги') continue;
			expect([key, header.has(base(key))]).toEqual([key, true]);
		}
		const check = (rows: Array<GoodsRow | ServiceRow>, names: string[]) => {
			for (const key of Object.keys(rows[0])) if (!standard.has(key)) expect([key, names.includes(base(key))]).toEqual([key, true]);
		};
		check(payload.Товары, section('Товары'));
		check(payload.Услуги, section('Услуги'));
	});
});
