import type { ResolvedLine } from './document';
import type { OfferKey } from '../offer-key';
import type { VatRateName } from './ut103-model';
import { EMPTY_GUID, VAT_RATE_NAMES } from './ut103-model';

/**
 * From the 1C rows of an item (Catalog_Номенклатура) and its storage unit (Catalog_ЕдиницыИзмерения) to the
 * `ResolvedLine` the document builder needs (docs/1c-odata.md#customer-orders step 4). The OData side fetches,
 * this decides.
 */
export const NOMENCLATURE_SELECT = ['Ref_Key', 'Code', 'Description', 'Артикул', 'ЕдиницаХраненияОстатков_Key', 'СтавкаНДС', 'Услуга', 'Набор', 'Комплект', 'ВестиУчетПоХарактеристикам', 'DeletionMark', 'IsFolder'];
export const UNIT_SELECT = ['Ref_Key', 'Description', 'Коэффициент'];

export interface NomenclatureRowLike {
	Ref_Key?: unknown;
	ЕдиницаХраненияОстатков_Key?: unknown;
	СтавкаНДС?: unknown;
	Услуга?: unknown;
	Набор?: unknown;
	Комплект?: unknown;
	ВестиУчетПоХарактеристикам?: unknown;
	DeletionMark?: unknown;
	IsFolder?: unknown;
}

export interface UnitRowLike {
	Ref_Key?: unknown;
	Коэффициент?: unknown;
}

export type ResolveResult = { ok: true; line: ResolvedLine; warnings: string[] } | { ok: false; reason: string };

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const isVatName = (v: string): v is VatRateName => (VAT_RATE_NAMES as readonly string[]).includes(v);

export function resolveLine(key: OfferKey, item: NomenclatureRowLike | undefined, unit: UnitRowLike | undefined): ResolveResult {
	if (!item) return { ok: false, reason: `1C item ${key.itemKey} not found` };
	if (item.IsFolder === true) return { ok: false, reason: `1C item ${key.itemKey} is a folder` };
	if (item.DeletionMark === true) return { ok: false, reason: `1C item ${key.itemKey} is marked for deletion` };
	const isService = item.Услуга === true;
	const warnings: string[] = [];
	const unitKey = text(item.ЕдиницаХраненияОстатков_Key);
	if (!isService && (unitKey === '' || unitKey === EMPTY_GUID)) {
		return { ok: false, reason: `1C item ${key.itemKey} has no storage unit (ЕдиницаХраненияОстатков)` };
	}
	let coefficient = Number(unit?.Коэффициент);
	if (!Number.isFinite(coefficient) || coefficient <= 0) {
		if (!isService) warnings.push(`unit ${unitKey} has no coefficient; 1 assumed`);
		coefficient = 1;
	}
	if (key.characteristicKey && item.ВестиУчетПоХарактеристикам === false) {
		warnings.push(`1C item ${key.itemKey} is not kept by characteristics, but the offer names one`);
	}
	const vat = text(item.СтавкаНДС);
	const line: ResolvedLine = {
		itemKey: text(item.Ref_Key) || key.itemKey,
		unitKey: unitKey || EMPTY_GUID,
		coefficient,
		isService,
		isSet: item.Набор === true,
		isKit: item.Комплект === true,
	};
	if (key.characteristicKey) line.characteristicKey = key.characteristicKey;
	if (isVatName(vat)) line.vatRate = vat;
	return { ok: true, line, warnings };
}

/**
 * Why UT 10.3 would refuse an item in a customer order's Услуги table (where delivery goes): only services post there,
 * not goods, sets or kits (Documents/ЗаказПокупателя/Ext/ObjectModule.bsl, ПроверитьЗаполнениеТабличнойЧастиУслуги →
 * CommonModules/УправлениеЗапасами: ПроверитьЧтоНетТоваров, …Наборов, …Комплектов). Undefined: it posts.
 */
export function servicesTableRefusal(item: Pick<NomenclatureRowLike, 'Услуга' | 'Набор' | 'Комплект'>): 'goods' | 'set' | 'kit' | undefined {
	if (item.Услуга !== true) return 'goods';
	if (item.Набор === true) return 'set';
	if (item.Комплект === true) return 'kit';
	return undefined;
}
