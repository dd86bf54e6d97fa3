import type { SandboxUser } from './auth';
import { internalError } from './errors';
import type { Rec } from './filter/evaluator';
import { EMPTY_GUID, type SetDef } from './model';
import type { Sandbox } from './sandbox';
import { DOCUMENT_RULES } from './progress/rules';

/**
 * `ЗаказПокупателя.ОбработкаПроведения` checks of UT 10.3 (docs/1c-odata.md#customer-orders) and the reserve movements a posted
 * order leaves in ТоварыВРезервеНаСкладах (rows placed on a warehouse). A refusal is a 500 code -1 and
 * `Posted` stays unchanged. UT reports the reason through messages to the user (ОбщегоНазначения.
 * СообщитьОбОшибке → Сообщить), which the OData answer most likely does not carry: by default the refusal says
 * only the platform's generic text (config `postingRefusalText`); `postingMessages: 'detailed'` puts the first
 * failed check's Russian reason in the answer, as a user would read it in 1C.
 */
const ORDER = 'Document_ЗаказПокупателя';
const RESERVE = 'AccumulationRegister_ТоварыВРезервеНаСкладах_RecordType';

const filled = (v: unknown): boolean => v !== undefined && v !== null && v !== '' && v !== EMPTY_GUID && v !== 0;

/** The refusal as the OData answer carries it (see the module comment). */
class Refusal extends Error {}

function refuse(reason: string): never {
	throw new Refusal(`Документ не проведен! ${reason}`);
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

/** 1C's Окр(n, 2): half away from zero on the decimal value (toPrecision drops binary noise such as 1.005 → 1.00499…). */
const round2 = (n: number): number => (Math.sign(n) * Math.round(Number(Math.abs(n * 100).toPrecision(12)))) / 100;

// UT 10.3's «Не отпускать товар с ценой ниже определенного типа»: УправлениеДопПравамиПользователей.
// ПроверитьДопустимостьЦенОтпуска (rf-bessome/ut10_3_22_percent: src/CommonModules/УправлениеДопПравамиПользователей/
// Ext/Module.bsl), called by ЗаказПокупателя.ОбработкаПроведения for "Товары" and for "Услуги"
// (src/Documents/ЗаказПокупателя/Ext/ObjectModule.bsl). The floor of a row is, in UT's order:
//   price of the floor type (a calculated type: of its БазовыйТипЦен) on the document date, SliceLast;
//   × (1 + ПроцентСкидкиНаценки / 100) for a calculated type, rounded to kopecks (Окр(…, 2): the type's
//     ПорядокОкругления / ОкруглятьВБольшуюСторону are not applied by this check);
//   converted to the row's unit (Ценообразование.ПересчитатьЦенуПриИзмененииЕдиницы);
//   converted from the price row's Валюта to the document currency by InformationRegister КурсыВалют on the document
//     date (МодульВалютногоУчета.ПересчитатьИзВалютыВВалюту, rounded to kopecks);
//   VAT added or removed by the floor type's ЦенаВключаетНДС against the document's УчитыватьНДС / СуммаВключаетНДС
//     and the row's rate (Ценообразование.ПересчитатьЦенуПриИзмененииФлаговНалогов, ПоЦенамНоменклатуры), rounded.
// The row price Сумма / Количество (Цена when Количество is 0), rounded to kopecks, below the floor refuses.
// No price, or no currency on the price row, passes (as in UT). One floor type per user here (UT takes the
// minimum over the user's rights sets).

/** УчетНДС.ПолучитьСтавкуНДС (src/CommonModules/УчетНДС/Ext/Module.bsl): other rates (БезНДС, НДС0) are 0. */
const VAT_PERCENT: Record<string, number> = { НДС20: 20, НДС20_120: 20, НДС10: 10, НДС10_110: 10, НДС18: 18, НДС18_118: 18, НДС5: 5, НДС5_105: 5, НДС7: 7, НДС7_107: 7, НДС22: 22, НДС22_122: 22 };

const PRICES = 'InformationRegister_ЦеныНоменклатуры_RecordType';

/** ЦеныНоменклатуры.СрезПоследних(date) for one price type and item: the last row ≤ date per characteristic. */
function priceSlices(sb: Sandbox, type: string, item: unknown, date: string): Map<string, Rec> {
	const out = new Map<string, Rec>();
	for (const p of sb.store.rows(PRICES)) {
		if (p.Active === false || p.ТипЦен_Key !== type || p.Номенклатура_Key !== item || String(p.Period) > date) continue;
		const ch = String(p.ХарактеристикаНоменклатуры_Key ?? EMPTY_GUID);
		const had = out.get(ch);
		if (!had || String(p.Period) >= String(had.Period)) out.set(ch, p);
	}
	return out;
}

/** КурсыВалют.ПолучитьПоследнее(date) (МодульВалютногоУчета.ПолучитьКурсВалюты): zeros when there is no rate. */
function rateOf(sb: Sandbox, currency: unknown, date: string): { rate: number; multiplicity: number } {
	let best: Rec | undefined;
	for (const r of sb.store.rows('InformationRegister_КурсыВалют')) {
		if (r.Active === false || r.Валюта_Key !== currency || String(r.Period) > date) continue;
		if (!best || String(r.Period) >= String(best.Period)) best = r;
	}
	return { rate: Number(best?.Курс) || 0, multiplicity: Number(best?.Кратность) || 0 };
}

/** A floor candidate: the price row (base type's for a calculated type) and the markup percent, null = NULL. */
interface FloorSource {
	price: Rec;
	percent: number | null;
}

function checkPriceFloor(sb: Sandbox, doc: Rec, user: string | undefined): void {
	const typeKey = user === undefined ? undefined : sb.config.priceFloors[user];
	if (!typeKey) return;
	const s = sb.store;
	const type = s.get('Catalog_ТипыЦенНоменклатуры', typeKey);
	if (!type) return;
	const calculated = type.Рассчитывается === true;
	const baseKey = String(calculated ? type.БазовыйТипЦен_Key : typeKey);
	const ownPercent = calculated ? Number(type.ПроцентСкидкиНаценки) || 0 : 0;
	const date = String(doc.Date);
	const docCurrency = doc.ВалютаДокумента_Key;
	const docRate = rateOf(sb, docCurrency, date);
	const currencyName = String(s.get('Catalog_Валюты', String(docCurrency))?.Description ?? docCurrency);
	const unitCoef = (key: unknown): number => Number(s.get('Catalog_ЕдиницыИзмерения', String(key))?.Коэффициент) || 0;

	const check = (section: 'Товары' | 'Услуги', r: Rec): void => {
		const quantity = Number(r.Количество) || 0;
		const price = quantity === 0 ? round2(Number(r.Цена) || 0) : round2((Number(r.Сумма) || 0) / quantity);
		const sources: FloorSource[] = [];
		if (section === 'Товары') {
			// Товары has ХарактеристикаНоменклатуры: the row's own characteristic, else the item's general price.
			const ch = filled(r.ХарактеристикаНоменклатуры_Key) ? String(r.ХарактеристикаНоменклатуры_Key) : EMPTY_GUID;
			const base = priceSlices(sb, baseKey, r.Номенклатура_Key, date);
			const exact = base.get(ch);
			const chosen = exact ?? base.get(EMPTY_GUID);
			if (!chosen) return;
			let percent: number | null = ownPercent;
			if (calculated) {
				// The calculated type's own register rows may carry a per-item percent; else the type's.
				const dyn = priceSlices(sb, typeKey, r.Номенклатура_Key, date).get(exact ? ch : EMPTY_GUID);
				percent = Number(dyn?.ПроцентСкидкиНаценки) || ownPercent;
			}
			sources.push({ price: chosen, percent });
		} else {
			// Услуги has no characteristic: every price slice of the item joins; a calculated type multiplies by the
			// percent of its own register row in the query itself, and NULL (no such row) makes the floor NULL: passes.
			for (const [ch, p] of priceSlices(sb, baseKey, r.Номенклатура_Key, date)) {
				if (!calculated) {
					sources.push({ price: p, percent: 0 });
					continue;
				}
				const dyn = priceSlices(sb, typeKey, r.Номенклатура_Key, date).get(ch);
				sources.push({ price: p, percent: dyn ? Number(dyn.ПроцентСкидкиНаценки) || 0 : null });
			}
		}
		// Услуги has no ЕдиницаИзмерения: the item's storage unit stands for the row's.
		const rowUnit = section === 'Товары' ? r.ЕдиницаИзмерения_Key : s.get('Catalog_Номенклатура', String(r.Номенклатура_Key))?.ЕдиницаХраненияОстатков_Key;
		for (const { price: p, percent } of sources) {
			if (percent === null || !filled(p.Цена) || !filled(p.Валюта_Key)) continue;
			let floor = round2(Number(p.Цена) * (1 + percent / 100));
			// Ценообразование.ПересчитатьЦенуПриИзмененииЕдиницы
			if (p.ЕдиницаИзмерения_Key !== rowUnit && filled(rowUnit)) {
				const k = filled(p.ЕдиницаИзмерения_Key) ? unitCoef(p.ЕдиницаИзмерения_Key) : 0;
				floor = k === 0 ? 0 : (floor * unitCoef(rowUnit)) / k;
			}
			// МодульВалютногоУчета.ПересчитатьИзВалютыВВалюту
			if (p.Валюта_Key !== docCurrency) {
				const from = rateOf(sb, p.Валюта_Key, date);
				if (from.rate !== docRate.rate || from.multiplicity !== docRate.multiplicity) {
					floor = from.rate && docRate.rate && from.multiplicity && docRate.multiplicity ? round2((floor * from.rate * docRate.multiplicity) / (docRate.rate * from.multiplicity)) : 0;
				}
			}
			// Ценообразование.ПересчитатьЦенуПриИзмененииФлаговНалогов (ПоЦенамНоменклатуры): only when VAT is kept.
			const vat = VAT_PERCENT[String(r.СтавкаНДС)] ?? 0;
			if (doc.УчитыватьНДС === true) {
				if (doc.СуммаВключаетНДС === true && type.ЦенаВключаетНДС !== true) floor = (floor * (100 + vat)) / 100;
				else if (doc.СуммаВключаетНДС !== true && type.ЦенаВключаетНДС === true) floor = (floor * 100) / (100 + vat);
			}
			floor = round2(floor);
			if (floor > price) {
				const item = s.get('Catalog_Номенклатура', String(r.Номенклатура_Key));
				refuse(`Строка ${String(r.LineNumber)}: Для товара ${String(item?.Description ?? r.Номенклатура_Key)}\n    цена за единицу ниже порогового значения (цена: ${price.toFixed(2)} ${currencyName}, минимальное значение: ${floor.toFixed(2)} ${currencyName})`);
			}
		}
	};
	for (const r of (doc.Товары as Rec[]) ?? []) check('Товары', r);
	for (const r of (doc.Услуги as Rec[]) ?? []) check('Услуги', r);
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
	for (const [field, title] of header) if (!filled(doc[field])) refuse(`Не заполнено значение реквизита "${title}"!`);
	const contract = s.get('Catalog_ДоговорыКонтрагентов', String(doc.ДоговорКонтрагента_Key));
	if (!contract) refuse('Договор контрагента не найден (битая ссылка).');
	// Owner and kind are not checked by UT's posting (its form only offers fitting contracts): the sandbox is stricter.
	if (contract.Owner_Key !== doc.Контрагент_Key) refuse(`Договор "${String(contract.Description).trim()}" не принадлежит контрагенту документа.`);
	if (contract.Организация_Key !== doc.Организация_Key) refuse('Выбран договор контрагента, не соответствующий организации, указанной в документе!');
	if (contract.ВидДоговора !== 'СПокупателем' && contract.ВидДоговора !== 'СКомиссионером') {
		refuse(`Вид договора "${String(contract.ВидДоговора)}" не подходит для заказа покупателя: нужен договор с покупателем.`);
	}
	// The texts below are UT's (ObjectModule.bsl ПроверитьЗаполнениеШапки, УправлениеВзаиморасчетами, УправлениеЗапасами).
	if (contract.ВедениеВзаиморасчетов === 'ПоСчетам') refuse('Документ можно выписывать только по договору, взаиморасчеты по которому ведутся  по заказам или по договору в целом!');
	if (doc.СкладГруппа_Type === 'StandardODATA.Catalog_Склады' && filled(doc.СкладГруппа)) {
		const wh = s.get('Catalog_Склады', String(doc.СкладГруппа));
		if (wh?.ВидСклада === 'НТТ') refuse('Документ не может осуществлять заказ с НТТ!');
	}
	const required = requiredRowFields(sb, doc, user);
	const rows = (doc.Товары as Rec[]) ?? [];
	for (const r of rows) {
		checkRequired('Товары', r, required.goods);
		const at = `В строке номер "${String(r.LineNumber)}" табличной части "Товары": `;
		const item = s.get('Catalog_Номенклатура', String(r.Номенклатура_Key));
		if (item?.Услуга === true) refuse(`${at}содержится услуга. Услуг здесь быть не должно!`);
		if (item?.Набор === true) refuse(`${at}содержится набор-пакет. Наборов-пакетов здесь быть не должно!`);
		if (r.Размещение_Type === 'StandardODATA.Catalog_Склады' && filled(r.Размещение)) {
			const wh = s.get('Catalog_Склады', String(r.Размещение));
			if (wh?.ВидСклада === 'НТТ') refuse(`${at}содержится размещение по НТТ. Такого быть не должно!`);
		}
	}
	// UT 10.3 posts only services in Услуги: not goods, sets or kits (Documents/ЗаказПокупателя/Ext/ObjectModule.bsl,
	// ПроверитьЗаполнениеТабличнойЧастиУслуги → CommonModules/УправлениеЗапасами: ПроверитьЧтоНетТоваров, …Наборов,
	// …Комплектов; the texts are theirs).
	for (const r of (doc.Услуги as Rec[]) ?? []) {
		checkRequired('Услуги', r, required.services);
		const at = `В строке номер "${String(r.LineNumber)}" табличной части "Услуги": `;
		const item = s.get('Catalog_Номенклатура', String(r.Номенклатура_Key));
		if (item && item.Услуга !== true) refuse(`${at}содержится номенклатура, не являющаяся услугой. Здесь могут быть только услуги!`);
		if (item?.Набор === true) refuse(`${at}содержится набор-пакет. Наборов-пакетов здесь быть не должно!`);
		if (item?.Комплект === true) refuse(`${at}содержится набор-комплект. Наборов-комплектов здесь быть не должно!`);
	}
	checkPriceFloor(sb, doc, user?.name);
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
	// A scripted refusal says exactly what the test gave it (it stands for what 1C answers, generic or not).
	const refusal = sb.faults.postingRefusal.find((f) => f.count > 0);
	if (refusal) {
		refusal.count--;
		throw internalError(`Документ не проведен! ${refusal.message}`);
	}
	const ignored = sb.faults.postIgnored.find((f) => f.count > 0);
	if (ignored) {
		ignored.count--;
		return;
	}
	if (def.name === ORDER) {
		try {
			checkOrder(sb, doc, operational, user);
		} catch (error) {
			if (!(error instanceof Refusal)) throw error;
			throw internalError(sb.config.postingMessages === 'detailed' ? error.message : sb.config.postingRefusalText);
		}
	}
	const rules = DOCUMENT_RULES[def.name];
	rules?.check?.(sb, doc, operational);
	removeMovements(sb, String(doc.Ref_Key));
	if (def.name === ORDER) sb.store.load(RESERVE, reserveMovements(sb, doc));
	for (const [set, list] of rules?.movements(sb, doc) ?? []) sb.store.load(set, list);
	sb.store.put(def.name, { ...doc, Товары: doc.Товары, Posted: true, DataVersion: sb.store.nextDataVersion() });
}

export function unpostDocument(sb: Sandbox, def: SetDef, doc: Rec): void {
	removeMovements(sb, String(doc.Ref_Key));
	sb.store.put(def.name, { ...doc, Posted: false, DataVersion: sb.store.nextDataVersion() });
}
