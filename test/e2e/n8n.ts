/**
 * A real n8n process for end-to-end runs: the pinned version from n8n-versions.json, installed
 * into .cache/ by install-n8n.js, with its own throw-away user folder and this package installed
 * from its packed tarball into the user folder's nodes/ directory, as users install it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { installPackedPackage } from './package-tarball';
import { projectRoot } from './project-root';

export { projectRoot } from './project-root';

export interface N8nInstallation {
	line: string;
	n8n: string;
	node: string;
	dir: string;
	nodeBin: string;
	n8nBin: string;
}

interface Installer {
	ensureN8n(
		line: string,
		options?: { progress?: (message: string) => void },
	): Promise<N8nInstallation>;
	versions: { lines: Record<string, { n8n: string; node: string }>; demo: string };
}

/** The installer is plain JavaScript so that it runs before anything is installed. */
export function installer(): Installer {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS by design, see install-n8n.js
	return require(path.join(projectRoot, 'test/e2e/install-n8n.js')) as Installer;
}

/** The type name users get when they install the package (community nodes screen or npm). */
export const PACKAGE_NODE_TYPE = 'n8n-nodes-zoho-iot.zohoIot';

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

export interface CommandResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

export interface CredentialExport {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export class N8nInstance {
	readonly userFolder: string;

	port = 0;

	/** n8n 2.x starts a task broker in every process; each instance needs its own port. */
	private brokerPort = 0;

	private server?: ChildProcess;

	private serverLog = '';

	private executions = 0;

	/** Everything n8n printed, server and CLI, for the secret scan. */
	output = '';

	/**
	 * Settings on top of the defaults below, for server and CLI: queue mode's database and Redis
	 * (test/queue), the browser test's registry settings.
	 */
	extraEnv: NodeJS.ProcessEnv;
	/** Node.js flags for the server process only, e.g. --trace-gc for a profiling run. */
	serverNodeArgs: string[] = [];

	constructor(
		readonly installation: N8nInstallation,
		options: { userFolder?: string; env?: NodeJS.ProcessEnv } = {},
	) {
		this.userFolder =
			options.userFolder ?? mkdtempSync(path.join(tmpdir(), `n8n-e2e-${installation.n8n}-`));
		this.extraEnv = options.env ?? {};
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	env(): NodeJS.ProcessEnv {
		return {
			PATH: `${path.dirname(this.installation.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
			HOME: process.env.HOME,
			TZ: 'UTC',
			N8N_USER_FOLDER: this.userFolder,
			N8N_PORT: String(this.port || 5678),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			WEBHOOK_URL: this.port ? `http://127.0.0.1:${this.port}/` : undefined,
			// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- a throw-away test instance's key, not a secret
			N8N_ENCRYPTION_KEY: 'zoho-iot-e2e-encryption-key',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_LOG_LEVEL: 'info',
			DB_SQLITE_POOL_SIZE: '1',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			N8N_PROXY_HOPS: '0',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort || 5679),
			...this.extraEnv,
		};
	}

	/** Runs an n8n CLI command (import, export, execute...) against this instance's database. */
	async cli(
		args: string[],
		{ timeoutMs = 180_000 }: { timeoutMs?: number } = {},
	): Promise<CommandResult> {
		if (!this.brokerPort) this.brokerPort = await freePort();
		return await new Promise((resolve, reject) => {
			// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test harness: runs the pinned n8n CLI, never shipped
			const child = spawn(this.installation.nodeBin, [this.installation.n8nBin, ...args], {
				env: this.env(),
				cwd: this.userFolder,
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let stdout = '';
			let stderr = '';
			child.stdout!.on('data', (chunk) => (stdout += chunk));
			child.stderr!.on('data', (chunk) => (stderr += chunk));
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				reject(
					new Error(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`),
				);
			}, timeoutMs);
			child.on('error', reject);
			child.on('close', (code) => {
				clearTimeout(timer);
				this.output += `\n$ n8n ${args.join(' ')}\n${stdout}\n${stderr}`;
				resolve({ code, stdout, stderr });
			});
		});
	}

	async cliOk(args: string[]): Promise<CommandResult> {
		const result = await this.cli(args);
		if (result.code !== 0) {
			throw new Error(
				`n8n ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`,
			);
		}
		return result;
	}

	private writeTemp(name: string, data: unknown): string {
		const file = path.join(this.userFolder, name);
		writeFileSync(file, JSON.stringify(data, null, 2));
		return file;
	}

	async importCredentials(credentials: CredentialExport[]): Promise<void> {
		const file = this.writeTemp('credentials-import.json', credentials);
		await this.cliOk(['import:credentials', `--input=${file}`]);
		rmSync(file);
	}

	/** Installs this package's packed tarball into the user folder, as a manual install does. */
	installPackage(): void {
		installPackedPackage(this.userFolder);
	}

	/** Imports workflows; their nodes use the package's own type names, as users' workflows do. */
	async importWorkflows(workflows: Array<Record<string, unknown>>): Promise<void> {
		const file = this.writeTemp('workflows-import.json', workflows);
		await this.cliOk(['import:workflow', `--input=${file}`]);
	}

	/** Makes a workflow's triggers (webhook, schedule) live the next time the server starts. */
	async activateWorkflow(id: string): Promise<void> {
		if (Number(this.installation.n8n.split('.')[0]) >= 2) {
			await this.cliOk(['publish:workflow', `--id=${id}`]);
		} else {
			await this.cliOk(['update:workflow', `--id=${id}`, '--active=true']);
		}
	}

	async exportCredentials(): Promise<CredentialExport[]> {
		const file = path.join(this.userFolder, 'credentials-export.json');
		await this.cliOk(['export:credentials', '--all', '--decrypted', `--output=${file}`]);
		const exported = JSON.parse(readFileSync(file, 'utf8')) as CredentialExport[];
		rmSync(file);
		return exported;
	}

	/**
	 * Runs a workflow once in a separate n8n process (`n8n execute`), the way a schedule or a
	 * manual run would, and returns its run data.
	 */
	async execute(id: string): Promise<{ ok: boolean; runData: RunData; raw: string }> {
		const result = await this.cli(['execute', `--id=${id}`, '--rawOutput']);
		const raw = `${result.stdout}\n${result.stderr}`;
		// Kept for diagnosis: what n8n printed for each run, under test-output/ (git-ignored).
		const logDir = path.join(projectRoot, 'test-output', 'e2e');
		mkdirSync(logDir, { recursive: true });
		writeFileSync(
			path.join(
				logDir,
				`n8n-${this.installation.n8n}-${id}-${Date.now()}-${++this.executions}.log`,
			),
			raw,
		);
		// The run data is a pretty-printed JSON document: from a line `{` followed by `"data"` to
		// the next `}` at the start of a line. Log lines around it may contain braces of their own.
		const start = result.stdout.search(/^\{\s*\n\s*"data"/m);
		const end = start >= 0 ? result.stdout.indexOf('\n}', start) : -1;
		let parsed: unknown;
		if (start >= 0 && end > start) {
			try {
				parsed = JSON.parse(result.stdout.slice(start, end + 2));
			} catch {
				parsed = undefined;
			}
		}
		const runData = ((parsed as { data?: { resultData?: { runData?: RunData } } })?.data?.resultData
			?.runData ?? {}) as RunData;
		if (result.code === 0 && Object.keys(runData).length === 0) {
			throw new Error(
				`n8n execute --id=${id} succeeded but printed no run data:\n${raw.slice(-4000)}`,
			);
		}
		return { ok: result.code === 0, runData, raw };
	}

	async start(): Promise<void> {
		this.port = await freePort();
		if (!this.brokerPort) this.brokerPort = await freePort();
		this.serverLog = '';
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test harness: starts the pinned n8n server, never shipped
		const child = spawn(
			this.installation.nodeBin,
			[...this.serverNodeArgs, this.installation.n8nBin, 'start'],
			{
				env: this.env(),
				cwd: this.userFolder,
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		this.server = child;
		child.stdout!.on('data', (chunk) => (this.serverLog += chunk));
		child.stderr!.on('data', (chunk) => (this.serverLog += chunk));
		const deadline = Date.now() + 180_000;
		while (Date.now() < deadline) {
			if (child.exitCode !== null)
				throw new Error(`n8n exited while starting:\n${this.serverLog.slice(-4000)}`);
			if (/Editor is now accessible/.test(this.serverLog)) {
				try {
					const response = await fetch(`${this.baseUrl}/healthz/readiness`);
					if (response.ok) return;
				} catch {
					// not listening yet
				}
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(`n8n did not become ready in time:\n${this.serverLog.slice(-4000)}`);
	}

	/**
	 * POSTs JSON to a production webhook of the running server. n8n 2.x reports itself ready
	 * before it has registered the webhooks of published workflows (it publishes them in the
	 * background), so a 404 "not registered" is asked again for up to two minutes: a 404
	 * executes nothing, so asking again cannot apply anything twice.
	 */
	async postToProductionWebhook(
		webhookPath: string,
		body: unknown,
		{ waitMs = 120_000 } = {},
	): Promise<Response> {
		const deadline = Date.now() + waitMs;
		for (;;) {
			const response = await fetch(`${this.baseUrl}/webhook/${webhookPath}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			if (response.status !== 404 || Date.now() > deadline) return response;
			await response.arrayBuffer();
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}

	get log(): string {
		return this.serverLog;
	}

	async stop(): Promise<void> {
		const child = this.server;
		if (!child || child.exitCode !== null) return;
		this.output += `\n$ n8n start\n${this.serverLog}`;
		// Kept for diagnosis, like each execution's output (test-output/ is git-ignored).
		const logDir = path.join(projectRoot, 'test-output', 'e2e');
		mkdirSync(logDir, { recursive: true });
		writeFileSync(
			path.join(logDir, `n8n-${this.installation.n8n}-server-${Date.now()}.log`),
			this.serverLog,
		);
		await new Promise<void>((resolve) => {
			const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
			child.on('close', () => {
				clearTimeout(timer);
				resolve();
			});
			child.kill('SIGTERM');
		});
		this.server = undefined;
	}

	/** The raw bytes of n8n's database files, as text: a secret found here was stored in clear. */
	databaseText(): string {
		const folder = path.join(this.userFolder, '.n8n');
		if (!existsSync(folder)) return '';
		return readdirSync(folder)
			.filter((name) => name.startsWith('database.sqlite'))
			.map((name) => readFileSync(path.join(folder, name)).toString('latin1'))
			.join('\n');
	}

	/** Creates n8n's owner account (first start only), so a person can sign in to the editor. */
	async setupOwner(owner: {
		email: string;
		password: string;
		firstName: string;
		lastName: string;
	}): Promise<void> {
		const response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(owner),
		});
		if (!response.ok)
			throw new Error(`n8n owner setup failed: HTTP ${response.status} ${await response.text()}`);
	}

	async dispose(): Promise<void> {
		await this.stop();
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}

export type RunData = Record<
	string,
	Array<{
		data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
		error?: Record<string, unknown>;
	}>
>;

/** The JSON of every item a node output on its first run. */
export function nodeOutput(runData: RunData, nodeName: string): Array<Record<string, unknown>> {
	const run = runData[nodeName]?.[0];
	return (run?.data?.main?.[0] ?? []).map((item) => item.json);
}

/**
 * Installs (first run only) and prepares one pinned n8n line, with this package installed from
 * its tarball unless `withPackage` is false (the browser test installs it through n8n's screen).
 */
export async function prepareN8n(
	line: string,
	{ withPackage = true }: { withPackage?: boolean } = {},
): Promise<N8nInstance> {
	const { ensureN8n } = installer();
	const installation = await ensureN8n(line, {
		progress: (message) => process.stderr.write(`${message}\n`),
	});
	const n8n = new N8nInstance(installation);
	if (withPackage) n8n.installPackage();
	return n8n;
}
