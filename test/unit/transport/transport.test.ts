import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';

import nock from 'nock';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { DATA_CENTERS, RETRY } from '../../../nodes/ZohoIot/constants';
import { zohoIotApiRequest, zohoIotWriteRequest } from '../../../nodes/ZohoIot/transport';
import {
	CredentialStore,
	defaultCredential,
	executeContext,
	type CredentialInput,
} from '../../helpers/n8n';
import { schemeAlreadyAccepted, TransportFixture } from './fixture';
import { failureOf } from '../../helpers/failure';

const API = 'https://app1234.zohoiot.com';
const ACCOUNTS = 'https://accounts.zoho.com';

let tokenCounter = 0;
/** A fresh Zoho-looking token pair per test: the transport remembers refreshes per token. */
function tokens() {
	tokenCounter++;
	const hex = (seed: string) => seed.repeat(32).slice(0, 32);
	const id = tokenCounter.toString(16).padStart(4, '0');
	return {
		access: `1000.${hex(`a${id}`)}.${hex('b')}`,
		fresh: `1000.${hex(`f${id}`)}.${hex('e')}`,
		refresh: `1000.${hex(`c${id}`)}.${hex('d')}`,
	};
}

function setup(overrides: CredentialInput = {}, tokenData: IDataObject = {}) {
	const t = tokens();
	schemeAlreadyAccepted(overrides.headerScheme as string | undefined);
	const store = new CredentialStore(
		defaultCredential({
			...overrides,
			oauthTokenData: {
				access_token: t.access,
				refresh_token: t.refresh,
				expires_in: 3600,
				...tokenData,
			},
		}),
	);
	const context = executeContext(new TransportFixture(), { parameters: {}, store });
	return { t, store, context };
}

/** Everything an error can show a user or a log: message, description, JSON and inspect. */
function everythingIn(error: Error & IDataObject): string {
	return [
		error.message,
		String(error.description ?? ''),
		JSON.stringify(error, Object.getOwnPropertyNames(error)),
		inspect(error, { depth: 20 }),
		error.stack ?? '',
	].join('\n');
}

function expectNoSecrets(text: string, store: CredentialStore, ...more: string[]) {
	const secrets = [
		String(store.data.clientSecret),
		String((store.data.oauthTokenData as IDataObject).access_token),
		String((store.data.oauthTokenData as IDataObject).refresh_token),
		...more,
	];
	for (const secret of secrets) expect(text).not.toContain(secret);
	expect(text).not.toMatch(/Zoho-authtoken 1000\./);
}

/**
 * A real HTTP server on loopback that answers from a script, one step per request: nock cannot
 * drop a connection the way n8n's HTTP client sees it, this can.
 */
async function scriptedServer(steps: Array<'reset' | { status: number; body: unknown }>) {
	const seen: string[] = [];
	const server = http.createServer((req, res) => {
		seen.push(`${req.method} ${req.url}`);
		const step = steps.shift() ?? { status: 500, body: { code: 'NO_MORE_STEPS' } };
		if (step === 'reset') {
			req.socket.destroy();
			return;
		}
		res.writeHead(step.status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(step.body));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		seen,
		credential: {
			dataCenter: 'custom',
			customAccountsServer: `http://127.0.0.1:${port}`,
			applicationDomain: `http://127.0.0.1:${port}`,
		},
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

const savedRetry = { ...RETRY };
beforeAll(() => {
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
	// Backoff stays exponential with jitter; the base is shrunk so the suite does not sleep.
	RETRY.baseDelayMs = 1;
	RETRY.maxDelayMs = 5;
});
afterAll(() => {
	Object.assign(RETRY, savedRetry);
	nock.enableNetConnect();
});
afterEach(() => nock.cleanAll());

describe('credential URLs', () => {
	it.each(Object.entries(DATA_CENTERS))(
		'derives the %s accounts URLs from the data-centre table',
		(key, dc) => {
			const resolved = new CredentialStore(defaultCredential({ dataCenter: key })).decrypted();
			expect(resolved.authUrl).toBe(`${dc.accountsServer}/oauth/v2/auth`);
			expect(resolved.accessTokenUrl).toBe(`${dc.accountsServer}/oauth/v2/token`);
		},
	);

	it('uses the typed accounts server for Custom, trimming a trailing slash', () => {
		const resolved = new CredentialStore(
			defaultCredential({
				dataCenter: 'custom',
				customAccountsServer: ' https://accounts.zoho.com.au/ ',
			}),
		).decrypted();
		expect(resolved.authUrl).toBe('https://accounts.zoho.com.au/oauth/v2/auth');
		expect(resolved.accessTokenUrl).toBe('https://accounts.zoho.com.au/oauth/v2/token');
	});

	it('asks for offline access with consent, and sends the client secret in the body', () => {
		const resolved = new CredentialStore(defaultCredential()).decrypted();
		expect(resolved.authQueryParameters).toBe('access_type=offline&prompt=consent');
		expect(resolved.authentication).toBe('body');
		expect(resolved.scope).toBe('ZohoIOT.modules.ALL,ZohoIOT.modules.datapoints.data.CREATE');
		expect(resolved.headerScheme).toBe('Zoho-authtoken');
	});

	it("refreshes at the chosen data centre's token URL (Europe)", async () => {
		const { t, context, store } = setup({ dataCenter: 'eu', applicationDomain: 'app1.zohoiot.eu' });
		const api = nock('https://app1.zohoiot.eu')
			.get('/iot/v1/devices/1')
			.reply(401, { code: 'INVALID_OAUTHTOKEN' })
			.get('/iot/v1/devices/1')
			.matchHeader('authorization', `Zoho-authtoken ${t.fresh}`)
			.reply(200, { devices: { id: '1' } });
		const accounts = nock('https://accounts.zoho.eu')
			.post(
				'/oauth/v2/token',
				(body) => body.grant_type === 'refresh_token' && body.refresh_token === t.refresh,
			)
			.reply(200, { access_token: t.fresh, expires_in: 3600 });
		await zohoIotApiRequest.call(context, { method: 'GET', path: 'devices/1' });
		expect(api.isDone() && accounts.isDone()).toBe(true);
		expect(store.saved).toHaveLength(1);
	});
});

describe('application domain', () => {
	const request = async (overrides: CredentialInput) => {
		const { context } = setup(overrides);
		return await zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' });
	};

	it.each([
		['app1234xxxx.zohoiot.in', 'https://app1234xxxx.zohoiot.in/iot/v1/devices'],
		['https://app1234xxxx.zohoiot.in/', 'https://app1234xxxx.zohoiot.in/iot/v1/devices'],
		['APP9.zohoiotdevportal.com', 'https://app9.zohoiotdevportal.com/iot/v1/devices'],
		['www.zohoapis.eu', 'https://www.zohoapis.eu/iot/v1/devices'],
		['app1.zohoiot.com.au/iot/v1', 'https://app1.zohoiot.com.au/iot/v1/devices'],
	])('accepts %s', async (domain, url) => {
		const { origin, pathname } = new URL(url);
		const scope = nock(origin).get(pathname).reply(200, { devices: [] });
		await request({ applicationDomain: domain });
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		['evil.example.com', 'is not a Zoho IoT host'],
		['zohoiot.com.evil.io', 'is not a Zoho IoT host'],
		['app1.zohoiot.in:8443', 'is not a Zoho IoT host'],
		['http://app1.zohoiot.in', 'uses http'],
		['http://127.0.0.1:8080', 'uses http'],
		['ftp://app1.zohoiot.in', 'is not an https address'],
		['app1.zohoiot.in/other', 'has a path'],
		['', 'has no Application Domain'],
	])('refuses %s before sending anything', async (domain, reason) => {
		const error = await failureOf(request({ applicationDomain: domain }));
		expect(error.message).toContain(reason);
		expect(String(error.description)).toMatch(/e\.g\.|Custom|https/);
	});

	it('allows http on loopback only with the Custom data centre', async () => {
		const scope = nock('http://127.0.0.1:8088').get('/iot/v1/devices').reply(200, { devices: [] });
		await request({
			dataCenter: 'custom',
			customAccountsServer: 'http://127.0.0.1:8088',
			applicationDomain: 'http://127.0.0.1:8088',
		});
		expect(scope.isDone()).toBe(true);
		const error = await failureOf(
			request({
				dataCenter: 'custom',
				customAccountsServer: 'http://127.0.0.1:8088',
				applicationDomain: 'http://10.0.0.5:8088',
			}),
		);
		expect(error.message).toContain('uses http');
	});

	it('allows any https host with Custom', async () => {
		const scope = nock('https://iot.example.org')
			.get('/iot/v1/devices')
			.reply(200, { devices: [] });
		await request({
			dataCenter: 'custom',
			customAccountsServer: 'https://accounts.example.org',
			applicationDomain: 'iot.example.org',
		});
		expect(scope.isDone()).toBe(true);
	});
});

describe('authorization header', () => {
	it.each(['Zoho-authtoken', 'Zoho-oauthtoken', 'Bearer'])('sends "%s <token>"', async (scheme) => {
		const { t, context } = setup({ headerScheme: scheme });
		const scope = nock(API, { reqheaders: { authorization: `${scheme} ${t.access}` } })
			.get('/iot/v1/devices/7')
			.reply(200, { devices: { id: '7' } });
		const body = await zohoIotApiRequest.call(context, { method: 'GET', path: 'devices/7' });
		expect(body).toEqual({ devices: { id: '7' } });
		expect(scope.isDone()).toBe(true);
	});
});

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
			const { t, context, store } = setup();
			const api = nock(API)
				.get('/iot/v1/devices/1')
				.matchHeader('authorization', `Zoho-authtoken ${t.access}`)
				.reply(status, body)
				.get('/iot/v1/devices/1')
				.matchHeader('authorization', `Zoho-authtoken ${t.fresh}`)
				.reply(200, { devices: { id: '1' } });
			const accounts = nock(ACCOUNTS)
				.post('/oauth/v2/token', {
					refresh_token: t.refresh,
					grant_type: 'refresh_token',
					client_id: '1000.CLIENTID',
					client_secret: 'client-secret-value',
				})
				.reply(200, {
					access_token: t.fresh,
					expires_in: 3600,
					api_domain: 'https://www.zohoapis.com',
					token_type: 'Bearer',
				});

			await expect(
				zohoIotApiRequest.call(context, { method: 'GET', path: 'devices/1' }),
			).resolves.toEqual({ devices: { id: '1' } });
			expect(api.isDone() && accounts.isDone()).toBe(true);
			expect(store.saved).toHaveLength(1);
			expect(store.saved[0]).toMatchObject({ access_token: t.fresh, refresh_token: t.refresh });
		},
	);

	it('refreshes exactly once when 20 concurrent requests meet one expired token', async () => {
		const { t, context, store } = setup();
		const api = nock(API)
			.get(/\/iot\/v1\/devices\/\d+/)
			.matchHeader('authorization', `Zoho-authtoken ${t.access}`)
			.times(20)
			.reply(401, { code: 'INVALID_OAUTHTOKEN' })
			.get(/\/iot\/v1\/devices\/\d+/)
			.matchHeader('authorization', `Zoho-authtoken ${t.fresh}`)
			.times(20)
			.reply(200, (uri) => ({ devices: { id: uri.split('/').pop() } }));
		let refreshes = 0;
		const accounts = nock(ACCOUNTS)
			.post('/oauth/v2/token')
			.times(20)
			.reply(200, () => {
				refreshes++;
				return { access_token: t.fresh, expires_in: 3600 };
			});

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
		expect(refreshes).toBe(1);
		expect(store.saved).toHaveLength(1);
		expect(api.isDone()).toBe(true);
		accounts.persist(false);
	});

	it('uses a token another request already refreshed without refreshing again', async () => {
		const { t, context } = setup();
		let refreshes = 0;
		nock(ACCOUNTS)
			.post('/oauth/v2/token')
			.times(2)
			.reply(200, () => {
				refreshes++;
				return { access_token: t.fresh, expires_in: 3600 };
			});
		nock(API)
			.get('/iot/v1/devices/1')
			.reply(401, { code: 'INVALID_OAUTHTOKEN' })
			.get('/iot/v1/devices/1')
			.reply(200, { devices: {} })
			// A late answer for the old token, after the refresh finished.
			.get('/iot/v1/devices/2')
			.matchHeader('authorization', `Zoho-authtoken ${t.access}`)
			.reply(401, { code: 'INVALID_OAUTHTOKEN' })
			.get('/iot/v1/devices/2')
			.matchHeader('authorization', `Zoho-authtoken ${t.fresh}`)
			.reply(200, { devices: {} });
		await zohoIotApiRequest.call(context, { method: 'GET', path: 'devices/1' });
		// This request read the credential before the refresh: it still carries the old token.
		const stale = executeContext(new TransportFixture(), {
			parameters: {},
			store: new CredentialStore(
				defaultCredential({ oauthTokenData: { access_token: t.access, refresh_token: t.refresh } }),
			),
		});
		await zohoIotApiRequest.call(stale, { method: 'GET', path: 'devices/2' });
		expect(refreshes).toBe(1);
	});

	it('refreshes before sending when n8n recorded that the token expired', async () => {
		const { t, context, store } = setup({}, { n8n_expires_at: String(Date.now() - 1000) });
		const accounts = nock(ACCOUNTS)
			.post('/oauth/v2/token')
			.reply(200, { access_token: t.fresh, expires_in: 3600 });
		const api = nock(API, { reqheaders: { authorization: `Zoho-authtoken ${t.fresh}` } })
			.get('/iot/v1/devices')
			.reply(200, { devices: [] });
		await zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' });
		expect(api.isDone() && accounts.isDone()).toBe(true);
		expect(store.saved).toHaveLength(1);
	});

	it('does not refresh a token whose recorded expiry is still ahead', async () => {
		const { t, context, store } = setup({}, { n8n_expires_at: String(Date.now() + 600_000) });
		const api = nock(API, { reqheaders: { authorization: `Zoho-authtoken ${t.access}` } })
			.get('/iot/v1/devices')
			.reply(200, { devices: [] });
		await zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' });
		expect(api.isDone()).toBe(true);
		expect(store.saved).toHaveLength(0);
	});

	it('explains a throttled refresh (HTTP 200 "Access Denied") and does not loop', async () => {
		const { context, store } = setup();
		let tokenCalls = 0;
		nock(ACCOUNTS)
			.post('/oauth/v2/token')
			.times(5)
			.reply(200, () => {
				tokenCalls++;
				return {
					error: 'Access Denied',
					error_description:
						'You have made too many requests continuously. Please try again after some time.',
				};
			});
		nock(API).get('/iot/v1/devices').times(10).reply(401, { code: 'INVALID_OAUTHTOKEN' });

		const first = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		expect(first.message).toBe('Zoho refused to issue a new access token: too many token requests');
		expect(String(first.description)).toContain('Wait 10 minutes');
		// Later items meeting the same stale token get the same answer without asking Zoho again.
		const second = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		expect(second.message).toBe(first.message);
		expect(tokenCalls).toBe(1);
		expectNoSecrets(everythingIn(first), store);
	});

	it.each([
		['invalid_code', 'needs to be reconnected'],
		['invalid_grant', 'needs to be reconnected'],
		['invalid_client', 'client ID or client secret'],
		['something_else', 'could not refresh the access token (something_else)'],
	])('explains a refresh answered with "%s"', async (zohoError, expected) => {
		const { context, store } = setup();
		nock(ACCOUNTS).post('/oauth/v2/token').reply(200, { error: zohoError });
		nock(API).get('/iot/v1/devices').reply(401, { code: 'INVALID_OAUTHTOKEN' });
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		expect(error.message).toContain(expected);
		expectNoSecrets(everythingIn(error), store);
	});

	it("explains a refresh rejected with HTTP 400, keeping the request's secrets out of the error", async () => {
		const { context, store } = setup();
		nock(ACCOUNTS).post('/oauth/v2/token').reply(400, { error: 'invalid_client' });
		nock(API).get('/iot/v1/devices').reply(401, { code: 'INVALID_OAUTHTOKEN' });
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		expect(error.message).toMatch(/client ID or client secret|Could not refresh/);
		expectNoSecrets(everythingIn(error), store);
	});

	it('keeps the secrets out when the token endpoint fails with HTTP 500', async () => {
		const { context, store } = setup();
		nock(ACCOUNTS).post('/oauth/v2/token').reply(500, 'upstream failure');
		nock(API).get('/iot/v1/devices').reply(401, { code: 'INVALID_OAUTHTOKEN' });
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		expect(error.message).toBe('Could not refresh the Zoho IoT access token');
		expectNoSecrets(everythingIn(error), store);
	});

	it("names the data centre Zoho's callback recorded when it differs from the chosen one", async () => {
		const { context } = setup(
			{},
			{ callbackQueryString: { location: 'eu', 'accounts-server': 'https://accounts.zoho.eu' } },
		);
		nock(ACCOUNTS).post('/oauth/v2/token').reply(200, { error: 'invalid_client' });
		nock(API).get('/iot/v1/devices').reply(401, { code: 'INVALID_OAUTHTOKEN' });
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		expect(String(error.description)).toContain('choose "Europe" as the credential\'s Data Center');
	});

	it('tells the user to check the header scheme and scopes when a fresh token is still rejected', async () => {
		const { t, context } = setup();
		nock(ACCOUNTS).post('/oauth/v2/token').reply(200, { access_token: t.fresh, expires_in: 3600 });
		nock(API).get('/iot/v1/devices').times(2).reply(401, { code: 'INVALID_OAUTHTOKEN' });
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		expect(error.message).toBe(
			'Zoho IoT rejected a freshly refreshed access token (INVALID_OAUTHTOKEN)',
		);
		expect(String(error.description)).toContain(
			'Authorization Header Scheme (now "Zoho-authtoken"; switch it to Zoho-oauthtoken first: every Zoho IoT API reference page shows',
		);
	});

	it('says which n8n is needed when the running n8n cannot refresh through the credential', async () => {
		const { context } = setup();
		(context.helpers as Partial<IExecuteFunctions['helpers']>).refreshOAuth2Token = undefined;
		nock(API).get('/iot/v1/devices').reply(401, { code: 'INVALID_OAUTHTOKEN' });
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		expect(error.message).toBe('This n8n cannot refresh the Zoho IoT access token');
		expect(String(error.description)).toMatch(/needs n8n \d+\.\d+\.\d+ or newer/);
	});

	it('asks to connect a credential that has no token yet', async () => {
		const store = new CredentialStore(defaultCredential({ oauthTokenData: undefined }));
		const context = executeContext(new TransportFixture(), { parameters: {}, store });
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		expect(error.message).toBe('The Zoho IoT credential is not connected');
	});
});

describe('secrets', () => {
	it('never puts a token, the client secret or the header into errors of any kind', async () => {
		const { t, context, store } = setup();
		// Zoho echoing the header back must not leak it either.
		nock(API)
			.get('/iot/v1/devices')
			.reply(400, {
				code: 'INVALID_DATA',
				message: `bad header Zoho-authtoken ${t.access}`,
				status: 'error',
				details: { token: t.access },
			});
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		expectNoSecrets(everythingIn(error), store);

		const server = await scriptedServer(['reset', 'reset', 'reset', 'reset', 'reset']);
		const dropped = setup(server.credential);
		const network = await failureOf(
			zohoIotApiRequest.call(dropped.context, { method: 'GET', path: 'devices' }),
		);
		await server.close();
		expect(server.seen).toHaveLength(RETRY.maxRetries + 1);
		expect(network.message).toBe('Zoho IoT did not answer: the connection was dropped');
		expectNoSecrets(everythingIn(network), dropped.store);
	});
});
