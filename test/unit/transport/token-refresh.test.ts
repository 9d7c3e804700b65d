/**
 * Token refresh through n8n's credential: when Zoho rejects the access token (whatever status it
 * answers with), or n8n recorded that it expired, the transport asks n8n to refresh it once, for
 * every request that met the same token, and retries with the token n8n saved. When the refresh
 * cannot happen, the error says why and what to do. (Which hosts a refresh may go to:
 * hostile-hosts.test.ts; that these errors hold no secret: redaction.test.ts; a token another
 * worker saved: refresh-reread.test.ts; a fresh token Zoho still rejects: hostile-answers.test.ts.)
 */
import nock from 'nock';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { zohoIotApiRequest } from '../../../nodes/ZohoIot/transport';
import { CredentialStore, defaultCredential, executeContext } from '../../helpers/n8n';
import { failureOf } from '../../helpers/failure';
import { setUpNock } from '../nock';
import { ACCOUNTS, API, connectedFixture, tokenEndpoint, TransportFixture } from './fixture';

const setup = connectedFixture;

const getDevices = async (context: IExecuteFunctions) =>
	await zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' });

setUpNock();

describe('token refresh through the credential', () => {
	it.each([
		[
			'HTTP 401',
			401,
			{ code: 'INVALID_OAUTHTOKEN', message: 'invalid oauth token', status: 'error' },
		],
		[
			'an INVALID_OAUTHTOKEN body with HTTP 200',
			200,
			{ code: 'INVALID_OAUTHTOKEN', message: 'invalid oauth token', status: 'error' },
		],
		[
			'an INVALID_TOKEN body with HTTP 400',
			400,
			{ code: 'INVALID_TOKEN', message: 'invalid token', status: 'error' },
		],
	])(
		'refreshes once on %s and retries with the new token, which n8n saves',
		async (_name, status, body) => {
			const { context, store, access, refresh, fresh } = setup();
			const api = nock(API)
				.get('/iot/v1/devices/1')
				.matchHeader('authorization', `Zoho-authtoken ${access}`)
				.reply(status, body)
				.get('/iot/v1/devices/1')
				.matchHeader('authorization', `Zoho-authtoken ${fresh}`)
				.reply(200, { devices: { id: '1' } });
			const accounts = nock(ACCOUNTS)
				.post('/oauth/v2/token', {
					refresh_token: refresh,
					grant_type: 'refresh_token',
					client_id: '1000.CLIENTID',
					client_secret: 'client-secret-value',
				})
				.reply(200, {
					access_token: fresh,
					expires_in: 3600,
					api_domain: 'https://www.zohoapis.com',
					token_type: 'Bearer',
				});

			await expect(
				zohoIotApiRequest.call(context, { method: 'GET', path: 'devices/1' }),
			).resolves.toEqual({ devices: { id: '1' } });
			expect(api.isDone() && accounts.isDone()).toBe(true);
			expect(store.saved).toHaveLength(1);
			expect(store.saved[0]).toMatchObject({ access_token: fresh, refresh_token: refresh });
		},
	);

	it('refreshes exactly once when 20 concurrent requests meet one expired token', async () => {
		const { context, store, access, fresh } = setup();
		const api = nock(API)
			.get(/\/iot\/v1\/devices\/\d+/)
			.matchHeader('authorization', `Zoho-authtoken ${access}`)
			.times(20)
			.reply(401, { code: 'INVALID_OAUTHTOKEN' })
			.get(/\/iot\/v1\/devices\/\d+/)
			.matchHeader('authorization', `Zoho-authtoken ${fresh}`)
			.times(20)
			.reply(200, (uri) => ({ devices: { id: uri.split('/').pop() } }));
		const tokenRequests = tokenEndpoint(20, 200, () => ({ access_token: fresh, expires_in: 3600 }));

		const results = await Promise.all(
			Array.from(
				{ length: 20 },
				async (_, i) =>
					await zohoIotApiRequest.call(context, { method: 'GET', path: `devices/${i}` }),
			),
		);
		expect(results.map((r) => (r.devices as IDataObject).id)).toEqual(
			Array.from({ length: 20 }, (_, i) => String(i)),
		);
		expect(tokenRequests.count).toBe(1);
		expect(store.saved).toHaveLength(1);
		expect(api.isDone()).toBe(true);
	});

	it('uses a token another request already refreshed without refreshing again', async () => {
		const { context, access, refresh, fresh } = setup();
		const tokenRequests = tokenEndpoint(2, 200, () => ({ access_token: fresh, expires_in: 3600 }));
		nock(API)
			.get('/iot/v1/devices/1')
			.reply(401, { code: 'INVALID_OAUTHTOKEN' })
			.get('/iot/v1/devices/1')
			.reply(200, { devices: {} })
			// A late answer for the old token, after the refresh finished.
			.get('/iot/v1/devices/2')
			.matchHeader('authorization', `Zoho-authtoken ${access}`)
			.reply(401, { code: 'INVALID_OAUTHTOKEN' })
			.get('/iot/v1/devices/2')
			.matchHeader('authorization', `Zoho-authtoken ${fresh}`)
			.reply(200, { devices: {} });
		await zohoIotApiRequest.call(context, { method: 'GET', path: 'devices/1' });
		// This request read the credential before the refresh: it still carries the old token.
		const stale = executeContext(new TransportFixture(), {
			parameters: {},
			store: new CredentialStore(
				defaultCredential({ oauthTokenData: { access_token: access, refresh_token: refresh } }),
			),
		});
		await zohoIotApiRequest.call(stale, { method: 'GET', path: 'devices/2' });
		expect(tokenRequests.count).toBe(1);
	});

	it('refreshes before sending when n8n recorded that the token expired', async () => {
		const { context, store, fresh } = setup({}, { n8n_expires_at: String(Date.now() - 1000) });
		const accounts = nock(ACCOUNTS)
			.post('/oauth/v2/token')
			.reply(200, { access_token: fresh, expires_in: 3600 });
		const api = nock(API, { reqheaders: { authorization: `Zoho-authtoken ${fresh}` } })
			.get('/iot/v1/devices')
			.reply(200, { devices: [] });
		await getDevices(context);
		expect(api.isDone() && accounts.isDone()).toBe(true);
		expect(store.saved).toHaveLength(1);
	});

	it('does not refresh a token whose recorded expiry is still ahead', async () => {
		const { context, store, access } = setup({}, { n8n_expires_at: String(Date.now() + 600_000) });
		const api = nock(API, { reqheaders: { authorization: `Zoho-authtoken ${access}` } })
			.get('/iot/v1/devices')
			.reply(200, { devices: [] });
		await getDevices(context);
		expect(api.isDone()).toBe(true);
		expect(store.saved).toHaveLength(0);
	});
});

describe('a refresh that cannot happen is explained', () => {
	it('explains a throttled refresh (HTTP 200 "Access Denied") and does not loop', async () => {
		const { context } = setup();
		const tokenRequests = tokenEndpoint(5, 200, () => ({
			error: 'Access Denied',
			error_description:
				'You have made too many requests continuously. Please try again after some time.',
		}));
		nock(API).get('/iot/v1/devices').times(10).reply(401, { code: 'INVALID_OAUTHTOKEN' });

		const first = await failureOf(getDevices(context));
		expect(first.message).toBe('Zoho refused to issue a new access token: too many token requests');
		expect(String(first.description)).toContain('Wait 10 minutes');
		// Later items meeting the same stale token get the same answer without asking Zoho again.
		const second = await failureOf(getDevices(context));
		expect(second.message).toBe(first.message);
		expect(tokenRequests.count).toBe(1);
	});

	it.each([
		['invalid_code', 'needs to be reconnected'],
		['invalid_grant', 'needs to be reconnected'],
		['invalid_client', 'client ID or client secret'],
		['something_else', 'could not refresh the access token (something_else)'],
	])('explains a refresh answered with "%s"', async (zohoError, expected) => {
		const { context } = setup();
		const accounts = nock(ACCOUNTS).post('/oauth/v2/token').reply(200, { error: zohoError });
		nock(API).get('/iot/v1/devices').reply(401, { code: 'INVALID_OAUTHTOKEN' });
		const error = await failureOf(getDevices(context));
		expect(accounts.isDone()).toBe(true);
		expect(error.message).toContain(expected);
	});

	it('explains a refresh rejected with HTTP 400', async () => {
		const { context } = setup();
		nock(ACCOUNTS).post('/oauth/v2/token').reply(400, { error: 'invalid_client' });
		nock(API).get('/iot/v1/devices').reply(401, { code: 'INVALID_OAUTHTOKEN' });
		const error = await failureOf(getDevices(context));
		expect(error.message).toMatch(/client ID or client secret|Could not refresh/);
	});

	it('says it could not refresh when the token endpoint fails with HTTP 500', async () => {
		const { context } = setup();
		nock(ACCOUNTS).post('/oauth/v2/token').reply(500, 'upstream failure');
		nock(API).get('/iot/v1/devices').reply(401, { code: 'INVALID_OAUTHTOKEN' });
		const error = await failureOf(getDevices(context));
		expect(error.message).toBe('Could not refresh the Zoho IoT access token');
	});

	it("names the data centre Zoho's callback recorded when it differs from the chosen one", async () => {
		const { context } = setup(
			{},
			{ callbackQueryString: { location: 'eu', 'accounts-server': 'https://accounts.zoho.eu' } },
		);
		nock(ACCOUNTS).post('/oauth/v2/token').reply(200, { error: 'invalid_client' });
		nock(API).get('/iot/v1/devices').reply(401, { code: 'INVALID_OAUTHTOKEN' });
		const error = await failureOf(getDevices(context));
		expect(String(error.description)).toContain('choose "Europe" as the credential\'s Data Center');
	});

	it('says which n8n is needed when the running n8n cannot refresh through the credential', async () => {
		const { context } = setup();
		(context.helpers as Partial<IExecuteFunctions['helpers']>).refreshOAuth2Token = undefined;
		nock(API).get('/iot/v1/devices').reply(401, { code: 'INVALID_OAUTHTOKEN' });
		const error = await failureOf(getDevices(context));
		expect(error.message).toBe('This n8n cannot refresh the Zoho IoT access token');
		expect(String(error.description)).toMatch(/needs n8n \d+\.\d+\.\d+ or newer/);
	});

	it('asks to connect a credential that has no token yet', async () => {
		const store = new CredentialStore(defaultCredential({ oauthTokenData: undefined }));
		const context = executeContext(new TransportFixture(), { parameters: {}, store });
		const error = await failureOf(getDevices(context));
		expect(error.message).toBe('The Zoho IoT credential is not connected');
	});
});
