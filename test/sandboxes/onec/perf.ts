/**
 * Timing of the sandbox on the large fixture (not a test: no timed assertions in jest).
 * Run: node -r @swc-node/register test/sandboxes/onec/perf.ts [items] [characteristics]
 * Prints start-up time, a full paged read of the items by 1000, Balance and SliceLast times.
 */
import { startOneCSandbox } from './server';
import { SEED_IDS } from './fixtures/seed';

async function main(): Promise<void> {
	const items = Number(process.argv[2] ?? 100_000);
	const characteristics = Number(process.argv[3] ?? 20_000);
	let t = Date.now();
	const sb = await startOneCSandbox({ fixture: 'large', large: { items, characteristics } });
	const lap = (label: string, extra = ''): void => {
		console.log(`${label.padEnd(40)} ${String(Date.now() - t).padStart(6)} ms ${extra}`);
		t = Date.now();
	};
	lap('start (build + load)');
	const auth = `Basic ${Buffer.from(`${sb.user}:${sb.password}`, 'utf8').toString('base64')}`;
	const get = async (pathAndQuery: string): Promise<{ value: unknown[] }> => {
		const r = await fetch(sb.url + pathAndQuery, { headers: { authorization: auth } });
		if (r.status !== 200) throw new Error(`${r.status} ${await r.text()}`);
		return (await r.json()) as { value: unknown[] };
	};
	let n = 0;
	let pages = 0;
	for (let skip = 0; ; skip += 1000) {
		const q = `$format=json&$filter=${encodeURIComponent('IsFolder eq false and DeletionMark eq false')}&$select=${encodeURIComponent('Ref_Key,Parent_Key,Code,Description,Артикул,ЕдиницаХраненияОстатков_Key,СтавкаНДС')}&$orderby=Ref_Key&$top=1000&$skip=${skip}`;
		const page = await get(`${encodeURI('Catalog_Номенклатура')}?${q}`);
		n += page.value.length;
		pages++;
		if (page.value.length < 1000) break;
	}
	lap('paged read of items by 1000', `(${n} items, ${pages} requests)`);
	const bal = await get(`${encodeURI("AccumulationRegister_ТоварыНаСкладах/Balance(Dimensions='Склад,Номенклатура,ХарактеристикаНоменклатуры')")}?$format=json&$filter=${encodeURIComponent(`Склад_Key eq guid'${SEED_IDS.warehouses.main}'`)}`);
	lap('Balance on the main warehouse', `(${bal.value.length} rows)`);
	const slice = await get(
		`${encodeURI('InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast')}?$format=json&$select=${encodeURIComponent('Номенклатура_Key,ХарактеристикаНоменклатуры_Key,Цена,ЕдиницаИзмерения_Key')}&Condition=${encodeURIComponent(`ТипЦен_Key eq guid'${SEED_IDS.priceTypes.retail}'`)}`,
	);
	lap('SliceLast of the retail price type', `(${slice.value.length} rows)`);
	sb.state.reset('large');
	lap('reset to the large fixture');
	await sb.close();
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
