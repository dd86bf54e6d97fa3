import { OrderMappingError } from './errors';
import { ORDER_NUMBER_LENGTH } from './ut103-model';

/**
 * 1C document number of `ЗаказПокупателя` from a retailCRM order number (docs/1c-odata.md#numbering).
 *
 * `Number` is a fixed-length string(11), unique per year. We write `<prefix><CRM number zero-padded>`,
 * e.g. `ЦРМ00005488`. CRM numbers may carry letters (`5488A`, `A-5488`); we choose to:
 *  - drop every character that is not a letter or a digit (separators such as `-`, `_`, `/`, `.`, space),
 *  - upper-case letters (1C users read numbers in upper case; `5488a` and `5488A` become the same number),
 *  - keep all remaining characters (dropping letters would make `5488A` and `5488B` collide),
 *  - left-pad with `0` to fill the 11 characters,
 *  - fail (NUMBER_TOO_LONG) when prefix + number do not fit, rather than let 1C silently truncate.
 * Stripping separators can make two CRM numbers equal (`A-5488` and `A5488`); 1C then refuses the
 * second document as a duplicate number, which surfaces as a write error, not as lost data.
 */
export const DEFAULT_NUMBER_PREFIX = 'ЦРМ';

const NOT_ALNUM = /[^0-9A-Za-zА-Яа-яЁё]/g;
const ALNUM_ONLY = /^[0-9A-Za-zА-Яа-яЁё]*$/;

export function normaliseCrmNumber(crmNumber: string): string {
	return crmNumber.replace(NOT_ALNUM, '').toUpperCase();
}

export function documentNumberFromCrm(crmNumber: string, prefix: string = DEFAULT_NUMBER_PREFIX): string {
	if (!ALNUM_ONLY.test(prefix) || prefix.length >= ORDER_NUMBER_LENGTH) {
		throw new OrderMappingError(
			'PREFIX_INVALID',
			`Number prefix "${prefix}" must be letters/digits and shorter than ${ORDER_NUMBER_LENGTH} characters`,
		);
	}
	const core = normaliseCrmNumber(crmNumber);
	if (core === '') {
		throw new OrderMappingError('NUMBER_EMPTY', `retailCRM order number "${crmNumber}" has no letters or digits`);
	}
	const width = ORDER_NUMBER_LENGTH - prefix.length;
	if (core.length > width) {
		throw new OrderMappingError(
			'NUMBER_TOO_LONG',
			`retailCRM order number "${crmNumber}" (${core.length} characters after dropping separators) does not fit ` +
				`into a 1C number of ${ORDER_NUMBER_LENGTH} characters with prefix "${prefix}" (room for ${width}); ` +
				'use a shorter prefix or let 1C number the document',
		);
	}
	return prefix.toUpperCase() + core.padStart(width, '0');
}
