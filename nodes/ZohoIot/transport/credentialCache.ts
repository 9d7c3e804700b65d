/**
 * The credential, read once per execution instead of once per request.
 *
 * Reading it costs n8n a database read, a decryption and the evaluation of the credential's
 * expression-valued URL fields: measured at about 2.4 ms a call in real n8n, which made the node
 * CPU-bound long before Zoho's concurrency limit. The read is shared by every item of one
 * execution (keyed by n8n's execution context, which lives as long as the node's run), and made
 * again only after a token refresh: then n8n has saved the new token, and the next request reads
 * it. Items that still hold the replaced token meet a 401, and the refresh state
 * (tokenRefresh.ts) hands them the fresh token without asking Zoho again.
 */
import type { INode } from 'n8n-workflow';

import {
	CREDENTIAL_TYPE,
	DEFAULT_HEADER_SCHEME,
	HEADER_SCHEMES,
	type HeaderScheme,
} from '../constants';
import { resolveApiBaseUrl } from './applicationDomain';
import { isOneOf } from '../helpers/values';
import { perExecution } from './perExecution';
import type { ZohoIotContext, ZohoIotCredentials } from './types';

/** One read of the credential and what every request derives from it. */
export interface CredentialRead {
	credentials: ZohoIotCredentials;
	scheme: HeaderScheme;
	/** The API base URL, resolved at the first request (its errors belong to that item). */
	baseUrl?: string;
}

const reads = perExecution<Promise<CredentialRead>>();

/** The Authorization scheme the credential names, or the default for a value it does not know. */
function headerSchemeOf(credentials: ZohoIotCredentials): HeaderScheme {
	const scheme = credentials.headerScheme;
	return isOneOf(scheme, HEADER_SCHEMES) ? scheme : DEFAULT_HEADER_SCHEME;
}

/** The credential of this execution: read on first use, then shared by every request. */
export async function readCredential(
	this: ZohoIotContext,
	itemIndex?: number,
): Promise<CredentialRead> {
	const { key, values } = reads(this);
	let read = values.get(key);
	if (!read) {
		read = this.getCredentials<ZohoIotCredentials>(CREDENTIAL_TYPE, itemIndex).then(
			(credentials) => ({
				credentials,
				scheme: headerSchemeOf(credentials),
			}),
		);
		// A failed read is not kept: the next item asks n8n again and gets its own error.
		read.catch(() => values.delete(key));
		values.set(key, read);
	}
	return await read;
}

/** The API base URL of a credential read, resolved once. */
export function baseUrlOf(read: CredentialRead, node: INode, itemIndex?: number): string {
	read.baseUrl ??= resolveApiBaseUrl(read.credentials, node, itemIndex);
	return read.baseUrl;
}

/**
 * Forgets this execution's read once `staleToken` was refreshed, so the next request reads the
 * token n8n saved. A read that already carries another token is kept (it is the fresh one).
 */
export async function forgetCredential(this: ZohoIotContext, staleToken: string): Promise<void> {
	const { key, values } = reads(this);
	const read = values.get(key);
	if (!read) return;
	const held = await read.then(
		(value) => value.credentials.oauthTokenData?.access_token,
		() => undefined,
	);
	if (held === staleToken && values.get(key) === read) values.delete(key);
}
