/** Default suite: unit, sandbox contract, client-against-sandbox and in-process workflow tests. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/compat-n8n2/'],
	modulePathIgnorePatterns: ['<rootDir>/test/compat-n8n2/'],
	transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
	testTimeout: 30_000,
	// Three workers on CI's two cores: the suites mostly wait on their in-process sandboxes and on timers (pacing,
	// retry delays), so a third worker cuts the default run from about 11 to about 4 minutes (README "Development").
	maxWorkers: 3,
	forceExit: true,
};
