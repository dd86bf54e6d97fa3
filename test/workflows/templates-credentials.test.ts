/**
 * README, Install into your n8n: "import the templates from workflows/ … and create the two credentials named in
 * them: `RetailCRM account` and `1C UT10 account`". Every node of this package in every shipped template that needs a
 * credential names exactly those: a template naming another credential, or none, would not run after that set-up.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeType } from 'n8n-workflow';
import { IcmlBuilder } from '../../nodes/IcmlBuilder/IcmlBuilder.node';
import { IcmlCatalogGate } from '../../nodes/IcmlCatalogGate/IcmlCatalogGate.node';
import { OneCUt10Store } from '../../nodes/OneCUt10Store/OneCUt10Store.node';
import { RetailCrm1cReconcile } from '../../nodes/RetailCrm1cReconcile/RetailCrm1cReconcile.node';
import { RetailCrmOrders } from '../../nodes/RetailCrmOrders/RetailCrmOrders.node';
import { StockUpload } from '../../nodes/StockUpload/StockUpload.node';

const NAMES: Record<string, string> = { retailCrmApi: 'RetailCRM account', oneCUt10Api: '1C UT10 account' };
const dir = join(__dirname, '../../workflows');
const templates = readdirSync(dir).filter((f) => f.endsWith('.json'));
/** The package's node types and the credential types each may use. */
const known = new Map<string, string[]>(
	([new IcmlBuilder(), new IcmlCatalogGate(), new OneCUt10Store(), new RetailCrm1cReconcile(), new RetailCrmOrders(), new StockUpload()] as INodeType[]).map((n) => [
		`n8n-nodes-retailcrm-1c.${n.description.name}`,
		(n.description.credentials ?? []).map((c) => c.name),
	]),
);

interface TemplateNode {
	name: string;
	type: string;
	credentials?: Record<string, { name: string }>;
}

it('finds the shipped templates', () => {
	expect(templates.length).toBeGreaterThanOrEqual(8);
});

it.each(templates)('%s: every node of the package names its credentials `RetailCRM account` / `1C UT10 account`', (file) => {
	const nodes = (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: TemplateNode[] }).nodes;
	const ours = nodes.filter((n) => n.type.startsWith('n8n-nodes-retailcrm-1c.'));
	expect(ours.length).toBeGreaterThan(0);
	for (const node of ours) {
		expect([node.name, known.has(node.type)]).toEqual([node.name, true]);
		for (const [type, ref] of Object.entries(node.credentials ?? {})) {
			expect([node.name, type, known.get(node.type)!.includes(type)]).toEqual([node.name, type, true]);
			expect([node.name, type, ref.name]).toEqual([node.name, type, NAMES[type]]);
		}
	}
	// Each template names at least one of the two credentials.
	expect(ours.some((n) => Object.keys(n.credentials ?? {}).length > 0)).toBe(true);
});
