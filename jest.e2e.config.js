/**
 * End-to-end tests: a real n8n (each pinned line in test/e2e/n8n-versions.json) with this
 * package, against the bundled Zoho IoT emulator. `npm run test:e2e` builds first.
 * N8N_LINES=2.x (or 1.x) limits a run to one line.
 */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/helpers/setup-env.ts'],
	testTimeout: 600_000,
	maxWorkers: 1,
	verbose: true,
};
