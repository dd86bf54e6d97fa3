/**
 * 1C stores local date-times without a zone (docs/1c-odata.md#values-on-the-wire): an instant is written as the wall
 * clock of the time zone the 1C server runs in.
 */

export { wallClock } from '../common/wall-clock';

/** A local date-time moved by `seconds` (calendar arithmetic on the wall clock, no zone involved). */
export function addSeconds(localDateTime: string, seconds: number): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(localDateTime);
	if (!m) throw new Error(`Not a local date-time (YYYY-MM-DDTHH:MM:SS): "${localDateTime}"`);
	const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) + seconds * 1000;
	return new Date(t).toISOString().slice(0, 19);
}

/** The time zone this process runs in (the default guess for the 1C server's wall clock). */
export function localTimeZone(): string {
	return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
