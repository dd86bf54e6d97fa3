/**
 * HTTP Basic as the 1C web extension does it: credentials decoded as UTF-8 only (docs/1c-odata.md#urls-and-authentication: a cp1251
 * Cyrillic login fails on a real publication, so a client that does not send UTF-8 must fail here too).
 */
export interface SandboxUser {
	name: string;
	password: string;
	/**
	 * Additional rights of the user that are on (ПланВидовХарактеристик.ПраваПользователей, values of
	 * РегистрСведений.ЗначенияДополнительныхПравПользователя), e.g. `РазрешитьНулевыеЦеныВОпте`. None by default.
	 */
	rights?: string[];
}

export function authenticate(header: string | undefined, users: SandboxUser[]): SandboxUser | undefined {
	if (!header || !/^Basic\s+/i.test(header)) return undefined;
	const decoded = Buffer.from(header.replace(/^Basic\s+/i, '').trim(), 'base64');
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(decoded);
	} catch {
		return undefined; // not valid UTF-8 (e.g. cp1251 bytes)
	}
	const colon = text.indexOf(':');
	if (colon < 0) return undefined;
	const name = text.slice(0, colon);
	const password = text.slice(colon + 1);
	return users.find((u) => u.name === name && u.password === password);
}

/** The web server's 401 page: plain HTML, never an OData JSON body. */
export const UNAUTHORIZED_BODY =
	'<html><head><title>401 Unauthorized</title></head><body><h1>401 Unauthorized</h1>' +
	'<p>Для доступа к информационной базе требуется аутентификация.</p></body></html>';
