import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { ZohoIotOAuth2Api } from '../../credentials/ZohoIotOAuth2Api.credentials';
import { DATA_CENTERS, DEFAULT_SCOPES, RECORD_MODULES } from '../../nodes/ZohoIot/constants';
import { CredentialStore, defaultCredential, type CredentialInput } from '../helpers/n8n';

const credential = new ZohoIotOAuth2Api();
const field = (name: string) =>
	credential.properties.find((p) => p.name === name) as INodeProperties;

/** Whether n8n's form shows the "not a Zoho IoT host" notice for these values. */
function noticeShown(dataCenter: string, applicationDomain: string): boolean {
	return NodeHelpers.displayParameter(
		{ dataCenter, applicationDomain },
		field('applicationDomainNotice'),
		null,
		{ properties: credential.properties } as unknown as INodeTypeDescription,
	);
}

describe('Zoho IoT OAuth2 API credential', () => {
	it('is an authorization-code OAuth2 credential named as workflows expect', () => {
		expect(credential.name).toBe('zohoIotOAuth2Api');
		expect(credential.displayName).toBe('Zoho IoT OAuth2 API');
		expect(credential.extends).toEqual(['oAuth2Api']);
		expect(field('grantType').default).toBe('authorizationCode');
		expect(credential.documentationUrl).toMatch(/^https:\/\/.+#credential-zoho-iot-oauth2-api$/);
	});

	it('offers the five data centres of the Zoho IoT guide and Custom, United States first by default', () => {
		const dataCenter = field('dataCenter');
		expect(dataCenter.default).toBe('us');
		expect((dataCenter.options as Array<{ name: string }>).map((o) => o.name)).toEqual([
			'United States',
			'Europe',
			'India',
			'Saudi Arabia',
			'Australia',
			'Custom',
		]);
		expect(field('customAccountsServer').displayOptions).toEqual({
			show: { dataCenter: ['custom'] },
		});
	});

	it('offers the three header schemes, Zoho-authtoken by default', () => {
		const scheme = field('headerScheme');
		expect(scheme.default).toBe('Zoho-authtoken');
		expect((scheme.options as Array<{ value: string }>).map((o) => o.value)).toEqual([
			'Zoho-authtoken',
			'Zoho-oauthtoken',
			'Bearer',
		]);
	});

	it.each([
		'app1234xxxx.zohoiot.in',
		'https://app1234xxxx.zohoiot.in/',
		'appXXXX.zohoiotdevportal.com',
		'app1.zohoiot.com.au',
		'www.zohoapis.eu',
		'',
	])('shows no warning for %p with a fixed data centre', (domain) => {
		expect(noticeShown('in', domain)).toBe(false);
	});

	it.each(['evil.example.com', 'http://app1.zohoiot.in', 'app1.zohoiot.in.evil.io', 'zohoiot.in'])(
		'warns that %p is not a Zoho IoT host with a fixed data centre',
		(domain) => {
			expect(noticeShown('us', domain)).toBe(true);
		},
	);

	it("does not warn with the Custom data centre, where any host is the user's choice", () => {
		expect(noticeShown('custom', 'http://127.0.0.1:8088')).toBe(false);
	});
});

describe("what n8n's OAuth2 flow reads from the credential", () => {
	const resolved = (choices: CredentialInput = {}) =>
		new CredentialStore(defaultCredential(choices)).decrypted();

	it.each(Object.entries(DATA_CENTERS))(
		'derives the %s accounts URLs from the data-centre table',
		(key, dc) => {
			expect(resolved({ dataCenter: key }).authUrl).toBe(`${dc.accountsServer}/oauth/v2/auth`);
			expect(resolved({ dataCenter: key }).accessTokenUrl).toBe(
				`${dc.accountsServer}/oauth/v2/token`,
			);
		},
	);

	it('uses the typed accounts server for Custom, trimming a trailing slash', () => {
		const custom = resolved({
			dataCenter: 'custom',
			customAccountsServer: ' https://accounts.zoho.com.au/ ',
		});
		expect(custom.authUrl).toBe('https://accounts.zoho.com.au/oauth/v2/auth');
		expect(custom.accessTokenUrl).toBe('https://accounts.zoho.com.au/oauth/v2/token');
	});

	// The default scope it asks for: "scopes chosen without typing Zoho grammar" below.
	it('asks for offline access with consent, sends the client secret in the body, and uses the Zoho-authtoken scheme', () => {
		expect(resolved().authQueryParameters).toBe('access_type=offline&prompt=consent');
		expect(resolved().authentication).toBe('body');
		expect(resolved().headerScheme).toBe('Zoho-authtoken');
	});
});

describe('scopes chosen without typing Zoho grammar', () => {
	const scopeOf = (choices: CredentialInput) =>
		String(new CredentialStore(defaultCredential(choices)).decrypted().scope);

	it('asks for every module and datapoint values by default, so the trigger and Get Values work at once', () => {
		expect(scopeOf({})).toBe('ZohoIOT.modules.ALL,ZohoIOT.modules.datapoints.data.CREATE');
		expect(scopeOf({})).toBe(DEFAULT_SCOPES);
		expect(field('scopeAccess').default).toBe('all');
	});

	it('builds read-only scopes from the modules picked', () => {
		expect(
			scopeOf({
				scopeAccess: 'modules',
				scopeModules: ['alarms', 'devices', 'datapointValues'],
				scopeOperation: 'READ',
			}),
		).toBe(
			'ZohoIOT.modules.alarms.READ,ZohoIOT.modules.devices.READ,ZohoIOT.modules.datapoints.data.CREATE',
		);
	});

	it('builds read-and-write scopes, and full module access only for custom modules', () => {
		expect(
			scopeOf({
				scopeAccess: 'modules',
				scopeModules: ['assets', 'customModules'],
				scopeOperation: 'ALL',
			}),
		).toBe('ZohoIOT.modules.assets.ALL,ZohoIOT.modules.ALL');
	});

	it("picks the form's default modules when the user chose modules but changed nothing", () => {
		expect(scopeOf({ scopeAccess: 'modules' })).toBe(
			'ZohoIOT.modules.alarms.ALL,ZohoIOT.modules.assets.ALL,ZohoIOT.modules.devices.ALL,ZohoIOT.modules.datapoints.data.CREATE',
		);
	});

	it('passes a custom scope string through, trimmed', () => {
		expect(scopeOf({ scopeAccess: 'custom', customScope: ' ZohoIOT.modules.devices.READ ' })).toBe(
			'ZohoIOT.modules.devices.READ',
		);
	});

	it('offers every documented module, custom modules and datapoint values', () => {
		const values = (field('scopeModules').options as Array<{ value: string }>).map((o) => o.value);
		expect(values).toEqual([...RECORD_MODULES, 'customModules', 'datapointValues']);
	});
});
