/**
 * Keeps API keys out of texts we show (error messages, log lines). The client never holds the key,
 * but texts can still carry it: a server or proxy echoing a URL with `apiKey=…`, an HTTP library
 * error quoting request headers. Callers that do know the key (the n8n node) pass it in `secrets`.
 */

export const REDACTED = '***';

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// `apiKey=…` in a query or form body, `"apiKey":"…"` in JSON, `X-API-KEY: …` in a header dump.
const KEY_PARAMETER = /(apiKey(?:%22|")?\s*(?:=|:|%3D|%3A)\s*(?:%22|")?)[^&\s"',;}%]+/gi;
const KEY_HEADER = /(x-api-key(?:%22|"|')?\s*(?::|=)\s*(?:%22|"|')?)[^\s"',;}]+/gi;
// A retailCRM key is a run of 32 letters and digits. Demanding upper case, lower case and a digit
// spares lower-case hex ids (GUIDs without dashes, hashes) that legitimately appear in messages.
const KEY_LIKE = /(?<![A-Za-z0-9])(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*[A-Z])[A-Za-z0-9]{32,64}(?![A-Za-z0-9])/g;

export function redactSecrets(text: string, secrets: readonly string[] = []): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) {
			out = out.replace(new RegExp(escapeRegExp(secret), 'g'), REDACTED);
			out = out.replace(new RegExp(escapeRegExp(encodeURIComponent(secret)), 'g'), REDACTED);
		}
	}
	return out.replace(KEY_PARAMETER, `$1${REDACTED}`).replace(KEY_HEADER, `$1${REDACTED}`).replace(KEY_LIKE, REDACTED);
}
