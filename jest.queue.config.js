/**
 * Queue mode: the templates in n8n with EXECUTIONS_MODE=queue (main + 2 workers) over PostgreSQL and Redis
 * (Debian packages, installed with apt-get when missing, started on loopback in a temporary folder).
 * `npm run test:queue`; QUEUE_N8N_MAJORS=1 (or 2) for one n8n major, QUEUE_N8N_PORT (5751) for the main's port.
 */
const base = require('./jest.config');

module.exports = {
	...base,
	testMatch: ['**/test/queue/**/*.queue.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 20 * 60_000,
	maxWorkers: 1,
	verbose: true,
};
