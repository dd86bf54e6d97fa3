/**
 * The wall clock of an instant in an IANA time zone, as zero-padded fields: the one formatter behind 1C's
 * local date-times (core/onec/time.ts) and the ICML `yml_catalog@date` (core/icml/format.ts).
 */
export interface WallClockParts {
	year: string;
	month: string;
	day: string;
	hour: string;
	minute: string;
	second: string;
}

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

/** `YYYY-MM-DDTHH:MM:SS` of `instant` in `timeZone` (IANA name). */
export function wallClock(instant: Date, timeZone: string): string {
	const p = wallClockParts(instant, timeZone);
	return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

export function wallClockParts(instant: Date, timeZone: string): WallClockParts {
	const parts: Record<string, string> = {};
	for (const p of formatterFor(timeZone).formatToParts(instant)) parts[p.type] = p.value;
	const part = (type: keyof WallClockParts) => parts[type] ?? '00';
	return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}
