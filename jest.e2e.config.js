/**
 * End-to-end tests: the real n8n CLI (2.41.1 on Node 24 and 1.123.50, each installed once into the harness
 * cache) runs the shipped templates against fresh sandboxes. Slow by nature (n8n installs on first run;
 * each CLI command starts n8n: about 4 s on 1.x, 10 s on 2.x). Verbose: per-test times for the CI budget.
 */
const base = require('./jest.config');

module.exports = {
	...base,
	testMatch: ['**/test/e2e/**/*.e2e.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 20 * 60_000,
	maxWorkers: 1,
	verbose: true,
};
