/** Unit and emulator tests: no network, no real n8n. `npm test` runs these. */
// Zoho times must not depend on the time zone of the machine n8n runs on: the unit tests run in
// one that is neither UTC nor a whole hour away (test/unit/node/zohoTime.test.ts also checks UTC
// and New York in child processes). TZ must be set before the workers start.
process.env.TZ = process.env.UNIT_TZ ?? 'Asia/Kolkata';
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test', '<rootDir>/nodes', '<rootDir>/credentials'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/helpers/setup-env.ts'],
	testTimeout: 20000,
};
