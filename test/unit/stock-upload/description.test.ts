/** The Stock Upload node's description: type name, credential, operations and the defaults the template relies on. */
import type { INodeProperties } from 'n8n-workflow';
import { StockUpload } from '../../../nodes/StockUpload/StockUpload.node';
import codex from '../../../nodes/StockUpload/StockUpload.node.json';
import template from '../../../workflows/1c-stock-and-prices-to-retailcrm.json';
import directTemplate from '../../../workflows/1c-stock-and-prices-to-retailcrm-direct.json';
import { description as getBalancesFields } from '../../../nodes/OneCUt10Store/actions/stock/getBalances.operation';
import { description as getPricesFields } from '../../../nodes/OneCUt10Store/actions/price/getPrices.operation';

const node = new StockUpload();
const { description } = node;
const property = (name: string, operation: string): INodeProperties => {
	const found = description.properties.find((p) => p.name === name && (p.displayOptions?.show?.operation as string[] | undefined)?.includes(operation));
	if (!found) throw new Error(`no property ${name} for ${operation}`);
	return found;
};

describe('Stock Upload description', () => {
	it('is the stockUpload type with the retailCRM credential and icons, and its codex names it', () => {
		expect(description).toMatchObject({
			name: 'stockUpload',
			displayName: 'Stock Upload',
			icon: { light: 'file:../../icons/retailcrm.svg', dark: 'file:../../icons/retailcrm.dark.svg' },
			credentials: [{ name: 'retailCrmApi', required: true }, { name: 'oneCUt10Api', required: true, displayOptions: { show: { operation: ['uploadFromOneC'] } } }],
		});
		expect(codex.node).toBe('n8n-nodes-retailcrm-1c.stockUpload');
	});

	it('offers the four operations, Upload Stock first by default', () => {
		const operation = description.properties.find((p) => p.name === 'operation')!;
		expect(operation.default).toBe('uploadStock');
		expect(operation.options?.map((o) => (o as { value: string }).value).sort()).toEqual(['registerWarehouseSystem', 'uploadFromOneC', 'uploadPrices', 'uploadStock']);
	});

	it('Upload Stock and Prices from 1C shows the fields of Get Balances, Get Prices and both uploads, as they are defined there', () => {
		const strip = ({ displayOptions: _shown, ...field }: INodeProperties) => field;
		const of = (fields: INodeProperties[], name: string) => strip(fields.find((p) => p.name === name)!);
		for (const name of ['warehouses', 'freeStock', 'includeZeroStock']) expect(strip(property(name, 'uploadFromOneC'))).toEqual(of(getBalancesFields, name));
		expect(strip(property('date', 'uploadFromOneC'))).toEqual(of(getPricesFields, 'date'));
		// The 1C price types under their own list method: getPriceTypes is retailCRM's in this node.
		expect(strip(property('priceTypes', 'uploadFromOneC'))).toEqual({ ...of(getPricesFields, 'priceTypes'), typeOptions: { loadOptionsMethod: 'getOneCPriceTypes' } });
		for (const name of ['warehouseMapping', 'storeMode', 'storeCode']) expect(strip(property(name, 'uploadFromOneC'))).toEqual(strip(property(name, 'uploadStock')));
		expect(strip(property('priceTypeMapping', 'uploadFromOneC'))).toEqual(strip(property('priceTypeMapping', 'uploadPrices')));
		expect(strip(property('onlyChanged', 'uploadFromOneC'))).toEqual(strip(property('onlyChanged', 'uploadStock')));
		// No per-row expressions: the rows never reach the workflow.
		for (const name of ['offerIdentifier', 'warehouse', 'quantity', 'priceType', 'price']) expect(() => property(name, 'uploadFromOneC')).toThrow();
		expect((property('identifierKind', 'uploadFromOneC').options as Array<{ value: string }>).map((o) => o.value)).toEqual(['externalId', 'xmlId']);
		const options = (property('options', 'uploadFromOneC').options as INodeProperties[]).map((o) => o.name);
		expect(options.sort()).toEqual(
			['balancePageSize', 'batchSize', 'currency', 'folders', 'fullResendHours', 'itemLevelStock', 'nttRegister', 'skipUnmappedPriceTypes', 'skipUnmappedWarehouses', 'slicePageSize', 'vat'].sort(),
		);
	});

	it('every live list of Upload Stock and Prices from 1C has its method in the node, the 1C ones reading the 1C credential', () => {
		const methods = Object.keys(node.methods.loadOptions);
		const wanted = new Set<string>();
		const walk = (value: unknown) => {
			if (Array.isArray(value)) value.forEach(walk);
			else if (value && typeof value === 'object') {
				const method = (value as { typeOptions?: { loadOptionsMethod?: string } }).typeOptions?.loadOptionsMethod;
				if (method) wanted.add(method);
				Object.values(value).forEach(walk);
			}
		};
		walk(description.properties.filter((p) => (p.displayOptions?.show?.operation as string[] | undefined)?.includes('uploadFromOneC')));
		expect([...wanted].sort()).toEqual(['getCurrencies', 'getNomenclatureFolders', 'getOneCPriceTypes', 'getSites', 'getStores', 'getWarehouses', 'getPriceTypes'].sort());
		for (const method of wanted) expect(methods).toContain(method);
	});

	it('defaults fit the 1C UT10 Store output fields', () => {
		expect(property('offerIdentifier', 'uploadStock').default).toBe('={{ $json.offerKey }}');
		expect(property('offerIdentifier', 'uploadPrices').default).toBe('={{ $json.offerKey }}');
		expect(property('identifierKind', 'uploadStock').default).toBe('externalId');
		expect(property('warehouse', 'uploadStock').default).toBe('={{ $json.warehouseRef }}');
		expect(property('quantity', 'uploadStock').default).toBe('={{ $json.quantity }}');
		expect(property('priceType', 'uploadPrices').default).toBe('={{ $json.priceTypeRef }}');
		expect(property('price', 'uploadPrices').default).toBe('={{ $json.price }}');
		expect(property('onlyChanged', 'uploadStock').default).toBe(true);
		expect(property('dryRun', 'uploadPrices').default).toBe(false);
	});

	it('caps Batch Size at 250 and defaults the full resend to 24 hours', () => {
		const options = property('options', 'uploadStock').options as INodeProperties[];
		const batch = options.find((o) => o.name === 'batchSize')!;
		expect(batch.default).toBe(250);
		expect(batch.typeOptions).toMatchObject({ minValue: 1, maxValue: 250 });
		expect(options.find((o) => o.name === 'fullResendHours')!.default).toBe(24);
	});

	it('the template uses it by its package type name, with credentials by name and no id', () => {
		expect(template.id).toBe('rcrm1cStock');
		const uploads = template.nodes.filter((n) => n.type === 'n8n-nodes-retailcrm-1c.stockUpload');
		expect(uploads.map((n) => (n.parameters as { operation: string }).operation).sort()).toEqual(['uploadPrices', 'uploadStock']);
		for (const n of template.nodes.filter((x) => x.type.startsWith('n8n-nodes-retailcrm-1c.'))) {
			const creds = Object.values((n as unknown as { credentials: Record<string, { id: null; name: string }> }).credentials);
			expect(creds).toHaveLength(1);
			expect(creds[0].id).toBeNull();
			expect(['RetailCRM account', '1C UT10 account']).toContain(creds[0].name);
		}
		const schedule = template.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger')!;
		expect(schedule.parameters).toEqual({ rule: { interval: [{ field: 'minutes', minutesInterval: 15 }] } });
		expect(template.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger')).toBe(true);
		const notes = template.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String((n.parameters as { content: string }).content)).join('\n');
		expect(notes).toMatch(/stock editing on, catalog editing off/);
		// Large catalogs are pointed to the direct template, by the name it is imported under.
		expect(notes).toContain(`*${directTemplate.name}*`);
	});

	it('the direct template is one Stock Upload node on both credentials, set up as the four-node template', () => {
		// At most 16 characters: n8n 1.x saves static data (the change hashes) only for such ids (isWorkflowIdValid).
		expect(directTemplate.id).toBe('rcrm1cStockDir');
		expect(directTemplate.id.length).toBeLessThanOrEqual(16);
		const [direct, ...others] = directTemplate.nodes.filter((n) => n.type.startsWith('n8n-nodes-retailcrm-1c.'));
		expect(others).toEqual([]);
		expect(direct.type).toBe('n8n-nodes-retailcrm-1c.stockUpload');
		expect(direct.credentials).toEqual({ retailCrmApi: { id: null, name: 'RetailCRM account' }, oneCUt10Api: { id: null, name: '1C UT10 account' } });
		const four = Object.fromEntries(template.nodes.map((n) => [n.name, n.parameters as Record<string, unknown>]));
		const balances = four['1C: Get Balances'];
		const prices = four['1C: Get Prices'];
		const stock = four['retailCRM: Upload Stock'];
		expect(direct.parameters).toMatchObject({
			operation: 'uploadFromOneC',
			warehouses: balances.warehouses,
			includeZeroStock: balances.includeZeroStock,
			warehouseMapping: stock.warehouseMapping,
			priceTypes: prices.priceTypes,
			priceTypeMapping: four['retailCRM: Upload Prices'].priceTypeMapping,
			onlyChanged: true,
			dryRun: false,
			options: { folders: (balances.options as Record<string, unknown>).folders, currency: (prices.options as Record<string, unknown>).currency, vat: 'gross', batchSize: 250, fullResendHours: 24 },
		});
		expect(directTemplate.settings).toEqual(template.settings);
		expect(Object.keys(directTemplate.connections).sort()).toEqual(['Every 15 Minutes', 'Run Now']);
		const notes = directTemplate.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String((n.parameters as { content: string }).content)).join('\n');
		// When to choose it, and the other template for the other case.
		expect(notes).toMatch(/When to choose it\*\*: for large catalogs[\s\S]*four-node template/);
	});
});
