/** Number and date formats of ICML (docs/retailcrm-api.md#icml). */

import { wallClockParts } from '../common/wall-clock';

/** Prices: two decimals with a dot, like moysklad-catalog's number_format(x, 2, '.', ''). */
export function formatPrice(value: number): string {
	return value.toFixed(2);
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/**
 * A decimal with at most `maxDecimals` places and no trailing zeros: `12.256`, `20.1`, `22`
 * (weights and dimensions in the reference example are written this way). Rounds half up on the
 * scaled value; String() of the rounded number is the shortest form, which has no exponent for
 * magnitudes in [1e-6, 1e21) — hence the ≤ 6 decimals and < 1e15 bounds of the fast path.
 */
export function formatDecimal(value: number, maxDecimals: number): string {
	if (value < 1e15 && value > -1e15 && Number.isInteger(value)) return value === 0 ? '0' : String(value);
	if (maxDecimals >= 0 && maxDecimals <= 6 && value < 1e15 && value > -1e15) {
		const f = POW10[maxDecimals | 0];
		const r = Math.round(value * f) / f;
		return r === 0 ? '0' : String(r);
	}
	const fixed = value.toFixed(maxDecimals);
	if (fixed.indexOf('.') === -1) return fixed === '-0' ? '0' : fixed;
	const trimmed = fixed.replace(/\.?0+$/, '');
	return trimmed === '-0' ? '0' : trimmed;
}

export const ICML_DATE_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** `yml_catalog@date`: `YYYY-MM-DD HH:mm:ss` in the given IANA zone (UTC by default). Strings pass through. */
export function formatIcmlDate(date: Date | string, timeZone = 'UTC'): string {
	if (typeof date === 'string') return date;
	const p = wallClockParts(date, timeZone);
	return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}
