import { wallClock } from '../core/common/wall-clock';

/**
 * retailCRM takes dates as `Y-m-d H:i:s` in the account's own time zone, with no offset (docs/retailcrm-api.md#base-url-and-keys).
 * n8n's date pickers give ISO strings; the wall-clock part is what the user picked, so keep it as is.
 */
export function toCrmDateTime(value: string): string {
	const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2}))?)?/.exec(value.trim());
	if (!match) throw new Error(`"${value}" is not a date; use e.g. 2026-11-27 or 2026-11-27T10:00:00`);
	return `${match[1]} ${match[2] ?? '00:00'}:${match[3] ?? '00'}`;
}

/** `Y-m-d H:i:s` of an instant on the wall clock of `timeZone` (IANA name). */
export function crmDateTimeOf(instant: Date, timeZone: string): string {
	return wallClock(instant, timeZone).replace('T', ' ');
}
