/**
 * `npm run benchmark:page-sync`: the page-by-page sync example (examples/device-sync-page-by-page
 * .json) in real n8n against the emulator with 100,000 and 1,000,000 devices (BENCH_DEVICES to
 * change the sizes, N8N_LINES for the lines; default 2.x). Each size runs in a freshly started
 * n8n; the example's destination is a sink in this process that checks every device arrives
 * exactly once. Prints the n8n process's peak RSS over idle, its RSS along the way, the list
 * requests against ceil(N/200) and the time, and writes them to docs/benchmarks.md (its own
 * section). Not in CI: a million devices take many minutes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { startEmulator, type RunningEmulator } from '../emulator';
import { makeId } from '../emulator/data';
import {
	emulatorCredential,
	PAGE_SYNC_WORKFLOW_ID,
	pageSyncWebhookWorkflow,
} from '../e2e/fixtures';
import { prepareN8n, projectRoot, type N8nInstance } from '../e2e/n8n';
import {
	COLLECTABLE_SERVER_ARGS,
	collectGarbage,
	resetPeak,
	serverPid,
	statusKb,
} from './n8n-process';

const SIZES = (process.env.BENCH_DEVICES ?? '100000,1000000')
	.split(',')
	.map((size) => Number(size.trim()))
	.filter((size) => Number.isSafeInteger(size) && size > 0);
const LINES = (process.env.N8N_LINES ?? '2.x').split(',').map((line) => line.trim());
const WEBHOOK_PATH = 'bench-page-sync';

const say = (text = '') => process.stdout.write(`${text}\n`);

/** The destination: counts every device it is sent and every one sent twice; `done` ends a run. */
class Sink {
	ids = new Set<string>();
	duplicates = 0;
	posts = 0;
	private finished?: () => void;
	private server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			if (req.url === '/done') this.finished?.();
			else {
				this.posts++;
				const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
					devices: Array<{ id: string }>;
				};
				for (const { id } of body.devices) {
					if (this.ids.has(id)) this.duplicates++;
					else this.ids.add(id);
				}
			}
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});

	async listen(): Promise<string> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	reset(): Promise<void> {
		this.ids = new Set();
		this.duplicates = 0;
		this.posts = 0;
		return new Promise((resolve) => (this.finished = resolve));
	}

	close(): void {
		this.server.close();
	}
}

/** The example started by a webhook (answering at once), telling the sink when the loop ends. */
function benchmarkCopy(sinkUrl: string): Record<string, unknown> {
	const workflow = pageSyncWebhookWorkflow(
		`${sinkUrl}/bulk/devices`,
		WEBHOOK_PATH,
		'onReceived',
	) as { nodes: Array<Record<string, unknown>>; connections: Record<string, unknown> };
	workflow.nodes.push({
		id: 'bench-done',
		name: 'Tell the Sink',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [1100, 200],
		parameters: { method: 'POST', url: `${sinkUrl}/done`, options: {} },
	});
	workflow.connections['Sync Finished'] = {
		main: [[{ node: 'Tell the Sink', type: 'main', index: 0 }]],
	};
	return workflow;
}

interface Result {
	line: string;
	n8n: string;
	devices: number;
	unique: number;
	duplicates: number;
	missing: number;
	requests: number;
	expectedRequests: number;
	seconds: number;
	idleMb: number;
	peakOverIdleMb: number;
	/** RSS over idle after 25 %, 50 %, 75 % and 100 % of the devices arrived */
	along: number[];
}

/** One page's worth of devices: the warm-up's size. */
const WARM_UP_DEVICES = 200;

/** Starts the example's run and waits until the sink has seen its end (`done`, from sink.reset()). */
async function runSync(n8n: N8nInstance, done: Promise<void>): Promise<void> {
	const response = await n8n.postToProductionWebhook(WEBHOOK_PATH, {});
	if (!response.ok)
		throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
	await done;
}

async function syncOnce(
	n8n: N8nInstance,
	emulator: RunningEmulator,
	sink: Sink,
	devices: number,
	line: string,
): Promise<Result> {
	await n8n.stop();
	await n8n.start();
	const pid = serverPid(n8n);
	// Warm-up: one page through the whole loop, so that loading and compiling n8n's code and the
	// node's belongs to no size. Then the run starts from a collected heap (gc-on-signal.ts).
	emulator.configure({ devices: WARM_UP_DEVICES, assets: 1 });
	emulator.reset();
	await runSync(n8n, sink.reset());
	emulator.configure({ devices, assets: 1 });
	emulator.reset();
	await collectGarbage(pid);
	const idleKb = statusKb(pid, 'VmRSS');
	resetPeak(pid);
	const done = sink.reset();
	const started = performance.now();
	const along: number[] = [];
	const marks = [0.25, 0.5, 0.75];
	const sampler = setInterval(() => {
		while (marks.length > 0 && sink.ids.size >= marks[0] * devices) {
			marks.shift();
			along.push((statusKb(pid, 'VmRSS') - idleKb) / 1024);
		}
	}, 200);
	await runSync(n8n, done);
	const seconds = (performance.now() - started) / 1000;
	clearInterval(sampler);
	along.push((statusKb(pid, 'VmRSS') - idleKb) / 1024);
	const peakOverIdleMb = (statusKb(pid, 'VmHWM') - idleKb) / 1024;
	let missing = 0;
	for (let i = 1; i <= devices; i++) if (!sink.ids.has(makeId('devices', i))) missing++;
	return {
		line,
		n8n: n8n.installation.n8n,
		devices,
		unique: sink.ids.size,
		duplicates: sink.duplicates,
		missing,
		requests: emulator.counters().apiRequests.byRoute['GET /devices'] ?? 0,
		expectedRequests: Math.ceil(devices / 200),
		seconds,
		idleMb: idleKb / 1024,
		peakOverIdleMb,
		along,
	};
}

const MARK_START = '<!-- page-sync-benchmark:start (written by npm run benchmark:page-sync) -->';
const MARK_END = '<!-- page-sync-benchmark:end -->';

function writeDocs(results: Result[], loadBefore: number[], loadAfter: number[], at: string) {
	const load = (l: number[]) => l.map((value) => value.toFixed(1)).join(' / ');
	const n = (value: number, digits = 0) =>
		value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
	const section = [
		MARK_START,
		'## A million devices, page by page, in real n8n',
		'',
		'The example `examples/device-sync-page-by-page.json` as shipped (its destination pointed at a sink',
		'that checks every device arrives once, and started by a webhook instead of by hand), each size',
		'in a freshly started n8n warmed up by a one-page run, against the emulator. Memory is the n8n',
		"process's RSS over its idle RSS (peak, and at 25/50/75/100 % of the devices), idle being a fully",
		'collected heap just before the run (`gc-on-signal.ts`).',
		'',
		`Command: \`N8N_CACHE_DIR=/work/n8n-cache npm run benchmark:page-sync\` (\`test/benchmark/page-sync.ts\`), run ${at}.`,
		`Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB; load average ${load(loadBefore)} (1/5/15 min) at the start and ${load(loadAfter)} at the end, ${loadBefore[0] <= os.cpus().length * 0.75 ? 'the machine otherwise idle (most of the load is the benchmark: n8n, its task runner, the emulator, the sink)' : 'shared with other work: times are depressed by it, counts are not; memory depends little on load'}.`,
		'',
		'| n8n | devices | arrived once | twice | missing | list requests (ceil(N/200)) | time | devices/s | peak RSS over idle | RSS over idle at 25/50/75/100 % |',
		'| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
		...results.map(
			(r) =>
				`| ${r.n8n} | ${n(r.devices)} | ${n(r.unique)} | ${n(r.duplicates)} | ${n(r.missing)} | ${n(r.requests)} (${n(r.expectedRequests)}) | ${n(r.seconds / 60, 1)} min | ${n(r.devices / r.seconds)} | ${n(r.peakOverIdleMb, 1)} MB | ${r.along.map((mb) => n(mb, 0)).join(' / ')} MB |`,
		),
		'',
		MARK_END,
	].join('\n');
	const docs = path.join(projectRoot, 'docs', 'benchmarks.md');
	const current = existsSync(docs) ? readFileSync(docs, 'utf8') : '# Benchmarks\n';
	const start = current.indexOf(MARK_START);
	const end = current.indexOf(MARK_END);
	writeFileSync(
		docs,
		start >= 0 && end > start
			? `${current.slice(0, start)}${section}${current.slice(end + MARK_END.length)}`
			: `${current.trimEnd()}\n\n${section}\n`,
	);
	say(`wrote ${path.relative(projectRoot, docs)}`);
}

async function main(): Promise<void> {
	const loadBefore = os.loadavg();
	const at = new Date().toISOString();
	say(
		`page-by-page sync: ${SIZES.join(', ')} devices on n8n ${LINES.join(', ')}; load ${loadBefore.map((l) => l.toFixed(1)).join(' / ')}`,
	);
	const sink = new Sink();
	const sinkUrl = await sink.listen();
	const results: Result[] = [];
	for (const line of LINES) {
		const emulator = await startEmulator({ devices: 1, assets: 1, seed: 5 });
		let n8n: N8nInstance | undefined;
		try {
			n8n = await prepareN8n(line);
			n8n.serverNodeArgs = COLLECTABLE_SERVER_ARGS;
			await n8n.importCredentials([emulatorCredential(emulator, emulator.issueTokens())]);
			await n8n.importWorkflows([benchmarkCopy(sinkUrl)]);
			await n8n.activateWorkflow(PAGE_SYNC_WORKFLOW_ID);
			await n8n.start();
			for (const devices of SIZES) {
				const result = await syncOnce(n8n, emulator, sink, devices, line);
				results.push(result);
				say(
					`[n8n ${result.n8n}] ${devices} devices: ${result.unique} once, ${result.duplicates} twice, ${result.missing} missing; ${result.requests} list requests (ceil(N/200) = ${result.expectedRequests}); ${result.seconds.toFixed(0)} s; peak RSS over idle ${result.peakOverIdleMb.toFixed(1)} MB (idle ${result.idleMb.toFixed(0)} MB); along: ${result.along.map((mb) => mb.toFixed(0)).join(' / ')} MB`,
				);
			}
		} finally {
			await n8n?.dispose();
			await emulator.stop();
		}
	}
	sink.close();
	writeDocs(results, loadBefore, os.loadavg(), at);
	const wrong = results.filter(
		(r) =>
			r.unique !== r.devices ||
			r.duplicates > 0 ||
			r.missing > 0 ||
			r.requests !== r.expectedRequests,
	);
	if (wrong.length > 0) {
		say(`${wrong.length} run(s) did not sync every device exactly once in ceil(N/200) requests`);
		process.exit(1);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
