#!/usr/bin/env node
// `npm run test:all`: everything CI checks, in the order CI checks it, from a plain
// `npm install`: lint, build, unit and emulator tests, the end-to-end tests in real n8n 2.x and
// 1.x (installed into .cache/ on first use), the benchmark's counts in both (BENCH_SMALL), the
// same lines in queue mode (Redis and PostgreSQL from Debian packages, installed on first use;
// QUEUE_LINES=2.x limits it to one line), and the browser test of the editor. Stops at the first
// failing stage and ends with one line counting every test: "total: N passed, N failed".
// STAGES=unit,e2e limits a run to some stages.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, rmSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'test-output');

const jestStage = (name, config, env) => ({
	name,
	env,
	command: [
		'npx',
		'jest',
		...(config ? ['-c', config] : []),
		'--json',
		`--outputFile=${path.join(out, `${name}.json`)}`,
	],
	results: path.join(out, `${name}.json`),
});

const stages = [
	{ name: 'lint', command: ['npm', 'run', 'lint'] },
	{ name: 'build', command: ['npm', 'run', 'build'] },
	jestStage('unit'),
	jestStage('e2e', 'jest.e2e.config.js'),
	// The real-n8n benchmark at small sizes, once per line: checks its counts, never times.
	{ name: 'benchmark-counts', command: ['npm', 'run', 'benchmark:n8n:counts'] },
	jestStage(
		'queue',
		'jest.queue.config.js',
		process.env.QUEUE_LINES ? { N8N_LINES: process.env.QUEUE_LINES } : undefined,
	),
	jestStage('browser', 'jest.browser.config.js'),
];

const wanted = process.env.STAGES
	? new Set(process.env.STAGES.split(',').map((s) => s.trim()))
	: undefined;
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
const summary = [];
let failure;
for (const stage of stages) {
	if (wanted && !wanted.has(stage.name)) continue;
	const started = Date.now();
	process.stdout.write(`\n=== ${stage.name}: ${stage.command.join(' ')}\n`);
	const result = spawnSync(stage.command[0], stage.command.slice(1), {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, ...stage.env },
	});
	const seconds = Math.round((Date.now() - started) / 1000);
	if (stage.results && existsSync(stage.results)) {
		const report = JSON.parse(readFileSync(stage.results, 'utf8'));
		passed += report.numPassedTests;
		failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
		summary.push(
			`${stage.name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed (${seconds} s)`,
		);
		if (report.numTotalTests === 0) failure ??= `${stage.name} ran no test`;
	} else {
		summary.push(`${stage.name}: ${result.status === 0 ? 'ok' : 'FAILED'} (${seconds} s)`);
	}
	if (result.status !== 0) {
		failure ??= `${stage.name} failed (exit ${result.status})`;
		break;
	}
}

process.stdout.write(`\n${summary.join('\n')}\n`);
if (failure) process.stdout.write(`${failure}\n`);
process.stdout.write(`total: ${passed} passed, ${failed} failed\n`);
process.exit(failure || failed > 0 ? 1 : 0);
