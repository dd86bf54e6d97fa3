import { OneCClient } from '../../../nodes/core/onec/client';
import { credentialsCheck } from '../../../nodes/core/onec/credentials-check';
import { REQUIRED_SETS } from '../../../nodes/core/onec/model';
import { TransportError, type HttpRequest, type HttpResponse } from '../../../nodes/core/http/transport';
import { fakeClock } from '../../helpers/axios-transport';
import { collection, decoded, fakeTransport, odataError } from './fake-transport';

const ROOT = 'https://h/base/odata/standard.odata';

const edmx = (sets: readonly string[]): HttpResponse => ({
	status: 200,
	headers: { 'content-type': 'application/xml' },
	body: `<?xml version="1.0"?><edmx:Edmx><edmx:DataServices><Schema><EntityContainer Name="EnterpriseV8">${sets.map((s) => `<EntitySet Name="${s}" EntityType="StandardODATA.${s}"/>`).join('')}</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`,
});

function check(handler: (req: HttpRequest, i: number) => HttpResponse) {
	const transport = fakeTransport(handler);
	const client = new OneCClient({ rootUrl: ROOT, transport, clock: fakeClock(), retry: { maxAttempts: 1 } });
	return { run: () => credentialsCheck(client), transport };
}

describe('credentialsCheck', () => {
	it('is ok when Catalog_Организации answers and $metadata lists every needed set', async () => {
		const published = REQUIRED_SETS.map((s) => (s.startsWith('InformationRegister_') ? `${s}_RecordType` : s));
		const { run, transport } = check((req) => (req.url.endsWith('/$metadata') ? edmx(published) : collection([])));
		const result = await run();
		expect(result.ok).toBe(true);
		expect(transport.requests.map((r) => decoded(r.url).slice(ROOT.length))).toEqual(['/Catalog_Организации?$format=json&$select=Ref_Key&$top=1', '/$metadata']);
	});

	it('names every set missing from the composition', async () => {
		const published = REQUIRED_SETS.filter((s) => s !== 'Catalog_Склады' && s !== 'InformationRegister_ЦеныНоменклатуры');
		const { run } = check((req) => (req.url.endsWith('/$metadata') ? edmx(published) : collection([])));
		const result = await run();
		expect(result).toMatchObject({ ok: false, kind: 'composition', missingSets: ['Catalog_Склады', 'InformationRegister_ЦеныНоменклатуры'] });
		expect(result.message).toContain('УстановитьСоставСтандартногоИнтерфейсаOData');
	});

	it('treats code 6 on Catalog_Организации as composition, not as a wrong URL', async () => {
		const { run } = check((req) =>
			req.url.endsWith('/$metadata') ? edmx(REQUIRED_SETS.filter((s) => s !== 'Catalog_Организации')) : odataError(400, '6', "Сегмент пути 'Catalog_Организации' не найден!"),
		);
		expect(await run()).toMatchObject({ ok: false, kind: 'composition', missingSets: ['Catalog_Организации'] });
	});

	it('falls back to $top=1 per set when $metadata is unreadable', async () => {
		const { run, transport } = check((req) => {
			const url = decoded(req.url);
			if (url.endsWith('/$metadata')) return { status: 500, headers: {}, body: '' };
			if (url.includes('/Catalog_Валюты?')) return odataError(400, '6', "Сегмент пути 'Catalog_Валюты' не найден!");
			return collection([]);
		});
		expect(await run()).toMatchObject({ ok: false, missingSets: ['Catalog_Валюты'] });
		expect(transport.requests).toHaveLength(2 + REQUIRED_SETS.length);
	});

	it('tells a wrong login, a wrong URL, a server without OData and an unreachable host apart', async () => {
		const wrongLogin = await check(() => ({ status: 401, headers: { 'content-type': 'text/html' }, body: '<html>401 Unauthorized</html>' })).run();
		expect(wrongLogin).toMatchObject({ ok: false, kind: 'auth' });
		expect(wrongLogin.message).toMatch(/Wrong 1C login or password/);

		const wrongUrl = await check(() => ({ status: 404, headers: { 'content-type': 'text/html' }, body: '<html>Not Found</html>' })).run();
		expect(wrongUrl).toMatchObject({ ok: false, kind: 'notPublished' });
		expect(wrongUrl.message).toMatch(/wrong URL or the standard OData interface is not published/);

		const plainWebSite = await check(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<!DOCTYPE html><html>1C web client</html>' })).run();
		expect(plainWebSite).toMatchObject({ ok: false, kind: 'notPublished' });

		const down = await check(() => {
			throw new TransportError('connection', 'ECONNREFUSED');
		}).run();
		expect(down).toMatchObject({ ok: false, kind: 'network' });
		expect(down.message).toMatch(/Cannot reach 1C/);
	});
});
