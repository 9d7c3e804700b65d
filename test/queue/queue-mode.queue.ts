/**
 * The package in n8n's queue mode, on each pinned line: one main process, two workers and a
 * webhook processor on Redis and PostgreSQL, the emulator as Zoho IoT.
 *
 * What changes at scale and is shown here: executions spread over workers, a token that expires
 * while several processes use it, the refreshed token read back by every worker from the shared
 * database, and a worker that dies with executions in flight.
 *
 * Figures (request counts, refreshes, the split, wall times) are printed and written to
 * test-output/queue/figures-<version>.json; docs/queue-mode.md quotes them.
 *
 * The tests share the cluster and the emulator, but none relies on what an earlier one left:
 * each arranges the token state it needs (a valid token imported, or the tokens n8n holds
 * expired through the emulator), measures counters as deltas or after its own reset, and puts
 * back any emulator setting it changes, whatever happens. Each passes alone (`-t '<its name>'`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { MODELS, requestsBetween, startEmulator, type RunningEmulator } from '../emulator';
import { emulatorCredential } from '../e2e/fixtures';
import { installer, projectRoot, type N8nInstallation } from '../e2e/n8n';
import {
	ALARMS_WEBHOOK_WORKFLOW_ID,
	alarmsWebhookWorkflow,
	RECORDS_WEBHOOK_WORKFLOW_ID,
	recordsWebhookWorkflow,
	secondsToOutput,
	WEBHOOK_SECRET,
	webhookCredential,
	ZohoWebhookSide,
} from '../e2e/webhook-fixtures';
import { QueueCluster } from './cluster';
import { startQueueServices, type QueueServices } from './services';
import {
	CREATE_WEBHOOK_PATH,
	CREATE_WORKFLOW_ID,
	createThroughQueueWorkflow,
	SYNC_WEBHOOK_PATH,
	SYNC_WORKFLOW_ID,
	syncThroughQueueWorkflow,
	UPDATE_WEBHOOK_PATH,
	updateThroughQueueWorkflow,
	WEBHOOK_WORKFLOW_ID,
} from './workflows';

const DEVICES = 10_000;
const ASSETS = 600;
const BURST = 500;
const BURST_CONCURRENCY = 20;
const WORKERS = 2;
/** Executions per worker at once; with one request per execution, WORKERS x 5 <= the cap below. */
const WORKER_CONCURRENCY = 5;
/** Zoho's per-client concurrency limit on the Starter and Standard plans. */
const ZOHO_CONCURRENCY_LIMIT = 10;
/** Each access token dies after this many API requests: the burst meets it twice. */
const TOKEN_USES = 200;
const EXPIRIES_IN_BURST = Math.ceil(BURST / TOKEN_USES) - 1;
/** Calls after the burst that must all use the token saved in Postgres. */
const FOLLOW_UP = 40;
/** Calls that meet the tokens n8n holds expired, before the saved-token check. */
const EXPIRY_CALLS = 20;
/** Zoho's answer time in the worker-kill test: each execution spends most of its life in its call. */
const KILL_TEST_LATENCY_MS = 1000;
/** Zoho: at most 10 access tokens per refresh token in 10 minutes. */
const ZOHO_TOKENS_PER_10_MINUTES = 10;

const lines = (process.env.N8N_LINES ?? Object.keys(installer().versions.lines).join(','))
	.split(',')
	.map((line) => line.trim())
	.filter(Boolean);

interface Answer {
	index: number;
	status?: number;
	body?: unknown;
	error?: string;
	answeredAt?: number;
}

/** POSTs `bodies` to a webhook URL, `concurrency` at a time; `onAnswer` sees each answer. */
async function burst(
	url: string,
	bodies: Array<Record<string, unknown>>,
	concurrency: number,
	onAnswer: (answered: number) => void = () => {},
): Promise<Answer[]> {
	const answers: Answer[] = bodies.map((_, index) => ({ index }));
	let next = 0;
	let answered = 0;
	const sender = async () => {
		while (next < bodies.length) {
			const index = next++;
			const answer = answers[index];
			try {
				const response = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(bodies[index]),
					signal: AbortSignal.timeout(180_000),
				});
				answer.status = response.status;
				const text = await response.text();
				try {
					answer.body = JSON.parse(text);
				} catch {
					answer.body = text;
				}
			} catch (error) {
				answer.error = (error as Error).message;
			}
			answer.answeredAt = Date.now();
			onAnswer(++answered);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, sender));
	return answers;
}

/** How often each value occurs. */
function tally(values: string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
	return counts;
}

describe.each(lines)('n8n %s in queue mode (main, 2 workers, webhook processor)', (line) => {
	let installation: N8nInstallation;
	let services: QueueServices;
	let cluster: QueueCluster;
	let emulator: RunningEmulator;
	/** Zoho's side of the Zoho IoT Webhook Trigger: webhook actions aimed at the webhook processor. */
	let zohoSide: ZohoWebhookSide;
	/** Every emulator request line: method, path, status (the emulator never logs tokens). */
	const requestLog: string[] = [];
	const figures: Record<string, unknown> = {};
	const secrets = new Set<string>();
	let started = Date.now();

	const report = (name: string, value: unknown) => {
		figures[name] = value;
		process.stdout.write(`[queue ${line}] ${name}: ${JSON.stringify(value)}\n`);
	};
	const webhookUrl = (webhookPath: string) =>
		`${cluster.webhook.instance.baseUrl}/webhook/${webhookPath}`;
	const storedTokenData = async () => {
		const [credential] = (await cluster.main.instance.exportCredentials()).filter(
			(c) => c.type === 'zohoIotOAuth2Api',
		);
		const tokenData = credential.data.oauthTokenData as Record<string, string>;
		secrets.add(tokenData.access_token);
		return tokenData;
	};
	/** Successful PUTs per asset id in the request log, from `from` on. */
	const updatesPerAsset = (from: number) =>
		tally(
			requestLog
				.slice(from)
				.map((entry) => /^PUT \/iot\/v1\/assets\/(\d+) 200 /.exec(entry)?.[1])
				.filter((id): id is string => !!id),
		);
	const executionsPerWorker = () =>
		new Map([...cluster.executionsByWorker()].map(([name, ids]) => [name, ids.length]));
	const splitSince = (before: Map<string, number>) =>
		Object.fromEntries(
			[...executionsPerWorker()].map(([name, count]) => [name, count - (before.get(name) ?? 0)]),
		);

	beforeAll(async () => {
		started = Date.now();
		installation = await installer().ensureN8n(line, {
			progress: (message) => process.stderr.write(`${message}\n`),
		});
		emulator = await startEmulator({
			devices: DEVICES,
			assets: ASSETS,
			seed: 12,
			concurrencyLimit: ZOHO_CONCURRENCY_LIMIT,
			acceptedSchemes: ['Zoho-authtoken'],
			log: (entry) => requestLog.push(entry),
		});
		// Seconds each setup step took, for docs/queue-mode.md's cost of a run.
		let phaseStart = Date.now();
		const lap = () => {
			const seconds = Math.round((Date.now() - phaseStart) / 1000);
			phaseStart = Date.now();
			return seconds;
		};
		services = await startQueueServices(line);
		report('Redis and PostgreSQL start (s)', lap());
		cluster = await QueueCluster.create(installation, services, {
			workers: WORKERS,
			// n8n's own lock settings: Bull notices a dead worker once its job lock (60 s) lapses. Shorter
			// locks were tried and lapse on a busy machine for jobs that are still running.
			workerConcurrency: WORKER_CONCURRENCY,
			// n8n 1.x runs a job whose worker died once more on another worker (maxStalledCount 1):
			// its create would reach Zoho twice. n8n 2.x never re-runs one (it forces 0); docs/queue-mode.md
			// tells 1.x users to set the same, and so does this test.
			env: { QUEUE_WORKER_MAX_STALLED_COUNT: '0' },
		});
		report('package installed in the 4 user folders (s)', lap());
		const tokens = emulator.issueTokens();
		secrets.add(tokens.access_token);
		secrets.add(tokens.refresh_token);
		const { main } = cluster;
		zohoSide = await ZohoWebhookSide.start();
		secrets.add(WEBHOOK_SECRET);
		await main.instance.importCredentials([
			emulatorCredential(emulator, tokens),
			webhookCredential(),
		]);
		const assetModel = MODELS.find((model) => model.module === 'assets')!;
		await main.instance.importWorkflows([
			syncThroughQueueWorkflow(),
			updateThroughQueueWorkflow(),
			createThroughQueueWorkflow(assetModel.id),
			alarmsWebhookWorkflow(zohoSide.zoho),
			recordsWebhookWorkflow(zohoSide.zoho),
		]);
		for (const id of [
			SYNC_WORKFLOW_ID,
			WEBHOOK_WORKFLOW_ID,
			CREATE_WORKFLOW_ID,
			ALARMS_WEBHOOK_WORKFLOW_ID,
			RECORDS_WEBHOOK_WORKFLOW_ID,
		])
			await main.instance.activateWorkflow(id);
		report('credential and workflows imported and published with the CLI (s)', lap());
		await cluster.start();
		report('cluster start (s)', lap());
		await cluster.waitForProductionWebhooks([
			SYNC_WEBHOOK_PATH,
			UPDATE_WEBHOOK_PATH,
			CREATE_WEBHOOK_PATH,
		]);
		report('webhooks registered after ready (s)', lap());
		await zohoSide.configure(cluster.webhook.instance.baseUrl);
	}, 900_000);

	afterAll(async () => {
		await cluster?.stop();
		await services?.stop();
		await emulator?.stop();
		await zohoSide?.stop();
		report('wall time of this line (s)', Math.round((Date.now() - started) / 1000));
		const dir = path.join(projectRoot, 'test-output', 'queue');
		mkdirSync(dir, { recursive: true });
		writeFileSync(
			path.join(dir, `figures-${installation?.n8n ?? line}.json`),
			JSON.stringify(figures, null, 2),
		);
	}, 120_000);

	it('runs the sync of 10,000 devices through the queue: every device once, in ceil(N/200) list requests', async () => {
		// A credential whose access token is valid: the sync needs no refresh.
		const tokens = emulator.issueTokens();
		secrets.add(tokens.access_token);
		secrets.add(tokens.refresh_token);
		await cluster.main.instance.importCredentials([emulatorCredential(emulator, tokens)]);
		const before = emulator.counters();
		const split = executionsPerWorker();
		const response = await fetch(webhookUrl(SYNC_WEBHOOK_PATH), {
			method: 'POST',
			signal: AbortSignal.timeout(300_000),
		});
		const answer = await response.json();
		expect({ status: response.status, answer }).toEqual({
			status: 200,
			answer: { count_id: DEVICES, unique_count_id: DEVICES },
		});
		const after = emulator.counters();
		expect(requestsBetween(before, after, 'GET /devices')).toBe(Math.ceil(DEVICES / 200));
		expect(after.tokenRequests.refresh_token).toBe(before.tokenRequests.refresh_token);
		// It ran on a worker, not in the main or webhook process.
		expect(Object.values(splitSince(split)).reduce((a, b) => a + b, 0)).toBe(1);
		report('sync', {
			devices: DEVICES,
			listRequests: requestsBetween(before, after, 'GET /devices'),
			ranOn: splitSince(split),
		});
	});

	it('answers a burst of 500 webhook calls, 20 at a time, on both workers, each asset updated once; one refresh per expiry on 2.x, at most one per worker on 1.x', async () => {
		// Fresh counters and per-token use counts; the tokens stay valid. Each token now dies after
		// TOKEN_USES requests, so the burst meets an expired token twice, in whichever process.
		emulator.reset();
		emulator.configure({ faults: { expireTokensAfterRequests: TOKEN_USES, latencyMs: 20 } });
		const assets = emulator.records('assets').slice(0, BURST);
		const bodies = assets.map((asset, i) => ({
			id: asset.id,
			name: `Burst ${i + 1}`,
			description: `Updated through the queue (${line})`,
		}));
		const split = executionsPerWorker();
		const logFrom = requestLog.length;
		const t0 = Date.now();
		let answers: Answer[];
		try {
			answers = await burst(webhookUrl(UPDATE_WEBHOOK_PATH), bodies, BURST_CONCURRENCY);
		} finally {
			emulator.configure({ faults: { expireTokensAfterRequests: null, latencyMs: 0 } });
		}
		const seconds = (Date.now() - t0) / 1000;
		const counters = emulator.counters();

		// Every caller answered, with its own asset as Zoho now has it.
		expect(answers.filter((a) => a.status !== 200)).toEqual([]);
		for (const [i, answer] of answers.entries())
			expect(answer.body).toMatchObject({ id: bodies[i].id, name: bodies[i].name });
		// Every asset updated exactly once, none twice, none missed.
		const updates = updatesPerAsset(logFrom);
		expect([...updates.values()].every((n) => n === 1)).toBe(true);
		expect(updates.size).toBe(BURST);
		const stored = new Map(emulator.records('assets').map((a) => [a.id, a.name]));
		for (const body of bodies) expect(stored.get(body.id)).toBe(body.name);

		// Executed on both workers.
		const ranOn = splitSince(split);
		expect(Object.values(ranOn).reduce((a, b) => a + b, 0)).toBe(BURST);
		for (const worker of cluster.workers) expect(ranOn[worker.name]).toBeGreaterThan(0);

		// Refreshes: n8n 2.x takes a cluster-wide lease (Redis) for each refresh, and the package
		// re-reads the saved token first: one refresh per expiry. n8n 1.x has no lease: at most one
		// refresh per worker per expiry, the rest read the token another worker saved.
		const refreshes = counters.tokenRequests.refresh_token;
		if (line === '2.x') expect(refreshes).toBe(EXPIRIES_IN_BURST);
		else expect(refreshes).toBeLessThanOrEqual(EXPIRIES_IN_BURST * WORKERS);
		expect(refreshes).toBeGreaterThanOrEqual(EXPIRIES_IN_BURST);
		expect(refreshes).toBeLessThanOrEqual(ZOHO_TOKENS_PER_10_MINUTES);
		expect(counters.tokenRequests.errors['Access Denied'] ?? 0).toBe(0);
		// Sized to the plan: WORKERS x WORKER_CONCURRENCY requests never exceed Zoho's cap.
		expect(counters.peakAdmittedConcurrency).toBeLessThanOrEqual(ZOHO_CONCURRENCY_LIMIT);
		expect(counters.throttled429).toBe(0);

		report('burst', {
			posts: BURST,
			concurrency: BURST_CONCURRENCY,
			seconds: Math.round(seconds),
			perSecond: Math.round(BURST / seconds),
			ranOn,
			putRequests: counters.apiRequests.byRoute['PUT /assets/:id'],
			expiredTokenRejections: counters.expiredTokenRejections,
			tokenExpiries: EXPIRIES_IN_BURST,
			refreshes,
			peakAdmittedConcurrency: counters.peakAdmittedConcurrency,
			throttled429: counters.throttled429,
		});
	});

	it('keeps the newest token in Postgres, and every worker uses it: no more refreshes', async () => {
		// The tokens n8n holds expire while both workers run executions: they refresh (2.x once,
		// under its lease; 1.x at most once per worker) and save what Zoho minted.
		const expiredAt = emulator.counters();
		expect(emulator.expireAccessTokens()).toBeGreaterThanOrEqual(1);
		const expirySplit = executionsPerWorker();
		const expiryAnswers = await burst(
			webhookUrl(UPDATE_WEBHOOK_PATH),
			emulator
				.records('assets')
				.slice(BURST + FOLLOW_UP, BURST + FOLLOW_UP + EXPIRY_CALLS)
				.map((asset, i) => ({
					id: asset.id,
					name: `After expiry ${i + 1}`,
					description: 'Token expired',
				})),
			BURST_CONCURRENCY,
		);
		expect(expiryAnswers.filter((a) => a.status !== 200)).toEqual([]);
		for (const worker of cluster.workers)
			expect(splitSince(expirySplit)[worker.name]).toBeGreaterThan(0);
		const expiryRefreshes =
			emulator.counters().tokenRequests.refresh_token - expiredAt.tokenRequests.refresh_token;
		if (line === '2.x') expect(expiryRefreshes).toBe(1);
		else expect(expiryRefreshes).toBeLessThanOrEqual(WORKERS);
		expect(expiryRefreshes).toBeGreaterThanOrEqual(1);

		const tokenData = await storedTokenData();
		const stored = tokenData.access_token;
		const refreshesBefore = emulator.counters().tokenRequests.refresh_token;
		const storedUse = emulator.accessTokenUse(stored);
		if (line === '2.x') {
			// n8n 2.x's lease: the token n8n saved is the last one Zoho minted for the refresh token.
			expect(storedUse?.newest).toBe(true);
		} else {
			// n8n 1.x has no lease: when two workers refresh for the same expiry (at most one each,
			// checked above), whichever save lands last stays, and that may be the older of two
			// tokens Zoho minted a moment apart. Both stay valid; what must hold is that the saved
			// one has uses to spare for the follow-up below, which proves every worker uses it.
			expect(storedUse).toBeDefined();
			expect(storedUse!.uses).toBeLessThan(TOKEN_USES - FOLLOW_UP);
		}
		if (line === '2.x') {
			// n8n 2.x stamps the expiry when it saves a refreshed token: it was saved by the last refresh.
			const lastRefresh = emulator
				.counters()
				.tokenExchanges.filter((e) => e.grantType === 'refresh_token' && e.outcome === 'success')
				.at(-1)!;
			const savedAt = Number(tokenData.n8n_expires_at) - 3600 * 1000;
			expect(Math.abs(savedAt - Date.parse(lastRefresh.at))).toBeLessThan(10_000);
		}

		// No reset here: the older tokens stay expired (and keep the uses they spent), so a worker
		// still holding one would meet a 401 and refresh. The saved one has uses to spare.
		emulator.configure({ faults: { expireTokensAfterRequests: TOKEN_USES } });
		const before = emulator.counters();
		const usesBefore = emulator.accessTokenUse(stored)!.uses;
		const split = executionsPerWorker();
		const assets = emulator.records('assets').slice(BURST, BURST + FOLLOW_UP);
		let answers: Answer[];
		try {
			answers = await burst(
				webhookUrl(UPDATE_WEBHOOK_PATH),
				assets.map((asset, i) => ({
					id: asset.id,
					name: `After refresh ${i + 1}`,
					description: 'Saved token',
				})),
				BURST_CONCURRENCY,
			);
		} finally {
			emulator.configure({ faults: { expireTokensAfterRequests: null } });
		}
		const after = emulator.counters();
		expect(answers.filter((a) => a.status !== 200)).toEqual([]);
		const ranOn = splitSince(split);
		for (const worker of cluster.workers) expect(ranOn[worker.name]).toBeGreaterThan(0);
		// Every call reached Zoho with the saved token, from both workers: none with an older one.
		expect(requestsBetween(before, after, 'PUT /assets/:id')).toBe(FOLLOW_UP);
		expect(emulator.accessTokenUse(stored)!.uses - usesBefore).toBe(FOLLOW_UP);
		expect(after.expiredTokenRejections - before.expiredTokenRejections).toBe(0);
		expect(after.tokenRequests.refresh_token - before.tokenRequests.refresh_token).toBe(0);
		report('saved token', {
			storedIsNewest: storedUse?.newest,
			refreshesBefore,
			expiryCalls: EXPIRY_CALLS,
			expiryRefreshes,
			followUpPosts: answers.length,
			ranOn,
			madeWithSavedToken: FOLLOW_UP,
			refreshes: 0,
			expiredTokenRejections: 0,
		});
	});

	it('Zoho IoT Webhook Trigger: the webhook processor receives each alarm and record change, a worker runs it once; a wrong secret or a repeat starts nothing', async () => {
		const receiver = cluster.webhook.instance.baseUrl;
		await zohoSide.untilRegistered(receiver);
		const channels = ['webhook-alarms', 'webhook-devices', 'webhook-assets'] as const;
		const since = Object.fromEntries(channels.map((c) => [c, zohoSide.chat(c).length])) as Record<
			(typeof channels)[number],
			number
		>;
		const deliveriesBefore = (await zohoSide.deliveries()).length;
		const zohoCallsBefore = zohoSide.zohoCalls();
		const newMessages = async (channel: (typeof channels)[number], count: number) =>
			(await zohoSide.messagesAtLeast(channel, since[channel] + count)).slice(since[channel]);
		expect(await zohoSide.intruder(receiver, undefined, 'intruder-queue')).toBe(401);
		expect(await zohoSide.intruder(receiver, `${WEBHOOK_SECRET}x`, 'intruder-queue-2')).toBe(401);
		const split = executionsPerWorker();

		const alarm = (await zohoSide.raiseAlarm('Pump pressure low (queue)')) as { id: string };
		const device = (await zohoSide.createRecord('devices', 'Probe Q')) as { id: string };
		await zohoSide.editRecord('devices', device.id, 'Probe Q, moved');
		await zohoSide.createRecord('assets', 'Tank Q');
		const [alarms, devices, assets] = await Promise.all([
			newMessages('webhook-alarms', 1),
			newMessages('webhook-devices', 2),
			newMessages('webhook-assets', 1),
		]);
		const deliveries = (await zohoSide.settled()).slice(deliveriesBefore);
		expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200, 200]);
		expect(alarms[0].body.alarm_id).toBe(alarm.id);
		// Two workers run the create and the edit side by side: either may finish first.
		expect(devices.map((m) => m.body.record_name).sort()).toEqual(['Probe Q', 'Probe Q, moved']);

		// Zoho sends the alarm again: answered, not run (static data is saved by the webhook processor).
		await zohoSide.repeat(deliveries[0].n);
		expect((await zohoSide.settled()).at(-1)?.status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 3000));
		expect(zohoSide.chat('webhook-alarms')).toHaveLength(since['webhook-alarms'] + 1);
		expect(zohoSide.chat('webhook-devices')).toHaveLength(since['webhook-devices'] + 2);
		expect(zohoSide.chat('webhook-assets')).toHaveLength(since['webhook-assets'] + 1);

		// Four executions, all on workers: none for the intruders or the repeat.
		const ranOn = splitSince(split);
		expect(Object.values(ranOn).reduce((a, b) => a + b, 0)).toBe(4);
		expect(zohoSide.zohoCalls()).toBe(zohoCallsBefore);
		report('webhook trigger', {
			deliveries: 4,
			ranOn,
			secondsFromFirstDeliveryToEachOutput: secondsToOutput(deliveries, [
				...alarms,
				...devices,
				...assets,
			]),
			zohoCalls: zohoSide.zohoCalls() - zohoCallsBefore,
		});
	});

	it('loses nothing and applies nothing twice when a worker dies mid-burst; a create is reported, not repeated', async () => {
		// Slow answers keep each execution in its Zoho call for most of its life.
		emulator.reset();
		emulator.configure({ faults: { latencyMs: KILL_TEST_LATENCY_MS } });
		try {
			await killAWorkerMidBurst();
		} finally {
			emulator.configure({ faults: { latencyMs: 0 } });
		}
	});

	/** The worker-kill test's body; the emulator's slow answers are set around it. */
	async function killAWorkerMidBurst() {
		const assets = emulator.records('assets').slice(0, 50);
		const requests = Array.from({ length: 60 }, (_, i) =>
			i % 6 === 5
				? {
						kind: 'create' as const,
						url: webhookUrl(CREATE_WEBHOOK_PATH),
						body: { name: `Queue create ${i}` },
					}
				: {
						kind: 'update' as const,
						url: webhookUrl(UPDATE_WEBHOOK_PATH),
						body: {
							id: assets[i - Math.floor(i / 6)].id,
							name: `Kill test ${i}`,
							description: 'Worker killed',
						},
					},
		);
		const kindOf = (workflowId: string | undefined) =>
			workflowId === CREATE_WORKFLOW_ID
				? 'create'
				: workflowId === WEBHOOK_WORKFLOW_ID
					? 'update'
					: undefined;
		const [victim, survivor] = cluster.workers;
		const split = executionsPerWorker();
		const startedBefore = new Set(cluster.workers.flatMap((w) => w.startedExecutions()));
		const lastExecutionBefore = Number(
			services.sql('SELECT coalesce(max(id), 0) FROM execution_entity'),
		);
		const logFrom = requestLog.length;

		// The workflow of each execution a worker logs, from Postgres (the worker logs only the id).
		const workflowOf = new Map<string, string>();
		const lookUp = (ids: string[]) => {
			const unknown = ids.filter((id) => !workflowOf.has(id) && /^\d+$/.test(id));
			if (unknown.length === 0) return;
			for (const row of services
				.sql(`SELECT id, "workflowId" FROM execution_entity WHERE id IN (${unknown.join(',')})`)
				.split('\n')) {
				const [id, workflowId] = row.split('|');
				if (id) workflowOf.set(id, workflowId);
			}
		};
		// The victim dies while it runs a create that started since the last look (its Zoho call
		// still under way) and at least one update, with most of the burst still queued.
		let killed: { at: number; youngCreate: string } | undefined;
		let sending = true;
		const killer = (async () => {
			const firstSeen = new Map<string, number>();
			while (sending && !killed) {
				lookUp(victim.runningExecutions());
				const now = Date.now();
				const running = victim.runningExecutions().filter((id) => workflowOf.has(id));
				for (const id of running) if (!firstSeen.has(id)) firstSeen.set(id, now);
				const youngCreate = running.find(
					(id) => kindOf(workflowOf.get(id)) === 'create' && now - firstSeen.get(id)! <= 250,
				);
				if (youngCreate && running.some((id) => kindOf(workflowOf.get(id)) === 'update')) {
					victim.kill();
					killed = { at: Date.now(), youngCreate };
				} else {
					await new Promise((resolve) => setTimeout(resolve, 100));
				}
			}
		})();
		const answersByKind = await Promise.all(
			(['update', 'create'] as const).map(async (kind) => {
				const mine = requests.filter((r) => r.kind === kind);
				const answers = await burst(
					mine[0].url,
					mine.map((r) => r.body),
					kind === 'update' ? 16 : 4,
				);
				return answers.map((answer, j) => ({ ...answer, request: mine[j] }));
			}),
		);
		sending = false;
		await killer;
		const answers = answersByKind.flat();
		expect(killed ? 'killed while running a create' : 'the victim never ran a create').toBe(
			'killed while running a create',
		);
		const { at: killedAt, youngCreate } = killed!;
		expect(victim.running).toBe(false);
		// Its whole output is in now: what it started and never finished died with it.
		const diedWith = victim.runningExecutions();
		lookUp(diedWith);

		// Every caller learns the outcome; none hangs. n8n 2.x closes the connection of a caller whose
		// execution died with the worker ("Webhook execution failed before a response was sent").
		expect(
			answers.filter((a) => a.status === undefined && /abort|timeout/i.test(a.error ?? '')),
		).toEqual([]);
		const ok = answers.filter((a) => a.status === 200);
		const failed = answers.filter((a) => a.status !== 200);

		// No execution ran twice: n8n re-queues no job of the dead worker (maxStalledCount 0), and
		// every execution of this burst is in Postgres once, 60 in all.
		const startedNow = cluster.workers
			.flatMap((w) => w.startedExecutions())
			.filter((id) => !startedBefore.has(id));
		expect([...tally(startedNow).values()].every((n) => n === 1)).toBe(true);
		const statusOf = new Map(
			services
				.sql(
					`SELECT id, status FROM execution_entity WHERE id > ${lastExecutionBefore} ORDER BY id`,
				)
				.split('\n')
				.map((row) => row.split('|') as [string, string]),
		);
		expect(statusOf.size).toBe(requests.length);
		// The survivor finished everything it took; what failed is what the dead worker held (at
		// most its concurrency, the young create among it), and each caller got its execution's
		// outcome: as many error answers as failed executions, kind for kind.
		const notSucceeded = [...statusOf]
			.filter(([, status]) => status !== 'success')
			.map(([id]) => id);
		lookUp(notSucceeded);
		const survivorTook = new Set(
			survivor.startedExecutions().filter((id) => !startedBefore.has(id)),
		);
		expect(notSucceeded.filter((id) => survivorTook.has(id))).toEqual([]);
		expect(notSucceeded).toContain(youngCreate);
		expect(notSucceeded.length).toBeLessThanOrEqual(WORKER_CONCURRENCY);
		expect(failed.length).toBe(notSucceeded.length);
		expect(failed.filter((a) => a.request.kind === 'create').length).toBe(
			notSucceeded.filter((id) => kindOf(workflowOf.get(id)) === 'create').length,
		);
		const ranOn = splitSince(split);
		expect(ranOn[survivor.name]).toBeGreaterThan(0);

		// Updates: answered 200 means applied, exactly once; nothing applied twice.
		const updates = updatesPerAsset(logFrom);
		expect([...updates.values()].every((n) => n === 1)).toBe(true);
		const stored = new Map(emulator.records('assets').map((a) => [a.id, a.name]));
		for (const answer of ok.filter((a) => a.request.kind === 'update')) {
			expect(stored.get(answer.request.body.id as string)).toBe(answer.request.body.name);
		}
		// Creates: never twice; answered 200 means created once.
		const created = tally(
			emulator
				.records('assets')
				.map((a) => String(a.name))
				.filter((name) => name.startsWith('Queue create')),
		);
		expect([...created.values()].every((n) => n === 1)).toBe(true);
		for (const answer of ok.filter((a) => a.request.kind === 'create'))
			expect(created.get(answer.request.body.name as string)).toBe(1);

		// What happened to the executions that were running on the dead worker.
		const inFlight = failed.map((a) => ({
			kind: a.request.kind,
			status: a.status ?? a.error,
			answer: a.body,
			reachedZoho:
				a.request.kind === 'update'
					? (updates.get(a.request.body.id as string) ?? 0) > 0
					: (created.get(a.request.body.name as string) ?? 0) > 0,
		}));
		report('worker killed', {
			requests: answers.length,
			zohoLatencyMs: KILL_TEST_LATENCY_MS,
			runningOnVictimAtKill: diedWith.map((id) => ({
				kind: kindOf(workflowOf.get(id)),
				status: statusOf.get(id),
			})),
			failedExecutionsNotLoggedAsStarted: notSucceeded.filter((id) => !diedWith.includes(id))
				.length,
			answered200: ok.length,
			answeredWithError: failed.length,
			ranOn,
			inFlightOnDeadWorker: inFlight,
			executionStatusesInPostgres: Object.fromEntries(tally([...statusOf.values()])),
			executionsStartedTwice: 0,
			updatesAppliedTwice: 0,
			createsDuplicated: 0,
			recoverySeconds: Math.round(
				(Math.max(...answers.map((a) => a.answeredAt ?? 0)) - killedAt) / 1000,
			),
		});
	}

	it("leaks no token or client secret into any process's output", () => {
		secrets.add(emulatorCredential(emulator, {}).data.clientSecret as string);
		const output = cluster.output();
		expect(output).toContain('Worker');
		for (const secret of secrets) {
			expect(output.includes(secret) ? `leaked: ${secret.slice(0, 8)}...` : 'clean').toBe('clean');
		}
	});
});
