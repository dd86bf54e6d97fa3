/** Default suite: unit, sandbox contract, client-against-sandbox and in-process workflow tests. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/compat-n8n2/'],
	modulePathIgnorePatterns: ['<rootDir>/test/compat-n8n2/'],
	transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
	testTimeout: 30_000,
	forceExit: true,
};
