/**
 * The Authorization header: "<scheme> <access token>", with the scheme the credential names.
 *
 * Day one with either header scheme: Zoho IoT's guide writes Zoho-authtoken (the default), its
 * API pages Zoho-oauthtoken. When Zoho rejects the token under the credential's scheme, the node
 * tries the other one once with the same token before any refresh: one extra request, never a
 * token request, remembered for the credential, and the user is told once per run.
 */
import nock from 'nock';
import type { IDataObject, IExecuteFunctions, NodeExecutionHint } from 'n8n-workflow';

import { zohoIotApiRequest } from '../../../nodes/ZohoIot/transport';
import { forgetLearnedSchemes } from '../../../nodes/ZohoIot/transport/headerScheme';
import { setUpNock } from '../nock';
import { failureOf } from '../../helpers/failure';
import { ACCOUNTS, API, connectedFixture, tokenEndpoint } from './fixture';

const REJECTED = { code: 'INVALID_OAUTHTOKEN', message: 'invalid oauth token', status: 'error' };

/** A connected credential in a process that has not sent any of its requests yet. */
function firstDay(headerScheme?: string) {
	const fixture = connectedFixture(headerScheme ? { headerScheme } : {});
	forgetLearnedSchemes();
	return fixture;
}

const hintsOf = (context: unknown) => (context as { hints: NodeExecutionHint[] }).hints;

const getDevice = async (context: IExecuteFunctions, id: number) =>
	await zohoIotApiRequest.call(context, { method: 'GET', path: `devices/${id}` });

/** A first request Zoho rejects under one scheme and accepts, same token, under the other. */
async function learnScheme(
	context: IExecuteFunctions,
	access: string,
	rejected = 'Zoho-authtoken',
	accepted = 'Zoho-oauthtoken',
) {
	const api = nock(API)
		.get('/iot/v1/devices/1')
		.matchHeader('authorization', `${rejected} ${access}`)
		.reply(401, REJECTED)
		.get('/iot/v1/devices/1')
		.matchHeader('authorization', `${accepted} ${access}`)
		.reply(200, { devices: { id: '1' } });
	await expect(getDevice(context, 1)).resolves.toEqual({ devices: { id: '1' } });
	expect(api.isDone()).toBe(true);
}

setUpNock();

describe('the scheme the credential names, once Zoho accepted it', () => {
	it.each(['Zoho-authtoken', 'Zoho-oauthtoken', 'Bearer'])('sends "%s <token>"', async (scheme) => {
		const { context, access } = connectedFixture({ headerScheme: scheme });
		const scope = nock(API, { reqheaders: { authorization: `${scheme} ${access}` } })
			.get('/iot/v1/devices/7')
			.reply(200, { devices: { id: '7' } });
		await expect(getDevice(context, 7)).resolves.toEqual({ devices: { id: '7' } });
		expect(scope.isDone()).toBe(true);
	});
});

describe('header scheme on the first day', () => {
	it('finds Zoho-oauthtoken after one rejected request and no token request, for 20 items at once', async () => {
		const { context, access, store } = firstDay();
		const api = nock(API)
			.get(/\/iot\/v1\/devices\/\d+/)
			.matchHeader('authorization', `Zoho-authtoken ${access}`)
			.once()
			.reply(401, REJECTED)
			.get(/\/iot\/v1\/devices\/\d+/)
			.matchHeader('authorization', `Zoho-oauthtoken ${access}`)
			.times(20)
			.reply(200, (uri) => ({ devices: { id: uri.split('/').pop() } }));
		const accounts = nock(ACCOUNTS).post('/oauth/v2/token').reply(500);

		const results = await Promise.all(
			Array.from({ length: 20 }, (_, i) => getDevice(context, i + 1)),
		);

		expect(results.map((r) => (r.devices as IDataObject).id)).toEqual(
			Array.from({ length: 20 }, (_, i) => String(i + 1)),
		);
		expect(api.isDone()).toBe(true);
		expect(accounts.isDone()).toBe(false);
		expect(store.saved).toHaveLength(0);
		const hints = hintsOf(context);
		expect(hints).toHaveLength(1);
		expect(hints[0].message).toContain('set Authorization Header Scheme to "Zoho-oauthtoken"');
	});

	it('remembers the scheme for the credential: the next run sends Zoho-oauthtoken at once and says so again, once', async () => {
		const { context, newRun, access } = firstDay();
		await learnScheme(context, access);

		const next = newRun();
		const api = nock(API)
			.get(/\/iot\/v1\/devices\/\d+/)
			.matchHeader('authorization', `Zoho-oauthtoken ${access}`)
			.times(3)
			.reply(200, { devices: { id: 'x' } });
		for (const id of [2, 3, 4]) await getDevice(next, id);
		expect(api.isDone()).toBe(true);
		expect(hintsOf(next)).toHaveLength(1);
	});

	it('works the other way round: a credential set to Zoho-oauthtoken that Zoho takes only as Zoho-authtoken', async () => {
		const { context, access } = firstDay('Zoho-oauthtoken');
		await learnScheme(context, access, 'Zoho-oauthtoken', 'Zoho-authtoken');
		expect(hintsOf(context)[0].message).toContain('"Zoho-authtoken"');
	});

	it('refreshes an expired token once after the other scheme is rejected too, then keeps the default', async () => {
		const { context, access, fresh, refresh } = firstDay();
		const api = nock(API)
			.get('/iot/v1/devices/1')
			.matchHeader('authorization', `Zoho-authtoken ${access}`)
			.reply(401, REJECTED)
			.get('/iot/v1/devices/1')
			.matchHeader('authorization', `Zoho-oauthtoken ${access}`)
			.reply(401, REJECTED)
			.get(/\/iot\/v1\/devices\/\d+/)
			.matchHeader('authorization', `Zoho-authtoken ${fresh}`)
			.times(2)
			.reply(200, { devices: { id: '1' } });
		const accounts = nock(ACCOUNTS)
			.post('/oauth/v2/token', (body: IDataObject) => body.refresh_token === refresh)
			.once()
			.reply(200, { access_token: fresh, expires_in: 3600 });

		await getDevice(context, 1);
		// Zoho accepted Zoho-authtoken: a later rejection is an expiry, not probed again.
		await getDevice(context, 2);
		expect(api.isDone() && accounts.isDone()).toBe(true);
		expect(hintsOf(context)).toHaveLength(0);
	});

	it('names both schemes and asks for one token only when Zoho rejects even a fresh token under both', async () => {
		const { context, access, fresh } = firstDay();
		const api = nock(API).get('/iot/v1/devices/1').times(4).reply(401, REJECTED);
		const tokenRequests = tokenEndpoint(5, 200, () => ({ access_token: fresh, expires_in: 3600 }));

		const error = await failureOf(getDevice(context, 1));
		expect(error.message).toBe(
			'Zoho IoT rejected a freshly refreshed access token (INVALID_OAUTHTOKEN) under both the "Zoho-authtoken" and the "Zoho-oauthtoken" Authorization header scheme',
		);
		expect(String(error.description)).toContain('reconnect the credential');
		expect(api.isDone()).toBe(true);
		expect(tokenRequests.count).toBe(1);
		expect(`${error.message} ${String(error.description)}`).not.toContain(access);
	});

	it('uses the scheme the user sets in the credential, whatever it learned before', async () => {
		const { context, newRun, access, store } = firstDay();
		await learnScheme(context, access);

		store.data = { ...store.data, headerScheme: 'Bearer' };
		const api = nock(API)
			.get('/iot/v1/devices/2')
			.matchHeader('authorization', `Bearer ${access}`)
			.reply(200, { devices: { id: '2' } });
		const next = newRun();
		await getDevice(next, 2);
		expect(api.isDone()).toBe(true);
		expect(hintsOf(next)).toHaveLength(0);
	});
});
