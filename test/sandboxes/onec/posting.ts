import type { SandboxUser } from './auth';
import { internalError } from './errors';
import type { Rec } from './filter/evaluator';
import { EMPTY_GUID, type SetDef } from './model';
import type { Sandbox } from './sandbox';

/**
 * `ЗаказПокупателя.ОбработкаПроведения` checks of UT 10.3 (§B8) and the reserve movements a posted
 * order leaves in ТоварыВРезервеНаСкладах (rows placed on a warehouse). A refusal is a 500 code -1
 * carrying the first failed check in Russian; `Posted` stays unchanged.
 */
const ORDER = 'Document_ЗаказПокупателя';
const RESERVE = 'AccumulationRegister_ТоварыВРезервеНаСкладах_RecordType';

const filled = (v: unknown): boolean => v !== undefined && v !== null && v !== '' && v !== EMPTY_GUID && v !== 0;

function refuse(reason: string): never {
	throw internalError(`Документ не проведен! ${reason}`);
}

const TITLES: Record<string, string> = { Номенклатура_Key: 'Номенклатура', Количество: 'Количество', Сумма: 'Сумма', СтавкаНДС: 'Ставка НДС', Содержание: 'Содержание' };

/**
 * Required row fields at posting (rf-bessome/ut10_3_22_percent: src/Documents/ЗаказПокупателя/Ext/ObjectModule.bsl,
 * ПроверитьЗаполнениеТабличнойЧастиТовары/Услуги): Номенклатура, Количество, Сумма (+ Содержание for services,
 * + СтавкаНДС when VAT is kept). src/CommonModules/УправлениеЗапасами, КорректировкаСтруктурыОбязательныхПолей,
 * drops Сумма when the posting user has РазрешитьНулевыеЦеныВОпте (header warehouse wholesale, a warehouse group
 * or none: ВидСклада is then NULL) or РазрешитьНулевыеЦеныВРознице (retail or НТТ warehouse); the rights are
 * read by src/CommonModules/УправлениеДопПравамиПользователей. So a zero-sum row (a gift) posts only for such a user.
 */
function requiredRowFields(sb: Sandbox, doc: Rec, user: SandboxUser | undefined): { goods: string[]; services: string[] } {
	const warehouse = doc.СкладГруппа_Type === 'StandardODATA.Catalog_Склады' && filled(doc.СкладГруппа) ? sb.store.get('Catalog_Склады', String(doc.СкладГруппа)) : undefined;
	const kind = String(warehouse?.ВидСклада ?? '');
	const right = kind === 'Розничный' || kind === 'НТТ' ? 'РазрешитьНулевыеЦеныВРознице' : 'РазрешитьНулевыеЦеныВОпте';
	const zeroAllowed = user?.rights?.includes(right) === true;
	const goods = ['Номенклатура_Key', 'Количество', ...(zeroAllowed ? [] : ['Сумма'])];
	const services = [...goods, 'Содержание'];
	if (doc.УчитыватьНДС === true) {
		goods.push('СтавкаНДС');
		services.push('СтавкаНДС');
	}
	return { goods, services };
}

/** ЗаполнениеДокументов.ПроверитьЗаполнениеТабличнойЧасти: the first empty required field, in 1C's words. */
function checkRequired(section: string, row: Rec, fields: readonly string[]): void {
	for (const field of fields) {
		if (!filled(row[field])) refuse(`В строке номер "${String(row.LineNumber)}" табличной части "${section}": Не заполнено значение реквизита "${TITLES[field]}"!`);
	}
}

function checkOrder(sb: Sandbox, doc: Rec, operational: boolean, user: SandboxUser | undefined): void {
	const s = sb.store;
	if (doc.DeletionMark === true) refuse('Помеченный на удаление документ не может быть проведен.');
	const header: [string, string][] = [
		['Организация_Key', 'Организация'],
		['ВалютаДокумента_Key', 'Валюта документа'],
		['Контрагент_Key', 'Контрагент'],
		['ДоговорКонтрагента_Key', 'Договор контрагента'],
		['КратностьВзаиморасчетов', 'Кратность взаиморасчетов'],
	];
	for (const [field, title] of header) if (!filled(doc[field])) refuse(`Не заполнено значение реквизита "${title}".`);
	const contract = s.get('Catalog_ДоговорыКонтрагентов', String(doc.ДоговорКонтрагента_Key));
	if (!contract) refuse('Договор контрагента не найден (битая ссылка).');
	if (contract.Owner_Key !== doc.Контрагент_Key) refuse(`Договор "${String(contract.Description).trim()}" не принадлежит контрагенту документа.`);
	if (contract.Организация_Key !== doc.Организация_Key) refuse('Организация в договоре контрагента не совпадает с организацией документа.');
	if (contract.ВидДоговора !== 'СПокупателем' && contract.ВидДоговора !== 'СКомиссионером') {
		refuse(`Вид договора "${String(contract.ВидДоговора)}" не подходит для заказа покупателя: нужен договор с покупателем.`);
	}
	if (contract.ВедениеВзаиморасчетов === 'ПоСчетам') refuse('По договору с ведением взаиморасчетов "По счетам" нельзя оформлять заказы покупателей.');
	if (doc.СкладГруппа_Type === 'StandardODATA.Catalog_Склады' && filled(doc.СкладГруппа)) {
		const wh = s.get('Catalog_Склады', String(doc.СкладГруппа));
		if (wh?.ВидСклада === 'НТТ') refuse(`Склад "${String(wh.Description)}" является НТТ: такой склад нельзя указывать в заказе покупателя.`);
	}
	const required = requiredRowFields(sb, doc, user);
	const rows = (doc.Товары as Rec[]) ?? [];
	for (const r of rows) {
		checkRequired('Товары', r, required.goods);
		const at = `В строке номер "${String(r.LineNumber)}" табличной части "Товары": `;
		const item = s.get('Catalog_Номенклатура', String(r.Номенклатура_Key));
		if (item?.Услуга === true) refuse(`${at}номенклатура "${String(item.Description)}" является услугой, услуги указываются в табличной части "Услуги".`);
		if (item?.Набор === true) refuse(`${at}номенклатура "${String(item.Description)}" является набором и не может быть указана в заказе.`);
		if (r.Размещение_Type === 'StandardODATA.Catalog_Склады' && filled(r.Размещение)) {
			const wh = s.get('Catalog_Склады', String(r.Размещение));
			if (wh?.ВидСклада === 'НТТ') refuse(`${at}размещение на складе НТТ "${String(wh.Description)}" недопустимо.`);
		}
	}
	for (const r of (doc.Услуги as Rec[]) ?? []) checkRequired('Услуги', r, required.services);
	if (operational && String(doc.Date).slice(0, 10) !== sb.today()) {
		refuse('Оперативное проведение возможно только для документа с текущей датой.');
	}
}

/** Removes every register record written by a recorder (unpost, re-post, deletion mark). */
export function removeMovements(sb: Sandbox, recorder: string): void {
	for (const [name, t] of sb.store.tables) {
		if (t.def.kind !== 'AccumulationRegisterRecordType' && t.def.kind !== 'InformationRegisterRecordType') continue;
		sb.store.removeWhere(name, (r) => r.Recorder === recorder);
	}
}

function reserveMovements(sb: Sandbox, doc: Rec): Rec[] {
	const out: Rec[] = [];
	for (const r of (doc.Товары as Rec[]) ?? []) {
		if (r.Размещение_Type !== 'StandardODATA.Catalog_Склады' || !filled(r.Размещение)) continue;
		const item = sb.store.get('Catalog_Номенклатура', String(r.Номенклатура_Key));
		const storageUnit = item ? sb.store.get('Catalog_ЕдиницыИзмерения', String(item.ЕдиницаХраненияОстатков_Key)) : undefined;
		const k = Number(r.Коэффициент) || 1;
		const ks = Number(storageUnit?.Коэффициент) || 1;
		out.push({
			Recorder: doc.Ref_Key,
			Recorder_Type: `StandardODATA.${ORDER}`,
			Period: doc.Date,
			LineNumber: out.length + 1,
			Active: true,
			RecordType: 'Receipt',
			Склад_Key: r.Размещение,
			Номенклатура_Key: r.Номенклатура_Key,
			ХарактеристикаНоменклатуры_Key: r.ХарактеристикаНоменклатуры_Key,
			ДокументРезерва: doc.Ref_Key,
			ДокументРезерва_Type: `StandardODATA.${ORDER}`,
			СерияНоменклатуры_Key: r.СерияНоменклатуры_Key,
			Количество: Math.round((Number(r.Количество) * k * 1000) / ks) / 1000,
		});
	}
	return out;
}

export function postDocument(sb: Sandbox, def: SetDef, doc: Rec, operational: boolean, user?: SandboxUser): void {
	const refusal = sb.faults.postingRefusal.find((f) => f.count > 0);
	if (refusal) {
		refusal.count--;
		refuse(refusal.message);
	}
	if (def.name === ORDER) checkOrder(sb, doc, operational, user);
	removeMovements(sb, String(doc.Ref_Key));
	if (def.name === ORDER) sb.store.load(RESERVE, reserveMovements(sb, doc));
	sb.store.put(def.name, { ...doc, Товары: doc.Товары, Posted: true, DataVersion: sb.store.nextDataVersion() });
}

export function unpostDocument(sb: Sandbox, def: SetDef, doc: Rec): void {
	removeMovements(sb, String(doc.Ref_Key));
	sb.store.put(def.name, { ...doc, Posted: false, DataVersion: sb.store.nextDataVersion() });
}
