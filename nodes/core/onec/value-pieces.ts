/**
 * An OData collection answer (`{"value":[…]}`, with or without `"odata.metadata"` before the array) read from its
 * bytes in pieces of about PIECE_BYTES, cut between two rows, instead of as one string.
 *
 * Why: a page of 50,000 Balance or SliceLast rows is 13–19 MB of UTF-8 and, decoded, a 26–38 MB string. A string
 * that size is allocated straight into V8's old generation, and a run reads hundreds of MB of them: each page brings
 * the next full collection closer, and every full collection marks the whole heap (in n8n, n8n's own few hundred MB
 * too). Pieces of 256 KB are young strings that die young. README "Large catalogs" has the figures.
 *
 * A cut is made only at a `}` followed by `,` and `{` (whitespace allowed between them, as a real 1C may lay out its
 * JSON in lines). Such a `}` may also be inside a string value or a nested row (a document's lines): then the piece
 * before the cut ends inside that string or row and is not valid JSON, so JSON.parse refuses it, and the whole answer
 * is read as text instead (`undefined` here). So a cut never changes what is read; it only saves the one big string.
 */

import { appendAll } from '../common/append-all';

const PIECE_BYTES = 256 * 1024;
/** Below this, one string is small enough (and one JSON.parse cheaper than several). */
export const PIECES_FROM_BYTES = 4 * PIECE_BYTES;

const CLOSE = 0x7d; // }
const COMMA = 0x2c;
const OPEN = 0x7b; // {
const BRACKET_OPEN = 0x5b; // [
const BRACKET_CLOSE = 0x5d; // ]

/** JSON's whitespace between rows (a byte order mark can only stand in the head, which is read as text). */
function isSpace(byte: number): boolean {
	return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** What may stand before the array: `{`, optionally 1C's `"odata.metadata": "<url>",`, then `"value":[`. */
const HEAD = /^\uFEFF?\s*\{\s*(?:"odata\.metadata"\s*:\s*"[^"\\]*"\s*,\s*)?"value"\s*:\s*\[$/;
const TAIL = /^\]\s*\}\s*$/;
/** How far into the answer `"value"` may stand (the metadata URL before it is short). */
const HEAD_BYTES = 4096;

/**
 * The rows of the `value` array of a collection answer, or undefined when the answer is not one this reads in pieces
 * (then read it as text): smaller than PIECES_FROM_BYTES, another shape (other fields after the array, an error), or a
 * cut that fell inside a value.
 */
export function readValueInPieces(buffer: Buffer): unknown[] | undefined {
	if (buffer.length < PIECES_FROM_BYTES) return undefined;
	const name = buffer.indexOf('"value"');
	if (name < 0 || name > HEAD_BYTES) return undefined;
	const open = buffer.indexOf(BRACKET_OPEN, name);
	if (open < 0 || open > HEAD_BYTES || !HEAD.test(buffer.toString('utf8', 0, open + 1))) return undefined;
	const close = buffer.lastIndexOf(BRACKET_CLOSE);
	if (close < open || !TAIL.test(buffer.toString('utf8', close))) return undefined;
	const rows: unknown[] = [];
	let start = skipSpaces(buffer, open + 1, close);
	try {
		while (start < close) {
			const cut = cutAfter(buffer, start + PIECE_BYTES, close);
			const end = cut === undefined ? close : cut.end;
			appendAll(rows, JSON.parse(`[${buffer.toString('utf8', start, end)}]`) as unknown[]);
			if (cut === undefined) break;
			start = cut.next;
		}
	} catch {
		return undefined;
	}
	return rows;
}

function skipSpaces(buffer: Buffer, from: number, limit: number): number {
	let i = from;
	while (i < limit && isSpace(buffer[i])) i++;
	return i;
}

/**
 * The first place at or after `from` (before `limit`) where a row may end and the next begin: `}` , `{` with only
 * whitespace between. `end` is just after the `}`, `next` at the `{`. None: the rest is the last piece.
 */
function cutAfter(buffer: Buffer, from: number, limit: number): { end: number; next: number } | undefined {
	let at = from;
	while (at < limit) {
		const close = buffer.indexOf(CLOSE, at);
		if (close < 0 || close >= limit) return undefined;
		const comma = skipSpaces(buffer, close + 1, limit);
		if (buffer[comma] === COMMA) {
			const next = skipSpaces(buffer, comma + 1, limit);
			if (buffer[next] === OPEN) return { end: close + 1, next };
		}
		at = close + 1;
	}
	return undefined;
}
