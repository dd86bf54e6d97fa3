/** The Stock Upload node's description: type name, credential, operations and the defaults the template relies on. */
import type { INodeProperties } from 'n8n-workflow';
import { StockUpload } from '../../../nodes/StockUpload/StockUpload.node';
import codex from '../../../nodes/StockUpload/StockUpload.node.json';
import template from '../../../workflows/1c-stock-and-prices-to-retailcrm.json';

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
			credentials: [{ name: 'retailCrmApi', required: true }],
		});
		expect(codex.node).toBe('n8n-nodes-retailcrm-1c.stockUpload');
	});

	it('offers the three operations, Upload Stock first by default', () => {
		const operation = description.properties.find((p) => p.name === 'operation')!;
		expect(operation.default).toBe('uploadStock');
		expect(operation.options?.map((o) => (o as { value: string }).value).sort()).toEqual(['registerWarehouseSystem', 'uploadPrices', 'uploadStock']);
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
	});
});
