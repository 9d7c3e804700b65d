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
	EXPIRED_TOKEN_CODES,
	EXPIRED_TOKEN_STATUS,
	MAX_PAGE_SIZE,
	NOT_EXPIRY_CODES,
	PAGING_METADATA,
	RETRY,
	type ZohoModule,
} from '../constants';
import { shownValue } from './applicationDomain';
import { concurrencyGate } from './concurrencyGate';
import { baseUrlOf, forgetCredential, headerSchemeOf, readCredential, type CredentialRead } from './credentialCache';
import { asZohoError, explainedError, zohoApiError } from './errors';
import {
	backoffDelayMs,
	isThrottled,
	isTransientNetworkError,
	networkErrorCode,
	parseRetryAfter,
	wasNeverSent,
} from './retry';
import { credentialKey, credentialRedactor, scrubError } from './secrets';
import { dataCenterMismatchHint, isKnownExpired, refreshAccessToken, runOf } from './tokenRefresh';
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

function stillRejectedError(node: INode, credentials: ZohoIotCredentials, response: ZohoResponse, itemIndex?: number) {
	const scheme = headerSchemeOf(credentials);
	const zohoCode = (response.body as { code?: unknown } | undefined)?.code;
	const firstTry =
		scheme === 'Zoho-oauthtoken'
			? 'try Bearer'
			: 'switch it to Zoho-oauthtoken first: every Zoho IoT API reference page shows "Authorization: Zoho-oauthtoken <token>" (only the OAuth guide writes Zoho-authtoken)';
	return explainedError(
		node,
		`Zoho IoT rejected a freshly refreshed access token${typeof zohoCode === 'string' ? ` (${shownValue(zohoCode)})` : ''}`,
		`The token was just renewed, so it has not expired. Check the credential's Authorization Header Scheme (now "${scheme}"; ${firstTry}) and that its Scope covers this resource (e.g. ZohoIOT.modules.devices.ALL, ZohoIOT.modules.assets.ALL), then reconnect the credential. No further token is requested in this run.${dataCenterMismatchHint(credentials)}`,
		{ itemIndex, httpCode: response.statusCode, credentials },
	);
}

/**
 * Per credential: the fresh token Zoho rejected in a run. The rest of that run fails fast with
 * the same explanation instead of minting token after token (Zoho allows 10 per 10 minutes and
 * then locks the refresh token for everyone). A new run tries again, once.
 */
const rejectedAfterRefresh = new Map<
	string,
	{ run: unknown; token: string; scheme: string; url: string; message: string; description: string; httpCode?: string }
>();

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
	const createNotRetried = isCreate(request) && !wasNeverSent(code);
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
	timeout: number,
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
		// Never follow a redirect: the Authorization header (and a create's body) would go to
		// whatever host the Location names. n8n-core 1.122 and 2.41 both honour this option.
		disableFollowRedirect: true,
		timeout,
	};
	// The Authorization header is built by hand on purpose: n8n's OAuth2 signing
	// (httpRequestWithAuthentication) can only write "Bearer", and Zoho IoT wants its own scheme.
	const response = (await this.helpers.httpRequest(options)) as ZohoResponse;
	return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
}

/** What a 2xx answer held instead of Zoho's JSON, in words and without its content. */
export function describeAnswer(response: ZohoResponse): string {
	const { body } = response;
	const type = String(response.headers['content-type'] ?? '');
	if (body === undefined || body === null || body === '') return `HTTP ${response.statusCode} with an empty body`;
	if (typeof body === 'string' || body instanceof Uint8Array) {
		const text = String(body);
		if (/^\s*</.test(text) || /html/i.test(type)) return `HTTP ${response.statusCode} with an HTML page (${text.length} characters) instead of JSON`;
		if (/^\s*[[{]/.test(text)) return `HTTP ${response.statusCode} with JSON that breaks off after ${text.length} characters (truncated)`;
		return `HTTP ${response.statusCode} with ${text.length} characters of text that is not JSON`;
	}
	if (Array.isArray(body)) return `HTTP ${response.statusCode} with a JSON array instead of an object`;
	if (typeof body !== 'object') return `HTTP ${response.statusCode} with a bare JSON ${typeof body}`;
	const keys = Object.keys(body);
	return `HTTP ${response.statusCode} with a JSON object whose keys are ${keys.length ? keys.slice(0, 5).map((key) => `"${shownValue(key)}"`).join(', ') : 'none'}`;
}

/** A POST that creates: never sent twice. A read sent as POST (`read`) is safe to repeat. */
function isCreate(request: ZohoIotRequest): boolean {
	return request.method === 'POST' && request.read !== true;
}

function isEmptyAnswer(response: ZohoResponse): boolean {
	return response.statusCode === 204 || response.body === undefined || response.body === null || response.body === '';
}

function isJsonObjectBody(body: unknown): body is IDataObject {
	return typeof body === 'object' && body !== null && !Array.isArray(body) && !(body instanceof Uint8Array);
}

/** The error for a 2xx answer that is not what Zoho sends; for a create, how to check first. */
function notZohoAnswerError(node: INode, request: ZohoIotRequest, response: ZohoResponse, credentials: ZohoIotCredentials, what?: string) {
	const creating = isCreate(request);
	return explainedError(
		node,
		`Zoho IoT answered ${describeAnswer(response)}${what ? `, ${what}` : ''}`,
		creating
			? 'This is not a Zoho IoT result, so the node cannot tell whether the record was created. It may exist: look for it (e.g. Get Many with a filter on its name) before running the workflow again. If this repeats, check the credential\'s Application Domain.'
			: 'This is not a Zoho IoT answer the node can trust, so nothing is reported as done. Check the credential\'s Application Domain (a proxy or a login page answers like this), then run the workflow again.',
		{ itemIndex: request.itemIndex, httpCode: response.statusCode, credentials },
	);
}

/** A 3xx: the node does not follow it, and names where it pointed (the host only). */
function redirectError(node: INode, request: ZohoIotRequest, response: ZohoResponse, credentials: ZohoIotCredentials) {
	const location = response.headers.location;
	let target = 'an address it did not name';
	if (typeof location === 'string' && location.trim()) {
		try {
			const url = new URL(location, 'https://relative.invalid');
			target = url.host === 'relative.invalid' ? 'another path on the same host' : `the host ${shownValue(url.host)}`;
		} catch {
			target = 'an address that is not a valid URL';
		}
	}
	return explainedError(
		node,
		`Zoho IoT answered with a redirect (HTTP ${response.statusCode}) to ${target}`,
		`The node does not follow redirects, so the access token${request.body ? ' and the request' : ''} went nowhere else${isCreate(request) ? ', and the create was not sent again' : ''}. Check the credential's Application Domain: use the host of your Zoho IoT application exactly, e.g. app1234xxxx.zohoiot.in.`,
		{ itemIndex: request.itemIndex, httpCode: response.statusCode, credentials },
	);
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

/** One Zoho IoT request, with refresh and retries; resolves to Zoho's JSON answer (an object). */
export async function zohoIotApiRequest(this: ZohoIotContext, request: ZohoIotRequest): Promise<IDataObject> {
	const { response, credentials } = await exchange.call(this, request);
	// A read may find nothing: Zoho answers no data with a 204 or an empty body.
	if (request.read === true && isEmptyAnswer(response)) return {};
	if (!isJsonObjectBody(response.body)) {
		throw guarded(this.getNode(), credentials, request.itemIndex, notZohoAnswerError(this.getNode(), request, response, credentials));
	}
	return response.body;
}

/**
 * `GET /{module}/{id}`: Zoho's answer for one record, a JSON object or, as some Zoho APIs send
 * it, a bare array of records (the caller picks the record out). Anything else is refused as
 * zohoIotApiRequest refuses it.
 */
export async function zohoIotRecordRequest(this: ZohoIotContext, request: ZohoIotRequest): Promise<IDataObject | IDataObject[]> {
	const { response, credentials } = await exchange.call(this, request);
	const body = response.body;
	if (isJsonObjectBody(body) || (Array.isArray(body) && body.every(isJsonObjectBody))) return body;
	throw guarded(this.getNode(), credentials, request.itemIndex, notZohoAnswerError(this.getNode(), request, response, credentials));
}

/** The error as it leaves the transport: every secret seen for the credential redacted from it. */
function guarded(node: INode, credentials: ZohoIotCredentials | undefined, itemIndex: number | undefined, error: unknown): Error {
	return scrubError(error, credentialRedactor(credentialKey(node), credentials), node, itemIndex);
}

/**
 * The request as zohoIotApiRequest sends it, with Zoho's final answer and the credential. Every
 * error it throws is scrubbed of every secret seen for the credential, before and after refresh.
 */
async function exchange(
	this: ZohoIotContext,
	request: ZohoIotRequest,
): Promise<{ response: ZohoResponse; credentials: ZohoIotCredentials }> {
	const node = this.getNode();
	let credentials: ZohoIotCredentials | undefined;
	try {
		// Read once per execution, and again after a refresh (see credentialCache.ts).
		const read = await readCredential.call(this, request.itemIndex);
		credentials = read.credentials;
		return { response: await exchangeWith.call(this, request, read), credentials };
	} catch (error) {
		throw guarded(node, credentials, request.itemIndex, error);
	}
}

async function exchangeWith(this: ZohoIotContext, request: ZohoIotRequest, read: CredentialRead): Promise<ZohoResponse> {
	const node = this.getNode();
	const { itemIndex } = request;
	const { credentials, scheme } = read;
	const key = credentialKey(node);
	const run = runOf(this);
	const gate = concurrencyGate.call(this);
	const baseUrl = baseUrlOf(read, node, itemIndex);
	const url = `${baseUrl}/${request.path.replace(/^\/+/, '')}`;
	// A create is sent again only when Zoho certainly did not process it, so it never lands twice.
	const idempotent = !isCreate(request);
	// Every attempt, wait and retry of this request fits in this budget (README: "Time limits").
	const deadline = Date.now() + RETRY.maxRequestTimeMs;

	let token = credentials.oauthTokenData?.access_token;
	if (!token) {
		throw new NodeOperationError(node, 'The Zoho IoT credential is not connected', {
			description: 'Open the credential and press "Connect" to sign in with Zoho.',
			itemIndex,
		});
	}
	const failFastIfRejected = (candidate: string) => {
		const stop = rejectedAfterRefresh.get(key);
		if (stop && stop.run === run && stop.token === candidate && stop.scheme === scheme && stop.url === baseUrl) {
			throw explainedError(node, stop.message, stop.description, {
				itemIndex,
				httpCode: stop.httpCode ? Number(stop.httpCode) : undefined,
				credentials,
			});
		}
	};
	let refreshed = false;
	if (isKnownExpired(credentials.oauthTokenData)) {
		// n8n recorded when this token expires: refresh now instead of spending a failing call.
		token = await refreshedToken.call(this, credentials, token, itemIndex);
		refreshed = true;
	}

	let retries = 0;
	/** Waits before the next attempt when the budget allows it; false when it does not. */
	const waitToRetry = async (retryAfterMs: number | undefined) => {
		if (retries >= RETRY.maxRetries) return false;
		const delay = backoffDelayMs(retries, retryAfterMs);
		if (Date.now() + delay >= deadline) return false;
		retries++;
		await sleep(delay);
		return true;
	};
	for (;;) {
		failFastIfRejected(token);
		let response: ZohoResponse;
		// Over the number of requests Zoho has been accepting, wait for a slot (concurrencyGate.ts).
		const releaseSlot = await gate.acquire();
		try {
			const timeout = Math.max(1, Math.min(RETRY.requestTimeoutMs, deadline - Date.now()));
			response = await send.call(this, url, request, `${scheme} ${token}`, timeout);
			releaseSlot(isThrottled(response) ? 'throttled' : 'accepted');
		} catch (error) {
			releaseSlot('other');
			const code = networkErrorCode(error);
			if (isTransientNetworkError(code) && (idempotent || wasNeverSent(code)) && (await waitToRetry(undefined))) continue;
			throw connectionError(node, error, request, retries, credentials);
		}

		if (response.statusCode >= 300 && response.statusCode < 400) {
			throw redirectError(node, request, response, credentials);
		}

		if (isExpiredToken(response)) {
			if (refreshed) {
				const error = stillRejectedError(node, credentials, response, itemIndex);
				rejectedAfterRefresh.set(key, {
					run,
					token,
					scheme,
					url: baseUrl,
					message: error.message,
					description: error.description ?? '',
					httpCode: error.httpCode ?? undefined,
				});
				throw error;
			}
			token = await refreshedToken.call(this, credentials, token, itemIndex);
			refreshed = true;
			continue;
		}

		const throttled = isThrottled(response);
		if (throttled || (response.statusCode >= 500 && idempotent)) {
			const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
			if (retryAfterMs !== undefined && retryAfterMs > RETRY.maxRetryAfterMs) {
				// Waiting minutes inside one execution would hold the workflow: say when to come back.
				throw explainedError(
					node,
					'Zoho IoT is throttling requests and asks to wait before the next one',
					`Zoho IoT asked to retry after ${Math.ceil(retryAfterMs / 1000)} seconds, longer than this node waits within a run. Run the workflow again after that, or lower "Max Concurrent Requests" in the node's options.`,
					{ itemIndex, httpCode: response.statusCode, credentials },
				);
			}
			if (await waitToRetry(retryAfterMs)) continue;
		}

		const zoho = asZohoError(response.body);
		if (response.statusCode >= 500 && !idempotent) {
			throw explainedError(
				node,
				`Zoho IoT failed while creating the record (HTTP ${response.statusCode}${zoho?.code ? `, ${shownValue(zoho.code)}` : ''})`,
				'The request was not sent again because Zoho IoT may have created the record anyway: check whether it exists before running the workflow again.',
				{ itemIndex, httpCode: response.statusCode, credentials },
			);
		}
		if (response.statusCode >= 400 || zoho) {
			throw zohoApiError(node, { statusCode: response.statusCode, zoho, itemIndex, credentials });
		}
		return response;
	}
}

/**
 * A create, update or delete. Zoho answers those with a per-record result array, and a record
 * that failed says `status: "error"` inside an HTTP 2xx: that is an error too. So is an answer
 * that is not a result at all (empty, HTML, truncated, no result under the module's key): the
 * node never reports a write as done on an answer it cannot read.
 */
export async function zohoIotWriteRequest(this: ZohoIotContext, request: ZohoIotWriteRequest): Promise<IDataObject> {
	const { response, credentials } = await exchange.call(this, request);
	const node = this.getNode();
	const fail = (what?: string) =>
		guarded(node, credentials, request.itemIndex, notZohoAnswerError(node, request, response, credentials, what));
	if (!isJsonObjectBody(response.body)) throw fail();
	const results = response.body[request.module];
	const result = Array.isArray(results) ? results[0] : results;
	if (!isJsonObjectBody(result)) {
		throw fail(results === undefined ? `without a "${request.module}" result` : `with "${request.module}" holding no result object`);
	}
	const zoho = asZohoError(result);
	if (zoho) {
		throw guarded(node, credentials, request.itemIndex, zohoApiError(node, { statusCode: response.statusCode, zoho, itemIndex: request.itemIndex, credentials }));
	}
	if (result.status !== 'success' && result.code !== 'SUCCESS') {
		throw fail(`with a "${request.module}" result that does not say success`);
	}
	return result;
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

/**
 * The records of one list answer, or an error when the answer is not a list: an empty body or
 * HTTP 204 is the end of the list (no records); a JSON object without the module's key is no
 * records as well; anything else under that key, or an answer that is not a JSON object, is not.
 */
export function listPageRecords(module: ZohoModule, response: ZohoResponse): { records: IDataObject[]; body: IDataObject } | string {
	if (isEmptyAnswer(response)) return { records: [], body: {} };
	if (!isJsonObjectBody(response.body)) return '';
	const value = response.body[module];
	if (value === undefined) return { records: [], body: response.body };
	if (!Array.isArray(value)) return `with "${module}" holding a JSON ${value === null ? 'null' : typeof value} instead of a list of records`;
	if (!value.every(isJsonObjectBody)) return `with "${module}" holding entries that are not records`;
	return { records: value as IDataObject[], body: response.body };
}

/**
 * Whether Zoho's paging metadata says more pages follow: true or false when a convention in
 * PAGING_METADATA answers (any "false" wins), undefined when the answer carries none.
 */
function moreRecordsFromMetadata(body: IDataObject): boolean | undefined {
	let more: boolean | undefined;
	for (const { object, flag } of PAGING_METADATA) {
		const value = (body[object] as IDataObject | undefined)?.[flag];
		if (typeof value === 'boolean') more = (more ?? true) && value;
	}
	return more;
}

/**
 * One page of a module's records, as list search needs it. The listing ends (`moreRecords`
 * false) when Zoho's metadata says so, on an empty body or HTTP 204, or on a page shorter than
 * `perPage`.
 */
export async function zohoIotListPage(
	this: ZohoIotContext,
	module: ZohoModule,
	{ page, perPage, qs = {}, itemIndex }: { page: number; perPage: number; qs?: IDataObject; itemIndex?: number },
): Promise<{ records: IDataObject[]; moreRecords: boolean }> {
	const request: ZohoIotRequest = { method: 'GET', path: module, qs: { ...qs, page, per_page: perPage }, itemIndex };
	const { response, credentials } = await exchange.call(this, request);
	const read = listPageRecords(module, response);
	if (typeof read === 'string') {
		const node = this.getNode();
		throw guarded(node, credentials, itemIndex, notZohoAnswerError(node, request, response, credentials, read || undefined));
	}
	const { records, body } = read;
	const more = moreRecordsFromMetadata(body);
	return { records, moreRecords: (more ?? true) && records.length >= perPage };
}

/** What identifies a record when checking for a page Zoho already sent: its id, else its JSON. */
function recordKey(record: IDataObject): string {
	return record.id !== undefined && record.id !== null ? `id:${String(record.id)}` : `json:${JSON.stringify(record)}`;
}

/**
 * A module's records up to `limit` (all when undefined), in Zoho's order. Stops as soon as the
 * limit is reached or a page says it is the last (zohoIotListPage): Return All over N records
 * costs ceil(N / 200) requests, one more only when N is a multiple of 200 and Zoho sends no
 * metadata saying the last full page was the last. A page whose records were all returned
 * already means Zoho ignores `page`: that ends with an error instead of looping forever.
 * `mapRecord` (e.g. Simplify) is applied page by page, so the raw records of a page are dropped
 * as soon as it is read instead of being held, all of them, next to their mapped copies.
 */
export async function zohoIotApiRequestAllItems(
	this: ZohoIotContext,
	module: ZohoModule,
	{
		qs = {},
		limit,
		itemIndex,
		mapRecord,
	}: { qs?: IDataObject; limit?: number; itemIndex?: number; mapRecord?: (record: IDataObject) => IDataObject } = {},
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	const seen = new Set<string>();
	let offset = 0;
	for (;;) {
		const wanted = limit === undefined ? MAX_PAGE_SIZE : limit - records.length;
		if (wanted <= 0) return records;
		const perPage = pageSizeFor(offset, wanted);
		const pageNumber = offset / perPage + 1;
		const { records: page, moreRecords } = await zohoIotListPage.call(this, module, {
			page: pageNumber,
			perPage,
			qs,
			itemIndex,
		});
		const keys = page.map(recordKey);
		if (page.length > 0 && keys.every((key) => seen.has(key))) {
			throw explainedError(
				this.getNode(),
				`Zoho IoT answered page ${pageNumber} of the ${module} with records it had already sent`,
				`Zoho IoT seems to ignore the "page" parameter, so reading on would return the same ${module} again and never end. Nothing was returned. Set a Limit of ${MAX_PAGE_SIZE} or less to read only the first page, and report this answer to the node's maintainers.`,
				{ itemIndex },
			);
		}
		for (const key of keys) seen.add(key);
		for (const record of page.slice(0, wanted)) records.push(mapRecord ? mapRecord(record) : record);
		offset += page.length;
		if (!moreRecords) return records;
	}
}
