/**
 * HTTP Basic for 1C: `user:password` encoded as UTF-8 before base64, so Cyrillic logins work
 * (a cp1251/latin-1 encoding gets IIS 401.5, docs/1c-odata.md#urls-and-authentication). No Buffer/btoa needed: plain code runs anywhere.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function utf8Bytes(text: string): number[] {
	const bytes: number[] = [];
	for (const char of text) {
		const cp = char.codePointAt(0) as number;
		if (cp < 0x80) bytes.push(cp);
		else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
		else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
		else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
	}
	return bytes;
}

export function base64(bytes: readonly number[]): string {
	let out = '';
	for (let i = 0; i < bytes.length; i += 3) {
		const [a, b, c] = [bytes[i], bytes[i + 1], bytes[i + 2]];
		const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
		out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
		out += b === undefined ? '=' : ALPHABET[(n >> 6) & 63];
		out += c === undefined ? '=' : ALPHABET[n & 63];
	}
	return out;
}

/** `Basic <base64(utf8(user:password))>` for the Authorization header. */
export function basicAuthHeader(user: string, password: string): string {
	if (user.includes(':')) throw new Error('A 1C user name for HTTP Basic cannot contain ":"');
	return `Basic ${base64(utf8Bytes(`${user}:${password}`))}`;
}
