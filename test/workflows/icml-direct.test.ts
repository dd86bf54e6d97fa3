/**
 * The large-catalog ICML template (workflows/1c-catalog-to-retailcrm-icml-direct.json: ICML Builder → Build From 1C)
 * against the two-node template (1C: Get Items → ICML Builder) in n8n-core, on the 1C sandbox's seed and on a
 * generated catalog of a few thousand offers: the same catalog.xml byte for byte (name-pattern grouping, barcodes,
 * stock and prices joined), the same 1C requests, and clear errors when 1C is unreachable or the file path refused.
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeParameters } from 'n8n-workflow';
import twoNodeTemplate from '../../workflows/1c-catalog-to-retailcrm-icml.json';
import directTemplate from '../../workflows/1c-catalog-to-retailcrm-icml-direct.json';
import { runWorkflow, type RunResult } from '../helpers/run-workflow';
import { largeOfferCount, largeSizeForOffers } from '../sandboxes/onec/fixtures/large';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';

const FILES = mkdtempSync(join(tmpdir(), 'icml-direct-'));
// Both engines (n8n-core 1.x and 2.x) let nodes write only under this folder.
process.env.N8N_RESTRICT_FILE_ACCESS_TO = FILES;
afterAll(() => rmSync(FILES, { recursive: true, force: true }));

type TemplateNode = { name: string; type: string; parameters: IDataObject; credentials?: IDataObject };
type Template = { id: string; nodes: unknown[]; connections: unknown };
const twoNodes = twoNodeTemplate.nodes as TemplateNode[];
const directNodes = directTemplate.nodes as TemplateNode[];
const node = (nodes: TemplateNode[], name: string) => nodes.find((n) => n.name === name) as TemplateNode;

/** The builder of `name` writing to `file`, other options as shipped. */
function writingTo(nodes: TemplateNode[], name: string, file: string, extra: IDataObject = {}): Record<string, Partial<INode>> {
	const builder = node(nodes, name);
	return { [name]: { parameters: { ...builder.parameters, ...extra, options: { ...(builder.parameters.options as IDataObject), filePath: file } } as INodeParameters } };
}

/** 1C requests since `from`, counted per path (query left out). */
function oneCRequests(onec: OneCSandbox, from: number): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const r of onec.state.log.slice(from)) {
		const key = decodeURIComponent(r.path.replace(/^.*\/odata\/standard\.odata\//, ''));
		counts[key] = (counts[key] ?? 0) + 1;
	}
	return counts;
}

describe.each([
	['the seed catalog', undefined],
	['a generated catalog of 3,000 offers', 3_000],
])('Build From 1C on %s writes the two-node template\'s catalog.xml', (_label, generated) => {
	let onec: OneCSandbox;
	let credentials: Record<string, ICredentialDataDecryptedObject>;

	beforeAll(async () => {
		onec = generated === undefined ? await startOneCSandbox({ port: 0, fixture: 'seed' }) : await startOneCSandbox({ port: 0, fixture: 'large', large: largeSizeForOffers(generated) });
		credentials = { oneCUt10Api: { url: onec.url, user: onec.user, password: onec.password } };
	});
	afterAll(async () => {
		await onec.close();
	});

	/** catalog.xml of one run (the date attribute left out), the 1C requests, the builder's output. */
	async function build(template: Template, builder: string, extra: IDataObject = {}): Promise<{ xml: string; requests: Record<string, number>; run: RunResult }> {
		const file = join(FILES, `${template.id}.xml`);
		rmSync(file, { force: true });
		const from = onec.state.log.length;
		const run = await runWorkflow(template, { credentials, trigger: 'Run Now', patch: writingTo(template.nodes as TemplateNode[], builder, file, extra) });
		expect(run.error()).toBeUndefined();
		return { xml: readFileSync(file, 'utf8').replace(/ date="[^"]*"/, ''), requests: oneCRequests(onec, from), run };
	}

	it('byte for byte, with the same 1C requests, grouping by name pattern and barcodes', async () => {
		const twoNode = await build(twoNodeTemplate, 'ICML Builder');
		const direct = await build(directTemplate, 'ICML Builder From 1C');
		expect(direct.xml).toBe(twoNode.xml);
		expect(direct.requests).toEqual(twoNode.requests);
		// What the comparison covers: barcodes were read, offers grouped by name, stock and prices joined.
		expect(direct.requests['InformationRegister_Штрихкоды']).toBeGreaterThan(0);
		expect(direct.xml).toMatch(/<barcode>\d+<\/barcode>/);
		expect(direct.xml).toMatch(/<purchasePrice>/);
		const [summary] = direct.run.output('ICML Builder From 1C').map((i) => i.json);
		const [twoNodeSummary] = twoNode.run.output('ICML Builder').map((i) => i.json);
		expect(summary.groupCount).toBeGreaterThan(0);
		for (const field of ['offers', 'products', 'categories', 'bytes', 'warningCount', 'groupCount', 'groups']) expect({ field, value: summary[field] }).toEqual({ field, value: twoNodeSummary[field] });
		if (generated !== undefined) expect(summary.offers).toBeGreaterThanOrEqual(largeOfferCount(largeSizeForOffers(generated)));
		// The output item and its file, paired with the trigger's item.
		const [item] = direct.run.output('ICML Builder From 1C');
		expect(item.pairedItem).toEqual([{ item: 0 }]);
		expect(item.binary?.data?.fileName).toBe('catalog.xml');
		expect(summary.filePath).toBe(join(FILES, `${directTemplate.id}.xml`));
	});

	it.each(['characteristics', 'field', 'none'])('byte for byte with grouping %s too (By Field: the 1C item, as the builder\'s default {{ $json.productKey }})', async (grouping) => {
		const twoNode = await build(twoNodeTemplate, 'ICML Builder', { grouping });
		const direct = await build(directTemplate, 'ICML Builder From 1C', { grouping });
		expect(direct.xml).toBe(twoNode.xml);
		const products = new Set([...direct.xml.matchAll(/productId="([^"]+)"/g)].map((m) => m[1])).size;
		expect(direct.run.output('ICML Builder From 1C')[0].json.products).toBe(products);
	});
});

describe('Build From 1C: errors name what to fix', () => {
	let onec: OneCSandbox;
	beforeAll(async () => {
		onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
	});
	afterAll(async () => {
		await onec.close();
	});

	it('1C unreachable: the node fails saying 1C cannot be reached at the request it tried and that the URL is to check; no file is written', async () => {
		const { url } = onec;
		const closed = await startOneCSandbox({ port: 0, fixture: 'seed' });
		const deadUrl = closed.url;
		await closed.close();
		const file = join(FILES, 'unreachable.xml');
		const run = await runWorkflow(directTemplate, {
			credentials: { oneCUt10Api: { url: deadUrl, user: onec.user, password: onec.password } },
			trigger: 'Run Now',
			patch: writingTo(directNodes, 'ICML Builder From 1C', file),
		});
		const error = run.error() as Error & { description?: string; node?: { name: string } };
		expect(error).toBeDefined();
		expect(error.node?.name).toBe('ICML Builder From 1C');
		expect(error.message).toMatch(/^Cannot reach 1C .*\[GET http:\/\/127\.0\.0\.1:\d+\/.*Catalog_Номенклатура.*check the URL/);
		expect(() => readFileSync(file)).toThrow();
		expect(url).not.toBe(deadUrl);
	});

	it('a file path n8n refuses: the error names the option Also Write to File Path and the path', async () => {
		const outside = join(tmpdir(), 'not-allowed', 'catalog.xml');
		const run = await runWorkflow(directTemplate, {
			credentials: { oneCUt10Api: { url: onec.url, user: onec.user, password: onec.password } },
			trigger: 'Run Now',
			patch: writingTo(directNodes, 'ICML Builder From 1C', outside),
		});
		const error = run.error() as Error & { description?: string };
		expect(error.message).toContain(outside);
		expect(error.description).toMatch(/Also Write to File Path/);
	});
});

describe('Build From 1C keeps the products put, as the two-node template does (README, "Catalog: products that stay put")', () => {
	let onec: OneCSandbox;
	beforeAll(async () => {
		onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
	});
	afterAll(async () => {
		await onec.close();
	});

	it('a new size whose GUID sorts first joins the remembered product; deleting the size whose GUID is the product ID keeps it', async () => {
		const credentials = { oneCUt10Api: { url: onec.url, user: onec.user, password: onec.password } };
		const file = join(FILES, 'stay-put.xml');
		const staticData: IDataObject = {};
		const run = async () => {
			const result = await runWorkflow(directTemplate, { credentials, staticData, trigger: 'Run Now', patch: writingTo(directNodes, 'ICML Builder From 1C', file) });
			expect(result.error()).toBeUndefined();
			return result.output('ICML Builder From 1C')[0].json.groups as IDataObject[];
		};
		const N = SEED_IDS.items;
		expect(await run()).toEqual([expect.objectContaining({ productId: N.jeans48, items: [N.jeans48, N.jeans50] })]);
		const j46 = '5eed0008-0000-4000-8000-000000000000'; // before jeans (48) …0002
		const store = onec.state.store;
		store.put('Catalog_Номенклатура', { ...store.get('Catalog_Номенклатура', N.jeans48)!, Ref_Key: j46, Code: '00000000990', Description: 'Джинсы Элегантность (46)', Артикул: 'ДЖ-46' });
		store.put('InformationRegister_ЦеныНоменклатуры_RecordType', {
			...store.rows('InformationRegister_ЦеныНоменклатуры_RecordType').find((r) => r.Номенклатура_Key === N.jeans48 && r.ТипЦен_Key === SEED_IDS.priceTypes.retail)!,
			Номенклатура_Key: j46,
		});
		expect(await run()).toEqual([expect.objectContaining({ productId: N.jeans48, items: [j46, N.jeans48, N.jeans50], productIdFrom: 'remembered' })]);
		store.put('Catalog_Номенклатура', { ...store.get('Catalog_Номенклатура', N.jeans48)!, DeletionMark: true });
		expect(await run()).toEqual([expect.objectContaining({ productId: N.jeans48, items: [j46, N.jeans50], productIdFrom: 'remembered' })]);
		expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`<offer id="${j46}" productId="${N.jeans48}"`));
	});
});

describe('the direct template', () => {
	it('has both rows of the ICML template, each with one builder reading 1C as Get Items is set there, and says when to choose it', () => {
		expect(directTemplate.id).toBe('rcrm1cIcmlDirect');
		expect(directTemplate.settings).toEqual(twoNodeTemplate.settings);
		for (const [builder, reader, twoNodeBuilder] of [
			['ICML Builder From 1C', '1C: Get Items', 'ICML Builder'],
			['ICML Builder From 1C (on request)', '1C: Get Items (on request)', 'ICML Builder (on request)'],
		]) {
			const direct = node(directNodes, builder);
			const get = node(twoNodes, reader).parameters;
			const built = node(twoNodes, twoNodeBuilder).parameters;
			expect(direct.type).toBe('n8n-nodes-retailcrm-1c.icmlBuilder');
			expect(direct.credentials).toEqual(node(twoNodes, reader).credentials);
			expect(direct.parameters).toMatchObject({
				operation: 'buildFromOneC',
				folders: get.folders,
				includeBarcodes: get.includeBarcodes,
				joinStockAndPrices: get.joinStockAndPrices,
				warehouses: get.warehouses,
				salePriceType: get.salePriceType,
				purchasePriceType: get.purchasePriceType,
				shopName: built.shopName,
				company: built.company,
				grouping: built.grouping,
				namePattern: built.namePattern,
				options: built.options,
			});
			const { output: _o, rowsPerBatch: _r, ...readOptions } = get.options as IDataObject;
			expect(direct.parameters.oneCOptions).toEqual(readOptions);
		}
		const wiring = directTemplate.connections as Record<string, { main: Array<Array<{ node: string }>> }>;
		expect(wiring['Check Token and Cache'].main.map((out) => out.map((c) => c.node))).toEqual([['Send catalog.xml'], ['ICML Builder From 1C (on request)'], ['Refuse (403)']]);
		expect(wiring['ICML Builder From 1C (on request)'].main[0].map((c) => c.node)).toEqual(['Send catalog.xml']);
		for (const trigger of ['Every 3 Hours', 'Run Now']) expect(wiring[trigger].main[0].map((c) => c.node)).toEqual(['ICML Builder From 1C']);
		// The same gate: token, cached file, Max Age and the wait for a running build (test/hostile/icml-webhook.security.test.ts).
		expect(node(directNodes, 'Check Token and Cache').parameters).toEqual(node(twoNodes, 'Check Token and Cache').parameters);
		// Its own webhook path, so both templates can be imported side by side.
		expect(node(directNodes, 'Catalog URL for retailCRM').parameters.path).toBe('retailcrm-icml-direct');
		expect(node(directNodes, 'Catalog URL for retailCRM').parameters.path).not.toBe(node(twoNodes, 'Catalog URL for retailCRM').parameters.path);
		expect(String(node(directNodes, 'Note: large catalogs').parameters.content)).toMatch(/Large catalogs[\s\S]*Custom mappings[\s\S]*1C catalog → retailCRM \(ICML\)/);
	});
});
