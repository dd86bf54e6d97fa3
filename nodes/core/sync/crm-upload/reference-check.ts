/**
 * Store and price-type codes are checked against the account's reference books BEFORE anything is uploaded:
 * retailCRM answers an unknown code with a validation error for the whole batch (or, UNVERIFIED, ignores it),
 * so a typo in a mapping would otherwise fail every batch or silently write nothing.
 */

/** The part of a `reference/stores` or `reference/price-types` entry the check reads. */
export interface ReferenceEntry {
	code: string;
	name?: string;
	active?: boolean;
}

export class UnknownReferenceCodeError extends Error {
	readonly unknownCodes: string[];
	readonly validCodes: string[];

	constructor(what: 'store' | 'price type', unknownCodes: string[], valid: readonly ReferenceEntry[], where: string) {
		const validCodes = valid.map((entry) => entry.code);
		const list = valid.length === 0 ? '(none: the account has no ' + what + 's, or the API key may not read them)' : valid.map(describe).join(', ');
		const plural = unknownCodes.length > 1 ? 's' : '';
		super(
			`Unknown retailCRM ${what} code${plural} ${unknownCodes.map((code) => `"${code}"`).join(', ')} in ${where}. ` +
				`Valid ${what} codes: ${list}.`,
		);
		this.name = 'UnknownReferenceCodeError';
		this.unknownCodes = unknownCodes;
		this.validCodes = validCodes;
	}
}

function describe(entry: ReferenceEntry): string {
	const name = entry.name !== undefined && entry.name !== '' ? ` (${entry.name})` : '';
	return `"${entry.code}"${name}${entry.active === false ? ' [inactive]' : ''}`;
}

/** Where the codes checked come from, as the unknown-code error names it. */
export const STORE_MAPPING = 'the warehouse → store mapping';
export const PRICE_TYPE_MAPPING = 'the price type mapping';

/** Throws UnknownReferenceCodeError naming every code that is not in `reference`. Codes are case-sensitive, as in retailCRM. */
export function checkCodes(
	what: 'store' | 'price type',
	codes: Iterable<string>,
	reference: readonly ReferenceEntry[],
	where: string,
): void {
	const known = new Set(reference.map((entry) => entry.code));
	const unknown = [...new Set(codes)].filter((code) => !known.has(code)).sort();
	if (unknown.length > 0) throw new UnknownReferenceCodeError(what, unknown, reference, where);
}

export class InactiveReferenceCodeError extends Error {
	readonly inactiveCodes: string[];

	constructor(what: 'store' | 'price type', inactive: readonly ReferenceEntry[], where: string) {
		const plural = inactive.length > 1 ? 's' : '';
		super(
			`retailCRM ${what}${plural} ${inactive.map(describe).join(', ')} in ${where} ${inactive.length > 1 ? 'are' : 'is'} switched off. ` +
				`Switch ${inactive.length > 1 ? 'them' : 'it'} on in retailCRM's settings, or map to another ${what}.`,
		);
		this.name = 'InactiveReferenceCodeError';
		this.inactiveCodes = inactive.map((entry) => entry.code);
	}
}

/**
 * Throws InactiveReferenceCodeError naming every code of `codes` whose entry is switched off (`active: false`): an
 * upload into it may be refused for the whole batch (not published; the sandbox refuses it, docs/retailcrm-api.md#stock-and-prices).
 * For writes only: reading a switched-off store back is fine.
 */
export function checkActive(what: 'store' | 'price type', codes: Iterable<string>, reference: readonly ReferenceEntry[], where: string): void {
	const wanted = new Set(codes);
	const inactive = reference.filter((entry) => wanted.has(entry.code) && entry.active === false).sort((a, b) => a.code.localeCompare(b.code));
	if (inactive.length > 0) throw new InactiveReferenceCodeError(what, inactive, where);
}

/** Before an upload: every code known to the account (checkCodes) and switched on (checkActive). */
export function checkUploadCodes(what: 'store' | 'price type', codes: Iterable<string>, reference: readonly ReferenceEntry[], where: string): void {
	const list = [...codes];
	checkCodes(what, list, reference, where);
	checkActive(what, list, reference, where);
}
