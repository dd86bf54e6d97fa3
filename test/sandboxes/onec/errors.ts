/**
 * 1C's OData error: `{"odata.error":{"code":"…","message":{"lang":"ru","value":"…"}}}` with the
 * platform's HTTP status and numeric code (docs/1c-odata.md#errors): 1 bad value, 6 unknown segment/function,
 * 9 not found, 13 direct tabular rows, 14 $filter syntax, -1 internal/business error.
 */
export class ODataError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

/** A real base writes the name without quotes (older sandboxes quoted it; clients must read both). */
export const notFoundSegment = (name: string, status = 400): ODataError => new ODataError(status, '6', `Сегмент пути ${name} не найден!`);
export const methodNotFound = (name: string): ODataError => new ODataError(400, '6', `Метод не найден: ${name}`);
export const filterSyntax = (detail: string): ODataError =>
	new ODataError(400, '14', `Ошибка при разборе опции запроса $filter: ${detail}`);
export const entityNotFound = (): ODataError => new ODataError(404, '9', 'Экземпляр сущности не найден');
export const badValue = (name: string, value: unknown): ODataError =>
	new ODataError(400, '1', `Неверное значение свойства '${name}': ${JSON.stringify(value)}`);
export const internalError = (message: string): ODataError => new ODataError(500, '-1', message);
/** A right the 1C user lacks (the platform's «Нарушение прав доступа!»), answered 403. */
export const accessDenied = (): ODataError => new ODataError(403, '-1', 'Нарушение прав доступа!');

export function errorJson(e: ODataError): string {
	return JSON.stringify({ 'odata.error': { code: e.code, message: { lang: 'ru', value: e.message } } });
}

export function errorXml(e: ODataError): string {
	return (
		'<?xml version="1.0" encoding="utf-8"?>' +
		'<m:error xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">' +
		`<m:code>${escapeXml(e.code)}</m:code><m:message xml:lang="ru">${escapeXml(e.message)}</m:message></m:error>`
	);
}

export function escapeXml(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
