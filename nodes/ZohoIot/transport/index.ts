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

import {
	EXPIRED_TOKEN_CODES,
	EXPIRED_TOKEN_STATUS,
	type HeaderScheme,
	NOT_EXPIRY_CODES,
	RETRY,
	type ZohoModule,
} from '../constants';
import { concurrencyGate } from './concurrencyGate';
import {
	baseUrlOf,
	forgetCredential,
	readCredential,
	type CredentialRead,
} from './credentialCache';
import {
	asZohoError,
	connectionError,
	createFailedError,
	explainedError,
	notConnectedError,
	notZohoResponseError,
	redirectError,
	stillRejectedError,
	throttledTooLongError,
	zohoApiError,
} from './errors';
import {
	isCreate,
	isRetryableResponse,
	isThrottled,
	mayResendAfter,
	networkErrorCode,
	parseRetryAfter,
	RetryBudget,
} from './retry';
import {
	afterRejection,
	probeAbandoned,
	schemeAccepted,
	schemeFor,
	tellSchemeLearned,
	waitForFirstAnswer,
} from './headerScheme';
import {
	type ListedPage,
	type ListingOptions,
	type ListingPage,
	listPageRecords,
	moreRecordsFromMetadata,
	type ReadPage,
	readAllPages,
	readOnePage,
} from './paging';
import { rejectionInThisRun, rememberRejection, type TokenInUse } from './rejectedTokens';
import { isJsonObject } from '../helpers/values';
import { listBodyFromBytes } from './listBody';
import { isEmptyResponse } from './responses';
import { scopeNeeded } from './scopes';
import { credentialKey, credentialRedactor, scrubError } from './secrets';
import {
	dataCenterMismatchHint,
	isBeingReplaced,
	isJustRefreshed,
	isKnownExpired,
	refreshAccessToken,
	runOf,
} from './tokenRefresh';
import type {
	ZohoIotContext,
	ZohoIotCredentials,
	ZohoIotRequest,
	ZohoIotWriteRequest,
	ZohoResponse,
} from './types';

export type { ZohoIotContext, ZohoIotRequest, ZohoIotWriteRequest } from './types';
export type { ListingPage } from './paging';

function isExpiredToken(response: ZohoResponse): boolean {
	const code = (response.body as { code?: unknown } | undefined)?.code;
	if (typeof code === 'string' && EXPIRED_TOKEN_CODES.includes(code)) return true;
	// A 401 about scopes is not an expiry: a new token would carry the same scopes.
	return (
		response.statusCode === EXPIRED_TOKEN_STATUS &&
		!(typeof code === 'string' && NOT_EXPIRY_CODES.includes(code))
	);
}

/** One HTTP request, whatever the status: no retry, no refresh, no redirect followed. */
async function send(
	this: ZohoIotContext,
	url: string,
	request: ZohoIotRequest,
	authorization: string,
	timeout: number,
): Promise<ZohoResponse> {
	// A list page is asked for as bytes and read record by record (listBody.ts); the rest as JSON.
	// Without `json: true` n8n's helper no longer asks for JSON itself, so the page asks for it.
	const listOf = request.listOf;
	const options: IHttpRequestOptions = {
		method: request.method,
		url,
		qs: request.qs,
		body: request.body,
		json: !listOf,
		...(listOf && { encoding: 'arraybuffer' as const }),
		headers: listOf
			? { Authorization: authorization, Accept: 'application/json' }
			: { Authorization: authorization },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// Never follow a redirect: the Authorization header (and a create's body) would go to
		// whatever host the Location names. n8n-core 1.122 and 2.41 both honour this option.
		disableFollowRedirect: true,
		timeout,
	};
	// The Authorization header is built by hand on purpose: n8n's OAuth2 signing
	// (httpRequestWithAuthentication) can only write "Bearer", and Zoho IoT wants its own scheme.
	const response = (await this.helpers.httpRequest(options)) as ZohoResponse;
	const body = listOf ? listBodyFromBytes(response.body, listOf) : response.body;
	return { statusCode: response.statusCode, headers: response.headers ?? {}, body };
}

/** The error as it leaves the transport: every secret seen for the credential redacted from it. */
function guarded(
	node: INode,
	credentials: ZohoIotCredentials | undefined,
	itemIndex: number | undefined,
	error: unknown,
): Error {
	return scrubError(error, credentialRedactor(credentialKey(node), credentials), node, itemIndex);
}

/** What one request's attempts share: where it goes, with which token, and whether that one is fresh. */
interface Attempts {
	node: INode;
	request: ZohoIotRequest;
	read: CredentialRead;
	/** The credential's key and the run, for the fail-fast memory. */
	key: string;
	run: unknown;
	baseUrl: string;
	url: string;
	token: string;
	/** Whether `token` was refreshed during this request; a second expiry is then an error. */
	refreshed: boolean;
	/** The other header scheme while this request is the probe for it (headerScheme.ts). */
	probing?: HeaderScheme;
	/** The other header scheme, once this request sent a probe with it. */
	probed?: HeaderScheme;
}

/** The token this request sends, and where, as the run's memory of rejections knows it. */
function tokenInUse(attempts: Attempts): TokenInUse {
	return {
		run: attempts.run,
		token: attempts.token,
		scheme: attempts.read.scheme,
		url: attempts.baseUrl,
	};
}

/** Throws the remembered error when Zoho already rejected this fresh token in this run. */
function throwIfRejectedInThisRun(attempts: Attempts): void {
	const { node, request, read } = attempts;
	const stop = rejectionInThisRun(attempts.key, tokenInUse(attempts));
	if (stop) {
		throw explainedError(node, stop.message, stop.description, {
			itemIndex: request.itemIndex,
			httpCode: stop.httpCode ? Number(stop.httpCode) : undefined,
			credentials: read.credentials,
		});
	}
}

/** A fresh token for the stale one; the next request then reads the credential n8n saved. */
async function refreshToken(this: ZohoIotContext, attempts: Attempts): Promise<void> {
	const { credentials } = attempts.read;
	const stale = attempts.token;
	attempts.token = await refreshAccessToken.call(
		this,
		credentials,
		stale,
		attempts.request.itemIndex,
	);
	attempts.refreshed = true;
	await forgetCredential.call(this, stale);
}

/**
 * Zoho said the token expired: refresh it, once per request. A token just refreshed that Zoho
 * rejects the same way has not expired, whether this request or another one refreshed it: that
 * error is remembered for the run and thrown.
 */
async function refreshExpiredToken(
	this: ZohoIotContext,
	attempts: Attempts,
	response: ZohoResponse,
): Promise<void> {
	if (!attempts.refreshed && !isJustRefreshed(this, attempts.token))
		return await refreshToken.call(this, attempts);
	const { node, request, read } = attempts;
	const error = stillRejectedError(node, response, {
		scheme: read.scheme,
		alsoTried: attempts.probed,
		dataCenterHint: dataCenterMismatchHint(read.credentials),
		itemIndex: request.itemIndex,
		credentials: read.credentials,
	});
	rememberRejection(attempts.key, tokenInUse(attempts), {
		message: error.message,
		description: error.description ?? '',
		httpCode: error.httpCode ?? undefined,
	});
	throw error;
}

/**
 * The wait Zoho asks for in Retry-After before a retry (undefined when it names none); an error
 * when that is longer than one run waits, since holding the workflow for minutes helps no one.
 */
function requestedWaitMs(attempts: Attempts, response: ZohoResponse): number | undefined {
	const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
	if (retryAfterMs !== undefined && retryAfterMs > RETRY.maxRetryAfterMs) {
		throw throttledTooLongError(attempts.node, response, retryAfterMs, {
			itemIndex: attempts.request.itemIndex,
			credentials: attempts.read.credentials,
		});
	}
	return retryAfterMs;
}

/** Zoho's last response, accepted or turned into the error it stands for. */
function acceptedResponse(attempts: Attempts, response: ZohoResponse): ZohoResponse {
	const { node, request, read } = attempts;
	const context = { itemIndex: request.itemIndex, credentials: read.credentials };
	const zohoError = asZohoError(response.body);
	if (response.statusCode >= 500 && isCreate(request))
		throw createFailedError(node, response, zohoError, context);
	if (response.statusCode >= 400 || zohoError) {
		throw zohoApiError(node, {
			statusCode: response.statusCode,
			zohoError,
			scope: scopeNeeded(request),
			...context,
		});
	}
	return response;
}

/**
 * The request sent until Zoho gives a final response: a token known to have expired is
 * refreshed first; a dropped connection, throttling or a 5xx is retried within the RetryBudget
 * (a create only when Zoho certainly did not receive it); an expired token is refreshed once.
 */
async function sendWithRetries(
	this: ZohoIotContext,
	request: ZohoIotRequest,
	read: CredentialRead,
): Promise<ZohoResponse> {
	const node = this.getNode();
	const token = read.credentials.oauthTokenData?.access_token;
	if (!token) throw notConnectedError(node, request.itemIndex);
	const baseUrl = baseUrlOf(read, node, request.itemIndex);
	const attempts: Attempts = {
		node,
		request,
		read,
		key: credentialKey(node),
		run: runOf(this),
		baseUrl,
		url: `${baseUrl}/${request.path.replace(/^\/+/, '')}`,
		token,
		refreshed: false,
	};
	// n8n recorded when this token expires: refresh now instead of spending a failing call.
	if (isKnownExpired(read.credentials.oauthTokenData)) await refreshToken.call(this, attempts);

	// Until Zoho has accepted a request of this credential, one at a time (headerScheme.ts).
	const endTurn = await waitForFirstAnswer(attempts.key, read.scheme);
	try {
		return await sendUntilFinal.call(this, attempts);
	} finally {
		endTurn?.();
	}
}

/** sendWithRetries' loop: one request's attempts until Zoho's final answer. */
async function sendUntilFinal(this: ZohoIotContext, attempts: Attempts): Promise<ZohoResponse> {
	const { node, request, read } = attempts;
	const budget = new RetryBudget();
	const gate = concurrencyGate.call(this);
	for (;;) {
		throwIfRejectedInThisRun(attempts);
		let response: ZohoResponse;
		// Over the number of requests Zoho has been accepting, wait for a slot (concurrencyGate.ts).
		const releaseSlot = await gate.acquire();
		// The token may have been replaced while this request waited for its slot: send the new one.
		if (!attempts.refreshed && isBeingReplaced(attempts.key, attempts.run, attempts.token)) {
			releaseSlot('other');
			await refreshToken.call(this, attempts);
			continue;
		}
		const scheme = attempts.probing ?? schemeFor(attempts.key, read.scheme);
		try {
			const timeout = budget.attemptTimeoutMs();
			response = await send.call(
				this,
				attempts.url,
				request,
				`${scheme} ${attempts.token}`,
				timeout,
			);
			releaseSlot(isThrottled(response) ? 'throttled' : 'accepted');
		} catch (error) {
			releaseSlot('other');
			if (mayResendAfter(networkErrorCode(error), request) && (await budget.waitToRetry(undefined)))
				continue;
			if (attempts.probing) probeAbandoned(attempts.key, attempts.token);
			throw connectionError(node, error, request, budget.retries, read);
		}
		if (response.statusCode >= 300 && response.statusCode < 400) {
			if (attempts.probing) probeAbandoned(attempts.key, attempts.token);
			throw redirectError(node, request, response, read);
		}
		if (isExpiredToken(response)) {
			attempts.probing = undefined;
			// Before any refresh: was it the header scheme? (headerScheme.ts)
			const next = await afterRejection(attempts.key, read.scheme, attempts.token, scheme);
			if (next.probe) attempts.probing = attempts.probed = next.probe;
			if (next.probe || next.retry) continue;
			await refreshExpiredToken.call(this, attempts, response);
			continue;
		}
		if (response.statusCode < 500) {
			attempts.probing = undefined;
			schemeAccepted(attempts.key, read.scheme, scheme);
			if (scheme !== read.scheme) tellSchemeLearned(this, read.scheme, scheme);
		}
		if (
			isRetryableResponse(response, request) &&
			(await budget.waitToRetry(requestedWaitMs(attempts, response)))
		)
			continue;
		return acceptedResponse(attempts, response);
	}
}

/**
 * The request as zohoIotApiRequest sends it, with Zoho's final response and the credential. Every
 * error it throws is scrubbed of every secret seen for the credential, before and after refresh.
 */
async function sendRequest(
	this: ZohoIotContext,
	request: ZohoIotRequest,
): Promise<{ response: ZohoResponse; credentials: ZohoIotCredentials }> {
	let credentials: ZohoIotCredentials | undefined;
	try {
		// Read once per execution, and again after a refresh (see credentialCache.ts).
		const read = await readCredential.call(this, request.itemIndex);
		credentials = read.credentials;
		return { response: await sendWithRetries.call(this, request, read), credentials };
	} catch (error) {
		throw guarded(this.getNode(), credentials, request.itemIndex, error);
	}
}

/** The error for a response that is not what Zoho sends, scrubbed like every transport error. */
function notZohoResponse(
	this: ZohoIotContext,
	request: ZohoIotRequest,
	response: ZohoResponse,
	credentials: ZohoIotCredentials,
	detail?: string,
): Error {
	const node = this.getNode();
	return guarded(
		node,
		credentials,
		request.itemIndex,
		notZohoResponseError(node, request, response, { credentials }, detail),
	);
}

/** One Zoho IoT request, with refresh and retries; resolves to Zoho's JSON response (an object). */
export async function zohoIotApiRequest(
	this: ZohoIotContext,
	request: ZohoIotRequest,
): Promise<IDataObject> {
	const { response, credentials } = await sendRequest.call(this, request);
	// A read may find nothing: Zoho responds to no data with a 204 or an empty body.
	if (request.read === true && isEmptyResponse(response)) return {};
	if (!isJsonObject(response.body))
		throw notZohoResponse.call(this, request, response, credentials);
	return response.body;
}

/**
 * `GET /{module}/{id}`: Zoho's response for one record, a JSON object or, as some Zoho APIs send
 * it, a bare array of records (the caller picks the record out). Anything else is refused as
 * zohoIotApiRequest refuses it.
 */
export async function zohoIotRecordRequest(
	this: ZohoIotContext,
	request: ZohoIotRequest,
): Promise<IDataObject | IDataObject[]> {
	const { response, credentials } = await sendRequest.call(this, request);
	const body = response.body;
	if (isJsonObject(body) || (Array.isArray(body) && body.every(isJsonObject))) return body;
	throw notZohoResponse.call(this, request, response, credentials);
}

/**
 * A create, update or delete. Zoho responds to those with a per-record result array, and a record
 * that failed says `status: "error"` inside an HTTP 2xx: that is an error too. So is a response
 * that is not a result at all (empty, HTML, truncated, no result under the module's key): the
 * node never reports a write as done on a response it cannot read.
 */
export async function zohoIotWriteRequest(
	this: ZohoIotContext,
	request: ZohoIotWriteRequest,
): Promise<IDataObject> {
	const { response, credentials } = await sendRequest.call(this, request);
	const fail = (detail?: string) =>
		notZohoResponse.call(this, request, response, credentials, detail);
	if (!isJsonObject(response.body)) throw fail();
	const results = response.body[request.module];
	const result = Array.isArray(results) ? results[0] : results;
	if (!isJsonObject(result)) {
		throw fail(
			results === undefined
				? `without a "${request.module}" result`
				: `with "${request.module}" holding no result object`,
		);
	}
	const zohoError = asZohoError(result);
	if (zohoError) {
		const node = this.getNode();
		throw guarded(
			node,
			credentials,
			request.itemIndex,
			zohoApiError(node, {
				statusCode: response.statusCode,
				zohoError,
				scope: scopeNeeded(request),
				itemIndex: request.itemIndex,
				credentials,
			}),
		);
	}
	if (result.status !== 'success' && result.code !== 'SUCCESS') {
		throw fail(`with a "${request.module}" result that does not say success`);
	}
	return result;
}

/**
 * One page of a module's records, as list search needs it. The listing ends (`moreRecords`
 * false) when Zoho's metadata says so, on an empty body or HTTP 204, or on a page shorter than
 * `perPage`.
 */
export async function zohoIotListPage(
	this: ZohoIotContext,
	module: ZohoModule,
	{
		page,
		perPage,
		qs = {},
		itemIndex,
	}: { page: number; perPage: number; qs?: IDataObject; itemIndex?: number },
): Promise<ListedPage> {
	const request: ZohoIotRequest = {
		method: 'GET',
		path: module,
		qs: { ...qs, page, per_page: perPage },
		itemIndex,
		listOf: module,
	};
	const { response, credentials } = await sendRequest.call(this, request);
	const read = listPageRecords(module, response);
	if (typeof read === 'string')
		throw notZohoResponse.call(this, request, response, credentials, read || undefined);
	const { records, body } = read;
	const more = moreRecordsFromMetadata(body);
	// saidMore: what Zoho's metadata says (undefined without any), for callers that must tell a
	// page contradicting the previous one from the end of the list.
	return { records, moreRecords: (more ?? true) && records.length >= perPage, saidMore: more };
}

/** zohoIotListPage with the module and the query bound: how paging.ts reads a page. */
function pageReader(
	context: ZohoIotContext,
	module: ZohoModule,
	{ qs = {}, itemIndex }: ListingOptions,
): ReadPage {
	return async (page, perPage) =>
		await zohoIotListPage.call(context, module, { page, perPage, qs, itemIndex });
}

/**
 * A module's records up to `limit` (all when undefined), in Zoho's order, page after page
 * (paging.ts: Return All's page sizes and its guard against a Zoho that repeats pages).
 */
export async function zohoIotApiRequestAllItems(
	this: ZohoIotContext,
	module: ZohoModule,
	options: ListingOptions & { limit?: number } = {},
): Promise<IDataObject[]> {
	return await readAllPages(this.getNode(), module, pageReader(this, module, options), options);
}

/**
 * One page of up to 200 records from where `pageToken` says the previous run stopped, and the
 * token for the next one: Get Many's "Page by Page" mode (paging.ts).
 */
export async function zohoIotApiRequestPage(
	this: ZohoIotContext,
	module: ZohoModule,
	options: ListingOptions & { pageToken?: string },
): Promise<ListingPage> {
	return await readOnePage(this.getNode(), module, pageReader(this, module, options), options);
}
