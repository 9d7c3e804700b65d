/**
 * Where the access token, the refresh token and the client secret may go. With a fixed data
 * centre: only hosts in the registrable domains Zoho operates for Zoho IoT (and Zoho's accounts
 * servers for a refresh), never a host that merely contains their names. With Custom: any https
 * host, plain http only on loopback. A domain typed with https://, capitals, a trailing slash or
 * the API path is read as its host. Absurd values are refused at once, and a typed
 * user:password@ is never echoed. Every refusal happens before any request: nock allows none.
 */
import { inspect } from 'node:util';

import nock from 'nock';

import { ZohoIotOAuth2Api } from '../../../credentials/ZohoIotOAuth2Api.credentials';
import { ZOHO_IOT_DOMAINS, ZOHO_IOT_HOST_PATTERN } from '../../../nodes/ZohoIot/constants';
import { zohoIotApiRequest } from '../../../nodes/ZohoIot/transport';
import type { CredentialInput } from '../../helpers/n8n';
import { connectedFixture } from './fixture';
import { failureOf } from '../../helpers/failure';
import { setUpNock } from '../nock';

const setup = connectedFixture;

const get = async (overrides: CredentialInput) => {
	const { context } = setup(overrides);
	return await zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' });
};

setUpNock();

const transportAccepts = (host: string) =>
	new RegExp(ZOHO_IOT_HOST_PATTERN).test(host.toLowerCase());

describe('the application domain with a fixed data centre', () => {
	const allowed = [
		...ZOHO_IOT_DOMAINS.zohoiot.map((tld) => `app1234xxxx.zohoiot.${tld}`),
		...ZOHO_IOT_DOMAINS.zohoiotdevportal.map((tld) => `app88845pcsgg.zohoiotdevportal.${tld}`),
		...ZOHO_IOT_DOMAINS.zohoapis.map((tld) => `www.zohoapis.${tld}`),
	];

	it.each(allowed)('sends the token to %s', async (host) => {
		const scope = nock(`https://${host}`).get('/iot/v1/devices').reply(200, { devices: [] });
		await get({ applicationDomain: host });
		expect(scope.isDone()).toBe(true);
	});

	const notZoho = 'is not a Zoho IoT host';
	it.each([
		['a host outside Zoho', 'evil.example.com', notZoho],
		['a Zoho name under another domain', 'app.zohoiot.evil.com', notZoho],
		['a Zoho name followed by another TLD', 'app.zohoiot.com.evil.io', notZoho],
		['the API name under another domain', 'www.zohoapis.attacker.com', notZoho],
		['the sandbox name under another domain', 'x.zohoiotdevportal.attacker.io', notZoho],
		['another host of zohoapis', 'api.zohoapis.com', notZoho],
		['a subdomain of www.zohoapis', 'evil.www.zohoapis.com', notZoho],
		['a TLD Zoho does not use', 'app.zohoiot.xyz', notZoho],
		['a lookalike TLD', 'app.zohoiot.comx', notZoho],
		['a lookalike domain', 'app.zoho-iot.com', notZoho],
		['the bare registrable domain', 'zohoiot.com', notZoho],
		['an IP address', '52.12.3.4', notZoho],
		['a link-local address', '169.254.169.254', notZoho],
		['a port', 'app1.zohoiot.in:8443', notZoho],
		['a trailing-dot FQDN trick', 'app.zohoiot.evil.com.', 'is not a valid host'],
	])('refuses %s (%s) before sending anything', async (_, host, reason) => {
		const error = await failureOf(get({ applicationDomain: host }));
		expect(error.message).toContain(reason);
		expect(String(error.description)).toMatch(/Custom|e\.g\. app1234xxxx\.zohoiot\.in/);
	});

	it.each(['http://app1.zohoiot.in', 'http://127.0.0.1:8080'])(
		'refuses plain http, even to a Zoho IoT host or loopback: %s',
		async (applicationDomain) => {
			const error = await failureOf(get({ applicationDomain }));
			expect(error.message).toContain('uses http');
			expect(String(error.description)).toMatch(/e\.g\.|Custom|https/);
		},
	);
});

describe('the application domain as users type it', () => {
	it.each([
		[
			'with https:// and a trailing slash',
			'https://app1234xxxx.zohoiot.in/',
			'https://app1234xxxx.zohoiot.in',
		],
		['in capitals', 'APP9.zohoiotdevportal.com', 'https://app9.zohoiotdevportal.com'],
		['with the API path', 'app1.zohoiot.com.au/iot/v1', 'https://app1.zohoiot.com.au'],
	])('is read %s (%s)', async (_, applicationDomain, origin) => {
		const scope = nock(origin).get('/iot/v1/devices').reply(200, { devices: [] });
		await get({ applicationDomain });
		expect(scope.isDone()).toBe(true);
	});
});

describe('absurd values are refused at once, and credentials in URLs are never echoed', () => {
	it.each([
		['100,000 characters', `${'a'.repeat(100_000)}.zohoiot.com`, /is not a host name/],
		['a label longer than DNS allows', `${'a'.repeat(64)}.zohoiot.com`, /is not a valid host/],
		['a newline', 'app1.zohoiot.com\nHost: evil.com', /is not a host name/],
		['a NUL byte', 'app1.zohoiot.com\u0000.evil.com', /is not a host name/],
		['spaces inside', 'app1 .zohoiot.com', /is not a host name/],
		['nothing in it', '', /has no Application Domain/],
		['another scheme', 'ftp://app1.zohoiot.in', /is not an https address/],
		['a path', 'app1.zohoiot.in/other', /has a path/],
		['a query', 'app1.zohoiot.com?next=evil.com', /has more than a host/],
		['a fragment', 'app1.zohoiot.com#evil', /has more than a host/],
		[
			'backslashes',
			'https://evil.com\\@app1.zohoiot.com',
			/user name or password|not a valid host|not a Zoho IoT host/,
		],
		[
			'a user name and password',
			'https://admin:hunter2secret@app1.zohoiot.com',
			/contains a user name or password/,
		],
		[
			'a user name and password without a scheme',
			'admin:hunter2secret@app1.zohoiot.com',
			/contains a user name or password/,
		],
		[
			'a password-looking host trick',
			'app1.zohoiot.com@evil.com',
			/contains a user name or password/,
		],
		[
			'a non-string value',
			{ host: 'app1.zohoiot.com' } as unknown as string,
			/has no Application Domain/,
		],
	])('refuses a domain with %s', async (_, applicationDomain, message) => {
		const error = await failureOf(get({ applicationDomain }));
		expect(error.message).toMatch(message);
		expect(String(error.description)).toMatch(/e\.g\.|Custom|https/);
		const everything = `${error.message}\n${String(error.description)}\n${inspect(error, { depth: 10 })}`;
		expect(everything).not.toContain('hunter2secret');
		expect(everything).not.toContain(
			'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
		);
		expect(error.message.length).toBeLessThan(200);
	});
});

describe('Custom keeps its rules', () => {
	it('sends to any https host', async () => {
		const scope = nock('https://iot.example.org')
			.get('/iot/v1/devices')
			.reply(200, { devices: [] });
		await get({
			dataCenter: 'custom',
			customAccountsServer: 'https://accounts.example.org',
			applicationDomain: 'iot.example.org',
		});
		expect(scope.isDone()).toBe(true);
	});

	it.each(['localhost:8088', '127.0.0.1:8088', '[::1]:8088'])(
		'allows plain http to loopback %s',
		async (host) => {
			const scope = nock(`http://${host}`).get('/iot/v1/devices').reply(200, { devices: [] });
			await get({
				dataCenter: 'custom',
				customAccountsServer: `http://${host}`,
				applicationDomain: `http://${host}`,
			});
			expect(scope.isDone()).toBe(true);
		},
	);

	it.each([
		'http://10.0.0.5:8088',
		'http://169.254.169.254',
		'http://localhost.evil.com',
		'http://127.0.0.1.nip.io',
	])('refuses plain http to %s', async (applicationDomain) => {
		const error = await failureOf(
			get({
				dataCenter: 'custom',
				customAccountsServer: 'https://a.example.org',
				applicationDomain,
			}),
		);
		expect(error.message).toContain('uses http');
	});

	it('still refuses credentials in the URL with Custom', async () => {
		const error = await failureOf(
			get({ dataCenter: 'custom', applicationDomain: 'https://u:hunter2secret@iot.example.org' }),
		);
		expect(error.message).toMatch(/user name or password/);
		expect(`${error.message}${String(error.description)}`).not.toContain('hunter2secret');
	});
});

describe('an unknown Data Center value is held to the fixed rules', () => {
	it('refuses a non-Zoho application domain', async () => {
		const error = await failureOf(
			get({ dataCenter: 'mars', applicationDomain: 'iot.example.org' }),
		);
		expect(error.message).toContain('is not a Zoho IoT host');
		expect(String(error.description)).toContain('"mars", which is not one of the options');
	});
});

describe('the accounts server is checked before n8n is asked to refresh', () => {
	/** The API says the token expired; any token request would fail the test (no nock for it). */
	async function refreshRefused(overrides: CredentialInput, apiOrigin: string) {
		const { context, store, refresh } = setup(overrides);
		const api = nock(apiOrigin).get('/iot/v1/devices').reply(401, { code: 'INVALID_OAUTHTOKEN' });
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		expect(api.isDone()).toBe(true);
		expect(store.saved).toHaveLength(0);
		const everything = `${error.message}\n${String(error.description)}\n${inspect(error, { depth: 10 })}`;
		expect(everything).not.toContain(refresh);
		expect(everything).not.toContain('client-secret-value');
		return error;
	}

	it('refuses a plain-http, non-loopback Custom accounts server', async () => {
		const error = await refreshRefused(
			{
				dataCenter: 'custom',
				customAccountsServer: 'http://accounts.example.org',
				applicationDomain: 'iot.example.org',
			},
			'https://iot.example.org',
		);
		expect(error.message).toBe(
			'The credential\'s Accounts Server URL "http://accounts.example.org/oauth/v2/token" uses http',
		);
	});

	it('refuses a Custom accounts server with a user and password, without echoing them', async () => {
		const error = await refreshRefused(
			{
				dataCenter: 'custom',
				customAccountsServer: 'https://me:hunter2secret@accounts.example.org',
				applicationDomain: 'iot.example.org',
			},
			'https://iot.example.org',
		);
		expect(error.message).toMatch(/user name or password/);
		expect(`${error.message}${String(error.description)}`).not.toContain('hunter2secret');
	});

	it('refuses an absurdly long Custom accounts server', async () => {
		const error = await refreshRefused(
			{
				dataCenter: 'custom',
				customAccountsServer: `https://${'a'.repeat(50_000)}.example.org`,
				applicationDomain: 'iot.example.org',
			},
			'https://iot.example.org',
		);
		expect(error.message).toMatch(/is not a host name/);
	});

	it.each([
		['an attacker host', 'https://accounts.evil.com'],
		['a Zoho name under another domain', 'https://accounts.zoho.com.evil.io'],
		['plain http', 'http://127.0.0.1:9999'],
	])(
		'with an unknown Data Center value, refuses %s as accounts server',
		async (_, customAccountsServer) => {
			const error = await refreshRefused(
				{ dataCenter: 'mars', customAccountsServer, applicationDomain: 'app1.zohoiot.com' },
				'https://app1.zohoiot.com',
			);
			expect(error.message).toMatch(/is not a Zoho accounts server|uses http/);
		},
	);

	it('refuses a fixed data centre whose stored token URL was changed to another host', async () => {
		const error = await refreshRefused(
			{ dataCenter: 'us', accessTokenUrl: 'https://accounts.evil.com/oauth/v2/token' },
			'https://app1234.zohoiot.com',
		);
		expect(error.message).toContain('is not a Zoho accounts server');
		expect(String(error.description)).toContain('accounts.zoho.com');
	});

	it.each([
		[
			"the chosen data centre's (Europe)",
			{ dataCenter: 'eu', applicationDomain: 'app1.zohoiot.eu' },
			'https://app1.zohoiot.eu',
			'https://accounts.zoho.eu',
		],
		[
			'a Custom https one',
			{
				dataCenter: 'custom',
				customAccountsServer: 'https://accounts.zoho.com.au',
				applicationDomain: 'app1.zohoiot.com.au',
			},
			'https://app1.zohoiot.com.au',
			'https://accounts.zoho.com.au',
		],
	])('refreshes at %s accounts server', async (_, credential, apiOrigin, accountsOrigin) => {
		const { context, store, refresh, fresh } = setup(credential);
		const api = nock(apiOrigin)
			.get('/iot/v1/devices/1')
			.reply(401, { code: 'INVALID_OAUTHTOKEN' })
			.get('/iot/v1/devices/1')
			.matchHeader('authorization', `Zoho-authtoken ${fresh}`)
			.reply(200, { devices: { id: '1' } });
		const accounts = nock(accountsOrigin)
			.post(
				'/oauth/v2/token',
				(body) => body.grant_type === 'refresh_token' && body.refresh_token === refresh,
			)
			.reply(200, { access_token: fresh, expires_in: 3600 });
		await zohoIotApiRequest.call(context, { method: 'GET', path: 'devices/1' });
		expect(api.isDone() && accounts.isDone()).toBe(true);
		expect(store.saved).toHaveLength(1);
	});
});

describe('the credential form warns exactly where the transport refuses', () => {
	const notice = new ZohoIotOAuth2Api().properties.find(
		(p) => p.name === 'applicationDomainNotice',
	)!;
	const hiddenFor = notice.displayOptions!.hide!.applicationDomain as Array<
		string | { _cnd: { regex: string } }
	>;
	const formAccepts = (value: string) =>
		hiddenFor.some(
			(entry) => typeof entry === 'object' && new RegExp(entry._cnd.regex).test(value),
		);

	it("builds the form's pattern from the same constant", () => {
		expect(
			hiddenFor.some(
				(entry) => typeof entry === 'object' && entry._cnd.regex.includes('zohoiotdevportal'),
			),
		).toBe(true);
	});

	it.each([
		'app1234xxxx.zohoiot.in',
		'APP9.zohoiotdevportal.com',
		'www.zohoapis.com.au',
		'app.zohoiot.com.cn',
		'app.zohoiot.evil.com',
		'www.zohoapis.attacker.com',
		'x.zohoiotdevportal.attacker.io',
		'app.zohoiot.com.evil.io',
		'api.zohoapis.com',
		'zohoiot.com',
		'app.zohoiot.xyz',
	])('agrees on %s', (host) => {
		expect(formAccepts(host)).toBe(transportAccepts(host));
		expect(formAccepts(`https://${host}/`)).toBe(transportAccepts(host));
	});
});
