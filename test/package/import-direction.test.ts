/**
 * The layers of docs/architecture.md are kept by ESLint's no-restricted-imports (eslint.config.mjs), not by
 * habit: a deliberate wrong import in each layer must fail `npm run lint`, and the imports each layer is
 * allowed must pass. ESLint runs as `npm run lint` runs it, on text given through stdin with a path inside
 * the layer, so nothing is written into the source tree.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const eslintBin = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');

interface Finding {
	line: number;
	message: string;
}

function lint(filePath: string, lines: string[]): Finding[] {
	const run = spawnSync(process.execPath, [eslintBin, '--format', 'json', '--stdin', '--stdin-filename', filePath], {
		cwd: root,
		input: lines.join('\n') + '\n',
		encoding: 'utf8',
	});
	const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ line: number; message: string; ruleId: string | null }> }>;
	return result.messages
		.filter((m) => m.ruleId === 'no-restricted-imports')
		.map((m) => ({ line: m.line, message: m.message }));
}

const linesOf = (findings: Finding[]) => findings.map((f) => f.line).sort((a, b) => a - b);

describe('import direction (eslint no-restricted-imports)', () => {
	jest.setTimeout(60_000);

	it('core/sync may use the clients but not n8n, nodes/shared, a node or credentials', () => {
		const findings = lint('nodes/core/sync/orders/wrong-import.ts', [
			"import { NodeOperationError } from 'n8n-workflow';",
			"import { toNodeError } from '../../../shared/errors';",
			"import { description } from '../../../RetailCrmOrders/RetailCrmOrders.node';",
			"import { RetailCrmApi } from '../../../../credentials/RetailCrmApi.credentials';",
			"import type { OneCClient } from '../../onec/client';",
			"import { offerKey } from '../offer-key';",
			'export { NodeOperationError, toNodeError, description, RetailCrmApi, offerKey };',
			'export type { OneCClient };',
		]);
		expect(linesOf(findings)).toEqual([1, 2, 3, 4]);
		expect(findings[0].message).toContain('nodes/core must not import n8n');
	});

	it('the shared kits of core/sync (onec-read, crm-upload) may use the clients and the offer key but no flow', () => {
		expect(
			linesOf(
				lint('nodes/core/sync/onec-read/wrong-import.ts', [
					"import type { StockRow } from '../stock/balance-rows';",
					"import { planOrderUpsert } from '../orders/upsert-plan';",
					"import { offerKey } from '../offer-key';",
					"import { readByKeys } from './keyed-read';",
					"import type { OneCClient } from '../../onec/client';",
					'export { planOrderUpsert, offerKey, readByKeys };',
					'export type { StockRow, OneCClient };',
				]),
			),
		).toEqual([1, 2]);
		const findings = lint('nodes/core/sync/crm-upload/wrong-import.ts', [
			"import { buildPriceOffers } from '../prices/price-batches';",
			"import { lookup } from './lookup-table';",
			'export { buildPriceOffers, lookup };',
		]);
		expect(linesOf(findings)).toEqual([1]);
		expect(findings[0].message).toContain('must not import a flow folder');
	});

	it('a client may not reach up into core/sync; core/http may not use a client', () => {
		expect(
			linesOf(
				lint('nodes/core/onec/wrong-import.ts', [
					"import { upsertOrders } from '../sync/orders/onec-writer/upsert';",
					"import { requestJson } from '../http/request';",
					'export { upsertOrders, requestJson };',
				]),
			),
		).toEqual([1]);
		expect(
			linesOf(
				lint('nodes/core/http/wrong-import.ts', [
					"import { OneCClient } from '../onec/client';",
					"import { RetailCrmClient } from '../retailcrm/client';",
					'export { OneCClient, RetailCrmClient };',
				]),
			),
		).toEqual([1, 2]);
	});

	it('nodes/shared may use core and n8n but not a node folder', () => {
		const findings = lint('nodes/shared/wrong-import.ts', [
			"import type { INodeType } from 'n8n-workflow';",
			"import { upsertOrders } from '../core/sync/orders/onec-writer/upsert';",
			"import { OneCUt10Store } from '../OneCUt10Store/OneCUt10Store.node';",
			'export { upsertOrders, OneCUt10Store };',
			'export type { INodeType };',
		]);
		expect(linesOf(findings)).toEqual([3]);
	});

	it('the package as it stands keeps every rule', () => {
		const run = spawnSync(process.execPath, [eslintBin, '--format', 'json', 'nodes'], { cwd: root, encoding: 'utf8' });
		const results = JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null }> }>;
		const offenders = results
			.filter((r) => r.messages.some((m) => m.ruleId === 'no-restricted-imports'))
			.map((r) => path.relative(root, r.filePath));
		expect(results.length).toBeGreaterThan(100);
		expect(offenders).toEqual([]);
	});
});
