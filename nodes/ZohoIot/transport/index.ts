/**
 * The only code that talks HTTP to Zoho IoT.
 *
 * Every request: the credential's application domain (checked to be a Zoho IoT host), the
 * `Authorization: <scheme> <token>` header Zoho IoT wants (n8n's own OAuth2 signing can only
 * write "Bearer"), a token refresh through the credential when Zoho says the token expired,
 * retries with backoff for throttling and transient faults, and Zoho's error envelope turned
 * into errors that say what to do.
 */
import type { IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import {
	DEFAULT_HEADER_SCHEME,
	EXPIRED_TOKEN_CODES,
	EXPIRED_TOKEN_STATUS,
	HEADER_SCHEMES,
	MAX_PAGE_SIZE,
	NOT_EXPIRY_CODES,
	RETRY,
	type HeaderScheme,
	type ZohoModule,
} from '../constants';
import { baseUrlOf, forgetCredential, readCredential } from './credentialCache';
import { asZohoError, explainedError, zohoApiError } from './errors';
import {
	backoffDelayMs,
	isThrottled,
	isTransientNetworkError,
	networkErrorCode,
	parseRetryAfter,
	wasNeverSent,
} from './retry';
import { dataCenterMismatchHint, isKnownExpired, refreshAccessToken } from './tokenRefresh';
import type {
	ZohoIotContext,
	ZohoIotCredentials,
	ZohoIotRequest,
	ZohoIotWriteRequest,
	ZohoResponse,
} from './types';

export type { ZohoIotContext, ZohoIotRequest, ZohoIotWriteRequest } from './types';

function isExpiredToken(response: ZohoResponse): boolean {
	const code = (response.body as { code?: unknown } | undefined)?.code;
	if (typeof code === 'string' && EXPIRED_TOKEN_CODES.includes(code)) return true;
	// A 401 about scopes is not an expiry: a new token would carry the same scopes.
	return response.statusCode === EXPIRED_TOKEN_STATUS && !(typeof code === 'string' && NOT_EXPIRY_CODES.includes(code));
}

function headerSchemeOf(credentials: ZohoIotCredentials): HeaderScheme {
	const scheme = credentials.headerScheme;
	return scheme && (HEADER_SCHEMES as readonly string[]).includes(scheme) ? scheme : DEFAULT_HEADER_SCHEME;
}

function stillRejectedError(node: INode, credentials: ZohoIotCredentials, response: ZohoResponse, itemIndex?: number) {
	const scheme = headerSchemeOf(credentials);
	const other = HEADER_SCHEMES.filter((candidate) => candidate !== scheme).join(' or ');
	const zohoCode = (response.body as { code?: unknown } | undefined)?.code;
	return explainedError(
		node,
		`Zoho IoT rejected a freshly refreshed access token${typeof zohoCode === 'string' ? ` (${zohoCode})` : ''}`,
		`The token was just renewed, so it has not expired. Check the credential's Authorization Header Scheme (now "${scheme}"; try ${other}) and that its Scope covers this resource (e.g. ZohoIOT.modules.devices.ALL, ZohoIOT.modules.assets.ALL), then reconnect the credential.${dataCenterMismatchHint(credentials)}`,
		{ itemIndex, httpCode: response.statusCode, credentials },
	);
}

/** Plain words for connection failures; n8n rewrites messages that contain the raw code. */
const CONNECTION_FAILURES: Record<string, string> = {
	ECONNRESET: 'the connection was dropped',
	EPIPE: 'the connection was dropped',
	ETIMEDOUT: 'the request timed out',
	ECONNABORTED: 'the request timed out',
	ESOCKETTIMEDOUT: 'the request timed out',
	ERR_SOCKET_CONNECTION_TIMEOUT: 'the request timed out',
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host was not found',
	EAI_AGAIN: 'the host was not found',
};

function connectionError(
	node: INode,
	error: unknown,
	request: ZohoIotRequest,
	retried: number,
	credentials: ZohoIotCredentials,
) {
	const code = networkErrorCode(error);
	const what = (code && CONNECTION_FAILURES[code]) ?? 'no answer came back';
	const createNotRetried = request.method === 'POST' && !wasNeverSent(code);
	return explainedError(
		node,
		`Zoho IoT did not answer: ${what}`,
		`${
			createNotRetried
				? 'The request was not sent again because Zoho IoT may have received it: check whether the record was created before running the workflow again.'
				: `Tried ${retried + 1} time(s). Check the credential's Application Domain and your network, then run the workflow again.`
		} (${code ?? 'no error code'})`,
		{ itemIndex: request.itemIndex, credentials },
	);
}

async function send(
	this: ZohoIotContext,
	url: string,
	request: ZohoIotRequest,
	authorization: string,
): Promise<ZohoResponse> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url,
		qs: request.qs,
		body: request.body,
		json: true,
		headers: { Authorization: authorization },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: RETRY.requestTimeoutMs,
	};
	// The Authorization header is built by hand on purpose: n8n's OAuth2 signing
	// (httpRequestWithAuthentication) can only write "Bearer", and Zoho IoT wants its own scheme.
	const response = (await this.helpers.httpRequest(options)) as ZohoResponse;
	return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
}

/** A fresh token for the stale one; the next request then reads the credential n8n saved. */
async function refreshedToken(
	this: ZohoIotContext,
	credentials: ZohoIotCredentials,
	staleToken: string,
	itemIndex: number | undefined,
): Promise<string> {
	const fresh = await refreshAccessToken.call(this, credentials, staleToken, itemIndex);
	await forgetCredential.call(this, staleToken);
	return fresh;
}

/** One Zoho IoT request, with refresh and retries; resolves to Zoho's JSON answer. */
export async function zohoIotApiRequest(this: ZohoIotContext, request: ZohoIotRequest): Promise<IDataObject> {
	const { response } = await exchange.call(this, request);
	return (response.body ?? {}) as IDataObject;
}

/** The request as zohoIotApiRequest sends it, with Zoho's final answer and the credential. */
async function exchange(
	this: ZohoIotContext,
	request: ZohoIotRequest,
): Promise<{ response: ZohoResponse; credentials: ZohoIotCredentials }> {
	const node = this.getNode();
	const { itemIndex } = request;
	// Read once per execution, and again after a refresh (see credentialCache.ts).
	const read = await readCredential.call(this, itemIndex);
	const { credentials, scheme } = read;
	const url = `${baseUrlOf(read, node, itemIndex)}/${request.path.replace(/^\/+/, '')}`;
	// A create is sent again only when Zoho certainly did not process it, so it never lands twice.
	const idempotent = request.method !== 'POST';

	let token = credentials.oauthTokenData?.access_token;
	if (!token) {
		throw new NodeOperationError(node, 'The Zoho IoT credential is not connected', {
			description: 'Open the credential and press "Connect" to sign in with Zoho.',
			itemIndex,
		});
	}
	let refreshed = false;
	if (isKnownExpired(credentials.oauthTokenData)) {
		// n8n recorded when this token expires: refresh now instead of spending a failing call.
		token = await refreshedToken.call(this, credentials, token, itemIndex);
		refreshed = true;
	}

	let retries = 0;
	for (;;) {
		let response: ZohoResponse;
		try {
			response = await send.call(this, url, request, `${scheme} ${token}`);
		} catch (error) {
			const code = networkErrorCode(error);
			if (isTransientNetworkError(code) && (idempotent || wasNeverSent(code)) && retries < RETRY.maxRetries) {
				await sleep(backoffDelayMs(retries++, undefined));
				continue;
			}
			throw connectionError(node, error, request, retries, credentials);
		}

		if (isExpiredToken(response)) {
			if (refreshed) throw stillRejectedError(node, credentials, response, itemIndex);
			token = await refreshedToken.call(this, credentials, token, itemIndex);
			refreshed = true;
			continue;
		}

		const throttled = isThrottled(response);
		if ((throttled || (response.statusCode >= 500 && idempotent)) && retries < RETRY.maxRetries) {
			const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
			if (retryAfterMs === undefined || retryAfterMs <= RETRY.maxRetryAfterMs) {
				await sleep(backoffDelayMs(retries++, retryAfterMs));
				continue;
			}
			// Waiting minutes inside one execution would hold the workflow: say when to come back.
			throw explainedError(
				node,
				'Zoho IoT is throttling requests and asks to wait before the next one',
				`Zoho IoT asked to retry after ${Math.ceil(retryAfterMs / 1000)} seconds, longer than this node waits within a run. Run the workflow again after that, or lower "Max Concurrent Requests" in the node's options.`,
				{ itemIndex, httpCode: response.statusCode, credentials },
			);
		}

		const zoho = asZohoError(response.body);
		if (response.statusCode >= 500 && !idempotent) {
			throw explainedError(
				node,
				`Zoho IoT failed while creating the record (HTTP ${response.statusCode}${zoho?.code ? `, ${zoho.code}` : ''})`,
				'The request was not sent again because Zoho IoT may have created the record anyway: check whether it exists before running the workflow again.',
				{ itemIndex, httpCode: response.statusCode, credentials },
			);
		}
		if (response.statusCode >= 400 || zoho) {
			throw zohoApiError(node, { statusCode: response.statusCode, zoho, itemIndex, credentials });
		}
		return { response, credentials };
	}
}

/**
 * A create, update or delete. Zoho answers those with a per-record result array, and a record
 * that failed says `status: "error"` inside an HTTP 2xx: that is an error too.
 */
export async function zohoIotWriteRequest(this: ZohoIotContext, request: ZohoIotWriteRequest): Promise<IDataObject> {
	const { response, credentials } = await exchange.call(this, request);
	const body = (response.body ?? {}) as IDataObject;
	const results = body[request.module];
	const result = (Array.isArray(results) ? results[0] : results) as IDataObject | undefined;
	const zoho = asZohoError(result);
	if (zoho) {
		throw zohoApiError(this.getNode(), {
			statusCode: response.statusCode,
			zoho,
			itemIndex: request.itemIndex,
			credentials,
		});
	}
	return result ?? body;
}

/**
 * Zoho pages by number (offset = (page - 1) * per_page), so the page size can only change at an
 * offset it divides. The smallest size that both covers what is still wanted and divides the
 * offset is chosen; 200 always divides it, because every page before the last one was full.
 */
export function pageSizeFor(offset: number, wanted: number): number {
	const target = Math.min(MAX_PAGE_SIZE, wanted);
	if (offset === 0) return target;
	for (let size = target; size < MAX_PAGE_SIZE; size++) {
		if (offset % size === 0) return size;
	}
	return MAX_PAGE_SIZE;
}

/** One page of a module's records, as list search needs it. */
export async function zohoIotListPage(
	this: ZohoIotContext,
	module: ZohoModule,
	{ page, perPage, qs = {}, itemIndex }: { page: number; perPage: number; qs?: IDataObject; itemIndex?: number },
): Promise<{ records: IDataObject[]; moreRecords: boolean }> {
	const body = await zohoIotApiRequest.call(this, {
		method: 'GET',
		path: module,
		qs: { ...qs, page, per_page: perPage },
		itemIndex,
	});
	const records = Array.isArray(body[module]) ? (body[module] as IDataObject[]) : [];
	const info = body.info as IDataObject | undefined;
	const moreRecords = typeof info?.more_records === 'boolean' ? info.more_records : records.length === perPage;
	return { records, moreRecords };
}

/**
 * A module's records up to `limit` (all when undefined), in Zoho's order. Stops as soon as the
 * limit is reached, Zoho says there are no more records, or a page comes back short: Return All
 * over N records costs ceil(N / 200) requests, one more only when Zoho gives no `more_records`
 * and N is a multiple of 200.
 */
export async function zohoIotApiRequestAllItems(
	this: ZohoIotContext,
	module: ZohoModule,
	{ qs = {}, limit, itemIndex }: { qs?: IDataObject; limit?: number; itemIndex?: number } = {},
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	let offset = 0;
	for (;;) {
		const wanted = limit === undefined ? MAX_PAGE_SIZE : limit - records.length;
		if (wanted <= 0) return records;
		const perPage = pageSizeFor(offset, wanted);
		const { records: page, moreRecords } = await zohoIotListPage.call(this, module, {
			page: offset / perPage + 1,
			perPage,
			qs,
			itemIndex,
		});
		for (const record of page.slice(0, wanted)) records.push(record);
		offset += page.length;
		if (!moreRecords || page.length < perPage) return records;
	}
}
