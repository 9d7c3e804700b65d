#!/usr/bin/env node
// n8n's verification scan, run here before anything is published.
//
// n8n verifies a community package with @n8n/scan-community-package: it lints the source the
// package's npm provenance points at (package.json, nodes/, credentials/) and the compiled .js
// of the tarball npm serves, with ESLint's inline configuration switched off, so an
// `eslint-disable` comment does not count. The scanner's command line only works on a published
// package; its exported functions work on a local folder, so this script calls them exactly as
// the scanner does (same config, same file patterns) on:
//   1. the source (this folder, or --dir <folder>);
//   2. the tarball `npm pack` makes of a fresh build (skipped with --source-only).
// It also refuses any inline ESLint directive in shipped code: the scanner ignores them, so code
// that leans on one passes `n8n-node lint` here and fails verification at n8n.
//
// `npm run lint` runs it; exit code 1 on any finding.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// eslint-plugin-n8n-nodes-base checks file names against a fixed "Test.node.ts" when NODE_ENV is
// "test" (its own test mode), which would fail every node here under jest or a test shell.
delete process.env.NODE_ENV;

// The scanner makes a temporary folder when it loads (for packages it downloads, which this
// script never asks for); with graceful cleanup its own `tmp` removes it on exit.
const scannerPath = createRequire(import.meta.url).resolve(
	'@n8n/scan-community-package/scanner/scanner.mjs',
);
createRequire(scannerPath)('tmp').setGracefulCleanup();
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(scannerPath);
/** What the scanner lints in a tarball: compiled code and the published package.json. */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
/** The folders whose code ships (and that the scanner lints in the source). */
const SHIPPED_FOLDERS = ['nodes', 'credentials'];
/** ESLint's inline configuration comments: disable, enable, rule settings, globals. */
const INLINE_DIRECTIVE = /\/[/*]\s*(eslint-disable|eslint-enable|eslint\s|global\s|globals\s)/;

const args = process.argv.slice(2);
const sourceOnly = args.includes('--source-only');
const dirIndex = args.indexOf('--dir');
const sourceDir = dirIndex === -1 ? root : path.resolve(args[dirIndex + 1]);

/** `file:line: text` for every inline ESLint directive in shipped code. */
function inlineDirectives(folder) {
	const found = [];
	const walk = (dir) => {
		let entries;
		try {
			entries = readdirSync(dir);
		} catch {
			return;
		}
		for (const entry of entries) {
			const full = path.join(dir, entry);
			if (statSync(full).isDirectory()) walk(full);
			else if (/\.(ts|js)$/.test(entry)) {
				readFileSync(full, 'utf8')
					.split('\n')
					.forEach((line, index) => {
						if (INLINE_DIRECTIVE.test(line))
							found.push(`${path.relative(folder, full)}:${index + 1}: ${line.trim()}`);
					});
			}
		}
	};
	for (const shipped of SHIPPED_FOLDERS) walk(path.join(folder, shipped));
	return found;
}

function run(command, commandArgs, cwd) {
	// npm run passes its own settings down as npm_* variables; a child npm must not inherit them.
	const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
	const result = spawnSync(command, commandArgs, { cwd, env, encoding: 'utf8' });
	if (result.status !== 0) {
		throw new Error(
			`${command} ${commandArgs.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`,
		);
	}
	return result.stdout;
}

/** Builds, packs and unpacks the package; returns the unpacked folder (the tarball's `package/`). */
function packedPackage(workDir) {
	run('npm', ['run', 'build', '--silent'], root);
	const [report] = JSON.parse(
		run('npm', ['pack', '--json', `--pack-destination=${workDir}`], root),
	);
	run('tar', ['-xzf', path.join(workDir, report.filename), '-C', workDir], workDir);
	return path.join(workDir, 'package');
}

function report(label, result) {
	if (result.passed) {
		process.stdout.write(
			`n8n scan, ${label}: passed${result.message ? ` (${result.message})` : ''}\n`,
		);
		return true;
	}
	process.stdout.write(`n8n scan, ${label}: FAILED: ${result.message}\n${result.details ?? ''}\n`);
	return false;
}

let passed = true;

const directives = inlineDirectives(sourceDir);
if (directives.length > 0) {
	passed = false;
	process.stdout.write(
		`n8n scan, inline ESLint directives in shipped code: FAILED. n8n's scanner ignores them, so the code must pass without:\n${directives.map((line) => `  ${line}`).join('\n')}\n`,
	);
} else {
	process.stdout.write('n8n scan, inline ESLint directives in shipped code: none\n');
}

passed = report('source', await analyzePackage(sourceDir, SOURCE_FILE_PATTERNS)) && passed;

if (!sourceOnly) {
	const workDir = mkdtempSync(path.join(tmpdir(), 'zoho-iot-scan-'));
	try {
		passed =
			report(
				'npm pack tarball',
				await analyzePackage(packedPackage(workDir), TARBALL_FILE_PATTERNS),
			) && passed;
	} finally {
		rmSync(workDir, { recursive: true, force: true });
	}
}

process.exit(passed ? 0 : 1);
