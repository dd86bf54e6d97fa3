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

export function beforeWriteCatalog(sb: Sandbox, def: SetDef, own: Rec, dataLoad: boolean): void {
	if (dataLoad || def.name !== 'Catalog_ДоговорыКонтрагентов') return;
	const owner = filled(own.Owner_Key) ? sb.store.get('Catalog_Контрагенты', String(own.Owner_Key)) : undefined;
	const reason = contractRefusal(own, owner);
	if (!reason) return;
	const generic = 'Не удалось записать: "Договоры контрагентов"!';
	throw internalError(sb.config.postingMessages === 'detailed' ? `${generic} ${reason}` : generic);
}
