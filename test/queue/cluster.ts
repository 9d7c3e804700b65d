/**
 * n8n in queue mode, as teams run it when one process is not enough: one main process, workers
 * that take executions from a Redis queue (`n8n worker`), and a webhook processor (`n8n webhook`)
 * that receives production webhook calls and queues them, all on one PostgreSQL database and one
 * encryption key, with this package loaded in every process.
 *
 * Each process is an N8nInstance (test/e2e/n8n.ts) with its own user folder and ports and the
 * shared queue-mode settings; the main instance also runs the CLI (import, publish, export).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { freePort, N8nInstance, projectRoot, type N8nInstallation } from '../e2e/n8n';
import type { QueueServices } from './services';

export type Role = 'main' | 'worker' | 'webhook';

/** What each kind of process prints once it serves. */
const READY: Record<Role, RegExp> = {
	main: /Editor is now accessible/,
	worker: /n8n worker is now ready/,
	webhook: /Webhook listener waiting for requests/,
};

/**
 * The lines a worker logs when it takes an execution from the queue and when it is done with it,
 * the same on both lines (n8n's scaling/job-processor.js): "Worker started execution 12 (job 7)",
 * "Worker finished execution 12 (job 7)".
 */
const STARTED_EXECUTION = /Worker started execution (\d+) \(job/g;
const FINISHED_EXECUTION = /Worker finished execution (\d+) \(job/g;

export class QueueProcess {
	log = '';

	private child?: ChildProcess;

	constructor(
		readonly name: string,
		readonly role: Role,
		readonly instance: N8nInstance,
		private readonly args: string[],
	) {}

	get pid(): number | undefined {
		return this.child?.pid;
	}

	get running(): boolean {
		return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
	}

	start(): void {
		const { installation } = this.instance;
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test harness: starts the pinned n8n, never shipped
		const child = spawn(installation.nodeBin, [installation.n8nBin, ...this.args], {
			env: this.instance.env(),
			cwd: this.instance.userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.child = child;
		child.stdout!.on('data', (chunk) => (this.log += chunk));
		child.stderr!.on('data', (chunk) => (this.log += chunk));
	}

	async ready(timeoutMs = 300_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!READY[this.role].test(this.log)) {
			if (!this.running)
				throw new Error(`${this.name} exited while starting:\n${this.log.slice(-4000)}`);
			if (Date.now() > deadline)
				throw new Error(`${this.name} did not become ready in time:\n${this.log.slice(-4000)}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		if (this.role === 'worker') return;
		// The HTTP server may log before it answers: wait for it.
		while (Date.now() < deadline) {
			try {
				if ((await fetch(`${this.instance.baseUrl}/healthz`)).ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(`${this.name} did not answer /healthz in time`);
	}

	/** The executions this process took from the queue, in order (workers only). */
	startedExecutions(): string[] {
		return [...this.log.matchAll(STARTED_EXECUTION)].map((match) => match[1]);
	}

	/** The executions this process took from the queue and has not finished yet (workers only). */
	runningExecutions(): string[] {
		const finished = new Set([...this.log.matchAll(FINISHED_EXECUTION)].map((match) => match[1]));
		return this.startedExecutions().filter((id) => !finished.has(id));
	}

	/** Ends the process the way a crash or an OOM kill would: no shutdown, no goodbye. */
	kill(): void {
		this.child?.kill('SIGKILL');
	}

	async stop(): Promise<void> {
		const child = this.child;
		if (!child || !this.running) return;
		await new Promise<void>((resolve) => {
			const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
			child.once('close', () => {
				clearTimeout(timer);
				resolve();
			});
			child.kill('SIGTERM');
		});
	}
}

export interface QueueClusterOptions {
	workers: number;
	/** Executions each worker runs at once (`n8n worker --concurrency`). */
	workerConcurrency: number;
	/** Extra settings for every process, e.g. how fast Bull notices a dead worker. */
	env?: NodeJS.ProcessEnv;
}

export class QueueCluster {
	readonly processes: QueueProcess[] = [];

	private constructor(
		readonly installation: N8nInstallation,
		readonly folder: string,
		private readonly sharedEnv: NodeJS.ProcessEnv,
		private readonly options: QueueClusterOptions,
	) {}

	/** The cluster's settings; nothing runs until start(). */
	static async create(
		installation: N8nInstallation,
		services: QueueServices,
		options: QueueClusterOptions,
	): Promise<QueueCluster> {
		const folder = path.join(
			projectRoot,
			'.cache',
			'queue',
			`n8n-${installation.n8n}-${process.pid}`,
		);
		const sharedEnv: NodeJS.ProcessEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: services.redis.host,
			QUEUE_BULL_REDIS_PORT: String(services.redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: services.postgres.host,
			DB_POSTGRESDB_PORT: String(services.postgres.port),
			DB_POSTGRESDB_DATABASE: services.postgres.database,
			DB_POSTGRESDB_USER: services.postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			// Every process logs which execution it runs: that is how the split is counted.
			N8N_LOG_LEVEL: 'info',
			...options.env,
		};
		const cluster = new QueueCluster(installation, folder, sharedEnv, options);
		await cluster.add('main', 'main', ['start']);
		for (let i = 1; i <= options.workers; i++) {
			await cluster.add(`worker-${i}`, 'worker', [
				'worker',
				`--concurrency=${options.workerConcurrency}`,
			]);
		}
		await cluster.add('webhook', 'webhook', ['webhook']);
		return cluster;
	}

	private async add(name: string, role: Role, args: string[]): Promise<void> {
		const userFolder = path.join(this.folder, name);
		mkdirSync(userFolder, { recursive: true });
		const port = role === 'worker' ? 0 : await freePort();
		const instance = new N8nInstance(this.installation, {
			userFolder,
			env: {
				...this.sharedEnv,
				// Each process serves (and runs its task broker) on its own port.
				N8N_PORT: String(port || (await freePort())),
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			},
		});
		instance.port = port;
		// Every process loads the package from its own user folder, as users install it on every
		// main, worker and webhook process: npm installs the packed tarball into the first, the
		// others get a copy of that install (the same files, as a built image would carry; one
		// npm install instead of four saves about 15 s per line).
		const nodesFolder = (folder: string) => path.join(folder, '.n8n', 'nodes');
		const first = this.processes[0];
		if (first)
			cpSync(nodesFolder(first.instance.userFolder), nodesFolder(userFolder), { recursive: true });
		else instance.installPackage();
		this.processes.push(new QueueProcess(name, role, instance, args));
	}

	get main(): QueueProcess {
		return this.processes.find((p) => p.role === 'main')!;
	}

	get workers(): QueueProcess[] {
		return this.processes.filter((p) => p.role === 'worker');
	}

	get webhook(): QueueProcess {
		return this.processes.find((p) => p.role === 'webhook')!;
	}

	/** Starts the main process first (it migrates the database and activates workflows), then the rest. */
	async start(): Promise<void> {
		this.main.start();
		await this.main.ready();
		const rest = this.processes.filter((p) => p.role !== 'main');
		for (const process of rest) process.start();
		await Promise.all(rest.map(async (p) => await p.ready()));
	}

	/**
	 * Waits until the webhook processor serves each production webhook. n8n 2.x reports itself
	 * ready before its main process has registered the webhooks of published workflows (it
	 * publishes them in the background), and a call before then answers 404 "not registered".
	 * The probe is a CORS preflight (OPTIONS with Origin and Access-Control-Request-Method): n8n
	 * looks the webhook up for it and answers 204, naming the webhook's methods, once it is
	 * registered; a preflight runs no workflow, so probing changes nothing.
	 */
	async waitForProductionWebhooks(
		paths: string[],
		method = 'POST',
		timeoutMs = 180_000,
	): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (const webhookPath of paths) {
			let last = '';
			for (;;) {
				try {
					const response = await fetch(`${this.webhook.instance.baseUrl}/webhook/${webhookPath}`, {
						method: 'OPTIONS',
						headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method },
						signal: AbortSignal.timeout(10_000),
					});
					await response.arrayBuffer();
					const allowed = response.headers.get('access-control-allow-methods') ?? '';
					if (response.status === 204 && allowed.split(/,\s*/).includes(method)) break;
					last = `HTTP ${response.status}, methods "${allowed}"`;
				} catch (error) {
					last = (error as Error).message;
				}
				if (Date.now() > deadline)
					throw new Error(
						`The production webhook ${method} ${webhookPath} was not registered in time (${last})`,
					);
				await new Promise((resolve) => setTimeout(resolve, 1000));
			}
		}
	}

	/** Which worker ran each execution. */
	executionsByWorker(): Map<string, string[]> {
		return new Map(this.workers.map((w) => [w.name, w.startedExecutions()]));
	}

	/** Keeps every process's output under test-output/queue/ for diagnosis. */
	saveLogs(): void {
		const dir = path.join(projectRoot, 'test-output', 'queue');
		mkdirSync(dir, { recursive: true });
		for (const p of this.processes) {
			writeFileSync(path.join(dir, `n8n-${this.installation.n8n}-${p.name}.log`), p.log);
		}
	}

	/** Everything n8n printed, in every process, for the secret scan. */
	output(): string {
		return this.processes.map((p) => `${p.log}\n${p.instance.output}`).join('\n');
	}

	async stop(): Promise<void> {
		this.saveLogs();
		// Workers and the webhook processor first, so none is left waiting on the main process.
		for (const p of [...this.processes].reverse()) await p.stop();
		// The user folders (the package installed four times) are of no use once the logs are kept.
		rmSync(this.folder, { recursive: true, force: true });
	}
}
