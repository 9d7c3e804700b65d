import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { API_BASE_PATH, fixedDataCenter, ZOHO_IOT_HOST_PATTERN } from '../constants';
import type { ZohoIotCredentials } from './types';

const zohoIotHost = new RegExp(ZOHO_IOT_HOST_PATTERN);
const loopbackHost = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/**
 * The API base URL for a credential, e.g. `https://app1234xxxx.zohoiot.in/iot/v1`.
 *
 * This is the guard that keeps the access token on Zoho's hosts: with a fixed data centre only
 * Zoho IoT hosts over https pass; with Custom any https host passes, and http only for the
 * loopback addresses the local emulator listens on.
 */
export function resolveApiBaseUrl(credentials: ZohoIotCredentials, node: INode, itemIndex?: number): string {
	const raw = String(credentials.applicationDomain ?? '').trim();
	const fail = (message: string, description: string) =>
		new NodeOperationError(node, message, { description, itemIndex });
	const example = 'Enter the host of your Zoho IoT application, e.g. app1234xxxx.zohoiot.in';

	if (!raw) {
		throw fail('The credential has no Application Domain', example);
	}
	let url: URL;
	try {
		url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
	} catch {
		throw fail(`The credential's Application Domain "${raw}" is not a valid host`, example);
	}
	const path = url.pathname.replace(/\/+$/, '');
	if (path !== '' && path !== API_BASE_PATH) {
		throw fail(
			`The credential's Application Domain "${raw}" has a path`,
			`${example}, without a path: the package adds ${API_BASE_PATH} itself`,
		);
	}
	if (url.search || url.hash || url.username || url.password) {
		throw fail(`The credential's Application Domain "${raw}" has more than a host`, example);
	}

	const host = url.hostname.toLowerCase();
	const isCustom = credentials.dataCenter === 'custom';
	if (url.protocol === 'http:') {
		if (!isCustom || !loopbackHost.test(host)) {
			throw fail(
				`The credential's Application Domain "${raw}" uses http`,
				'Your access token is only sent over https. Plain http is allowed for a local emulator on 127.0.0.1 or localhost with the Custom data center.',
			);
		}
	} else if (url.protocol !== 'https:') {
		throw fail(`The credential's Application Domain "${raw}" is not an https address`, example);
	}
	if (!isCustom && (!zohoIotHost.test(host) || url.port !== '')) {
		const dataCenter = fixedDataCenter(credentials.dataCenter)?.name ?? credentials.dataCenter;
		throw fail(
			`The credential's Application Domain "${url.host}" is not a Zoho IoT host`,
			`With the ${dataCenter} data center your access token is only sent to Zoho IoT hosts (*.zohoiot.<tld>, *.zohoiotdevportal.<tld> or www.zohoapis.<tld>). ${example}. For any other host, choose the Custom data center.`,
		);
	}
	return `${url.protocol}//${url.host}${API_BASE_PATH}`;
}
