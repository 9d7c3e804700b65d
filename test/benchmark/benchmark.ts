/**
 * `npm run benchmark`: speed and memory of the Zoho IoT node, in n8n-core's real execution
 * context, against the bundled emulator over real loopback HTTP. Prints figures and the ratios
 * that matter (requests per ceil(N/200), speed-up from concurrency, refreshes per run); it
 * asserts nothing, so numbers from a busy machine never fail a build.
 */
import '../helpers/setup-env';

import type { INodeExecutionData } from 'n8n-workflow';

import { ZohoIot } from '../../nodes/ZohoIot/ZohoIot.node';
import { startEmulator, type RunningEmulator } from '../emulator';
import { CredentialStore, runNode } from '../helpers/n8n';
import { emulatorCredentialStore } from '../helpers/emulator-credential';

const say = (text = '') => process.stdout.write(`${text}\n`);
const node = new ZohoIot();

function credentialFor(emulator: RunningEmulator, expired = false): CredentialStore {
	const tokens = emulator.issueTokens({ accessTokenExpired: expired });
	return emulatorCredentialStore(emulator, tokens);
}

function heapMb(): number {
	(globalThis as { gc?: () => void }).gc?.();
	return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function getManyBenchmark(devices: number) {
	const emulator = await startEmulator({ devices, assets: 1 });
	try {
		const store = credentialFor(emulator);
		const heapBefore = heapMb();
		const started = process.hrtime.bigint();
		const [output] = await runNode(node, {
			parameters: { resource: 'device', operation: 'getAll', returnAll: true, simplify: true },
			store,
		});
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		const heapAfter = heapMb();
		const requests = emulator.counters().apiRequests.byRoute['GET /devices'];
		const expected = Math.ceil(devices / 200);
		const unique = new Set(output.map((item: INodeExecutionData) => item.json.id)).size;
		say(
			`  ${String(devices).padStart(6)} devices | ${String(output.length).padStart(6)} items, ${String(unique).padStart(6)} unique | ` +
				`${String(requests).padStart(4)} requests (ceil(N/200) = ${expected}, ratio ${(requests / expected).toFixed(2)}) | ` +
				`${ms.toFixed(0).padStart(6)} ms, ${Math.round((devices / ms) * 1000)
					.toString()
					.padStart(
						6,
					)} records/s | heap +${(heapAfter - heapBefore).toFixed(1)} MB (${(((heapAfter - heapBefore) * 1024 * 1024) / devices).toFixed(0)} B/record held)`,
		);
		return output.length;
	} finally {
		await emulator.stop();
	}
}

async function updateBenchmark(
	items: number,
	latencyMs: number,
	maxConcurrentRequests: number,
	expired: boolean,
) {
	const emulator = await startEmulator({
		devices: 1,
		assets: items,
		faults: { latencyMs },
		concurrencyLimit: 20,
	});
	try {
		const store = credentialFor(emulator, expired);
		const input = emulator
			.records('assets')
			.map((asset, i) => ({ json: { id: String(asset.id), name: `Asset ${i}` } }));
		const started = process.hrtime.bigint();
		const [output] = await runNode(node, {
			parameters: {
				resource: 'asset',
				operation: 'update',
				assetId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				updateFields: { name: '={{ $json.name }}' },
				options: { maxConcurrentRequests },
			},
			items: input,
			store,
		});
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		const counters = emulator.counters();
		return {
			ms,
			ok: output.filter((item: INodeExecutionData) => !item.json.error).length,
			peak: counters.peakConcurrency,
			refreshes: counters.tokenRequests.refresh_token,
			requests: counters.apiRequests.total,
		};
	} finally {
		await emulator.stop();
	}
}

async function main() {
	say(`Zoho IoT node benchmark (Node ${process.version}, ${new Date().toISOString()})`);
	say(
		`GC exposed: ${typeof (globalThis as { gc?: unknown }).gc === 'function' ? 'yes' : 'no (heap figures are rough)'}`,
	);

	say(
		'\nGet Many, Return All, Simplify on (requests per ceil(N/200): 1.00 means no request wasted)',
	);
	for (const devices of [1_000, 10_000, 50_000]) await getManyBenchmark(devices);

	const items = 200;
	const latency = 25;
	say(`\nUpdate ${items} assets, emulator latency ${latency} ms per request`);
	const serial = await updateBenchmark(items, latency, 1, false);
	say(
		`  maxConcurrentRequests 1  | ${serial.ms.toFixed(0)} ms, peak in flight ${serial.peak}, ${serial.ok} updated`,
	);
	for (const concurrency of [5, 10]) {
		const parallel = await updateBenchmark(items, latency, concurrency, false);
		say(
			`  maxConcurrentRequests ${String(concurrency).padEnd(2)} | ${parallel.ms.toFixed(0)} ms, peak in flight ${parallel.peak}, ${parallel.ok} updated, speed-up x${(serial.ms / parallel.ms).toFixed(2)}`,
		);
	}

	say(`\nUpdate ${items} assets starting from an expired access token (concurrency 5)`);
	const expired = await updateBenchmark(items, latency, 5, true);
	say(
		`  ${expired.ok} updated, ${expired.refreshes} token refresh(es) for ${items} items, ${expired.requests} API requests (${items} + ${expired.requests - items} answered "token expired")`,
	);
}

main().catch((error: unknown) => {
	process.stderr.write(`benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
