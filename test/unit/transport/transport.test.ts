import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { DATA_CENTERS } from '../../../nodes/ZohoIot/constants';
import { zohoIotApiRequest } from '../../../nodes/ZohoIot/transport';
import {
	CredentialStore,
	defaultCredential,
	executeContext,
	type CredentialInput,
} from '../../helpers/n8n';
import { schemeAlreadyAccepted, TransportFixture } from './fixture';
import { failureOf } from '../../helpers/failure';

const API = 'https://app1234.zohoiot.com';

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

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
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
