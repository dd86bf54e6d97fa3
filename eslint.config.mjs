// Mirrors n8n's community-package scanner config (@n8n/scan-community-package buildScanConfig,
// https://github.com/n8n-io/n8n/tree/master/packages/%40n8n/scan-community-package), because
// @n8n/node-cli does not install on Node 20. The last blocks keep the layers of docs/architecture.md.
import tsParser from '@typescript-eslint/parser';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const recommended = n8nCommunityNodesPlugin.configs.recommended;

// Import direction (docs/architecture.md): nodes → nodes/shared → nodes/core/sync → the clients
// (core/onec, core/retailcrm, core/icml) → core/http. Core never sees n8n or a node; a client never
// sees the flows; nodes/shared never sees a node. Node folders are the only PascalCase path segments.
const N8N = { paths: ['n8n-workflow', 'n8n-core'].map((name) => ({ name, message: 'nodes/core must not import n8n (docs/architecture.md): take what you need as a parameter.' })) };
const OUT_OF_CORE = [
	{ caseSensitive: true, regex: '(^|/)shared(/|$)', message: 'nodes/core must not import nodes/shared (docs/architecture.md).' },
	{ caseSensitive: true, regex: '(^|/)[A-Z][A-Za-z0-9]*(/|$)', message: 'nodes/core must not import a node folder (docs/architecture.md).' },
	{ caseSensitive: true, regex: '(^|/)credentials(/|$)', message: 'nodes/core must not import credentials (docs/architecture.md).' },
];
const NOT_SYNC = { caseSensitive: true, regex: '(^|/)sync(/|$)', message: 'A client (core/onec, core/retailcrm, core/icml, core/http) must not import core/sync (docs/architecture.md).' };
// The shared kits of core/sync serve every flow and use none (docs/architecture.md): a flow's rule in a kit is a copy waiting to happen.
const NOT_FLOWS = { caseSensitive: true, regex: '^\\.\\./(orders|order-progress|stock|prices|catalog|reconcile|setup-check)(/|$)', message: 'A shared kit (core/sync/onec-read, core/sync/crm-upload) must not import a flow folder (docs/architecture.md).' };
const NOT_CLIENTS = { caseSensitive: true, regex: '(^|/)(onec|retailcrm|icml)(/|$)', message: 'core/http must not import a client (docs/architecture.md).' };
const layer = (files, patterns, withN8n = true) => ({
	files,
	rules: { 'no-restricted-imports': ['error', { ...(withN8n ? N8N : {}), patterns }] },
});

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'benchmarks/**', 'scripts/**', 'gulpfile.js'] },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tsParser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		...recommended,
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Switched off by n8n's own CLI config too: NodeConnectionTypes replaces the string form.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// "Only applicable to nodes in the main repository" (the rule's own text): community
			// credentials link to their own docs with a full URL, which cannot be camelCase.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['package.json'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: { 'no-console': 'error' },
	},
	{
		// No array spread into call arguments: `rows.push(...all)` over a whole 1C read overflows the stack at about
		// 125,000 rows (Node 20), and a catalog of 300,000 offers reads over a million. Append in a loop (appendAll).
		files: ['nodes/**/*.ts'],
		// The orders flow's spreads are over bounded lists (a page of 100 history records, an order's lines, a few
		// warnings); those files belong to that flow and are left as they are.
		ignores: [
			'nodes/RetailCrmOrders/actions/order/getChanged.operation.ts',
			'nodes/RetailCrmOrders/helpers/status-choice.ts',
			'nodes/core/sync/orders/write-back.ts',
			'nodes/core/sync/orders/onec-writer/items.ts',
			'nodes/core/sync/onec-read/raw-read.ts',
			'nodes/core/sync/orders/onec-writer/resolve-references.ts',
			'nodes/core/sync/orders/onec-writer/upsert.ts',
		],
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector: "CallExpression[callee.property.name=/^(push|unshift|splice|concat)$/] > SpreadElement",
					message: 'Do not spread an array into push/unshift/splice/concat arguments: a large one overflows the stack. Append in a loop (appendAll in core/onec/client.ts).',
				},
				{
					selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(max|min)$/] > SpreadElement",
					message: 'Do not spread an array into Math.max/Math.min: a large one overflows the stack. Use a loop.',
				},
				{
					selector: "CallExpression[callee.property.name='fromCharCode'] > SpreadElement",
					message: 'Do not spread an array into String.fromCharCode: a large one overflows the stack.',
				},
			],
		},
	},
	{
		// The ICML Builder's optional atomic file write (temporary file, then rename): the only file-system
		// access of the package, behind an option; README says verified community nodes may not do this. Its catalog
		// as a Readable (Node's `stream`), so n8n's binary data service takes it without a whole copy; and the catalog
		// gate reads that file back for its cache (age and bytes).
		files: ['nodes/IcmlBuilder/helpers/atomic-write.ts', 'nodes/IcmlBuilder/helpers/chunk-stream.ts', 'nodes/IcmlCatalogGate/helpers/catalog-file.ts'],
		rules: { '@n8n/community-nodes/no-restricted-imports': 'off' },
	},
	layer(['nodes/core/**/*.ts'], OUT_OF_CORE),
	layer(['nodes/core/sync/onec-read/**/*.ts', 'nodes/core/sync/crm-upload/**/*.ts'], [...OUT_OF_CORE, NOT_FLOWS]),
	layer(['nodes/core/onec/**/*.ts', 'nodes/core/retailcrm/**/*.ts', 'nodes/core/icml/**/*.ts'], [...OUT_OF_CORE, NOT_SYNC]),
	layer(['nodes/core/http/**/*.ts'], [...OUT_OF_CORE, NOT_SYNC, NOT_CLIENTS]),
	layer(['nodes/shared/**/*.ts'], [{ caseSensitive: true, regex: '^\\.\\./[A-Z]', message: 'nodes/shared must not import a node folder (docs/architecture.md).' }], false),
];
