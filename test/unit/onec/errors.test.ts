import { echoedName, errorFromResponse, errorFromTransport, errorFromUnexpectedBody, hintForCode, hintForServerText, parseODataError, plainText } from '../../../nodes/core/onec/errors';
import { TransportError, type HttpResponse } from '../../../nodes/core/http/transport';
import { odataError } from './fake-transport';

const ctx = { method: 'GET', url: 'https://h/b/odata/standard.odata/Catalog_Склады?$format=json', set: 'Catalog_Склады' };
const res = (status: number, body: string, contentType = 'text/html'): HttpResponse => ({ status, headers: { 'content-type': contentType }, body });

describe('odata.error classification', () => {
	it.each([
		['1', 400, 'Неверное значение GUID', /could not be read as its property type/],
		['9', 404, 'Экземпляр сущности не найден', /does not exist/],
		['13', 400, 'Создание строк табличной части напрямую не поддерживается', /inside the parent document/],
		['14', 400, 'Ошибка при разборе опции запроса $filter', /\$filter expression could not be parsed/],
		['-1', 500, 'Произошла внутренняя ошибка OData сервиса', /1C failed while processing/],
	])('code %s keeps the Russian text and adds an English hint', (code, status, text, hint) => {
		const e = errorFromResponse(odataError(status, code, text), ctx);
		expect(e).toMatchObject({ kind: 'odata', status, code, message1C: text });
		expect(e.hint).toMatch(hint);
		expect(e.message).toContain(text);
	});

	it('code 6 on the set itself names the set and the composition method', () => {
		const e = errorFromResponse(odataError(400, '6', "Сегмент пути 'Catalog_Склады' не найден!"), ctx);
		expect(e.hint).toBe('Add Catalog_Склады to the OData composition (run УстановитьСоставСтандартногоИнтерфейсаOData in the infobase), or check the object name.');
	});

	it('code 6 on a field points at the field, on a function at the register', () => {
		expect(errorFromResponse(odataError(400, '6', "Сегмент пути 'Склад' не найден!"), ctx).hint).toMatch(/field or segment "Склад" does not exist/);
		expect(errorFromResponse(odataError(400, '6', 'Метод не найден'), ctx).hint).toMatch(/does not support that function/);
	});

	it('a redirect is not followed: the error names where the web server points and what to do', () => {
		const e = errorFromResponse({ status: 302, headers: { location: 'https://1c.example.com/trade/odata/standard.odata/Catalog_Склады' }, body: '' }, ctx);
		expect(e.message).toMatch(/1C's web server redirects elsewhere \(HTTP 302 to https:\/\/1c\.example\.com\/trade\/odata/);
		expect(e.hint).toMatch(/^Put the address it redirects to \(https:\/\/1c\.example\.com\/.*\) into the credential: the nodes do not follow redirects/);
		expect(errorFromResponse({ status: 301, headers: {}, body: '' }, ctx).hint).toMatch(/^Put the address the server redirects to into the credential/);
	});

	it('a posting refusal is a code -1 with the 1C reason', () => {
		const e = errorFromResponse(odataError(500, '-1', 'Проведение документа отклонено: не заполнен договор'), ctx);
		expect(e.code).toBe('-1');
		expect(e.hint).toMatch(/Posting was refused/);
	});

	it('reads the Atom/XML error form too', () => {
		expect(parseODataError('<?xml version="1.0"?><m:error xmlns:m="x"><m:code>9</m:code><m:message xml:lang="ru">Не &quot;найден&quot;</m:message></m:error>')).toEqual({ code: '9', message: 'Не "найден"' });
	});
});

describe('what a real base answers (issue "first contact")', () => {
	it('reads «Сегмент пути X не найден!» without quotes: a set → composition, a field → the field', () => {
		const set = errorFromResponse(odataError(400, '6', 'Сегмент пути Catalog_Склады не найден!'), ctx);
		expect(set).toMatchObject({ kind: 'notInComposition', code: '6' });
		expect(set.hint).toMatch(/^Add Catalog_Склады to the OData composition/);
		const field = errorFromResponse(odataError(400, '6', 'Сегмент пути Склад не найден!'), ctx);
		expect(field).toMatchObject({ kind: 'odata', code: '6' });
		expect(field.hint).toMatch(/field or segment "Склад" does not exist/);
	});

	it('404 with an OData body: code 9 is a missing object, anything else an unpublished set', () => {
		expect(errorFromResponse(odataError(404, '9', 'Экземпляр сущности не найден'), ctx)).toMatchObject({ kind: 'odata', code: '9' });
		const e = errorFromResponse(odataError(404, '6', 'Сегмент пути Catalog_Склады не найден!'), ctx);
		expect(e).toMatchObject({ kind: 'notInComposition', status: 404 });
		expect(e.message).toMatch(/^1C does not publish Catalog_Склады \(HTTP 404\)/);
		// A 404 without an OData body is still the web server: a wrong URL.
		expect(errorFromResponse(res(404, 'Not found', 'text/plain'), ctx).kind).toBe('notPublished');
	});

	it('403 is a missing right, with 1C\'s text when it sent one', () => {
		const e = errorFromResponse(odataError(403, '-1', 'Нарушение прав доступа!'), ctx);
		expect(e).toMatchObject({ kind: 'forbidden', message1C: 'Нарушение прав доступа!' });
		expect(e.hint).toMatch(/no right to read Catalog_Склады/);
		// The user may hold the role and still be refused: record-level restrictions (RLS) hide some rows, and a query
		// without РАЗРЕШЕННЫЕ that meets one fails with the same «Нарушение прав доступа!».
		expect(e.hint).toMatch(/record-level restrictions .*«Нарушение прав доступа!».*without record-level restrictions/);
		expect(errorFromResponse(res(403, '<html><body><h1>403 Forbidden</h1></body></html>'), { ...ctx, method: 'POST' }).hint).toMatch(/no right to change/);
	});

	it('a 5xx page keeps its text, scripts and tags dropped, and says what it means', () => {
		const page = '<html><head><title>Ошибка</title><style>p{}</style></head><body><p>Превышено максимальное количество лицензий</p><script>alert(1)</script></body></html>';
		const e = errorFromResponse(res(500, page), ctx);
		expect(e).toMatchObject({ kind: 'server', message1C: 'Ошибка. Превышено максимальное количество лицензий' });
		expect(e.hint).toMatch(/no free licence/);
		expect(plainText('a'.repeat(400))).toHaveLength(301);
		expect(hintForServerText(500, 'Начало сеанса с информационной базой запрещено')).toMatch(/locked new sessions/);
		expect(hintForServerText(502, '')).toMatch(/did not get an answer/);
	});

	it('lock and price-rights texts of code -1 get their own advice', () => {
		expect(hintForCode('-1', 'Конфликт блокировок при выполнении транзакции', ctx)).toMatch(/^Another 1C session holds a lock/);
		expect(hintForCode('-1', 'цена за единицу ниже порогового значения', ctx)).toMatch(/ПроверитьДопустимостьЦенОтпуска/);
	});

	it('echoedName reads quoted and bare names', () => {
		expect(echoedName("Сегмент пути 'Склад' не найден!")).toBe('Склад');
		expect(echoedName('Сегмент пути «Склад» не найден!')).toBe('Склад');
		expect(echoedName('Сегмент пути Склад не найден!')).toBe('Склад');
		expect(echoedName('Метод не найден')).toBeUndefined();
	});
});

describe('non-OData answers', () => {
	it('401 → wrong login or password', () => {
		const e = errorFromResponse(res(401, '<html>401</html>'), ctx);
		expect(e.kind).toBe('auth');
		expect(e.message).toMatch(/Wrong 1C user name or password/);
	});

	it('404 or an HTML page → wrong URL or OData not published', () => {
		expect(errorFromResponse(res(404, 'Not found', 'text/plain'), ctx).kind).toBe('notPublished');
		expect(errorFromResponse(res(200, '<html><body>Apache</body></html>'), ctx).kind).toBe('notPublished');
		// A proxy's 502 page means the address is right but the backend is down.
		expect(errorFromResponse(res(502, '<html><body>Bad Gateway</body></html>'), ctx).kind).toBe('server');
		expect(errorFromUnexpectedBody(res(200, '<!DOCTYPE html><html></html>'), ctx).kind).toBe('notPublished');
	});

	it('Atom XML where JSON was asked → $format ignored', () => {
		const e = errorFromUnexpectedBody(res(200, '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>', 'application/atom+xml'), ctx);
		expect(e.kind).toBe('atom');
		expect(e.hint).toMatch(/\$format=json/);
	});

	it('network errors and timeouts', () => {
		expect(errorFromTransport(new TransportError('connection', 'ECONNREFUSED'), ctx, 30_000).kind).toBe('network');
		const t = errorFromTransport(new TransportError('timeout', 'ECONNABORTED'), ctx, 60_000);
		expect(t.kind).toBe('timeout');
		expect(t.message).toContain('60 s');
	});

	it('never carries credentials from the URL', () => {
		const e = errorFromResponse(res(401, ''), { method: 'GET', url: 'https://Администратор:s3cret@h/b/odata/standard.odata/X' });
		expect(e.message).not.toContain('s3cret');
		expect(e.url).not.toContain('s3cret');
	});
});
