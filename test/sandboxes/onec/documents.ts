import type { Rec } from './filter/evaluator';
import type { SetDef } from './model';
import type { Sandbox } from './sandbox';
import { EMPTY_GUID } from './model';
import { DOCUMENT_RULES } from './progress/rules';

/**
 * `ЗаказПокупателя.ПередЗаписью` (docs/1c-odata.md#customer-orders; rf-bessome/ut10_3_22_percent:
 * src/Documents/ЗаказПокупателя/Ext/ObjectModule.bsl), skipped in data-load mode: a contract «С комиссионером» empties
 * Услуги; ЕдиницаИзмеренияМест is cleared where КоличествоМест is 0; with УчитыватьНДС = false every row rate becomes
 * БезНДС; СуммаДокумента = Σ Товары.Сумма + Σ Услуги.Сумма (+ Σ СуммаНДС when VAT is counted on top, i.e.
 * УчитыватьНДС and not СуммаВключаетНДС); Товары.СерияНоменклатуры is cleared (kept only when reserving by series,
 * which needs the constant ИспользоватьУказаниеСерийНоменклатурыПриРезервировании the sandbox does not have).
 */
const round2 = (n: number): number => Math.round(n * 100) / 100;

export function beforeWriteDocument(sb: Sandbox, def: SetDef, own: Rec, dataLoad: boolean): void {
	if (dataLoad) return;
	DOCUMENT_RULES[def.name]?.beforeWrite?.(sb, own);
	if (def.name !== 'Document_ЗаказПокупателя') return;
	const contract = sb.store.get('Catalog_ДоговорыКонтрагентов', String(own.ДоговорКонтрагента_Key ?? ''));
	if (contract?.ВидДоговора === 'СКомиссионером') own.Услуги = [];
	const goods = (own.Товары as Rec[] | undefined) ?? [];
	const services = (own.Услуги as Rec[] | undefined) ?? [];
	for (const r of goods) {
		if (!Number(r.КоличествоМест)) r.ЕдиницаИзмеренияМест_Key = EMPTY_GUID;
		r.СерияНоменклатуры_Key = EMPTY_GUID;
	}
	const vat = own.УчитыватьНДС === true;
	if (!vat) for (const r of [...goods, ...services]) r.СтавкаНДС = 'БезНДС';
	let sum = 0;
	for (const r of [...goods, ...services]) {
		sum += Number(r.Сумма ?? 0);
		if (vat && own.СуммаВключаетНДС !== true) sum += Number(r.СуммаНДС ?? 0);
	}
	own.СуммаДокумента = round2(sum);
}
