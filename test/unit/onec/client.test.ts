import { OneCClient, forgetSliceLastForms, type OneCClientOptions } from '../../../nodes/core/onec/client';
import { compositeRef } from '../../../nodes/core/onec/codecs';
import { UT } from '../../../nodes/core/onec/model';
import { eq, guid } from '../../../nodes/core/onec/query';
import { TransportError, bytesResponse, type HttpRequest, type HttpResponse } from '../../../nodes/core/http/transport';
import { fakeClock } from '../../helpers/axios-transport';
import { collection, decoded, fakeTransport, json, odataError } from './fake-transport';

const ROOT = 'https://h/base/odata/standard.odata';
const gid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function makeClient(handler: (req: HttpRequest, i: number) => HttpResponse | Promise<HttpResponse>, options: Partial<OneCClientOptions> = {}) {
	const transport = fakeTransport(handler);
	const clock = fakeClock();
	const client = new OneCClient({ rootUrl: ROOT, transport, clock, retry: { random: () => 0 }, ...options });
	return { client, transport, clock };
}

const drop = () => {
	throw new TransportError('connection', 'ECONNRESET: socket hang up');
};

beforeEach(() => forgetSliceLastForms());

describe('reads', () => {
	it('pages with $top/$skip over Ref_Key until a short page, and decodes rows', async () => {
		const all = Array.from({ length: 5 }, (_, i) => ({ Ref_Key: gid(i + 1), Code: `0000000079${i}`, Description: `Джинсы ${i}`, IsFolder: false }));
		const { client, transport } = makeClient((req) => {
			const url = new URL(req.url);
			const top = Number(url.searchParams.get('$top'));
			const skip = Number(url.searchParams.get('$skip') ?? 0);
			return collection(all.slice(skip, skip + top));
		});
		const pages: number[] = [];
		for await (const page of client.pages(UT.Catalog_Номенклатура, { select: ['Ref_Key', 'Code', 'Description'], filter: eq('IsFolder', false), pageSize: 2 })) pages.push(page.length);
		expect(pages).toEqual([2, 2, 1]);
		expect(transport.requests).toHaveLength(3);
		// Every page after the first starts one row early: its first row must be the last row seen (data may move).
		expect(decoded(transport.requests[1].url)).toBe(
			`${ROOT}/Catalog_Номенклатура?$format=json;odata=nometadata&$select=Ref_Key,Code,Description&$filter=IsFolder eq false&$orderby=Ref_Key&$top=3&$skip=1`,
		);
		expect(transport.requests.map((r) => new URL(r.url).searchParams.get('$skip') ?? '0')).toEqual(['0', '1', '3']);
		expect(transport.requests.every((r) => r.method === 'GET' && r.headers?.Accept === 'application/json')).toBe(true);
	});

	it('an exact multiple of the page size costs one extra empty page, and limit stops early', async () => {
		const rows = Array.from({ length: 4 }, (_, i) => ({ Ref_Key: gid(i + 1) }));
		const { client, transport } = makeClient((req) => {
			const u = new URL(req.url);
			const skip = Number(u.searchParams.get('$skip') ?? 0);
			return collection(rows.slice(skip, skip + Number(u.searchParams.get('$top'))));
		});
		expect(await client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'], pageSize: 2 })).toHaveLength(4);
		expect(transport.requests).toHaveLength(3);
		expect(await client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'], pageSize: 2, limit: 3 })).toHaveLength(3);
		// One row wanted, plus the overlapping one.
		expect(decoded(transport.requests[4].url)).toContain('$top=2&$skip=1');
	});

	it('readWhereIn keeps every URL under the limit and asks for every key once', async () => {
		const keys = Array.from({ length: 60 }, (_, i) => gid(i + 1));
		const { client, transport } = makeClient(() => collection([]));
		await client.readWhereIn(UT.Catalog_Номенклатура, 'Ref_Key', [...keys, ...keys], { select: ['Ref_Key', 'Description'], filter: eq('DeletionMark', false) });
		expect(transport.requests.length).toBeGreaterThan(1);
		const asked: string[] = [];
		for (const r of transport.requests) {
			expect(r.url.length).toBeLessThanOrEqual(2000);
			const f = decodeURIComponent(new URL(r.url).search);
			expect(f).toContain('(DeletionMark eq false) and (');
			asked.push(...[...f.matchAll(/Ref_Key eq guid'([^']+)'/g)].map((m) => m[1]));
		}
		expect(asked.sort()).toEqual([...keys].sort());
	});

	it('get by key and find → null on code 9', async () => {
		const { client, transport } = makeClient((req) =>
			req.url.includes(gid(1)) ? json(200, { Ref_Key: gid(1), Description: 'Основной склад', ВидСклада: 'Оптовый' }) : odataError(404, '9', 'Экземпляр сущности не найден'),
		);
		expect(await client.get(UT.Catalog_Склады, gid(1), ['Ref_Key', 'Description', 'ВидСклада'])).toEqual({ Ref_Key: gid(1), Description: 'Основной склад', ВидСклада: 'Оптовый' });
		expect(decoded(transport.requests[0].url)).toBe(`${ROOT}/Catalog_Склады(guid'${gid(1)}')?$format=json;odata=nometadata&$select=Ref_Key,Description,ВидСклада`);
		expect(await client.find(UT.Catalog_Склады, gid(2), ['Ref_Key'])).toBeNull();
		await expect(client.get(UT.Catalog_Склады, gid(2), ['Ref_Key'])).rejects.toMatchObject({ code: '9', status: 404 });
	});

	it('rejects values that do not fit the model with a readable error', async () => {
		const { client } = makeClient(() => collection([{ Ref_Key: gid(1), Коэффициент: 'много' }]));
		await expect(client.readAll(UT.Catalog_ЕдиницыИзмерения, { select: ['Ref_Key', 'Коэффициент'] })).rejects.toThrow(/Коэффициент: not a number/);
	});

	it('Atom XML instead of JSON is reported as $format ignored', async () => {
		const { client } = makeClient(() => ({ status: 200, headers: { 'content-type': 'application/atom+xml' }, body: '<?xml version="1.0"?><feed></feed>' }));
		await expect(client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] })).rejects.toMatchObject({ kind: 'atom' });
	});
});

describe('virtual tables', () => {
	const stock = [{ Склад_Key: gid(1), Номенклатура_Key: gid(2), ХарактеристикаНоменклатуры_Key: '00000000-0000-0000-0000-000000000000', КоличествоBalance: 23 }];

	it('Balance uses the query-string form with Dimensions and Condition, and decodes rows', async () => {
		const { client, transport } = makeClient(() => collection(stock));
		const rows = await client.balance(UT.AccumulationRegister_ТоварыНаСкладах, {
			dimensions: ['Склад', 'Номенклатура', 'ХарактеристикаНоменклатуры'],
			condition: eq('Склад_Key', guid(gid(1))),
			period: '2024-06-01T23:59:59',
		});
		expect(rows).toEqual([{ Склад_Key: gid(1), Номенклатура_Key: gid(2), ХарактеристикаНоменклатуры_Key: null, КоличествоBalance: 23 }]);
		// 1C's bound is exclusive: the next second includes movements dated exactly at 23:59:59.
		expect(decoded(transport.requests[0].url)).toBe(
			`${ROOT}/AccumulationRegister_ТоварыНаСкладах/Balance?$format=json;odata=nometadata&$select=Склад_Key,Номенклатура_Key,ХарактеристикаНоменклатуры_Key,КоличествоBalance` +
				`&Period=datetime'2024-06-02T00:00:00'&Condition=Склад_Key eq guid'${gid(1)}'&Dimensions=Склад,Номенклатура,ХарактеристикаНоменклатуры`,
		);
	});

	it('Balance in the parentheses form doubles inner quotes', async () => {
		const { client, transport } = makeClient(() => collection([]));
		await client.balance(UT.AccumulationRegister_ТоварыВРезервеНаСкладах, { dimensions: ['Склад', 'ДокументРезерва'], condition: eq('Склад_Key', guid(gid(1))) });
		expect(decoded(transport.requests[0].url)).toBe(`${ROOT}/AccumulationRegister_ТоварыВРезервеНаСкладах/Balance?$format=json;odata=nometadata&$select=Склад_Key,ДокументРезерва,ДокументРезерва_Type,КоличествоBalance&Condition=Склад_Key eq guid'${gid(1)}'&Dimensions=Склад,ДокументРезерва`);
		const p = makeClient(() => collection([]), { functionParamStyle: 'parentheses' });
		await p.client.balance(UT.AccumulationRegister_ТоварыНаСкладах, { dimensions: ['Склад'], condition: eq('Склад_Key', guid(gid(1))) });
		expect(decoded(p.transport.requests[0].url)).toBe(`${ROOT}/AccumulationRegister_ТоварыНаСкладах/Balance(Condition='Склад_Key eq guid''${gid(1)}''',Dimensions='Склад')?$format=json;odata=nometadata&$select=Склад_Key,КоличествоBalance`);
	});

	const price = { Period: '2024-01-10T00:00:00', ТипЦен_Key: gid(5), Номенклатура_Key: gid(2), ХарактеристикаНоменклатуры_Key: '00000000-0000-0000-0000-000000000000', Цена: 300, Валюта_Key: gid(6), ЕдиницаИзмерения_Key: gid(7), ПроцентСкидкиНаценки: 0, СпособРасчетаЦены: '' };

	it('SliceLast tries _RecordType first and, when it works, keeps using it', async () => {
		const { client, transport } = makeClient(() => collection([price]));
		const rows = await client.sliceLast(UT.InformationRegister_ЦеныНоменклатуры, { condition: eq('ТипЦен_Key', guid(gid(5))) });
		expect(rows[0]).toMatchObject({ Цена: 300, ХарактеристикаНоменклатуры_Key: null, СпособРасчетаЦены: null });
		await client.sliceLast(UT.InformationRegister_ЦеныНоменклатуры);
		expect(transport.requests).toHaveLength(2);
		expect(transport.requests.every((r) => decoded(r.url).includes('/InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast?'))).toBe(true);
		expect(decoded(transport.requests[0].url)).toContain(`&Condition=ТипЦен_Key eq guid'${gid(5)}'`);
	});

	it('SliceLast falls back to the plain form once, then remembers it for the root URL', async () => {
		const handler = (req: HttpRequest) =>
			decoded(req.url).includes('_RecordType/') ? odataError(400, '6', 'Метод не найден') : collection([price]);
		// The base's first read is refused: with the lean JSON format (json-metadata.test.ts) it would be asked once more
		// without it; this test counts the SliceLast probe alone.
		const { client, transport } = makeClient(handler, { jsonMetadata: 'minimal' });
		expect(await client.sliceLast(UT.InformationRegister_ЦеныНоменклатуры)).toHaveLength(1);
		expect(transport.requests).toHaveLength(2);
		await client.sliceLast(UT.InformationRegister_ЦеныНоменклатуры);
		expect(transport.requests).toHaveLength(3);
		expect(client.rememberedSliceLastForm(UT.InformationRegister_ЦеныНоменклатуры)).toBe('plain');
		// A second client on the same root URL (next execution) does not probe again.
		const second = makeClient(handler, { jsonMetadata: 'minimal' });
		await second.client.sliceLast(UT.InformationRegister_ЦеныНоменклатуры);
		expect(second.transport.requests).toHaveLength(1);
		expect(decoded(second.transport.requests[0].url)).toContain('/InformationRegister_ЦеныНоменклатуры/SliceLast?');
	});

	it('SliceLast does not fall back on errors that are not "not found"', async () => {
		const { client, transport } = makeClient(() => odataError(400, '14', 'Ошибка при разборе опции запроса $filter'), { jsonMetadata: 'minimal' });
		await expect(client.sliceLast(UT.InformationRegister_ЦеныНоменклатуры)).rejects.toMatchObject({ code: '14' });
		expect(transport.requests).toHaveLength(1);
		expect(client.rememberedSliceLastForm(UT.InformationRegister_ЦеныНоменклатуры)).toBeUndefined();
	});

	it('a non-subordinate register slices on its own set', async () => {
		const { client, transport } = makeClient(() => collection([{ Period: '2024-01-01T00:00:00', Валюта_Key: gid(6), Курс: 90.5, Кратность: '1' }]));
		expect(await client.sliceLast(UT.InformationRegister_КурсыВалют)).toEqual([{ Period: '2024-01-01T00:00:00', Валюта_Key: gid(6), Курс: 90.5, Кратность: 1 }]);
		expect(decoded(transport.requests[0].url)).toContain('/InformationRegister_КурсыВалют/SliceLast?');
	});
});

describe('answers as bytes (value-pieces.ts)', () => {
	const rows = Array.from({ length: 30_000 }, (_, i) => ({ Склад_Key: gid(1), Номенклатура_Key: gid(i + 10), ХарактеристикаНоменклатуры_Key: '00000000-0000-0000-0000-000000000000', КоличествоBalance: i % 7 }));
	/** As n8n's transport: a 2xx as bytes when the request asks for them, an error as text. */
	const asBytes = (response: HttpResponse, req: HttpRequest): HttpResponse =>
		req.bytes === true ? bytesResponse(response.status, response.headers, Buffer.from(response.body)) : response;
	const read = async (answer: (req: HttpRequest) => HttpResponse) => {
		const { client, transport } = makeClient(answer);
		const out = await client.balance(UT.AccumulationRegister_ТоварыНаСкладах, { dimensions: ['Склад', 'Номенклатура', 'ХарактеристикаНоменклатуры'] });
		return { out, urls: transport.requests.map((r) => r.url), asked: transport.requests.map((r) => r.bytes) };
	};

	it('a page of 30,000 rows (several MB) in pieces, compact or in 1C\'s lines: the rows and requests of a text answer', async () => {
		const compact = json(200, { value: rows });
		const lines: HttpResponse = { ...compact, body: `{\r\n"odata.metadata": "${ROOT}/$metadata#x",\r\n"value": [${rows.map((r) => JSON.stringify(r, null, '\t')).join(',\r\n')}]\r\n}` };
		expect(Buffer.byteLength(compact.body)).toBeGreaterThan(4 * 2 ** 20);
		const text = await read(() => compact);
		expect(text.asked).toEqual([true]);
		expect(text.out).toHaveLength(30_000);
		for (const answer of [compact, lines]) {
			const inBytes = await read((req) => asBytes(answer, req));
			expect(inBytes.out).toEqual(text.out);
			expect(inBytes.urls).toEqual(text.urls);
		}
	});

	it('a small answer, an OData error with a 2xx status and an HTML page as bytes: as their text', async () => {
		const small = await read((req) => asBytes(collection(rows.slice(0, 3)), req));
		expect(small.out).toHaveLength(3);
		const error = odataError(200, '14', 'Ошибка при разборе опции запроса $filter');
		await expect(read((req) => asBytes(error, req))).rejects.toMatchObject({ code: '14' });
		const html: HttpResponse = { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>Welcome</body></html>' };
		await expect(read((req) => asBytes(html, req))).rejects.toMatchObject({ kind: 'notPublished' });
	});
});

describe('timeouts', () => {
	it('gives the first request the long timeout and later ones the normal one', async () => {
		const { client, transport } = makeClient(() => collection([]), { firstRequestTimeoutMs: 60_000, requestTimeoutMs: 30_000 });
		await client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] });
		await client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] });
		expect(transport.requests.map((r) => r.timeoutMs)).toEqual([60_000, 30_000]);
	});

	it('keeps the long timeout while the session has not answered yet (retry after a timeout)', async () => {
		const { client, transport } = makeClient((_req, i) => {
			if (i === 0) throw new TransportError('timeout', 'ECONNABORTED: timeout of 60000ms exceeded');
			return collection([]);
		});
		await client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] });
		await client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] });
		expect(transport.requests.map((r) => r.timeoutMs)).toEqual([60_000, 60_000, 30_000]);
	});

	it('reports a timeout in seconds when retries are exhausted', async () => {
		const { client, transport } = makeClient(() => {
			throw new TransportError('timeout', 'ECONNABORTED');
		});
		await expect(client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] })).rejects.toMatchObject({ kind: 'timeout', message: expect.stringContaining('60 s') });
		expect(transport.requests).toHaveLength(3);
	});
});

describe('retry safety', () => {
	it('reads are retried on 502/503 and dropped connections, bounded', async () => {
		const answers: Array<() => HttpResponse> = [() => json(502, {}), drop, () => json(503, {}), () => collection([{ Ref_Key: gid(1) }])];
		const { client, transport, clock } = makeClient(() => answers.shift()!(), { retry: { maxAttempts: 4, random: () => 0 } });
		expect(await client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] })).toHaveLength(1);
		expect(transport.requests).toHaveLength(4);
		expect(clock.slept).toEqual([500, 1000, 2000]);
	});

	it('gives up after maxAttempts and surfaces the last status', async () => {
		const { client, transport } = makeClient(() => ({ status: 503, headers: { 'content-type': 'text/html' }, body: 'Service Unavailable' }));
		await expect(client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] })).rejects.toMatchObject({ status: 503 });
		expect(transport.requests).toHaveLength(3);
	});

	it('POST create is never resent after a lost connection', async () => {
		const { client, transport } = makeClient(drop);
		await expect(client.create(UT.Catalog_Контрагенты, { Description: 'покупатель' })).rejects.toMatchObject({
			kind: 'network',
			hint: expect.stringContaining('may have been created anyway'),
		});
		expect(transport.requests).toHaveLength(1);
	});

	it('POST create is resent after 503 (rejected before work) but not after 502', async () => {
		const created = json(201, { Ref_Key: gid(9), Description: 'покупатель', Code: '000000001' });
		const a = makeClient((_r, i) => (i === 0 ? json(503, {}) : created));
		expect((await a.client.create(UT.Catalog_Контрагенты, { Description: 'покупатель' })).ref).toBe(gid(9));
		expect(a.transport.requests).toHaveLength(2);
		const b = makeClient((_r, i) => (i === 0 ? json(502, {}) : created));
		await expect(b.client.create(UT.Catalog_Контрагенты, { Description: 'покупатель' })).rejects.toMatchObject({ status: 502 });
		expect(b.transport.requests).toHaveLength(1);
	});

	it('PATCH and Post are resent after a lost connection (repeating them is harmless)', async () => {
		const a = makeClient((_r, i) => (i === 0 ? drop() : json(200, { Ref_Key: gid(9) })));
		await a.client.update(UT.Catalog_Контрагенты, gid(9), { Комментарий: 'x' });
		expect(a.transport.requests.map((r) => r.method)).toEqual(['PATCH', 'PATCH']);
		const b = makeClient((req, i) => (i === 0 ? drop() : req.method === 'GET' ? json(200, { Posted: true }) : { status: 200, headers: {}, body: '' }));
		expect(await b.client.post(UT.Document_ЗаказПокупателя, gid(9))).toEqual({ posted: true, refused: false });
		expect(b.transport.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'GET']);
	});
});

describe('writes', () => {
	const org = gid(1);
	const cp = gid(2);
	const wh = gid(3);
	const item = gid(4);

	it('creates an order with numbered rows and a composite warehouse, then posts it', async () => {
		let posted = false;
		const { client, transport } = makeClient((req) => {
			const url = decoded(req.url);
			if (req.method === 'POST' && url.includes('/Post?')) {
				posted = true;
				// Any 2xx body is accepted for an action: here a non-JSON one.
				return { status: 200, headers: { 'content-type': 'application/atom+xml' }, body: '<?xml version="1.0"?><entry/>' };
			}
			if (req.method === 'POST' && url.includes('/Unpost?')) {
				posted = false;
				return { status: 200, headers: {}, body: '' };
			}
			if (req.method === 'GET') return json(200, { Posted: posted });
			const body = JSON.parse(req.body ?? '{}');
			return json(201, { ...body, Ref_Key: gid(10), Number: '00000000001', Posted: false, СуммаДокумента: 600 });
		});
		const created = await client.create(UT.Document_ЗаказПокупателя, {
			Date: '2024-06-01T12:30:00',
			Организация_Key: org,
			Контрагент_Key: cp,
			КратностьВзаиморасчетов: 1,
			КурсВзаиморасчетов: 1,
			СкладГруппа: compositeRef(UT.Catalog_Склады.set, wh),
			НомерВходящегоДокументаЭлектронногоОбмена: '5488',
			Товары: [
				{ Номенклатура_Key: item, Количество: 1, Цена: 300, Сумма: 300, СтавкаНДС: 'БезНДС' },
				{ Номенклатура_Key: item, Количество: 1, Цена: 300, Сумма: 300, СтавкаНДС: 'БезНДС' },
			],
		});
		expect(created.ref).toBe(gid(10));
		expect(created.entity).toMatchObject({ Number: '00000000001', Posted: false, СуммаДокумента: 600, КратностьВзаиморасчетов: 1 });
		const sent = JSON.parse(transport.requests[0].body!);
		expect(sent).toMatchObject({
			КратностьВзаиморасчетов: '1',
			СкладГруппа: wh,
			СкладГруппа_Type: 'StandardODATA.Catalog_Склады',
		});
		expect(sent.Товары.map((r: { LineNumber: string }) => r.LineNumber)).toEqual(['1', '2']);
		expect(transport.requests[0].headers?.['Content-Type']).toBe('application/json; charset=utf-8');
		expect(decoded(transport.requests[0].url)).toBe(`${ROOT}/Document_ЗаказПокупателя?$format=json`);

		expect(await client.post(UT.Document_ЗаказПокупателя, created.ref)).toEqual({ posted: true, refused: false });
		expect(await client.unpost(UT.Document_ЗаказПокупателя, created.ref)).toEqual({ posted: false, refused: false });
		await client.setDeletionMark(UT.Document_ЗаказПокупателя, created.ref, true);
		// Post/Unpost ask for JSON like every request, and Posted is re-read after each.
		expect(transport.requests.slice(1).map((r) => `${r.method} ${decoded(r.url).slice(ROOT.length)}`)).toEqual([
			`POST /Document_ЗаказПокупателя(guid'${gid(10)}')/Post?$format=json&PostingModeOperational=false`,
			`GET /Document_ЗаказПокупателя(guid'${gid(10)}')?$format=json;odata=nometadata&$select=Posted`,
			`POST /Document_ЗаказПокупателя(guid'${gid(10)}')/Unpost?$format=json`,
			`GET /Document_ЗаказПокупателя(guid'${gid(10)}')?$format=json;odata=nometadata&$select=Posted`,
			`PATCH /Document_ЗаказПокупателя(guid'${gid(10)}')?$format=json`,
		]);
		expect(JSON.parse(transport.requests[5].body!)).toEqual({ DeletionMark: true });
	});

	it('a posting refusal is returned with the 1C text and the re-read state, not thrown', async () => {
		const { client } = makeClient((req) => (req.method === 'GET' ? json(200, { Posted: false }) : odataError(500, '-1', 'Не заполнен договор контрагента! Проведение отменено.')));
		const result = await client.post(UT.Document_ЗаказПокупателя, gid(10));
		expect(result).toMatchObject({ posted: false, refused: true, message1C: 'Не заполнен договор контрагента! Проведение отменено.' });
		expect(result.message).toMatch(/^1C refused to post the document\. 1C said: «Не заполнен договор контрагента! Проведение отменено\.»\. Fix what 1C names/);
	});

	it('a refused re-post of a posted document says it stays posted as before', async () => {
		const { client } = makeClient((req) => (req.method === 'GET' ? json(200, { Posted: true }) : odataError(500, '-1', "Error running processor - 'ОбработкаПроведения'")));
		const result = await client.post(UT.Document_ЗаказПокупателя, gid(10));
		expect(result).toMatchObject({ posted: true, refused: true });
		expect(result.message).toMatch(/without saying why.*post it by hand.*stays posted as it was before/);
	});

	it('a 2xx that did not post is reported from the re-read', async () => {
		const { client } = makeClient((req) => (req.method === 'GET' ? json(200, { Posted: false }) : { status: 200, headers: {}, body: '' }));
		expect(await client.post(UT.Document_ЗаказПокупателя, gid(10))).toEqual({
			posted: false,
			refused: false,
			message: '1C answered the post call without an error, but the document is not posted; post it by hand in 1C to see why.',
		});
	});

	it('network and login failures of a post are thrown, not returned', async () => {
		const { client } = makeClient(() => ({ status: 401, headers: { 'content-type': 'text/html' }, body: '<html>401</html>' }));
		await expect(client.post(UT.Document_ЗаказПокупателя, gid(10))).rejects.toMatchObject({ kind: 'auth' });
	});

	it('has no way to send DELETE', async () => {
		const proto = Object.getOwnPropertyNames(OneCClient.prototype);
		expect(proto.filter((n) => /delete|remove|destroy/i.test(n))).toEqual([]);
		const { client, transport } = makeClient(() => json(200, {}));
		await expect(client.request('DELETE' as never, `${ROOT}/Catalog_Склады(guid'${gid(1)}')`, { safeToRepeat: true })).rejects.toThrow('DELETE is never sent');
		expect(transport.requests).toHaveLength(0);
	});
});

describe('logger', () => {
	it('reports pages and retries, without credentials', async () => {
		const logs: string[] = [];
		const answers: Array<() => HttpResponse> = [() => json(503, {}), () => collection([{ Ref_Key: gid(1) }])];
		const { client } = makeClient(() => answers.shift()!(), { logger: (m) => logs.push(m), rootUrl: 'https://user:secret@h/base' });
		await client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] });
		expect(logs).toEqual(['1C: HTTP 503 on GET Catalog_Склады, retry 1 of 2 in 500 ms', '1C: Catalog_Склады page 1, 1 rows']);
		expect(logs.join(' ')).not.toContain('secret');
	});
});
