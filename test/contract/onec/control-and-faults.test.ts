import axios from 'axios';
import { SEED_IDS } from '../../sandboxes/onec/fixtures/seed';
import { odataError, odataPath, startClient, type Client } from './helpers';

/** Control API (`/__sandbox/`) and scripted faults (docs/1c-odata.md#urls-and-authentication optional knobs). */
let c: Client;
beforeAll(async () => {
	c = await startClient();
});
afterAll(() => c.sb.close());
beforeEach(async () => {
	await c.control('POST', 'reset', { fixture: 'seed' });
});

describe('control API', () => {
	it('reports a state summary without auth and the full state with ?full=1', async () => {
		const s = await c.control('GET', 'state');
		expect(s.fixture).toBe('seed');
		expect(s.counts.Catalog_Номенклатура).toBe(10);
		expect(s.users).toEqual(['Администратор', 'Менеджер']);
		const full = await c.control('GET', 'state?full=1');
		expect(full.state.entities.Catalog_Склады).toHaveLength(4);
	});

	it('resets to the fixture, discarding writes', async () => {
		await c.post('Catalog_Контрагенты', { Description: 'временный' });
		expect((await c.control('GET', 'state')).counts.Catalog_Контрагенты).toBe(5);
		await c.control('POST', 'reset', { fixture: 'seed' });
		expect((await c.control('GET', 'state')).counts.Catalog_Контрагенты).toBe(4);
	});

	it('resets to an explicit state (round trip of GET state?full=1)', async () => {
		await c.post('Catalog_Контрагенты', { Description: 'сохраненный' });
		const full = await c.control('GET', 'state?full=1');
		await c.control('POST', 'reset', { fixture: 'seed' });
		await c.control('POST', 'reset', { state: full.state });
		const r = await c.json('Catalog_Контрагенты', { $filter: "Description eq 'сохраненный'" });
		expect(r.value).toHaveLength(1);
		expect(r.value[0].Code).toBe('000000005');
	});

	it('accepts a hand-written minimal state and keeps the seed users', async () => {
		await c.control('POST', 'reset', {
			state: { entities: { Catalog_Склады: [{ Ref_Key: '11111111-2222-4333-8444-555555555555', Code: '000000001', Description: 'Единственный склад', ВидСклада: 'Оптовый' }] } },
		});
		const r = await c.json('Catalog_Склады');
		expect(r.value).toHaveLength(1);
		expect(r.value[0].Description).toBe('Единственный склад');
		expect(r.value[0].DeletionMark).toBe(false);
		expect(r.value[0].DataVersion).toMatch(/^[A-Za-z0-9+/]{8}$/);
		expect((await c.json('Catalog_Номенклатура')).value).toEqual([]);
	});

	it('records movements as a 1C user would (receipt and sale)', async () => {
		const recv = await c.control('POST', 'movements', { records: [{ Склад_Key: SEED_IDS.warehouses.main, Номенклатура_Key: SEED_IDS.items.socks, Количество: 8 }] });
		expect(recv.recorder).toMatch(/^[0-9a-f-]{36}$/);
		await c.control('POST', 'movements', [{ register: 'ТоварыНаСкладах', RecordType: 'Expense', Склад_Key: SEED_IDS.warehouses.main, Номенклатура_Key: SEED_IDS.items.socks, Количество: 5 }]);
		const r = await c.json(`AccumulationRegister_ТоварыНаСкладах/Balance(Dimensions='Номенклатура')`, { $filter: `Номенклатура_Key eq guid'${SEED_IDS.items.socks}'` });
		expect(r.value[0].КоличествоBalance).toBe(12 + 8 - 5);
		const retail = await c.control('POST', 'movements', { register: 'ТоварыВРознице', records: [{ Склад_Key: SEED_IDS.warehouses.retail, Номенклатура_Key: SEED_IDS.items.socks, Количество: 3, СуммаПродажная: 60 }] });
		expect(retail.written).toEqual({ AccumulationRegister_ТоварыВРознице_RecordType: 1 });
	});

	it('switches composition and strictness through POST config', async () => {
		const cfg = await c.control('POST', 'config', { strictSliceLast: false, published: ['Catalog_Склады'] });
		expect(cfg.strictSliceLast).toBe(false);
		expect((await c.get('Catalog_Валюты')).status).toBe(404);
		await c.control('POST', 'config', { unpublishedSetStatus: 400 });
		expect((await c.get('Catalog_Валюты')).status).toBe(400);
		await c.control('POST', 'config', { strictSliceLast: true, published: null, unpublishedSetStatus: 404 });
		expect((await c.get('Catalog_Валюты')).status).toBe(200);
	});
});

describe('request log', () => {
	it('counts requests exactly and keeps bodies', async () => {
		await c.control('DELETE', 'requests');
		await c.get('Catalog_Склады');
		await c.post('Catalog_Контрагенты', { Description: 'лог' });
		await axios.get(c.sb.url + odataPath('Catalog_Склады'), { validateStatus: () => true });
		const log = await c.control('GET', 'requests');
		expect(log.map((e: any) => [e.method, e.status])).toEqual([
			['GET', 200],
			['POST', 201],
			['GET', 401],
		]);
		expect(JSON.parse(log[1].body)).toEqual({ Description: 'лог' });
		expect(log[2].user).toBeUndefined();
	});
});

describe('faults', () => {
	it('forces 502 and 500 for the next N matching requests', async () => {
		await c.control('POST', 'faults', { status: 502, count: 2, match: 'Catalog_Склады' });
		expect((await c.get('Catalog_Валюты')).status).toBe(200);
		const a = await c.get('Catalog_Склады');
		expect(a.status).toBe(502);
		expect(() => JSON.parse(a.data)).toThrow();
		expect((await c.get('Catalog_Склады')).status).toBe(502);
		expect((await c.get('Catalog_Склады')).status).toBe(200);
		await c.control('POST', 'faults', { status: 500, count: 1 });
		const e = await c.get('Catalog_Склады');
		expect(e.status).toBe(500);
		expect(odataError(e).code).toBe('-1');
	});

	it('drops the connection without a response', async () => {
		await c.control('POST', 'faults', { drop: true, count: 1 });
		await expect(c.get('Catalog_Склады')).rejects.toThrow();
		expect((await c.get('Catalog_Склады')).status).toBe(200);
		const log = await c.control('GET', 'requests');
		expect(log.filter((e: any) => e.status === -1)).toHaveLength(1);
	});

	it('delays only the first request after the knob is set', async () => {
		await c.control('POST', 'faults', { slowFirstRequestMs: 50 });
		expect(c.sb.state.faults.firstRequestDone).toBe(false);
		expect((await c.get('Catalog_Склады')).status).toBe(200);
		expect(c.sb.state.faults.firstRequestDone).toBe(true);
	});
});
