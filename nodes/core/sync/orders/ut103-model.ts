/**
 * The UT 10.3 facts the order mapping depends on, taken from the 1C model (core/onec/model.ts, itself checked
 * against ut103-metadata.json by the metadata-conformance test), so lengths and enum names have one source.
 * OData truncates over-long strings without an error (docs/1c-odata.md#writes), hence the lengths.
 */
import { EMPTY_GUID as ONEC_EMPTY_GUID } from '../../onec/codecs';
import { ENUMS, UNDEFINED_TYPE as ONEC_UNDEFINED_TYPE, UT, odataTypeName } from '../../onec/model';

const order = UT.Document_ЗаказПокупателя.specs;
const counterparty = UT.Catalog_Контрагенты.specs;

/** `Document.ЗаказПокупателя.numberLength` (fixed). */
export const ORDER_NUMBER_LENGTH = order.Number.length;
/** `Document.ЗаказПокупателя.НомерВходящегоДокументаЭлектронногоОбмена` string(20). */
export const INCOMING_NUMBER_LENGTH = order.НомерВходящегоДокументаЭлектронногоОбмена.length;

/** Catalog.Контрагенты string lengths (0 = unlimited). */
export const COUNTERPARTY_LENGTHS = {
	Description: counterparty.Description.length,
	НаименованиеПолное: counterparty.НаименованиеПолное.length,
	ИНН: counterparty.ИНН.length,
	КПП: counterparty.КПП.length,
	АдресЭП: counterparty.АдресЭП.length,
	Комментарий: counterparty.Комментарий.length,
} as const;

/** Enum.СтавкиНДС value names. */
export const VAT_RATE_NAMES = ENUMS.СтавкиНДС;
export type VatRateName = (typeof VAT_RATE_NAMES)[number];

/** Enum.ЮрФизЛицо value names. */
export type LegalFormName = (typeof ENUMS.ЮрФизЛицо)[number];

export const EMPTY_GUID = ONEC_EMPTY_GUID;
export const UNDEFINED_TYPE = ONEC_UNDEFINED_TYPE;
export const WAREHOUSE_TYPE = odataTypeName(UT.Catalog_Склады.set);
export const WAREHOUSE_GROUP_TYPE = odataTypeName('Catalog_ГруппыДоступностиСкладов');
