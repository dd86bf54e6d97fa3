/**
 * The fault and crash suite (`npm run test:chaos`, README "Reliability"): the shipped templates in the real n8n CLI
 * while both sandboxes fail about 10 % of requests at random (fixed seed) and some n8n processes are killed with
 * SIGKILL. CHAOS_ORDERS / CHAOS_BUYERS for the size, CHAOS_SEED to replay, CHAOS_N8N_MAJOR for the n8n (2 or 1).
 */
const base = require('./jest.config');

module.exports = {
	...base,
	testMatch: ['**/test/chaos/**/*.chaos.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 60 * 60_000,
	maxWorkers: 1,
	verbose: true,
};
