/**
 * The Zoho IoT Plan option: the node keeps as many requests in flight as the plan allows, and no
 * more, counted by the emulator (peak in flight, 429 answers) over loopback HTTP.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { GROW_AFTER_ACCEPTED } from '../../../nodes/ZohoIot/transport/concurrencyGate';
import { ZohoIot } from '../../../nodes/ZohoIot/ZohoIot.node';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { CredentialStore, runNode } from '../../helpers/n8n';
import { emulatorCredentialStore } from '../../helpers/emulator-credential';
import { shortBackoff } from './fixture';

const node = new ZohoIot();
let emulator: RunningEmulator;

// Short, but long enough that a throttled item gets a slot back within its retries.
shortBackoff({ baseDelayMs: 20, maxDelayMs: 200 });
beforeAll(async () => {
	emulator = await startEmulator({ devices: 5, assets: 60 });
});
afterAll(async () => await emulator.stop());
beforeEach(() => emulator.reset());
jest.setTimeout(60_000);

function credentialStore(): CredentialStore {
	return emulatorCredentialStore(emulator, emulator.issueTokens(), {
		headerScheme: 'Zoho-authtoken',
	});
}

async function updateAllAssets(
	options: INodeParameters,
	count = 60,
): Promise<INodeExecutionData[]> {
	const store = credentialStore();
	const ids = emulator
		.records('assets')
		.slice(0, count)
		.map((asset) => String(asset.id));
	const [output] = await runNode(node, {
		store,
		items: ids.map((id) => ({ json: { id } })),
		parameters: {
			resource: 'asset',
			operation: 'update',
			assetId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
			updateFields: { name: 'Checked' },
			options,
		},
	});
	return output;
}

it.each([
	['free', 5],
	['standard', 10],
	['professional', 15],
	['enterprise', 20],
])(
	"on the %s plan, keeps %i requests in flight, the plan's limit, without a single 429",
	async (plan, limit) => {
		// A slow Zoho (1 s an answer), so that the plan's limit fills up even on a busy machine.
		emulator.configure({ concurrencyLimit: limit, faults: { latencyMs: 1000 } });

		const output = await updateAllAssets({ zohoPlan: plan }, 2 * limit);

		const counters = emulator.counters();
		expect(output).toHaveLength(2 * limit);
		expect(counters.peakConcurrency).toBe(limit);
		expect(counters.throttled429).toBe(0);
		expect(counters.apiRequests.byRoute['PUT /assets/:id']).toBe(2 * limit);
	},
);

it("keeps the Free plan's 5 when no plan is chosen", async () => {
	emulator.configure({ concurrencyLimit: 20, faults: { latencyMs: 1000 } });

	await updateAllAssets({}, 10);

	expect(emulator.counters().peakConcurrency).toBe(5);
});

it('refuses a plan it does not know before any request, naming the plans it knows', async () => {
	await expect(updateAllAssets({ zohoPlan: 'platinum' }, 2)).rejects.toMatchObject({
		message: 'The Zoho IoT Plan "platinum" is not one this node knows',
		description: expect.stringContaining('free, standard, professional, enterprise'),
	});
	expect(emulator.counters().apiRequests.total).toBe(0);
});

it('lets Max Concurrent Requests override the plan', async () => {
	emulator.configure({ concurrencyLimit: 20, faults: { latencyMs: 1000 } });

	await updateAllAssets({ zohoPlan: 'enterprise', maxConcurrentRequests: 3 }, 6);

	expect(emulator.counters().peakConcurrency).toBe(3);
});

it.each([
	['standard', 10],
	['enterprise', 20],
])(
	'still answers every item when the plan chosen (%s, %i) is above the real limit of 5: fewer in flight after the first 429s',
	async (plan, planLimit) => {
		// Answers slow enough that the first 5 requests overlap on a busy machine.
		emulator.configure({ concurrencyLimit: 5, faults: { latencyMs: 200 } });
		const ids = emulator.records('assets').map((asset) => String(asset.id));

		// Reads, so that a refused request carries no body the emulator leaves unread.
		const [output] = await runNode(node, {
			store: credentialStore(),
			items: ids.map((id) => ({ json: { id } })),
			parameters: {
				resource: 'asset',
				operation: 'get',
				assetId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				options: { zohoPlan: plan },
			},
		});

		const counters = emulator.counters();
		expect(output.map((item) => String(item.json.id))).toEqual(ids);
		expect(counters.peakAdmittedConcurrency).toBe(5);
		// Requests over Zoho's 5 are refused until the first refusal comes back (at most the plan's
		// limit less 5 of them); after that the node keeps at most what Zoho accepts, and probes
		// for one more only after a run of accepted requests (concurrencyGate.ts): a handful of
		// 429s, not one in two.
		expect(counters.throttled429).toBeGreaterThanOrEqual(1);
		expect(counters.throttled429).toBeLessThanOrEqual(
			planLimit - 5 + Math.ceil(ids.length / GROW_AFTER_ACCEPTED) + 2,
		);
	},
);
