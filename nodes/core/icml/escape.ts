/**
 * XML escaping for the ICML writer. One regex test on the fast path (most names need nothing),
 * a replace with a callback otherwise.
 *
 * Besides the markup characters it removes what XML 1.0 cannot carry at all: C0 control characters
 * except tab, LF and CR, U+FFFE/U+FFFF, and lone UTF-16 surrogates (which would otherwise be encoded
 * as U+FFFD by Buffer.from or break a strict parser). Valid surrogate pairs (emoji) pass unchanged.
 * The regex has no `u` flag on purpose: it must see surrogate code units one by one.
 */

// Control chars XML forbids | U+FFFE, U+FFFF | a high surrogate not followed by a low one | a low surrogate not preceded by a high one.
const INVALID = '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';

// CR is written as a reference everywhere, and tab/LF inside attributes, because a parser normalises
// the literal characters (CR → LF; in attributes all three → space) and the value would change.
const TEXT_ALL = new RegExp(`[&<>\r]|${INVALID}`, 'g');
const ATTR_ALL = new RegExp(`[&<>"'\t\n\r]|${INVALID}`, 'g');
const INVALID_ALL = new RegExp(INVALID, 'g');

// The fast-path tests are single character classes (no lookaround: about twice as fast on the common
// clean string). They also fire on valid surrogate pairs, which then take the exact replace path.
const MAYBE_INVALID = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uD800-\\uDFFF\\uFFFE\\uFFFF';
const TEXT_TEST = new RegExp(`[&<>\r${MAYBE_INVALID}]`);
const ATTR_TEST = new RegExp(`[&<>"'\t\n\r${MAYBE_INVALID}]`);
const INVALID_TEST = new RegExp(`[${MAYBE_INVALID}]`);

function replacement(ch: string): string {
	switch (ch) {
		case '&':
			return '&amp;';
		case '<':
			return '&lt;';
		case '>':
			return '&gt;';
		case '"':
			return '&quot;';
		case "'":
			return '&apos;';
		case '\t':
			return '&#9;';
		case '\n':
			return '&#10;';
		case '\r':
			return '&#13;';
		default:
			return '';
	}
}

/** Element text: escapes `& < >` (and CR), drops characters XML cannot hold. */
export function escapeText(value: string): string {
	return TEXT_TEST.test(value) ? value.replace(TEXT_ALL, replacement) : value;
}

/** Attribute value (always written in double quotes): also escapes `"`, `'`, tab and LF. */
export function escapeAttr(value: string): string {
	return ATTR_TEST.test(value) ? value.replace(ATTR_ALL, replacement) : value;
}

/** Only drops characters XML cannot hold (used to compare names before and after writing). */
export function stripInvalidXmlChars(value: string): string {
	return INVALID_TEST.test(value) ? value.replace(INVALID_ALL, '') : value;
}
