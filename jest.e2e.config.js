/**
 * End-to-end tests: the real n8n CLI (1.123.50, installed once into the harness cache) runs the shipped
 * templates against fresh sandboxes. Slow by nature (n8n install on first run, ~4 s per CLI command).
 */
const base = require('./jest.config');

module.exports = {
	...base,
	testMatch: ['**/test/e2e/**/*.e2e.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 20 * 60_000,
	maxWorkers: 1,
};
