/**
 * Browser tests: n8n's editor in Debian's Chromium (driven by playwright-core) against a real
 * pinned n8n 2.x with this package and the bundled Zoho IoT emulator. `npm run test:browser`
 * builds first; the global setup installs Chromium with apt-get when it is missing.
 * UPDATE_SCREENSHOTS=1 also writes the documented screenshots to docs/images/.
 */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/browser'],
	testMatch: ['**/*.browser.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/test/browser/global-setup.ts',
	setupFiles: ['<rootDir>/test/helpers/setup-env.ts'],
	testTimeout: 300_000,
	maxWorkers: 1,
	verbose: true,
};
