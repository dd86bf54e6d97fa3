// Mirrors n8n's community-package scanner config (@n8n/scan-community-package buildScanConfig),
// because @n8n/node-cli does not install on Node 20 (see shared/reference/n8n.md §1.3, §7.2).
import tsParser from '@typescript-eslint/parser';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const recommended = n8nCommunityNodesPlugin.configs.recommended;

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
		// The ICML Builder's optional atomic file write (temporary file, then rename): the only file-system
		// access of the package, behind an option; README says verified community nodes may not do this.
		// The catalog gate reads that file back for its cache (age and bytes).
		files: ['nodes/IcmlBuilder/helpers/atomic-write.ts', 'nodes/IcmlCatalogGate/helpers/catalog-file.ts'],
		rules: { '@n8n/community-nodes/no-restricted-imports': 'off' },
	},
];
