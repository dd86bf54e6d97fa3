import { internalError } from './errors';
import type { Rec } from './filter/evaluator';
import { EMPTY_GUID, type SetDef } from './model';
import type { Sandbox } from './sandbox';

/**
 * `ДоговорыКонтрагентов.ПередЗаписью` of UT 10.3 (rf-bessome/ut10_3_22_percent: src/Catalogs/ДоговорыКонтрагентов/Ext/
 * ObjectModule.bsl), skipped in data-load mode as there. An item needs ВалютаВзаиморасчетов, Организация,
 * ВедениеВзаиморасчетов and ВидДоговора; a contract «С покупателем»/«С комиссионером» needs an owner marked Покупатель,
 * «С поставщиком»/«С комитентом» one marked Поставщик; «Прочее» may not be kept by settlement documents. UT says why
 * with `Сообщить` and sets Отказ, so the OData answer most likely carries only the platform's text (500 code -1
 * «Не удалось записать: "Договоры контрагентов"!»); `postingMessages: 'detailed'` adds UT's reason, as for posting.
 */
const filled = (v: unknown): boolean => v !== undefined && v !== null && v !== '' && v !== EMPTY_GUID;

function contractRefusal(own: Rec, owner: Rec | undefined): string | undefined {
	if (own.IsFolder === true) return undefined;
	if (!filled(own.ВалютаВзаиморасчетов_Key)) return 'Не указана валюта договора.';
	if (!filled(own.Организация_Key)) return 'Не указана организация, от которой заключен договор.';
	if (!filled(own.ВедениеВзаиморасчетов)) return 'Не указан способ ведения взаиморасчетов по договору.';
	const kind = own.ВидДоговора;
	if (!filled(kind)) return 'Не указан вид договора.';
	// `Владелец.Покупатель` of a missing owner is an empty reference's: false.
	if ((kind === 'СПокупателем' || kind === 'СКомиссионером') && owner?.Покупатель !== true) {
		return 'Вид договора "С покупателем" может устанавливаться только когда у контрагента указано что он является покупателем.';
	}
	if ((kind === 'СПоставщиком' || kind === 'СКомитентом') && owner?.Поставщик !== true) {
		return 'Вид договора "С поставщиком" может устанавливаться только когда у контрагента указано что он является поставщиком.';
	}
	if (kind === 'Прочее' && own.ВестиПоДокументамРасчетовСКонтрагентом === true) {
		return 'Флажок "Вести по документам расчетов с контрагентами" не может устанавливаться у договоров с видом "Прочее".';
	}
	return undefined;
}

/** Whether an accumulation register holds a movement of the item (ПолныеПрава.Номенклатура_СуществуютСсылки). */
function itemHasMovements(sb: Sandbox, ref: string): boolean {
	for (const t of sb.store.tables.values()) {
		if (t.def.kind !== 'AccumulationRegisterRecordType') continue;
		if (t.rows.some((r) => r.Номенклатура_Key === ref)) return true;
	}
	return false;
}

/**
 * `Номенклатура.ПередЗаписью` (rf-bessome/ut10_3_22_percent: src/Catalogs/Номенклатура/Ext/ObjectModule.bsl), items
 * only, skipped in data-load mode: goods need БазоваяЕдиницаИзмерения and every item ВидНоменклатуры (UT tells only an
 * interactive client why); ЕдиницаХраненияОстатков and ЕдиницаДляОтчетов must be units of this item (an empty
 * ЕдиницаДляОтчетов takes ЕдиницаХраненияОстатков); an item with movements may not change its storage unit, nor
 * Услуга/Набор/Комплект. A new item has no Ссылка yet, so no unit can name it as owner.
 */
function itemRefusal(sb: Sandbox, own: Rec, before: Rec | undefined): string | undefined {
	if (own.IsFolder === true) return undefined;
	const service = own.Услуга === true;
	const title = String(own.Description ?? '').trim();
	// A new item has no reference yet: no unit is its own.
	const ownUnit = (unit: unknown): boolean => {
		const u = sb.store.get('Catalog_ЕдиницыИзмерения', String(unit));
		return before !== undefined && u?.Owner_Type === 'StandardODATA.Catalog_Номенклатура' && u.Owner === own.Ref_Key;
	};
	if (!service && !filled(own.БазоваяЕдиницаИзмерения_Key)) return 'Перед записью в элементе справочника "Номенклатура" необходимо заполнить "базовая единица"!';
	if (filled(own.ЕдиницаХраненияОстатков_Key) && !ownUnit(own.ЕдиницаХраненияОстатков_Key)) {
		return `У единицы хранения остатков номенклатуры "${title}" неверно указан владелец!`;
	}
	if (!filled(own.ЕдиницаДляОтчетов_Key)) own.ЕдиницаДляОтчетов_Key = own.ЕдиницаХраненияОстатков_Key ?? EMPTY_GUID;
	if (filled(own.ЕдиницаДляОтчетов_Key) && !ownUnit(own.ЕдиницаДляОтчетов_Key)) return `У единицы для отчетов номенклатуры "${title}" неверно указан владелец!`;
	if (before) {
		const kindChanged = ['Услуга', 'Набор', 'Комплект'].some((f) => (own[f] === true) !== (before[f] === true));
		const unitChanged = !service && own.ЕдиницаХраненияОстатков_Key !== before.ЕдиницаХраненияОстатков_Key;
		if ((kindChanged || unitChanged) && itemHasMovements(sb, String(own.Ref_Key))) {
			return unitChanged
				? `Единица является единицей хранения остатков для "${title}" и уже участвует в товародвижении. Изменить эту единицу уже нельзя!`
				: `Номенклатура "${title}" участвует в товародвижении. Нельзя изменить тип номенклатуры (Услуга, товар, набор-комплект), если позиция номенклатуры участвует в товародвижении!`;
		}
	}
	if (!filled(own.ВидНоменклатуры_Key)) return 'Перед записью в элементе справочника "Номенклатура" необходимо заполнить "вид номенклатуры"!';
	return undefined;
}

const SYNONYMS: Record<string, string> = { Catalog_ДоговорыКонтрагентов: 'Договоры контрагентов', Catalog_Номенклатура: 'Номенклатура' };

export function beforeWriteCatalog(sb: Sandbox, def: SetDef, own: Rec, dataLoad: boolean): void {
	if (dataLoad) return;
	let reason: string | undefined;
	if (def.name === 'Catalog_ДоговорыКонтрагентов') {
		const owner = filled(own.Owner_Key) ? sb.store.get('Catalog_Контрагенты', String(own.Owner_Key)) : undefined;
		reason = contractRefusal(own, owner);
	} else if (def.name === 'Catalog_Номенклатура') {
		reason = itemRefusal(sb, own, own.Ref_Key ? sb.store.get(def.name, String(own.Ref_Key)) : undefined);
	}
	if (!reason) return;
	const generic = `Не удалось записать: "${SYNONYMS[def.name]}"!`;
	throw internalError(sb.config.postingMessages === 'detailed' ? `${generic} ${reason}` : generic);
}
