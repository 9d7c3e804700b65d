/**
 * The artefact users get: `npm pack` of the built package, installed into an n8n user folder the
 * way n8n documents a manual install (`npm install <package>` in `<user folder>/.n8n/nodes`).
 * The end-to-end tests, the demo and the queue-mode test load the package only this way, never
 * from a copied folder, so what they prove is what the registry will serve.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { projectRoot } from './project-root';

export interface PackedFile {
	path: string;
	size: number;
}

export interface PackedTarball {
	/** Absolute path of the .tgz. */
	file: string;
	/** Compressed size in bytes. */
	size: number;
	unpackedSize: number;
	files: PackedFile[];
}

/** The environment of a child npm, without the project's own npm settings (`npm run` passes them down). */
function cleanNpmEnv(): NodeJS.ProcessEnv {
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)),
	);
	return {
		...env,
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
	};
}

function npm(args: string[], cwd: string): string {
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test harness: runs npm pack/install, never shipped
	const result = spawnSync('npm', args, {
		cwd,
		env: cleanNpmEnv(),
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	if (result.status !== 0) {
		throw new Error(
			`npm ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`,
		);
	}
	return result.stdout;
}

let packed: PackedTarball | undefined;

/**
 * Packs dist/ (build it first: `npm run build`) into .cache/pack/, once per process. npm pack
 * runs no build of its own here: the package has no prepack script, so the tarball holds exactly
 * the dist/ the tests built.
 */
export function packPackage(): PackedTarball {
	if (packed) return packed;
	const destination = path.join(projectRoot, '.cache', 'pack');
	mkdirSync(destination, { recursive: true });
	const [report] = JSON.parse(
		npm(['pack', '--json', `--pack-destination=${destination}`], projectRoot),
	) as Array<{
		filename: string;
		size: number;
		unpackedSize: number;
		files: PackedFile[];
	}>;
	packed = {
		file: path.join(destination, report.filename),
		size: report.size,
		unpackedSize: report.unpackedSize,
		files: report.files.map(({ path: file, size }) => ({ path: file, size })),
	};
	return packed;
}

/**
 * Installs the packed package into `<userFolder>/.n8n/nodes`, where n8n loads community
 * packages from. `--omit=peer` as n8n's own installer does (it strips peerDependencies before
 * installing): the node must use the n8n-workflow of the n8n that loads it, not a second copy.
 */
export function installPackedPackage(userFolder: string, tarball = packPackage()): string {
	const nodesFolder = path.join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesFolder, { recursive: true });
	writeFileSync(
		path.join(nodesFolder, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
	);
	npm(
		[
			'install',
			tarball.file,
			'--omit=peer',
			'--ignore-scripts',
			'--no-package-lock',
			'--loglevel=error',
		],
		nodesFolder,
	);
	return nodesFolder;
}
