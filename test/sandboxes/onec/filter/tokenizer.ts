import { filterSyntax } from '../errors';

/** Tokens of the OData v3 `$filter` grammar as 1C accepts it (docs/1c-odata.md#queries-and-paging). */
export type Token =
	| { t: 'ident'; v: string; pos: number }
	| { t: 'string'; v: string; pos: number }
	| { t: 'typed'; kind: 'guid' | 'datetime' | 'datetimeoffset' | 'time' | 'binary'; v: string; pos: number }
	| { t: 'number'; v: number; pos: number }
	| { t: 'punct'; v: '(' | ')' | ',' | '/' | ':'; pos: number }
	| { t: 'eof'; pos: number };

const IDENT_START = /[\p{L}_$]/u;
const IDENT_PART = /[\p{L}\p{N}_.$]/u;
const TYPED_PREFIX: Record<string, 'guid' | 'datetime' | 'datetimeoffset' | 'time' | 'binary'> = {
	guid: 'guid',
	datetime: 'datetime',
	datetimeoffset: 'datetimeoffset',
	time: 'time',
	x: 'binary',
	binary: 'binary',
};

/** Reads a '…' literal starting at `i` (the opening quote); `''` is an escaped quote. */
function readQuoted(src: string, i: number): { value: string; end: number } {
	let value = '';
	let j = i + 1;
	for (;;) {
		if (j >= src.length) throw filterSyntax(`незакрытая строка в позиции ${i + 1}`);
		if (src[j] === "'") {
			if (src[j + 1] === "'") {
				value += "'";
				j += 2;
				continue;
			}
			return { value, end: j + 1 };
		}
		value += src[j++];
	}
}

export function tokenize(src: string): Token[] {
	const out: Token[] = [];
	let i = 0;
	while (i < src.length) {
		const c = src[i];
		if (/\s/.test(c)) {
			i++;
			continue;
		}
		if (c === '(' || c === ')' || c === ',' || c === '/' || c === ':') {
			out.push({ t: 'punct', v: c, pos: i });
			i++;
			continue;
		}
		if (c === "'") {
			const q = readQuoted(src, i);
			out.push({ t: 'string', v: q.value, pos: i });
			i = q.end;
			continue;
		}
		if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(src[i + 1] ?? ''))) {
			const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?[LlMmDdFf]?/.exec(src.slice(i));
			if (!m) throw filterSyntax(`неверное число в позиции ${i + 1}`);
			const text = m[0].replace(/[LlMmDdFf]$/, '');
			out.push({ t: 'number', v: Number(text), pos: i });
			i += m[0].length;
			continue;
		}
		if (IDENT_START.test(c)) {
			let j = i + 1;
			while (j < src.length && IDENT_PART.test(src[j])) j++;
			const word = src.slice(i, j);
			const typed = TYPED_PREFIX[word.toLowerCase()];
			if (typed && src[j] === "'") {
				const q = readQuoted(src, j);
				out.push({ t: 'typed', kind: typed, v: q.value, pos: i });
				i = q.end;
				continue;
			}
			out.push({ t: 'ident', v: word, pos: i });
			i = j;
			continue;
		}
		throw filterSyntax(`неожиданный символ '${c}' в позиции ${i + 1}`);
	}
	out.push({ t: 'eof', pos: src.length });
	return out;
}
