import type { OneCSandbox } from '../../sandboxes/onec/server';
import { SEED_IDS } from '../../sandboxes/onec/fixtures/seed';
import { OneCClient, forgetSliceLastForms } from '../../../nodes/core/onec/client';
import { basicAuthHeader } from '../../../nodes/core/onec/auth';
import { UT, odataTypeName } from '../../../nodes/core/onec/model';
import type { HttpRequest } from '../../../nodes/core/http/transport';
import { createAxiosTransport, fakeClock } from '../../helpers/axios-transport';
import { control, sandboxClient, withSandbox } from './sandbox-helpers';

/**
 * How the client copes where a real 1C may behave less kindly than a sandbox would (issue "first contact"):
 * data moving between `$top/$skip` pages, `$orderby` on composite fields refused, `cast`/`_Type` filters refused by
 * platforms before 8.3.8.1652.
 */
let sb: OneCSandbox;
let ctl: ReturnType<typeof control>;

beforeAll(async () => {
	sb = await withSandbox('seed');
	ctl = control(sb);
});
afterAll(async () => sb.close());
beforeEach(async () => {
	await ctl.reset();
	forgetSliceLastForms();
});

const ITEMS = UT.Catalog_Номенклатура;

/** A client whose transport runs `after(n)` once the n-th answer (1-based) has arrived: another 1C user at work. */
function clientWithChanges(after: (n: number) => void, logs: string[] = []) {
	const inner = createAxiosTransport({ Authorization: basicAuthHeader(sb.user, sb.password) });
	let n = 0;
	const transport = {
		async request(req: HttpRequest) {
			const res = await inner.request(req);
			after(++n);
			return res;
		},
	};
	return new OneCClient({ rootUrl: sb.url, transport, clock: fakeClock(), logger: (m) => logs.push(m) });
}

const itemRow = (ref: string, code: string) => ({ Ref_Key: ref, Code: code, Description: `Новый ${code}`, Parent_Key: '00000000-0000-0000-0000-000000000000', IsFolder: false });

describe('paging over data that changes between pages', () => {
	it('a row inserted before the cursor repeats one row: it is passed on once', async () => {
		const before = (await sandboxClient(sb).client.readAll(ITEMS, { select: ['Ref_Key'] })).map((r) => r.Ref_Key);
		// Sorts before every seed key, so each later page shifts forward by one.
		const first = '00000000-0000-4000-8000-000000000001';
		const client = clientWithChanges((n) => {
			if (n === 1) sb.state.store.put(ITEMS.set, itemRow(first, '00000000900'));
		});
		await ctl.clearRequests();
		const rows = await client.readAll(ITEMS, { select: ['Ref_Key'], pageSize: 3 });
		const keys = rows.map((r) => r.Ref_Key);
		expect(new Set(keys).size).toBe(keys.length);
		expect([...keys].sort()).toEqual([...before].sort());
		// No restart was needed: the anchor row came back first, only earlier rows repeated.
		expect((await ctl.requests()).length).toBe(Math.floor(before.length / 3) + 1);
	});

	it('rows deleted before the cursor would skip one: the read starts again and misses nothing', async () => {
		const seen = (await sandboxClient(sb).client.readAll(ITEMS, { select: ['Ref_Key'], orderby: ['Ref_Key'] })).map((r) => r.Ref_Key);
		const logs: string[] = [];
		// After the first page, two of its rows are deleted by "someone else" (DeletionMark would not do: 1C keeps marked rows).
		const client = clientWithChanges((n) => {
			if (n === 1) sb.state.store.removeWhere(ITEMS.set, (r) => r.Ref_Key === seen[0] || r.Ref_Key === seen[1]);
		}, logs);
		await ctl.clearRequests();
		const rows = await client.readAll(ITEMS, { select: ['Ref_Key'], pageSize: 3 });
		const keys = rows.map((r) => r.Ref_Key);
		expect(new Set(keys).size).toBe(keys.length);
		// Every row that still exists is there (the two deleted ones were already passed on from page 1).
		expect([...keys].sort()).toEqual([...seen].sort());
		expect(logs.some((l) => /moved between pages; reading again from the first page/.test(l))).toBe(true);
		const log = await ctl.requests();
		expect(log.map((r) => `${r.query.$top}/${r.query.$skip ?? 0}`)).toEqual(['3/0', '4/2', '3/0', '4/2', '4/5', '4/8'].slice(0, log.length));
	});

	it('data that keeps moving fails after a bounded number of restarts instead of looping', async () => {
		// After every answer the first row (by Ref_Key) disappears: each later page starts with an unseen row.
		const client = clientWithChanges(() => {
			const [firstKey] = sb.state.store.rows(ITEMS.set).map((r) => String(r.Ref_Key)).sort();
			if (firstKey) sb.state.store.removeWhere(ITEMS.set, (r) => r.Ref_Key === firstKey);
		});
		await expect(client.readAll(ITEMS, { select: ['Ref_Key'], pageSize: 3 })).rejects.toThrow(/kept changing while they were read in pages.*between pages 4 times/);
		// Three restarts (the default), two requests each, then the error.
		expect(await ctl.requests()).toHaveLength(8);
	});
});

describe('$orderby on composite fields refused (the default sandbox)', () => {
	const barcodes = UT.InformationRegister_Штрихкоды.records;
	const select = ['Штрихкод', 'Владелец', 'Владелец_Type', 'ХарактеристикаНоменклатуры_Key'] as const;

	it('falls back to one unordered read of the whole register and remembers it per base', async () => {
		// The base's first read is refused: with the lean JSON format it would be asked once more without it (see
		// 'JSON without metadata' below); this test counts the $orderby fallback alone.
		const { client, logs } = sandboxClient(sb, { jsonMetadata: 'minimal' });
		const rows = await client.readAll(barcodes, { select, orderby: ['Владелец', 'ХарактеристикаНоменклатуры_Key', 'Штрихкод'], pageSize: 2 });
		expect(rows.map((r) => r.Штрихкод).sort()).toEqual(['4600000000017', '4600000000024', '4600000000031']);
		expect(client.supports('compositeOrderBy')).toBe(false);
		expect(logs).toContain('1C: this base refuses $orderby on composite fields; using the fallback');
		const log = await ctl.requests();
		expect(log.map((r) => [r.status, r.query.$orderby ?? null, r.query.$top ?? null])).toEqual([
			[400, 'Владелец,ХарактеристикаНоменклатуры_Key,Штрихкод', '2'],
			[200, null, null],
		]);
		// The next read (any client of this base) goes straight to the fallback.
		await ctl.clearRequests();
		await sandboxClient(sb).client.readAll(barcodes, { select, orderby: ['Владелец'] });
		expect((await ctl.requests()).map((r) => r.status)).toEqual([200]);
	});

	it('orders and pages normally where the base accepts it', async () => {
		await ctl.config({ compositeOrderBy: true });
		const { client } = sandboxClient(sb);
		const rows = await client.readAll(barcodes, { select, orderby: ['Владелец', 'ХарактеристикаНоменклатуры_Key', 'Штрихкод'], pageSize: 2 });
		expect(rows).toHaveLength(3);
		expect(client.supports('compositeOrderBy')).toBe(true);
		expect((await ctl.requests()).every((r) => r.status === 200 && r.query.$orderby !== undefined)).toBe(true);
	});
});

describe('cast and _Type filters refused (platform before 8.3.8.1652)', () => {
	const contact = 'InformationRegister_Штрихкоды';

	it('readRawAll applies a refused _Type condition itself and remembers the refusal', async () => {
		await ctl.config({ compositeFilters: false });
		const { client } = sandboxClient(sb, { jsonMetadata: 'minimal' }); // as above: the first read is refused
		const rows = await client.readRawAll(contact, { select: ['Штрихкод', 'Владелец', 'Владелец_Type'], where: { Владелец_Type: odataTypeName(ITEMS.set) }, orderby: ['Штрихкод'] });
		expect(rows.map((r) => r.Штрихкод)).toEqual(['4600000000017', '4600000000024', '4600000000031']);
		expect(client.supports('compositeFilter')).toBe(false);
		const log = await ctl.requests();
		expect(log.map((r) => [r.status, r.query.$filter ?? null])).toEqual([
			[400, `Владелец_Type eq '${odataTypeName(ITEMS.set)}'`],
			[200, null],
		]);
	});

	it('readRawAll sends the condition to 1C where the platform takes it', async () => {
		const { client } = sandboxClient(sb);
		const rows = await client.readRawAll(contact, { select: ['Штрихкод', 'Владелец_Type'], where: { Владелец_Type: odataTypeName(ITEMS.set) }, orderby: ['Штрихкод'] });
		expect(rows).toHaveLength(3);
		expect((await ctl.requests()).map((r) => r.status)).toEqual([200]);
	});
});

describe('SliceLast with future-dated rows (a real base returns them when no Period is sent)', () => {
	it('the client always sends Period = now on the base\'s wall clock, so tomorrow\'s price and rate do not count yet', async () => {
		await ctl.prices({ period: '2099-01-01T00:00:00', records: [{ ТипЦен_Key: SEED_IDS.priceTypes.retail, Номенклатура_Key: SEED_IDS.items.jeans48, Цена: 999 }] });
		sb.state.store.load('InformationRegister_КурсыВалют', [{ Period: '2099-01-01T00:00:00', Валюта_Key: SEED_IDS.currencies.usd, Курс: 500, Кратность: 1 }]);
		const { client } = sandboxClient(sb, { timeZone: 'Europe/Moscow', now: () => new Date('2026-03-01T09:00:00Z') });
		const prices = await client.sliceLast(UT.InformationRegister_ЦеныНоменклатуры, { condition: `ТипЦен_Key eq guid'${SEED_IDS.priceTypes.retail}'` });
		expect(prices.find((r) => r.Номенклатура_Key === SEED_IDS.items.jeans48)?.Цена).toBe(300);
		const rates = await client.sliceLast(UT.InformationRegister_КурсыВалют, { period: 'now' });
		expect(rates.find((r) => r.Валюта_Key === SEED_IDS.currencies.usd)?.Курс).toBe(90);
		// 09:00 UTC is 12:00 in Moscow: the base's wall clock.
		expect((await ctl.requests()).map((r) => r.query.Period)).toEqual(["datetime'2026-03-01T12:00:00'", "datetime'2026-03-01T12:00:00'"]);
		// Asked for on purpose, the latest record is what 1C gives without a Period.
		const latest = await client.sliceLast(UT.InformationRegister_КурсыВалют, { period: 'latest' });
		expect(latest.find((r) => r.Валюта_Key === SEED_IDS.currencies.usd)?.Курс).toBe(500);
	});
});

describe('JSON without metadata ($format=json;odata=nometadata)', () => {
	const select = ['Ref_Key', 'Code', 'Description', 'Parent_Key', 'ЕдиницаХраненияОстатков_Key'] as const;
	const read = (client: OneCClient) => client.readAll(ITEMS, { select, filter: 'IsFolder eq false' });
	const formats = async () => (await ctl.requests()).map((r) => [r.status, r.query.$format]);

	it('reads ask for it and decode the same rows as with the annotations', async () => {
		const annotated = await read(sandboxClient(sb, { jsonMetadata: 'minimal' }).client);
		await ctl.clearRequests();
		expect(await read(sandboxClient(sb).client)).toEqual(annotated);
		expect(await formats()).toEqual([[200, 'json;odata=nometadata']]);
	});

	it.each(['refused', 'atom'] as const)('a base that does not know it (%s) is asked again with $format=json, once per base', async (mode) => {
		await ctl.config({ noMetadataFormat: mode });
		const expected = await read(sandboxClient(sb, { jsonMetadata: 'minimal' }).client);
		forgetSliceLastForms();
		await ctl.clearRequests();
		const { client, logs } = sandboxClient(sb);
		expect(await read(client)).toEqual(expected);
		expect(await read(client)).toEqual(expected);
		expect(await formats()).toEqual([[mode === 'refused' ? 400 : 200, 'json;odata=nometadata'], [200, 'json'], [200, 'json']]);
		expect(logs).toContain('1C: this base refuses JSON without metadata ($format=json;odata=nometadata); using the fallback');
	});
});
