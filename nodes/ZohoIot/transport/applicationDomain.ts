import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	API_BASE_PATH,
	DATA_CENTERS,
	fixedDataCenter,
	MAX_HOST_LENGTH,
	MAX_URL_FIELD_LENGTH,
	TOKEN_PATH,
	ZOHO_ACCOUNTS_HOSTS,
	ZOHO_IOT_HOST_PATTERN,
} from '../constants';
import { forMessage, hasControlCharacters, isOneOf } from '../helpers/values';
import type { ZohoIotCredentials } from './types';

const zohoIotHost = new RegExp(ZOHO_IOT_HOST_PATTERN);
const loopbackHost = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;
/** A DNS name (labels of letters, digits and hyphens) or a bracketed IPv6 literal. */
const hostName =
	/^(?:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?))*|\[[0-9a-f:.]+\])$/;

/**
 * A credential field as it may appear in an error: user:password@ removed, control characters
 * dropped, at most 80 characters. What the user typed is never echoed with a password in it.
 */
export function shownValue(raw: string): string {
	const withoutUser = raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/?#@]*@/i, '$1');
	return forMessage(withoutUser, 80, '');
}

interface ServerRules {
	/** The credential field, for messages, e.g. "Application Domain". */
	field: string;
	/** The credential's data centre value: "custom", a fixed one, or something unknown. */
	dataCenter: string | undefined;
	/** Whether a host may be sent secrets under the fixed data centres' rules. */
	isZohoHost: (host: string) => boolean;
	/** The hosts allowed under the fixed rules, for the description. */
	zohoHosts: string;
	/** What a refused host is not, e.g. "a Zoho IoT host". */
	notA: string;
	example: string;
	/** The paths the field may carry, e.g. "" and "/iot/v1". */
	allowedPaths: string[];
}

/**
 * The URL a credential field names, checked before any secret is sent there: one well-formed
 * host, no user:password@, no query; https only, except plain http to a loopback address with
 * Custom (the local emulator); with any other data centre value, only Zoho's own hosts.
 */
function checkedServer(raw: unknown, rules: ServerRules, node: INode, itemIndex?: number): URL {
	const fail = (message: string, description: string) =>
		new NodeOperationError(node, message, { description, itemIndex });
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (!text) throw fail(`The credential has no ${rules.field}`, rules.example);
	if (text.length > MAX_URL_FIELD_LENGTH || hasControlCharacters(text) || /\s/.test(text)) {
		throw fail(
			`The credential's ${rules.field} is not a host name`,
			`It holds ${text.length > MAX_URL_FIELD_LENGTH ? `${text.length} characters` : 'spaces or control characters'}. ${rules.example}`,
		);
	}
	const shown = shownValue(text);
	let url: URL;
	try {
		url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
	} catch {
		throw fail(`The credential's ${rules.field} "${shown}" is not a valid host`, rules.example);
	}
	if (
		url.username ||
		url.password ||
		/@/.test(text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#]/)[0])
	) {
		throw fail(
			`The credential's ${rules.field} "${shown}" contains a user name or password`,
			`Remove the "user:password@" part: Zoho signs in with OAuth, never with credentials in the address. ${rules.example}`,
		);
	}
	const path = url.pathname.replace(/\/+$/, '');
	if (!rules.allowedPaths.includes(path)) {
		throw fail(
			`The credential's ${rules.field} "${shown}" has a path`,
			`${rules.example}, without a path`,
		);
	}
	if (url.search || url.hash || text.includes('?') || text.includes('#')) {
		throw fail(`The credential's ${rules.field} "${shown}" has more than a host`, rules.example);
	}
	const host = url.hostname.toLowerCase();
	if (host.length > MAX_HOST_LENGTH || !hostName.test(host)) {
		throw fail(`The credential's ${rules.field} "${shown}" is not a valid host`, rules.example);
	}

	const isCustom = rules.dataCenter === 'custom';
	if (url.protocol === 'http:') {
		if (!isCustom || !loopbackHost.test(host)) {
			throw fail(
				`The credential's ${rules.field} "${shown}" uses http`,
				'Secrets are only sent over https. Plain http is allowed for a local emulator on 127.0.0.1 or localhost with the Custom data center.',
			);
		}
	} else if (url.protocol !== 'https:') {
		throw fail(`The credential's ${rules.field} "${shown}" is not an https address`, rules.example);
	}
	if (!isCustom && (!rules.isZohoHost(host) || url.port !== '')) {
		const known = fixedDataCenter(rules.dataCenter)?.name;
		throw fail(
			`The credential's ${rules.field} "${shown}" is not ${rules.notA}`,
			`${known ? `With the ${known} data center` : `With the Data Center value "${shownValue(String(rules.dataCenter))}", which is not one of the options,`} secrets are only sent to ${rules.zohoHosts}. ${rules.example}. For any other host, choose the Custom data center.`,
		);
	}
	return url;
}

/**
 * The API base URL for a credential, e.g. `https://app1234xxxx.zohoiot.in/iot/v1`.
 *
 * This is the guard that keeps the access token on Zoho's hosts: with a fixed data centre only
 * Zoho IoT hosts over https pass; with Custom any https host passes, and http only for the
 * loopback addresses the local emulator listens on.
 */
export function resolveApiBaseUrl(
	credentials: ZohoIotCredentials,
	node: INode,
	itemIndex?: number,
): string {
	const url = checkedServer(
		credentials.applicationDomain,
		{
			field: 'Application Domain',
			dataCenter: credentials.dataCenter,
			isZohoHost: (host) => zohoIotHost.test(host),
			notA: 'a Zoho IoT host',
			zohoHosts:
				"Zoho IoT hosts (*.zohoiot.<tld>, *.zohoiotdevportal.<tld> or www.zohoapis.<tld>, for Zoho's data centres' TLDs)",
			example: 'Enter the host of your Zoho IoT application, e.g. app1234xxxx.zohoiot.in',
			allowedPaths: ['', API_BASE_PATH],
		},
		node,
		itemIndex,
	);
	return `${url.protocol}//${url.host}${API_BASE_PATH}`;
}

/**
 * The token URL a refresh will send the refresh token and client secret to, checked with the
 * same rules as the application domain BEFORE n8n is asked to refresh: the URL n8n would use
 * (the credential's resolved Access Token URL) must be the chosen data centre's, Zoho's for an
 * unknown Data Center value, and https (or loopback http) for Custom.
 */
export function checkAccountsServer(
	credentials: ZohoIotCredentials,
	node: INode,
	itemIndex?: number,
): void {
	const fixed = fixedDataCenter(credentials.dataCenter);
	const tokenUrl =
		typeof credentials.accessTokenUrl === 'string' && credentials.accessTokenUrl.trim()
			? credentials.accessTokenUrl
			: `${fixed?.accountsServer ?? String(credentials.customAccountsServer ?? '').replace(/\/+$/, '')}${TOKEN_PATH}`;
	const field = credentials.dataCenter === 'custom' ? 'Accounts Server URL' : 'accounts server';
	checkedServer(
		tokenUrl,
		{
			field,
			dataCenter: credentials.dataCenter,
			isZohoHost: (host) =>
				fixed
					? host === new URL(fixed.accountsServer).hostname
					: isOneOf(host, ZOHO_ACCOUNTS_HOSTS),
			notA: 'a Zoho accounts server',
			zohoHosts: fixed
				? new URL(fixed.accountsServer).hostname
				: `Zoho's accounts servers (${Object.values(DATA_CENTERS)
						.map((dc) => new URL(dc.accountsServer).hostname)
						.join(', ')}, ...)`,
			example:
				'Choose your data centre, or with Custom enter the accounts server, e.g. https://accounts.zoho.com.au',
			allowedPaths: [TOKEN_PATH],
		},
		node,
		itemIndex,
	);
}
