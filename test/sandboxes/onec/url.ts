import { ODataError } from './errors';

/**
 * URL handling with 1C's strictness (docs/1c-odata.md#urls-and-authentication): `+` in the query is a literal plus (not a space), so a
 * client must send `%20`; invalid percent-encoding is a 400.
 */
export interface ParsedUrl {
	/** Decoded path without the query. */
	path: string;
	/** Decoded query parameters (first value wins). */
	query: Map<string, string>;
}

function decode(part: string): string {
	try {
		return decodeURIComponent(part);
	} catch {
		throw new ODataError(400, '-1', 'Неверная кодировка URL');
	}
}

export function parseUrl(rawUrl: string): ParsedUrl {
	const q = rawUrl.indexOf('?');
	const rawPath = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
	const rawQuery = q >= 0 ? rawUrl.slice(q + 1) : '';
	const query = new Map<string, string>();
	for (const pair of rawQuery.split('&')) {
		if (!pair) continue;
		const eq = pair.indexOf('=');
		const key = decode(eq >= 0 ? pair.slice(0, eq) : pair);
		const value = eq >= 0 ? decode(pair.slice(eq + 1)) : '';
		if (!query.has(key)) query.set(key, value);
	}
	return { path: decode(rawPath), query };
}

/** Split on `sep` outside parentheses and single-quoted literals. */
export function splitTopLevel(s: string, sep: string): string[] {
	const out: string[] = [];
	let depth = 0;
	let quoted = false;
	let start = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s[i];
		if (c === "'") quoted = !quoted;
		else if (!quoted && c === '(') depth++;
		else if (!quoted && c === ')') depth--;
		else if (!quoted && depth === 0 && c === sep) {
			out.push(s.slice(start, i));
			start = i + 1;
		}
	}
	out.push(s.slice(start));
	return out;
}

export interface Segment {
	name: string;
	/** Raw text inside the parentheses, undefined when there were none. */
	args?: string;
}

export function parseSegment(seg: string): Segment {
	const open = seg.indexOf('(');
	if (open < 0 || !seg.endsWith(')')) return { name: seg };
	return { name: seg.slice(0, open), args: seg.slice(open + 1, -1) };
}

/**
 * Named parameters of a function call or a composite key: `Period=datetime'…',Condition='…'`.
 * Values are split only at `,Name=` for the known names, so a Condition with undoubled inner quotes
 * (which real clients send and 1C accepts, docs/1c-odata.md#virtual-tables) still parses.
 */
export function parseNamedArgs(args: string, names: string[]): Map<string, string> {
	const out = new Map<string, string>();
	const re = new RegExp(`(?:^|,)\\s*(${names.join('|')})\\s*=`, 'g');
	const hits: { name: string; start: number; valueStart: number }[] = [];
	let m: RegExpExecArray | null;
	while ((m = re.exec(args))) hits.push({ name: m[1], start: m.index, valueStart: m.index + m[0].length });
	for (let i = 0; i < hits.length; i++) {
		const end = i + 1 < hits.length ? hits[i + 1].start : args.length;
		out.set(hits[i].name, args.slice(hits[i].valueStart, end).trim());
	}
	return out;
}

/** `'text'` → text (doubled quotes undone); other literals returned as-is. */
export function unquote(v: string): string {
	const t = v.trim();
	if (t.length >= 2 && t.startsWith("'") && t.endsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
	return t;
}
