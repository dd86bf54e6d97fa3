/**
 * The workflow tests again, on n8n 2.x's engine: n8n-core 2.8.1 / n8n-workflow 2.8.0 from
 * test/compat-n8n2 replace the 1.x pair for the tests AND for our node code.
 */
const path = require('path');
const base = require('./jest.config');

const compat = path.join(__dirname, 'test/compat-n8n2/node_modules');

module.exports = {
	...base,
	testMatch: ['**/test/workflows/**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	moduleNameMapper: {
		'^n8n-core$': path.join(compat, 'n8n-core'),
		'^n8n-workflow$': path.join(compat, 'n8n-workflow'),
	},
};
