/**
 * Redis and PostgreSQL for the queue-mode tests: real servers from Debian's packages, started as
 * child processes of the test on loopback, on free ports, each with its own data folder under
 * .cache/queue/ (git-ignored), and stopped at the end. No system service is assumed, started or
 * left running.
 *
 * When a server is missing, the packages are installed with apt-get (root only; `apt-get update`
 * first). Debian's maintainer scripts would start the packages' own services: a temporary
 * policy-rc.d that answers 101 ("action forbidden") keeps them stopped, the way Debian's
 * container images do.
 */
/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- test harness: installs and runs Redis and PostgreSQL, never shipped */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';

import { freePort, projectRoot } from '../e2e/n8n';

/** Where the servers keep their data while a run lasts. */
export const SERVICES_ROOT = path.join(projectRoot, '.cache', 'queue');

const POLICY_RC = '/usr/sbin/policy-rc.d';

function onPath(binary: string): string | undefined {
	for (const dir of (process.env.PATH ?? '')
		.split(path.delimiter)
		.concat(['/usr/sbin', '/usr/bin'])) {
		const candidate = path.join(dir, binary);
		if (dir && existsSync(candidate)) return candidate;
	}
	return undefined;
}

/** Debian puts PostgreSQL's server binaries in /usr/lib/postgresql/<version>/bin; newest first. */
function postgresBinDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root)
		.filter((v) => /^\d+$/.test(v) && existsSync(path.join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

function runOrThrow(
	command: string,
	args: string[],
	options: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {},
): void {
	const result = spawnSync(command, args, {
		encoding: 'utf8',
		...options,
		env: options.env ?? process.env,
	});
	if (result.status !== 0) {
		throw new Error(
			`${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`.slice(
				-4000,
			),
		);
	}
}

/** Installs redis-server and postgresql from Debian when their binaries are missing. */
export function ensureServerPackages(
	progress: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
): {
	redisServer: string;
	postgresBin: string;
} {
	const missing = [
		...(onPath('redis-server') ? [] : ['redis-server']),
		...(postgresBinDir() ? [] : ['postgresql']),
	];
	if (missing.length > 0) {
		if (process.getuid?.() !== 0) {
			throw new Error(
				`The queue-mode tests need ${missing.join(' and ')}: install them (apt-get install ${missing.join(' ')}) or run as root.`,
			);
		}
		progress(`[queue] installing ${missing.join(', ')} from Debian (first run only)`);
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		const ownPolicy = !existsSync(POLICY_RC);
		if (ownPolicy)
			writeFileSync(
				POLICY_RC,
				'#!/bin/sh\n# written by the queue-mode tests while they install packages: start no service\nexit 101\n',
				{ mode: 0o755 },
			);
		try {
			runOrThrow('apt-get', ['update'], { env });
			runOrThrow('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
		} finally {
			if (ownPolicy) rmSync(POLICY_RC, { force: true });
		}
	}
	const redisServer = onPath('redis-server');
	const postgresBin = postgresBinDir();
	if (!redisServer || !postgresBin)
		throw new Error('redis-server or PostgreSQL is still missing after apt-get install');
	return { redisServer, postgresBin };
}

/** A server process started by the tests, with what it printed. */
class ServerProcess {
	log = '';

	constructor(
		readonly name: string,
		readonly child: ChildProcess,
	) {
		child.stdout?.on('data', (chunk) => (this.log = (this.log + chunk).slice(-20_000)));
		child.stderr?.on('data', (chunk) => (this.log = (this.log + chunk).slice(-20_000)));
	}

	/** Polls `isReady` (servers may buffer their log lines, so the log is no signal). */
	async waitUntil(isReady: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!(await isReady())) {
			if (this.child.exitCode !== null)
				throw new Error(`${this.name} exited while starting:\n${this.log}`);
			if (Date.now() > deadline)
				throw new Error(`${this.name} did not start in time:\n${this.log}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}

	async stop(): Promise<void> {
		const { child } = this;
		if (child.exitCode !== null || child.signalCode !== null) return;
		await new Promise<void>((resolve) => {
			const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
			child.once('close', () => {
				clearTimeout(timer);
				resolve();
			});
			// SIGINT is PostgreSQL's "fast shutdown"; Redis exits on it too.
			child.kill('SIGINT');
		});
	}
}

/** Whether Redis answers PING. */
async function redisPing(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(2000, () => socket.destroy());
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk;
			if (answer.includes('\r\n')) socket.end();
		});
		socket.on('error', () => resolve(false));
		socket.on('close', () => resolve(answer.startsWith('+PONG')));
	});
}

export interface QueueServices {
	redis: { host: string; port: number };
	postgres: { host: string; port: number; user: string; database: string };
	/** Runs SQL in the test database and returns psql's unaligned output. */
	sql(query: string): string;
	stop(): Promise<void>;
}

/**
 * Starts Redis and PostgreSQL for one n8n line. The database server runs as the `postgres` user
 * when the tests run as root (PostgreSQL refuses to run as root).
 */
export async function startQueueServices(name: string): Promise<QueueServices> {
	const { redisServer, postgresBin } = ensureServerPackages();
	const dir = path.join(SERVICES_ROOT, `${name}-${process.pid}`);
	rmSync(dir, { recursive: true, force: true });
	const redisDir = path.join(dir, 'redis');
	const pgDir = path.join(dir, 'postgres');
	mkdirSync(redisDir, { recursive: true });
	mkdirSync(pgDir, { recursive: true });

	// PostgreSQL refuses to run as root: as root, its binaries run as the `postgres` user that
	// Debian's package creates, owning the data folder.
	const owner = (() => {
		if (process.getuid?.() !== 0) return {};
		const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
		if (id('-u').status !== 0)
			throw new Error(
				'Running as root needs the "postgres" user (created by the postgresql package) to run PostgreSQL',
			);
		const ids = { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
		chownSync(pgDir, ids.uid, ids.gid);
		return ids;
	})();
	const pgEnv = { ...process.env, HOME: pgDir };

	const servers: ServerProcess[] = [];
	const stop = async () => {
		for (const server of servers.reverse()) await server.stop();
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		const redisPort = await freePort();
		const redis = new ServerProcess(
			'redis-server',
			spawn(
				redisServer,
				[
					'--port',
					String(redisPort),
					'--bind',
					'127.0.0.1',
					'--dir',
					redisDir,
					'--save',
					'',
					'--appendonly',
					'no',
					'--daemonize',
					'no',
					'--logfile',
					'',
				],
				{ stdio: ['ignore', 'pipe', 'pipe'] },
			),
		);
		servers.push(redis);

		const user = 'n8n';
		const database = `n8n_${name.replace(/\W/g, '_')}`;
		runOrThrow(
			path.join(postgresBin, 'initdb'),
			['-D', pgDir, '-U', user, '--auth=trust', '--no-sync', '-E', 'UTF8'],
			{
				env: pgEnv,
				...owner,
			},
		);
		const pgPort = await freePort();
		const postgresArgs = [
			'-D',
			pgDir,
			'-p',
			String(pgPort),
			'-k',
			pgDir,
			'-c',
			'listen_addresses=127.0.0.1',
			// A throw-away test database: durability buys nothing here and costs CPU.
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=200',
		];
		const pg = new ServerProcess(
			'postgres',
			spawn(path.join(postgresBin, 'postgres'), postgresArgs, {
				stdio: ['ignore', 'pipe', 'pipe'],
				env: pgEnv,
				...owner,
			}),
		);
		servers.push(pg);

		await redis.waitUntil(async () => await redisPing(redisPort));
		await pg.waitUntil(
			async () =>
				spawnSync(path.join(postgresBin, 'pg_isready'), [
					'-h',
					'127.0.0.1',
					'-p',
					String(pgPort),
					'-U',
					user,
				]).status === 0,
		);

		const psql = (db: string, query: string) => {
			const result = spawnSync(
				path.join(postgresBin, 'psql'),
				[
					'-h',
					'127.0.0.1',
					'-p',
					String(pgPort),
					'-U',
					user,
					'-d',
					db,
					'-v',
					'ON_ERROR_STOP=1',
					'-At',
					'-c',
					query,
				],
				{
					encoding: 'utf8',
				},
			);
			if (result.status !== 0) throw new Error(`psql: ${result.stderr}`);
			return result.stdout.trim();
		};
		psql('postgres', `CREATE DATABASE ${database}`);
		return {
			redis: { host: '127.0.0.1', port: redisPort },
			postgres: { host: '127.0.0.1', port: pgPort, user, database },
			sql: (query) => psql(database, query),
			stop,
		};
	} catch (error) {
		await stop();
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- test harness, no node to attach it to
		throw error;
	}
}
