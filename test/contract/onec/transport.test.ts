import axios from 'axios';
import { basic, odataError, odataPath, startClient, type Client } from './helpers';

/** docs/1c-odata.md#urls-and-authentication, #publication-and-composition: auth, formats, percent-encoding, publication composition, request log. */
let c: Client;
beforeAll(async () => {
	c = await startClient();
});
afterAll(() => c.sb.close());
beforeEach(async () => {
	await c.control('POST', 'reset', { fixture: 'seed' });
	await c.control('POST', 'config', { published: null, acceptHeaderSelectsJson: false });
});

describe('authentication', () => {
	it('answers 401 with Basic realm="1C" and a non-JSON body without credentials', async () => {
		const r = await axios.get(c.sb.url + odataPath('Catalog_Склады'), { validateStatus: () => true, responseType: 'text', transformResponse: [(d: unknown) => d] });
		expect(r.status).toBe(401);
		expect(r.headers['www-authenticate']).toBe('Basic realm="1C"');
		expect(() => JSON.parse(r.data)).toThrow();
	});

	it('rejects a wrong password', async () => {
		const r = await c.raw('GET', odataPath('Catalog_Склады'), undefined, { authorization: basic('Администратор', 'wrong') });
		expect(r.status).toBe(401);
	});

	it('accepts a Cyrillic login and password encoded as UTF-8', async () => {
		const r = await c.raw('GET', odataPath('Catalog_Склады'), undefined, { authorization: basic('Менеджер', 'пароль') });
		expect(r.status).toBe(200);
		expect(c.sb.state.log.at(-1)?.user).toBe('Менеджер');
	});

	it('rejects the same Cyrillic login sent in cp1251 (as IIS does)', async () => {
		// cp1251 bytes of "Менеджер:пароль" built by hand (Node has no cp1251 encoder)
		const cp1251 = (s: string): number[] => [...s].map((ch) => (ch === ':' ? 0x3a : ch === 'ё' ? 0xb8 : ch.charCodeAt(0) - 0x410 + 0xc0));
		const header = `Basic ${Buffer.from(cp1251('Менеджер:пароль')).toString('base64')}`;
		const r = await c.raw('GET', odataPath('Catalog_Склады'), undefined, { authorization: header });
		expect(r.status).toBe(401);
	});
});

describe('formats', () => {
	it('answers Atom XML, not JSON, when $format=json is missing', async () => {
		const r = await c.raw('GET', odataPath('Catalog_Склады', {}, false));
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toMatch(/application\/atom\+xml/);
		expect(() => JSON.parse(r.data)).toThrow();
		expect(r.data).toContain('<feed');
	});

	it('ignores Accept: application/json alone by default, honours it when switched on', async () => {
		const a = await c.raw('GET', odataPath('Catalog_Склады', {}, false), undefined, { accept: 'application/json' });
		expect(a.headers['content-type']).toMatch(/atom/);
		await c.control('POST', 'config', { acceptHeaderSelectsJson: true });
		const b = await c.raw('GET', odataPath('Catalog_Склады', {}, false), undefined, { accept: 'application/json' });
		expect(JSON.parse(b.data).value.length).toBe(4);
	});

	it('returns errors as XML when JSON was not requested', async () => {
		const r = await c.raw('GET', odataPath('Catalog_Несуществующий', {}, false));
		expect(r.status).toBe(404);
		expect(r.data).toContain('<m:code>6</m:code>');
	});

	it('drops odata.metadata and navigation links with odata=nometadata', async () => {
		const r = await c.json('Catalog_Склады', { $format: 'json;odata=nometadata', $top: 1 });
		expect(r['odata.metadata']).toBeUndefined();
		expect(Object.keys(r.value[0]).some((k) => k.includes('@'))).toBe(false);
	});
});

describe('percent-encoding', () => {
	it('treats + in the query as a literal plus, %20 as a space', async () => {
		const base = `${encodeURI('Catalog_Номенклатура')}?$format=json&$filter=`;
		const filter = (sp: string): string => encodeURIComponent("Description eq 'Джинсы Элегантность (48)'").replace(/%20/g, sp);
		const withSpace = await c.raw('GET', base + filter('%20'));
		expect(JSON.parse(withSpace.data).value).toHaveLength(1);
		const withPlus = await c.raw('GET', base + filter('+'));
		// "Description+eq+'…'" is not a valid expression once + stays a plus
		expect(withPlus.status).toBe(400);
		expect(odataError(withPlus).code).toBe('14');
	});

	it('logs decoded path and query of every OData request', async () => {
		await c.control('DELETE', 'requests');
		await c.get('Catalog_Склады', { $select: 'Description' });
		const log = await c.control('GET', 'requests');
		expect(log).toHaveLength(1);
		expect(log[0].path).toBe('/ut103/odata/standard.odata/Catalog_Склады');
		expect(log[0].query.$select).toBe('Description');
		expect(log[0].method).toBe('GET');
	});

	it('answers an over-long URL like the web server (long OR-lists must be batched): IIS 404.15 over 2,048 bytes of query string by default, 414 over the whole-line limit', async () => {
		const ors = Array.from({ length: 200 }, (_, i) => `Ref_Key eq guid'00000000-0000-4000-8000-${String(i).padStart(12, '0')}'`).join(' or ');
		const terms = (n: number) => ors.split(' or ').slice(0, n).join(' or ');
		const iis = await c.get('Catalog_Номенклатура', { $filter: terms(40) });
		expect(iis.status).toBe(404);
		expect(iis.data).toContain('HTTP Error 404.15');
		expect((await c.get('Catalog_Номенклатура', { $filter: terms(20) })).status).toBe(200);
		// without a query-string limit (Apache): only the whole line counts
		await c.control('POST', 'config', { maxQueryStringLength: 0 });
		expect((await c.get('Catalog_Номенклатура', { $filter: ors })).status).toBe(414);
		expect((await c.get('Catalog_Номенклатура', { $filter: terms(40) })).status).toBe(200);
		await c.control('POST', 'config', { maxQueryStringLength: 2048 });
	});

	it('answers an unknown publication path with the web server 404', async () => {
		const r = await axios.get(c.sb.url.replace('/ut103/', '/other/') + 'Catalog_Склады?$format=json', { validateStatus: () => true });
		expect(r.status).toBe(404);
	});
});

describe('service document, $metadata and composition', () => {
	it('lists the sets in the service document', async () => {
		const r = await c.json('');
		const names = r.value.map((v: { name: string }) => v.name);
		expect(names).toEqual(expect.arrayContaining(['Catalog_Номенклатура', 'Document_ЗаказПокупателя', 'AccumulationRegister_ТоварыНаСкладах', 'InformationRegister_ЦеныНоменклатуры_RecordType']));
	});

	it('serves EDMX generated from the metadata dump', async () => {
		const r = await c.raw('GET', '$metadata');
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toMatch(/xml/);
		const x = r.data;
		expect(x).toContain('<EntityType Name="Catalog_Номенклатура">');
		expect(x).toContain('<Property Name="Артикул" Type="Edm.String" Nullable="true" MaxLength="25"/>');
		expect(x).toContain('<Property Name="КратностьВзаиморасчетов" Type="Edm.Int64"');
		expect(x).toContain('<Property Name="СкладГруппа_Type" Type="Edm.String"');
		expect(x).toMatch(/<FunctionImport Name="Balance"[^>]*><Parameter Name="bindingParameter" Type="Collection\(StandardODATA\.AccumulationRegister_ТоварыНаСкладах\)"/);
		expect(x).toMatch(/<FunctionImport Name="SliceLast"[^>]*><Parameter Name="bindingParameter" Type="Collection\(StandardODATA\.InformationRegister_ЦеныНоменклатуры_RecordType\)"/);
		expect(x).not.toMatch(/Type="Collection\(StandardODATA\.InformationRegister_ЦеныНоменклатуры\)"/);
		expect(x).toContain('<Property Name="Товары" Type="Collection(StandardODATA.Document_ЗаказПокупателя_Товары_RowType)"');
		// UT 10.3's customer order has no ВидОперации (UT 11's ЗаказКлиента has); shipments and payments do.
		const order = /<EntityType Name="Document_ЗаказПокупателя">[\s\S]*?<\/EntityType>/.exec(x)?.[0] ?? '';
		expect(order).toContain('<Property Name="СкладГруппа"');
		expect(order).not.toContain('ВидОперации');
		expect(x).toMatch(/<EntityType Name="Document_РеализацияТоваровУслуг">[\s\S]*?<Property Name="ВидОперации"/);
	});

	it('answers only published sets; others get 404 with the name unquoted, as a real base does (400 behind a switch)', async () => {
		await c.control('POST', 'config', { published: ['Catalog_Склады', 'Document_ЗаказПокупателя'] });
		expect((await c.get('Catalog_Склады')).status).toBe(200);
		expect((await c.get('Document_ЗаказПокупателя_Товары')).status).toBe(200);
		const r = await c.get('Catalog_Номенклатура');
		expect(r.status).toBe(404);
		expect(odataError(r)).toEqual({ code: '6', message: 'Сегмент пути Catalog_Номенклатура не найден!' });
		// An unknown set answers the same way.
		expect((await c.get('Catalog_НетТакого')).status).toBe(404);
		await c.control('POST', 'config', { unpublishedSetStatus: 400 });
		expect((await c.get('Catalog_Номенклатура')).status).toBe(400);
		await c.control('POST', 'config', { unpublishedSetStatus: 404 });
		const meta = (await c.raw('GET', '$metadata')).data;
		expect(meta).toContain('EntitySet Name="Catalog_Склады"');
		expect(meta).not.toContain('EntitySet Name="Catalog_Номенклатура"');
	});
});
