/**
 * Reads ask 1C for JSON without OData annotations (`$format=json;odata=nometadata`, OneCClientOptions.jsonMetadata):
 * a real 1C follows each filled reference of a row with `X@navigationLinkUrl`, about half of a catalog page. A base
 * that answers the lean format in Atom, or refuses it before ever answering it, is asked again with `$format=json` and
 * remembered per root URL; a base that has answered it once is never asked twice (docs/1c-odata.md#urls-and-authentication).
 */
import { OneCClient, forgetSliceLastForms, type OneCClientOptions } from '../../../nodes/core/onec/client';
import { UT } from '../../../nodes/core/onec/model';
import type { HttpRequest, HttpResponse } from '../../../nodes/core/http/transport';
import { fakeClock } from '../../helpers/axios-transport';
import { collection, decoded, fakeTransport, odataError } from './fake-transport';

const ROOT = 'https://h/base/odata/standard.odata';
const warehouse = { Ref_Key: '00000000-0000-4000-8000-000000000001', Description: 'Основной склад' };
const atom: HttpResponse = {
	status: 200,
	headers: { 'content-type': 'application/atom+xml;charset=utf-8' },
	body: '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>',
};
const lean = (req: HttpRequest) => decoded(req.url).includes('$format=json;odata=nometadata');

function makeClient(handler: (req: HttpRequest) => HttpResponse, options: Partial<OneCClientOptions> = {}) {
	const transport = fakeTransport(handler);
	const logs: string[] = [];
	const client = new OneCClient({ rootUrl: ROOT, transport, clock: fakeClock(), retry: { random: () => 0 }, logger: (m) => logs.push(m), ...options });
	return { client, transport, logs };
}

const readWarehouses = (client: OneCClient) => client.readAll(UT.Catalog_Склады, { select: ['Ref_Key', 'Description'] });

beforeEach(() => forgetSliceLastForms());

describe('JSON without metadata', () => {
	it('is what reads ask for; writes keep $format=json', async () => {
		const { client, transport } = makeClient((req) => (req.method === 'GET' ? collection([warehouse]) : { status: 200, headers: {}, body: JSON.stringify({ Ref_Key: warehouse.Ref_Key }) }));
		expect(await readWarehouses(client)).toEqual([warehouse]);
		await client.update(UT.Catalog_Склады, warehouse.Ref_Key, { Description: 'Склад' });
		expect(transport.requests.map((r) => [r.method, lean(r)])).toEqual([
			['GET', true],
			['PATCH', false],
		]);
		expect(decoded(transport.requests[0].url)).toContain('?$format=json;odata=nometadata&$select=Ref_Key,Description');
	});

	it('annotations that come anyway are not read as fields', async () => {
		const annotated = { ...warehouse, 'Parent@navigationLinkUrl': `Catalog_Склады(guid'${warehouse.Ref_Key}')/Parent` };
		const { client } = makeClient(() => collection([annotated]));
		expect(await readWarehouses(client)).toEqual([warehouse]);
	});

	it('a base answering it in Atom is asked again with $format=json, once, and remembered', async () => {
		const { client, transport, logs } = makeClient((req) => (lean(req) ? atom : collection([warehouse])));
		expect(await readWarehouses(client)).toEqual([warehouse]);
		expect(await readWarehouses(client)).toEqual([warehouse]);
		expect(transport.requests.map(lean)).toEqual([true, false, false]);
		expect(logs).toContain('1C: this base refuses JSON without metadata ($format=json;odata=nometadata); using the fallback');
		// The next client of that base (the next execution) goes straight to $format=json.
		const next = makeClient((req) => (lean(req) ? atom : collection([warehouse])));
		await readWarehouses(next.client);
		expect(next.transport.requests.map(lean)).toEqual([false]);
	});

	it('a base refusing it (400) before answering it once is asked again with $format=json and remembered', async () => {
		const { client, transport } = makeClient((req) => (lean(req) ? odataError(400, '-1', 'Неверное значение параметра $format') : collection([warehouse])));
		expect(await readWarehouses(client)).toEqual([warehouse]);
		expect(await readWarehouses(client)).toEqual([warehouse]);
		expect(transport.requests.map(lean)).toEqual([true, false, false]);
	});

	it('a refusal of something else on the first read is asked again once and passed on, nothing remembered', async () => {
		const { client, transport } = makeClient(() => odataError(400, '14', 'Ошибка при разборе опции запроса $filter'));
		await expect(readWarehouses(client)).rejects.toMatchObject({ code: '14' });
		expect(transport.requests.map(lean)).toEqual([true, false]);
		expect(client.supports('noMetadataJson')).toBe(true);
	});

	it('once the base has answered it, a refusal is passed on without asking again, and a 500 never is', async () => {
		let refuse = false;
		const { client, transport } = makeClient(() => (refuse ? odataError(400, '14', 'Ошибка при разборе опции запроса $filter') : collection([warehouse])));
		await readWarehouses(client);
		refuse = true;
		await expect(readWarehouses(client)).rejects.toMatchObject({ code: '14' });
		expect(transport.requests.map(lean)).toEqual([true, true]);

		const failing = makeClient(() => odataError(500, '-1', 'Произошла внутренняя ошибка OData сервиса'), { rootUrl: 'https://h/other/odata/standard.odata' });
		await expect(readWarehouses(failing.client)).rejects.toMatchObject({ status: 500 });
		expect(failing.transport.requests.map(lean)).toEqual([true]);
	});

	it('jsonMetadata "minimal" always sends $format=json', async () => {
		const { client, transport } = makeClient(() => collection([warehouse]), { jsonMetadata: 'minimal' });
		await readWarehouses(client);
		expect(transport.requests.map(lean)).toEqual([false]);
		expect(decoded(transport.requests[0].url)).toContain('?$format=json&$select=');
	});
});
