/**
 * Queue-mode tests: each pinned n8n line as a main process, two workers and a webhook processor
 * on Redis and PostgreSQL (Debian packages, installed on first use, run as child processes),
 * with this package and the Zoho IoT emulator. `npm run test:queue` builds first.
 * N8N_LINES=2.x (or 1.x) limits a run to one line.
 */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/helpers/setup-env.ts'],
	testTimeout: 1_200_000,
	maxWorkers: 1,
	verbose: true,
};
