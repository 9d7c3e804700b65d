import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import {
	AUTH_QUERY_PARAMETERS,
	AUTHORIZE_PATH,
	DATA_CENTERS,
	DATAPOINT_VALUES_SCOPE,
	DEFAULT_HEADER_SCHEME,
	DEFAULT_SCOPES,
	RECORD_MODULES,
	SCOPE_OPERATIONS,
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

/**
 * The scopes to ask for, as an expression over the form's Access choices: the user picks modules
 * and read or write instead of typing Zoho's scope grammar. `scope` itself is hidden; n8n
 * evaluates this on Connect. No regular expression (see above).
 */
const DATAPOINT_VALUES_CHOICE = 'datapointValues';
const CUSTOM_MODULES_CHOICE = 'customModules';
const fixedScopes = JSON.stringify({
	[DATAPOINT_VALUES_CHOICE]: DATAPOINT_VALUES_SCOPE,
	[CUSTOM_MODULES_CHOICE]: 'ZohoIOT.modules.ALL',
});
const chosenModules = `[].concat($self["scopeModules"] || [])`;
const chosenOperation = `($self["scopeOperation"] || "ALL")`;
const moduleScopes = `${chosenModules}.map((m) => (${fixedScopes}[m] || "ZohoIOT.modules." + m + "." + ${chosenOperation})).join(",")`;
const customScopes = 'String($self["customScope"] || "").trim()';
const scopeExpression = `={{ $self["scopeAccess"] === "modules" ? ${moduleScopes} : $self["scopeAccess"] === "custom" ? ${customScopes} : "${DEFAULT_SCOPES}" }}`;

const titleCase = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

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
			displayName: 'Access',
			name: 'scopeAccess',
			type: 'options',
			options: [
				{
					name: 'All Modules',
					value: 'all',
					description: `Every module, custom modules and datapoint values: everything the node and its trigger do (${DEFAULT_SCOPES.replace(',', ', ')})`,
				},
				{
					name: 'Chosen Modules',
					value: 'modules',
					description: 'Least privilege: only the modules you pick, read-only or read and write',
				},
				{
					name: 'Custom Scope',
					value: 'custom',
					description: "Type Zoho's scopes yourself, comma-separated",
				},
			],
			default: 'all',
			description:
				'What the connection may do in Zoho IoT. Zoho puts it in the token when you connect: after changing it, save and press "Reconnect".',
		},
		{
			displayName: 'Modules',
			name: 'scopeModules',
			type: 'multiOptions',
			options: [
				...RECORD_MODULES.map((module) => ({
					name: titleCase(module),
					value: module,
					description: `ZohoIOT.modules.${module}.<operation>`,
				})),
				{
					name: 'Custom Modules',
					value: CUSTOM_MODULES_CHOICE,
					description:
						'ZohoIOT.modules.ALL: Zoho has no narrower scope for custom modules, so this grants every module',
				},
				{
					name: 'Datapoint Values (Get Values)',
					value: DATAPOINT_VALUES_CHOICE,
					description: `${DATAPOINT_VALUES_SCOPE}: Zoho names a CREATE scope for this read`,
				},
			],
			default: ['alarms', 'assets', 'devices', DATAPOINT_VALUES_CHOICE],
			description:
				"The modules the connection may use. The trigger's Alarm Raised event needs Alarms; Datapoint -> Get Values needs Datapoint Values.",
			displayOptions: { show: { scopeAccess: ['modules'] } },
		},
		{
			displayName: 'Operations',
			name: 'scopeOperation',
			type: 'options',
			options: Object.entries(SCOPE_OPERATIONS).map(([value, name]) => ({
				name,
				value,
				description: `ZohoIOT.modules.<module>.${value}`,
			})),
			default: 'ALL',
			description:
				'Read Only is enough for Get, Get Many, list searches and the trigger; Create, Update and Delete need Read and Write',
			displayOptions: { show: { scopeAccess: ['modules'] } },
		},
		{
			displayName: 'Scope',
			name: 'customScope',
			type: 'string',
			default: '',
			required: true,
			placeholder: `e.g. ZohoIOT.modules.devices.READ,${DATAPOINT_VALUES_SCOPE}`,
			description: "Comma-separated Zoho IoT scopes, in Zoho's own grammar",
			displayOptions: { show: { scopeAccess: ['custom'] } },
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: scopeExpression,
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
