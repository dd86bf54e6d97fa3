/**
 * 1C units → retailCRM unit codes for `<unit code>`. 1C's unit classifier holds the OKEI code (`796` = штука);
 * retailCRM's units have their own codes, and an offer whose code retailCRM does not know gets a new unit of that
 * code instead of the shop's own. retailCRM's default unit is `{ code: "pc", name: "Штука", sym: "шт." }`
 * (retailcrm/api-client-go: testutils.go, an offer of `store/offers`). Its Bitrix module writes the Bitrix
 * measure's international symbol as the code and strips everything but Latin letters, `_` and `-`, citing the ICML
 * documentation (retailcrm/bitrix-module: intaro.retailcrm/lib/icml/xmlofferbuilder.php, prepareMeasures, →
 * https://docs.retailcrm.ru/Developers/modules/ICML); Bitrix's metre (OKEI 006) has the symbol `m`
 * (https://dev.1c-bitrix.ru/rest_help/catalog/measure/resource.php). The other defaults are the same
 * international symbols (kg, g, l). The table is the node's to extend or override.
 */
import type { IcmlIssue } from './validate';
import type { IcmlOffer, IcmlUnit } from './types';

/** OKEI code → retailCRM unit code. */
export const DEFAULT_UNIT_CODES: Readonly<Record<string, string>> = {
	'796': 'pc',
	'166': 'kg',
	'163': 'g',
	'006': 'm',
	'112': 'l',
};

/** The characters retailCRM's ICML documentation allows in a unit code (as its Bitrix module applies it). */
const RETAILCRM_UNIT_CODE = /^[A-Za-z_-]+$/;

/** OKEI codes are numbers written with leading zeros (`006`); `6` and `006` are the same unit. */
function lookupKey(code: string): string {
	const t = code.trim();
	return /^\d+$/.test(t) ? String(Number(t)) : t;
}

export interface UnitCodeTable {
	/** Normalised 1C code → retailCRM code. */
	byCode: Map<string, string>;
	/** retailCRM codes of the table: a unit that already has one is left alone. */
	targets: Set<string>;
}

/** The defaults with `overrides` (1C code → retailCRM code) on top. */
export function unitCodeTable(overrides: Iterable<readonly [string, string]> = [], defaults: Readonly<Record<string, string>> = DEFAULT_UNIT_CODES): UnitCodeTable {
	const byCode = new Map<string, string>();
	for (const [from, to] of Object.entries(defaults)) byCode.set(lookupKey(from), to);
	for (const [from, to] of overrides) if (from.trim() !== '' && to.trim() !== '') byCode.set(lookupKey(from), to.trim());
	return { byCode, targets: new Set(byCode.values()) };
}

/**
 * Replaces each offer's unit code by its retailCRM code (a new unit object; name and symbol stay 1C's). A code the
 * table does not know stays as it is (so retailCRM keeps one unit for it, not a new one per import) and gives one
 * warning per code, naming the first offer and how many offers carry it.
 */
export function applyUnitCodes(offers: IcmlOffer[], table: UnitCodeTable): IcmlIssue[] {
	const unknown = new Map<string, { first: number; count: number; name: string }>();
	// Offers with the same unit get one mapped unit object, not one copy each (300,000 offers, a handful of units).
	const mappedUnits = new Map<string, IcmlUnit>();
	for (let i = 0; i < offers.length; i++) {
		const unit = offers[i]?.unit;
		if (unit === undefined || unit === null || typeof unit.code !== 'string' || unit.code.trim() === '') continue;
		const code = unit.code.trim();
		if (table.targets.has(code)) continue;
		const mapped = table.byCode.get(lookupKey(code));
		if (mapped !== undefined) {
			const key = `${mapped}\u0000${unit.name}\u0000${unit.sym}`;
			let shared = mappedUnits.get(key);
			if (shared === undefined) mappedUnits.set(key, (shared = { ...unit, code: mapped }));
			offers[i].unit = shared;
			continue;
		}
		const seen = unknown.get(code);
		if (seen === undefined) unknown.set(code, { first: i, count: 1, name: unit.sym || unit.name || '' });
		else seen.count++;
	}
	const issues: IcmlIssue[] = [];
	for (const [code, { first, count, name }] of unknown) {
		const id = typeof offers[first].id === 'string' ? offers[first].id : undefined;
		const where = id !== undefined ? `Offer #${first} (id "${id}")` : `Offer #${first}`;
		const format = RETAILCRM_UNIT_CODE.test(code) ? '' : ' retailCRM\'s ICML rules allow only Latin letters, "_" and "-" in unit codes.';
		issues.push({
			severity: 'warning',
			code: 'unknown-unit',
			field: 'unit.code',
			message: `${where}, unit.code: unit "${code}"${name ? ` (${name})` : ''} of ${count} offer(s) is not in the unit table; written as "${code}", so retailCRM keeps a unit of that code.${format} Map it to one of your retailCRM units in Unit Codes.`,
			offerIndex: first,
			offerId: id,
		});
	}
	return issues;
}
