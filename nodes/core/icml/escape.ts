/**
 * XML escaping for the ICML writer. A single character-class regex test on the fast path (most
 * names need nothing), a char-code loop otherwise (measured faster than replace() with a callback).
 *
 * Besides the markup characters it removes what XML 1.0 cannot carry at all: C0 control characters
 * except tab, LF and CR, U+FFFE/U+FFFF, and lone UTF-16 surrogates (which would otherwise be encoded
 * as U+FFFD by Buffer.from or break a strict parser). Valid surrogate pairs (emoji) pass unchanged.
 * CR is written as `&#13;` everywhere, and tab/LF as `&#9;`/`&#10;` inside attributes, because a
 * parser normalises the literal characters (CR → LF; in attributes all three → space).
 */

// Fires on anything the slow path might change, valid surrogate pairs included (the loop keeps those).
const MAYBE_INVALID = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uD800-\\uDFFF\\uFFFE\\uFFFF';
const TEXT_TEST = new RegExp(`[&<>\\r${MAYBE_INVALID}]`);
const ATTR_TEST = new RegExp(`[&<>"'\\t\\n\\r${MAYBE_INVALID}]`);
const INVALID_TEST = new RegExp(`[${MAYBE_INVALID}]`);

const MARKUP = 1;
const ATTRIBUTE = 2;

/** `what`: MARKUP to escape markup (text), | ATTRIBUTE for attribute values; 0 only drops invalid characters. */
function rewrite(s: string, what: number): string {
	let out = '';
	let last = 0;
	const n = s.length;
	for (let i = 0; i < n; i++) {
		const c = s.charCodeAt(i);
		let rep: string;
		if (c >= 0x20 && c < 0xd800) {
			if (what === 0 || c > 0x3e) continue;
			if (c === 0x26) rep = '&amp;';
			else if (c === 0x3c) rep = '&lt;';
			else if (c === 0x3e) rep = '&gt;';
			else if (what & ATTRIBUTE && c === 0x22) rep = '&quot;';
			else if (what & ATTRIBUTE && c === 0x27) rep = '&apos;';
			else continue;
		} else if (c < 0x20) {
			if (c === 0x09 || c === 0x0a) {
				if (!(what & ATTRIBUTE)) continue;
				rep = c === 0x09 ? '&#9;' : '&#10;';
			} else if (c === 0x0d) {
				if (what === 0) continue;
				rep = '&#13;';
			} else rep = '';
		} else if (c <= 0xdbff) {
			const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
			if (d >= 0xdc00 && d <= 0xdfff) {
				i++; // a valid pair: keep both halves
				continue;
			}
			rep = ''; // lone high surrogate
		} else if (c <= 0xdfff) {
			rep = ''; // lone low surrogate (a paired one was skipped with its high half)
		} else if (c >= 0xfffe) {
			rep = '';
		} else continue;
		out += s.slice(last, i) + rep;
		last = i + 1;
	}
	return last === 0 ? s : out + s.slice(last);
}

/** Element text: escapes `& < >` (and CR), drops characters XML cannot hold. */
export function escapeText(value: string): string {
	return TEXT_TEST.test(value) ? rewrite(value, MARKUP) : value;
}

/** Attribute value (always written in double quotes): also escapes `"`, `'`, tab and LF. */
export function escapeAttr(value: string): string {
	return ATTR_TEST.test(value) ? rewrite(value, MARKUP | ATTRIBUTE) : value;
}

/** Only drops characters XML cannot hold (used to compare names before and after writing). */
export function stripInvalidXmlChars(value: string): string {
	return INVALID_TEST.test(value) ? rewrite(value, 0) : value;
}
