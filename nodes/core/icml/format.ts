/** Number and date formats of ICML (reference §9.2). */

/** Prices: two decimals with a dot, like moysklad-catalog's number_format(x, 2, '.', ''). */
export function formatPrice(value: number): string {
	return value.toFixed(2);
}

/**
 * A decimal with at most `maxDecimals` places and no trailing zeros: `12.256`, `20.1`, `22`
 * (weights and dimensions in the reference example are written this way).
 */
export function formatDecimal(value: number, maxDecimals: number): string {
	const fixed = value.toFixed(maxDecimals);
	if (fixed.indexOf('.') === -1) return fixed === '-0' ? '0' : fixed;
	const trimmed = fixed.replace(/\.?0+$/, '');
	return trimmed === '-0' ? '0' : trimmed;
}

export const ICML_DATE_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let f = formatters.get(timeZone);
	if (!f) {
		// Throws RangeError for an unknown zone: a configuration error the caller should see.
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(timeZone, f);
	}
	return f;
}

/** `yml_catalog@date`: `YYYY-MM-DD HH:mm:ss` in the given IANA zone (UTC by default). Strings pass through. */
export function formatIcmlDate(date: Date | string, timeZone = 'UTC'): string {
	if (typeof date === 'string') return date;
	const parts: Record<string, string> = {};
	for (const p of formatterFor(timeZone).formatToParts(date)) parts[p.type] = p.value;
	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
