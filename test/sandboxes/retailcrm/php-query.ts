/**
 * PHP-style parsing of query strings and x-www-form-urlencoded bodies (what retailCRM's backend sees):
 * `filter[ids][]=1&filter[ids][]=2` and `filter[ids][0]=1&filter[ids][1]=2` both give `{filter:{ids:['1','2']}}`.
 * `+` is a space, `%XX` is UTF-8. Values stay strings, as in PHP.
 */

export type PhpValue = string | PhpValue[] | { [key: string]: PhpValue };
export type PhpParams = { [key: string]: PhpValue };

function decode(s: string): string {
	const spaced = s.replace(/\+/g, ' ');
	try {
		return decodeURIComponent(spaced);
	} catch {
		// PHP leaves malformed escapes alone; decode what can be decoded.
		return spaced.replace(/(%[0-9a-fA-F]{2})+/g, (m) => {
			try {
				return decodeURIComponent(m);
			} catch {
				return m;
			}
		});
	}
}

/** Splits `a[b][]` into ['a','b','']; a key without brackets is one segment. */
function splitKey(key: string): string[] | null {
	const open = key.indexOf('[');
	if (open <= 0) return open === 0 ? null : [key];
	const segments = [key.slice(0, open)];
	let i = open;
	while (i < key.length && key[i] === '[') {
		const close = key.indexOf(']', i);
		if (close < 0) break; // PHP keeps the rest as part of the name; we just stop
		segments.push(key.slice(i + 1, close));
		i = close + 1;
	}
	return segments;
}

interface Node {
	map: Map<string, Node | string>;
	nextIndex: number;
}

const newNode = (): Node => ({ map: new Map(), nextIndex: 0 });

function assign(node: Node, segments: string[], value: string): void {
	let current = node;
	for (let i = 0; i < segments.length; i++) {
		let seg = segments[i];
		if (seg === '' && i > 0) seg = String(current.nextIndex);
		if (/^(0|[1-9]\d*)$/.test(seg)) current.nextIndex = Math.max(current.nextIndex, Number(seg) + 1);
		if (i === segments.length - 1) {
			current.map.set(seg, value);
			return;
		}
		let child = current.map.get(seg);
		if (typeof child !== 'object') {
			child = newNode();
			current.map.set(seg, child);
		}
		current = child;
	}
}

function toValue(node: Node): PhpValue {
	const keys = [...node.map.keys()];
	const isList = keys.length > 0 && keys.every((k, i) => k === String(i));
	if (isList) return keys.map((k) => finish(node.map.get(k)!));
	const out: { [key: string]: PhpValue } = {};
	for (const [k, v] of node.map) out[k] = finish(v);
	return out;
}

const finish = (v: Node | string): PhpValue => (typeof v === 'string' ? v : toValue(v));

export function parsePhpQuery(input: string): PhpParams {
	const root = newNode();
	if (input) {
		for (const part of input.split('&')) {
			if (!part) continue;
			const eq = part.indexOf('=');
			const rawKey = decode(eq < 0 ? part : part.slice(0, eq));
			const value = eq < 0 ? '' : decode(part.slice(eq + 1));
			const segments = splitKey(rawKey);
			if (!segments) continue;
			assign(root, segments, value);
		}
	}
	const out: PhpParams = {};
	for (const [k, v] of root.map) out[k] = finish(v);
	return out;
}

/** A param as a list of strings: accepts a list, a map of values, or a single scalar. */
export function asStringList(v: PhpValue | undefined): string[] | undefined {
	if (v === undefined) return undefined;
	if (typeof v === 'string') return [v];
	if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
	return Object.values(v).filter((x): x is string => typeof x === 'string');
}

export function asString(v: PhpValue | undefined): string | undefined {
	return typeof v === 'string' ? v : undefined;
}
