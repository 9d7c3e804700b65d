/**
 * How often the node reads its credential (a database read and a decryption in n8n): once per
 * execution, again only after a token refresh, while a token refreshed elsewhere is still used.
 * Counted at the credential store, against the emulator over loopback HTTP.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { ZohoIot } from '../../../nodes/ZohoIot/ZohoIot.node';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { CredentialStore, executeContext } from '../../helpers/n8n';
import { emulatorCredentialStore } from '../../helpers/emulator-credential';

const node = new ZohoIot();
let emulator: RunningEmulator;

beforeAll(async () => {
	emulator = await startEmulator({
		devices: 5,
		assets: 100,
		acceptedSchemes: ['Zoho-authtoken'],
		faults: { latencyMs: 2 },
	});
});
afterAll(async () => await emulator.stop());
beforeEach(() => emulator.reset());

function storeWith(
	tokens: { access_token: string; refresh_token: string },
	tokenData: Record<string, unknown> = {},
) {
	return emulatorCredentialStore(emulator, { ...tokens, ...tokenData });
}

const assetIds = () => emulator.records('assets').map((asset) => String(asset.id));

/** One run of "Update Asset" over these assets, in its own execution context. */
async function updateAssets(store: CredentialStore, ids: string[]): Promise<INodeExecutionData[]> {
	const context = executeContext(node, {
		store,
		items: ids.map((id, index) => ({ json: { id, name: `Renamed ${index}` } })),
		parameters: {
			resource: 'asset',
			operation: 'update',
			assetId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
			updateFields: { name: '={{ $json.name }}' },
			options: {},
		},
	});
	const [output] = (await node.execute!.call(context)) as INodeExecutionData[][];
	return output;
}

const renamed = () =>
	emulator.records('assets').filter((asset) => String(asset.name).startsWith('Renamed')).length;

it('reads the credential once for 100 items', async () => {
	const store = storeWith(emulator.issueTokens());

	const output = await updateAssets(store, assetIds());

	expect(output).toHaveLength(100);
	expect(renamed()).toBe(100);
	expect(store.reads).toBe(1);
	expect(emulator.counters().apiRequests.byRoute['PUT /assets/:id']).toBe(100);
});

it('reads it again in the next execution, so a credential changed between runs is used', async () => {
	const store = storeWith(emulator.issueTokens());

	await updateAssets(store, assetIds().slice(0, 10));
	await updateAssets(store, assetIds().slice(10, 20));

	expect(store.reads).toBe(2);
});

it('on an expired token, refreshes once and reads the saved token once more', async () => {
	const tokens = emulator.issueTokens({ accessTokenExpired: true });
	const store = storeWith(tokens);

	await updateAssets(store, assetIds());

	const counters = emulator.counters();
	expect(renamed()).toBe(100);
	expect(counters.tokenRequests.refresh_token).toBe(1);
	// Only the 5 requests in flight when the token expired met the 401.
	expect(counters.expiredTokenRejections).toBe(5);
	expect(store.saved).toHaveLength(1);
	// The first read, the node's own read just before refreshing (a token another process saved
	// is used instead: readSavedCredential), which it hands to n8n's refresh helper, n8n-core
	// 2.x's own read of the stored credential under its lease, and the read of the saved token:
	// 4, not one per item.
	expect(store.reads).toBe(4);
	// Every request after the refresh carried the saved token, not the expired one.
	expect(counters.apiRequests.byRoute['PUT /assets/:id']).toBe(105);
});

it('refreshes a token that n8n knows has expired before sending anything, then reads once more', async () => {
	const tokens = emulator.issueTokens({ accessTokenExpired: true });
	const store = storeWith(tokens, { n8n_expires_at: String(Date.now() - 1000) });

	await updateAssets(store, assetIds().slice(0, 50));

	const counters = emulator.counters();
	expect(counters.tokenRequests.refresh_token).toBe(1);
	expect(counters.expiredTokenRejections).toBe(0);
	// As above: first read, the check before refreshing, n8n's one, the read of the saved token.
	expect(store.reads).toBe(4);
});

it('picks up a token another execution refreshed: no second refresh, one more read each', async () => {
	const tokens = emulator.issueTokens({ accessTokenExpired: true });
	const store = storeWith(tokens);
	const ids = assetIds();

	// Two executions of the same credential at once (two workflows, or two runs of one).
	const [first, second] = await Promise.all([
		updateAssets(store, ids.slice(0, 50)),
		updateAssets(store, ids.slice(50)),
	]);

	expect(first).toHaveLength(50);
	expect(second).toHaveLength(50);
	expect(renamed()).toBe(100);
	expect(emulator.counters().tokenRequests.refresh_token).toBe(1);
	expect(store.saved).toHaveLength(1);
	// Per execution: the first read and the read of the saved token; plus, for the one refresh,
	// the node's check before refreshing and n8n's one read inside it.
	expect(store.reads).toBe(6);
});
