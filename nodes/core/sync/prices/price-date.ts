/**
 * The date a price slice is taken at, as 1C's wall clock: 1C stores local date-times without a zone, so an
 * instant is shown in the time zone the 1C server runs in (the workflow's time zone by default).
 */

export { wallClock } from '../../onec/time';

/**
 * A user-given date as 1C's local date-time: a date alone means the end of that day (prices set that day count);
 * a date-time keeps its wall-clock part (an offset, if any, is dropped — 1C has no zones). Empty → undefined.
 */
export function priceSliceDate(value: string | undefined | null): string | undefined {
	const text = (value ?? '').trim();
	if (text === '') return undefined;
	if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return `${text}T23:59:59`;
	const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(text);
	if (!m) throw new Error(`Not a date: "${text}" (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)`);
	return `${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}`;
}
