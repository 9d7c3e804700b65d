import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import {
	AUTH_QUERY_PARAMETERS,
	AUTHORIZE_PATH,
	DATA_CENTERS,
	DEFAULT_HEADER_SCHEME,
	DEFAULT_SCOPES,
	TOKEN_PATH,
	ZOHO_IOT_HOST_PATTERN,
} from '../nodes/ZohoIot/constants';

/**
 * The accounts server as an n8n expression over the form's own fields ($self): a lookup in the
 * data-centre table, or the URL the user typed for Custom. Built from DATA_CENTERS so the table
 * exists once; the editor and n8n's OAuth2 code evaluate it, not this package.
 */
const dataCenterTable = JSON.stringify(
	Object.fromEntries(Object.entries(DATA_CENTERS).map(([key, dc]) => [key, dc.accountsServer])),
);
// No regular expression here: n8n runs those in a sandbox with a 250 ms timeout, which a busy
// machine can exceed, failing the credential for every request. One trailing slash is dropped.
const customServer = 'String($self["customAccountsServer"] || "").trim()';
const accountsServerExpression = `(${dataCenterTable}[$self["dataCenter"]] || (${customServer}.slice(-1) === "/" ? ${customServer}.slice(0, -1) : ${customServer}))`;
const accountsUrl = (path: string) => `={{ ${accountsServerExpression} + "${path}" }}`;

export class ZohoIotOAuth2Api implements ICredentialType {
	name = 'zohoIotOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Zoho IoT OAuth2 API';

	icon: Icon = { light: 'file:../icons/zohoIot.svg', dark: 'file:../icons/zohoIot.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-zoho-iot/n8n-nodes-zoho-iot/blob/main/README.md#credential-zoho-iot-oauth2-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Data Center',
			name: 'dataCenter',
			type: 'options',
			options: [
				...Object.entries(DATA_CENTERS).map(([value, dc]) => ({
					name: dc.name,
					value,
					description: dc.accountsServer,
				})),
				{
					name: 'Custom',
					value: 'custom',
					description: 'Another Zoho accounts server, or the bundled Zoho IoT emulator',
				},
			],
			default: 'us',
			description:
				'The Zoho data centre your Zoho IoT account lives in: it decides where you sign in and where tokens come from',
		},
		{
			displayName: 'Accounts Server URL',
			name: 'customAccountsServer',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://accounts.zoho.com.au',
			description:
				'The Zoho accounts server to sign in with, without a path. Use it for data centres not listed above, or http://127.0.0.1:PORT for the local emulator.',
			required: true,
			displayOptions: { show: { dataCenter: ['custom'] } },
		},
		{
			displayName: 'Application Domain',
			name: 'applicationDomain',
			type: 'string',
			default: '',
			placeholder: 'e.g. app1234xxxx.zohoiot.in',
			description:
				'The host of your Zoho IoT application, as shown in its address bar. "https://" and a trailing slash are optional. The access token is only ever sent to this host.',
			required: true,
		},
		{
			displayName:
				"This is not a Zoho IoT host. Use your application's domain, e.g. app1234xxxx.zohoiot.in (the access token only goes to Zoho IoT hosts, over https). For another host, choose the Custom data center.",
			name: 'applicationDomainNotice',
			type: 'notice',
			default: '',
			displayOptions: {
				hide: {
					dataCenter: ['custom'],
					applicationDomain: [
						'',
						{
							_cnd: {
								regex: `^\\s*(?:https://)?(?:${ZOHO_IOT_HOST_PATTERN.replace(/\^|\$/g, '')})/?\\s*$`,
							},
						},
					],
				},
			},
		},
		{
			displayName: 'Authorization Header Scheme',
			name: 'headerScheme',
			type: 'options',
			options: [
				{
					name: 'Zoho-Authtoken',
					value: 'Zoho-authtoken',
					description:
						"The scheme Zoho IoT's OAuth guide names (default); Zoho's API reference pages show Zoho-oauthtoken",
				},
				{
					name: 'Zoho-Oauthtoken',
					value: 'Zoho-oauthtoken',
					description:
						'The scheme every Zoho IoT API reference page shows: the first to try if the default is rejected',
				},
				{
					name: 'Bearer',
					value: 'Bearer',
					description: 'The standard OAuth 2.0 scheme, also accepted by Zoho Accounts',
				},
			],
			default: DEFAULT_HEADER_SCHEME,
			description:
				'The scheme in "Authorization: <scheme> <token>". Zoho IoT\'s OAuth guide names Zoho-authtoken (the default), its API pages Zoho-oauthtoken: try that first if a just-refreshed token is rejected.',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: accountsUrl(AUTHORIZE_PATH),
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: accountsUrl(TOKEN_PATH),
			required: true,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: DEFAULT_SCOPES,
			description:
				'Comma-separated Zoho IoT scopes to ask for, e.g. ZohoIOT.modules.devices.READ for read-only device access. Reconnect after changing them.',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: AUTH_QUERY_PARAMETERS,
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];
}
