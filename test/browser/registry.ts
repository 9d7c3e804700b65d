/**
 * A private npm registry on loopback (verdaccio, pinned below) holding only this package's
 * packed tarball, so that n8n's Community Nodes screen can install the package the way users do,
 * from a registry, without the network: no uplinks, storage in a temp folder, one publisher the
 * harness creates through the registry's adduser API. Nothing touches the user's ~/.npmrc: the
 * publish uses a userconfig of its own in the temp folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort, projectRoot } from '../e2e/n8n';
import type { PackedTarball } from '../e2e/package-tarball';

export interface RunningRegistry {
	/** e.g. http://127.0.0.1:41234 (no trailing slash, as n8n's default registry setting). */
	url: string;
	/**
	 * npm settings for a client of this registry (n8n's own npm): an empty userconfig instead of
	 * the user's ~/.npmrc, and a fresh cache, so that the tarball really comes from the registry.
	 */
	clientEnv: { npm_config_userconfig: string; npm_config_cache: string };
	/** Publishes a packed tarball as the registry's one user; answers npm's output. */
	publish(tarball: PackedTarball): string;
	/** The tarball downloads the registry served, by package file name. */
	downloads(): string[];
	/** Everything verdaccio printed, for diagnosis. */
	readonly log: string;
	stop(): Promise<void>;
}

/** The registry's one user, with a throw-away password made up per run. */
const PUBLISHER_NAME = 'zoho-iot-publisher';

/** A child npm's environment without the project's npm settings (`npm run` passes them down). */
function npmEnv(userConfig: string): NodeJS.ProcessEnv {
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)),
	);
	return {
		...env,
		npm_config_userconfig: userConfig,
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
	};
}

/**
 * verdaccio is installed on first use into .cache/, like n8n itself, not as a devDependency: it
 * installs only with an npm override (verdaccio-audit asks for `node-fetch@cjs`, a dist-tag the
 * registry here does not have; node-fetch 2.x is the CommonJS line, and 2.7.0 is what the rest of
 * the project's tree uses), and n8n's lint forbids an "overrides" field in a community package's
 * package.json.
 */
export const VERDACCIO = { version: '6.8.0', overrides: { 'node-fetch': '2.7.0' } };

/** Installs the pinned verdaccio into .cache/verdaccio-<version>/ once; answers its bin script. */
export function ensureVerdaccio(): string {
	const dir = path.join(projectRoot, '.cache', `verdaccio-${VERDACCIO.version}`);
	const bin = path.join(dir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
	const marker = path.join(dir, '.installed');
	if (existsSync(marker) && existsSync(bin)) return bin;
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify(
			{
				name: 'zoho-iot-test-registry',
				private: true,
				dependencies: { verdaccio: VERDACCIO.version },
				overrides: VERDACCIO.overrides,
			},
			null,
			2,
		),
	);
	writeFileSync(path.join(dir, 'empty.npmrc'), '');
	process.stderr.write(`[registry] installing verdaccio ${VERDACCIO.version} into ${dir} (once)\n`);
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test harness: installs the pinned test registry, never shipped
	const result = spawnSync(
		'npm',
		['install', '--ignore-scripts', '--no-package-lock', '--omit=dev', '--loglevel=error'],
		{
			cwd: dir,
			env: npmEnv(path.join(dir, 'empty.npmrc')),
			encoding: 'utf8',
			timeout: 900_000,
		},
	);
	if (result.status !== 0)
		throw new Error(
			`Installing verdaccio ${VERDACCIO.version} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`,
		);
	writeFileSync(marker, `${new Date().toISOString()}\n`);
	return bin;
}

/** verdaccio's config: YAML, written as JSON (a JSON document is valid YAML). */
function registryConfig(folder: string): string {
	return JSON.stringify(
		{
			storage: path.join(folder, 'storage'),
			auth: { htpasswd: { file: path.join(folder, 'htpasswd'), max_users: 1 } },
			// No uplinks: a name this registry does not hold is not found, never fetched from npmjs.org.
			uplinks: {},
			packages: {
				'**': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' },
			},
			web: { enable: false },
			// The http level prints one line per request: the harness reads tarball downloads from it.
			log: { type: 'stdout', format: 'json', level: 'http' },
			// Node's default of 5 s closes idle sockets under a client that is about to reuse them
			// ("other side closed" on a loaded machine).
			server: { keepAliveTimeout: 120 },
			publish: { allow_offline: true },
		},
		null,
		2,
	);
}

async function waitForPing(url: string, child: ChildProcess, log: () => string): Promise<void> {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null)
			throw new Error(`verdaccio exited while starting:\n${log().slice(-4000)}`);
		try {
			const response = await fetch(`${url}/-/ping`);
			if (response.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`verdaccio did not answer ${url}/-/ping in time:\n${log().slice(-4000)}`);
}

export async function startRegistry(): Promise<RunningRegistry> {
	const folder = mkdtempSync(path.join(tmpdir(), 'zoho-iot-registry-'));
	const configFile = path.join(folder, 'config.yaml');
	writeFileSync(configFile, registryConfig(folder));
	const emptyUserConfig = path.join(folder, 'empty.npmrc');
	writeFileSync(emptyUserConfig, '');
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;

	const bin = ensureVerdaccio();
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test harness: starts the loopback registry, never shipped
	const child = spawn(
		process.execPath,
		[bin, '--config', configFile, '--listen', `127.0.0.1:${port}`],
		{
			cwd: folder,
			env: npmEnv(emptyUserConfig),
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	let log = '';
	child.stdout!.on('data', (chunk) => (log += chunk));
	child.stderr!.on('data', (chunk) => (log += chunk));
	await waitForPing(url, child, () => log);

	// adduser: the registry answers a token for the new user.
	const added = await fetch(`${url}/-/user/org.couchdb.user:${PUBLISHER_NAME}`, {
		method: 'PUT',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			name: PUBLISHER_NAME,
			password: randomBytes(16).toString('hex'),
			type: 'user',
			roles: [],
			date: new Date().toISOString(),
		}),
	});
	if (!added.ok)
		throw new Error(`verdaccio refused the publisher: HTTP ${added.status} ${await added.text()}`);
	const { token } = (await added.json()) as { token: string };
	const publisherConfig = path.join(folder, 'publisher.npmrc');
	writeFileSync(publisherConfig, `//127.0.0.1:${port}/:_authToken=${token}\n`);

	return {
		url,
		clientEnv: {
			npm_config_userconfig: emptyUserConfig,
			npm_config_cache: path.join(folder, 'client-npm-cache'),
		},
		publish(tarball) {
			// From the temp folder, so that no project .npmrc or lifecycle script takes part.
			// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test harness: npm publish to the loopback registry, never shipped
			const result = spawnSync(
				'npm',
				['publish', tarball.file, `--registry=${url}/`, '--provenance=false', '--loglevel=error'],
				{
					cwd: folder,
					env: npmEnv(publisherConfig),
					encoding: 'utf8',
				},
			);
			if (result.status !== 0)
				throw new Error(`npm publish exited ${result.status}\n${result.stdout}\n${result.stderr}`);
			return `${result.stdout}${result.stderr}`;
		},
		downloads() {
			return (
				log
					.split('\n')
					.flatMap((line) => {
						try {
							return [
								JSON.parse(line) as {
									request?: { method?: string; url?: string };
									status?: number;
									bytes?: { out?: number };
								},
							];
						} catch {
							return [];
						}
					})
					// verdaccio logs each answer twice, the second time with the bytes it sent.
					.filter(
						(entry) =>
							entry.request?.method === 'GET' &&
							/\/-\/[^/]+\.tgz$/.test(entry.request.url ?? '') &&
							entry.status === 200 &&
							(entry.bytes?.out ?? 0) > 0,
					)
					.map((entry) => path.basename(entry.request!.url!))
			);
		},
		get log() {
			return log;
		},
		async stop() {
			if (child.exitCode === null) {
				await new Promise<void>((resolve) => {
					const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
					child.on('close', () => {
						clearTimeout(timer);
						resolve();
					});
					child.kill('SIGTERM');
				});
			}
			rmSync(folder, { recursive: true, force: true });
		},
	};
}
