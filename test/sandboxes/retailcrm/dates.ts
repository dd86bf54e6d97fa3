/**
 * retailCRM dates have no offset: `Y-m-d H:i:s` in the account's local time (docs/retailcrm-api.md#base-url-and-keys).
 * We keep UTC ISO strings internally and convert at the edge.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
	let f = formatters.get(tz);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: tz,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(tz, f);
	}
	return f;
}

function parts(ms: number, tz: string): [number, number, number, number, number, number] {
	const p: Record<string, string> = {};
	for (const x of formatter(tz).formatToParts(new Date(ms))) p[x.type] = x.value;
	return [Number(p.year), Number(p.month), Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second)];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Offset of `tz` from UTC at instant `ms`, in ms. */
function offsetAt(ms: number, tz: string): number {
	const [y, mo, d, h, mi, s] = parts(ms, tz);
	return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000;
}

// Offsets change at most on quarter-hour boundaries, so cache them per 15 minutes (Intl is slow).
const QUARTER = 15 * 60 * 1000;
const offsetCache = new Map<string, number>();

function cachedOffset(ms: number, tz: string): number {
	const key = `${tz}|${Math.floor(ms / QUARTER)}`;
	let off = offsetCache.get(key);
	if (off === undefined) {
		off = offsetAt(Math.floor(ms / QUARTER) * QUARTER, tz);
		if (offsetCache.size > 200_000) offsetCache.clear();
		offsetCache.set(key, off);
	}
	return off;
}

/** UTC ISO (or epoch ms) → `Y-m-d H:i:s` in `tz`. */
export function toLocal(iso: string | number, tz: string): string {
	const ms = typeof iso === 'number' ? iso : Date.parse(iso);
	const d = new Date(ms + cachedOffset(ms, tz));
	return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;

/**
 * Parses `Y-m-d H:i:s` (or `Y-m-d` unless `requireTime`) in `tz` to a UTC ISO string.
 * `endOfDay` makes a bare date mean 23:59:59 (inclusive "To" bounds). Returns null when invalid.
 */
export function parseLocal(value: string, tz: string, opts: { requireTime?: boolean; endOfDay?: boolean } = {}): string | null {
	const m = DATE_TIME.exec(value.trim());
	if (!m) return null;
	if (opts.requireTime && m[4] === undefined) return null;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const bare = m[4] === undefined;
	const [h, mi, s] = bare ? (opts.endOfDay ? [23, 59, 59] : [0, 0, 0]) : [Number(m[4]), Number(m[5]), Number(m[6])];
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
	const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
	const check = new Date(asUtc);
	if (check.getUTCDate() !== d) return null;
	// Two passes settle DST edges well enough for a sandbox.
	let ms = asUtc - offsetAt(asUtc, tz);
	ms = asUtc - offsetAt(ms, tz);
	return new Date(ms).toISOString();
}
