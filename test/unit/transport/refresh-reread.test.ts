/**
 * Queue mode: several n8n workers share one credential and n8n 1.x does not lock refreshes
 * across processes. Before refreshing, the transport reads the credential again and uses a token
 * another worker already saved, so Zoho's 10 tokens per 10 minutes are not spent once per worker.
 * "Another worker" is played by the credential store changing between the failing request and
 * the refresh, as the shared database does.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { zohoIotApiRequest } from '../../../nodes/ZohoIot/transport';
import { CredentialStore, defaultCredential, executeContext } from '../../helpers/n8n';
import { setUpNock } from '../nock';
import { ACCOUNTS, API, schemeAlreadyAccepted, TransportFixture } from './fixture';

let counter = 0;
/** Distinct tokens per test: the transport remembers the refreshes it made per token. */
function tokens() {
	counter++;
	const hex = (seed: string) => seed.repeat(32).slice(0, 32);
	const id = `r${counter.toString(16).padStart(3, '0')}`;
	return {
		stale: `1000.${hex(`a${id}`)}.${hex('b')}`,
		savedByOtherWorker: `1000.${hex(`9${id}`)}.${hex('8')}`,
		fresh: `1000.${hex(`f${id}`)}.${hex('e')}`,
		refresh: `1000.${hex(`c${id}`)}.${hex('d')}`,
	};
}

function worker(t: ReturnType<typeof tokens>) {
	schemeAlreadyAccepted();
	const store = new CredentialStore(
		defaultCredential({
			oauthTokenData: { access_token: t.stale, refresh_token: t.refresh, expires_in: 3600 },
		}),
	);
	return { store, context: executeContext(new TransportFixture(), { parameters: {}, store }) };
}

/** What the other worker leaves in the shared database after its refresh. */
function saveFromOtherWorker(store: CredentialStore, tokenData: IDataObject) {
	store.data = {
		...store.data,
		oauthTokenData: { ...(store.data.oauthTokenData as IDataObject), ...tokenData },
	};
}

/**
 * Zoho refuses the stale token (`meanwhile` runs while that response travels), then answers the
 * same request sent with `accepted`: each exactly once.
 */
function staleThenAccepted(t: ReturnType<typeof tokens>, accepted: string, meanwhile?: () => void) {
	return nock(API)
		.get('/iot/v1/devices/1')
		.matchHeader('authorization', `Zoho-authtoken ${t.stale}`)
		.reply(401, () => {
			meanwhile?.();
			return { code: 'INVALID_OAUTHTOKEN' };
		})
		.get('/iot/v1/devices/1')
		.matchHeader('authorization', `Zoho-authtoken ${accepted}`)
		.reply(200, { devices: { id: '1' } });
}

setUpNock();

describe('refresh in queue mode: re-reading the saved token first', () => {
	it('uses the token another worker saved after this request failed, without asking Zoho for one', async () => {
		const t = tokens();
		const { store, context } = worker(t);
		// While the 401 travels, the other worker refreshes and n8n saves its token.
		const api = staleThenAccepted(t, t.savedByOtherWorker, () =>
			saveFromOtherWorker(store, { access_token: t.savedByOtherWorker }),
		);
		// No token request is mocked: with the network disabled, a refresh would fail the call.
		await expect(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices/1' }),
		).resolves.toEqual({
			devices: { id: '1' },
		});
		expect(api.isDone()).toBe(true);
		expect(store.saved).toHaveLength(0);
	});

	it('refreshes once when the saved token is still the one that failed', async () => {
		const t = tokens();
		const { store, context } = worker(t);
		const accounts = nock(ACCOUNTS)
			.post(
				'/oauth/v2/token',
				(body: IDataObject) =>
					body.grant_type === 'refresh_token' && body.refresh_token === t.refresh,
			)
			.reply(200, { access_token: t.fresh, expires_in: 3600 });
		const api = staleThenAccepted(t, t.fresh);
		await zohoIotApiRequest.call(context, { method: 'GET', path: 'devices/1' });
		expect(api.isDone() && accounts.isDone()).toBe(true);
		expect(store.saved).toEqual([expect.objectContaining({ access_token: t.fresh })]);
	});

	it('takes the token another worker saved just after the re-read, without asking Zoho for another (n8n 2.x lease)', async () => {
		// The other worker's save lands between this worker's re-read and n8n's own read of the
		// credential. n8n 2.x's refreshOAuth2Token takes its lease and reads the credential again:
		// it must compare with the token that failed, not with one it read a moment ago.
		const t = tokens();
		const { store, context } = worker(t);
		const reads = store.reads;
		const decrypted = store.decrypted.bind(store);
		store.decrypted = () => {
			const data = decrypted();
			// Read 1 is the request's, read 2 the re-read before refreshing.
			if (store.reads === reads + 2)
				saveFromOtherWorker(store, { access_token: t.savedByOtherWorker });
			return data;
		};
		const api = staleThenAccepted(t, t.savedByOtherWorker);
		// No token request is mocked: with the network disabled, a refresh would fail the call.
		await expect(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices/1' }),
		).resolves.toEqual({
			devices: { id: '1' },
		});
		expect(api.isDone()).toBe(true);
		expect(store.saved).toHaveLength(0);
	});

	it('refreshes rather than take a saved token n8n already recorded as expired', async () => {
		const t = tokens();
		const { store, context } = worker(t);
		const accounts = nock(ACCOUNTS)
			.post('/oauth/v2/token')
			.reply(200, { access_token: t.fresh, expires_in: 3600 });
		const api = staleThenAccepted(t, t.fresh, () =>
			saveFromOtherWorker(store, {
				access_token: t.savedByOtherWorker,
				n8n_expires_at: String(Date.now() - 1000),
			}),
		);
		await zohoIotApiRequest.call(context, { method: 'GET', path: 'devices/1' });
		expect(api.isDone() && accounts.isDone()).toBe(true);
		expect(store.saved).toHaveLength(1);
	});
});
