/**
 * The few UT 10.3 metadata facts the order mapping depends on, copied from ut103-metadata.json
 * (UT 10.3.88.3 dump). A unit test compares these constants with the metadata file, so a change of
 * the file breaks the build instead of silently truncating data in 1C (OData truncates over-long
 * strings without an error, reference ut103-odata.md §B5).
 */

/** `Document.ЗаказПокупателя.numberLength` (fixed). */
export const ORDER_NUMBER_LENGTH = 11;
/** `Document.ЗаказПокупателя.НомерВходящегоДокументаЭлектронногоОбмена` string(20). */
export const INCOMING_NUMBER_LENGTH = 20;

/** Catalog.Контрагенты string lengths (0 = unlimited). */
export const COUNTERPARTY_LENGTHS = {
	Description: 100,
	НаименованиеПолное: 0,
	ИНН: 12,
	КПП: 9,
	АдресЭП: 100,
	Комментарий: 0,
} as const;

/** Enum.СтавкиНДС value names. */
export const VAT_RATE_NAMES = [
	'НДС20',
	'НДС20_120',
	'НДС18',
	'НДС18_118',
	'НДС10',
	'НДС10_110',
	'НДС0',
	'БезНДС',
	'НДС5',
	'НДС5_105',
	'НДС7',
	'НДС7_107',
	'НДС22',
	'НДС22_122',
] as const;
export type VatRateName = (typeof VAT_RATE_NAMES)[number];

/** Enum.ЮрФизЛицо value names. */
export type LegalFormName = 'ЮрЛицо' | 'ФизЛицо';

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
export const UNDEFINED_TYPE = 'StandardODATA.Undefined';
export const WAREHOUSE_TYPE = 'StandardODATA.Catalog_Склады';
export const WAREHOUSE_GROUP_TYPE = 'StandardODATA.Catalog_ГруппыДоступностиСкладов';
