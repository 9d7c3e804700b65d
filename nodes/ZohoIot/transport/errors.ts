/**
 * Every sentence the transport says to the user: Zoho's error envelope turned into what to do,
 * and the transport's own errors (not connected, no response, redirect, not a Zoho response,
 * throttled, a fresh token rejected). Each message says what happened, each description how to
 * fix it; every one is redacted of the credential's secrets.
 */
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	DATAPOINT_VALUES_SCOPE,
	FULL_ACCESS_SCOPE,
	MAX_CONCURRENT_REQUESTS,
	MAX_PAGE_SIZE,
	SCOPE_ERROR_CODE,
} from '../constants';
import { shownValue } from './applicationDomain';
import { isCreate, networkErrorCode, networkFailureWords, wasNeverSent } from './retry';
import { broaderScope } from './scopes';
import { credentialRedactor } from './secrets';
import type { ZohoIotCredentials, ZohoIotRequest, ZohoResponse } from './types';

/**
 * What to do about each Zoho error code this package has seen or expects. Codes not listed get a
 * generic hint; Zoho's own message is always kept in the error message.
 */
const FIX_BY_CODE: Record<string, string> = {
	OAUTH_SCOPE_MISMATCH:
		"The access token lacks a scope this operation needs. Add it to the credential's Scope (e.g. ZohoIOT.modules.devices.ALL for devices, ZohoIOT.modules.assets.ALL for assets), then reconnect the credential.",
	INVALID_DATA:
		'Zoho IoT rejected a value. Check the fields named in the details, their types and that referenced records (such as the model) exist.',
	MANDATORY_NOT_FOUND: 'A required field is missing. Fill in the field named in the details.',
	DUPLICATE_DATA:
		'A record with this unique value already exists. Use another value, or update the existing record.',
	RECORD_NOT_FOUND:
		'No record has this ID. Check the ID, for example with a Get Many of the same resource.',
	INVALID_URL_PATTERN:
		'Zoho IoT does not know this address. Check the record ID and that the Application Domain is your Zoho IoT application.',
	TOO_MANY_REQUESTS: `Zoho IoT throttled the requests. Lower "Max Concurrent Requests" in the node's options (your plan allows 5 to ${MAX_CONCURRENT_REQUESTS}), or run the workflow later.`,
	LIMIT_EXCEEDED:
		'The organisation used up its daily Zoho IoT API quota. Run the workflow after the quota resets, or upgrade the Zoho IoT plan.',
	NO_PERMISSION:
		'The connected Zoho user may not do this. Reconnect with a user who has the permission in Zoho IoT.',
};

/** Codes that say what a 404 did not find, so their hint explains it better than the status. */
const NOT_FOUND_CODES = ['RECORD_NOT_FOUND', 'INVALID_URL_PATTERN'];

const FIX_BY_STATUS: Record<number, string> = {
	400: 'Zoho IoT could not use the request. Check the values sent.',
	403: 'The connected Zoho user may not do this. Reconnect with a user who has the permission in Zoho IoT.',
	404: "Zoho IoT has no such record or address. Check the ID and the credential's Application Domain.",
};

/** The credential form's choice under Access -> Chosen Modules that grants `scope`. */
function moduleChoiceOf(scope: string): string {
	if (scope === DATAPOINT_VALUES_SCOPE) return 'Datapoint Values (Get Values)';
	if (scope === FULL_ACCESS_SCOPE) return 'Custom Modules';
	const module = /^ZohoIOT\.modules\.([a-z]+)\./.exec(scope)?.[1] ?? '';
	return module.charAt(0).toUpperCase() + module.slice(1);
}

/**
 * How to fix a missing scope: which one, where to choose it in the credential, and to reconnect.
 * `alternative`: a scope Zoho's pages also name for the module (users).
 */
export function missingScopeDescription(scope: string, alternative?: string): string {
	const broader = broaderScope(scope);
	const operation = scope.endsWith('.READ') ? 'Read Only or Read and Write' : 'Read and Write';
	return `The credential's access token does not include the scope ${scope}${broader ? ` (or ${broader})` : ''}${alternative ? `; Zoho's pages also name ${alternative} for this module, add it with Custom Scope if the first is not enough` : ''}. Open the credential and, under Access, choose "All Modules", or under "Chosen Modules" add ${moduleChoiceOf(scope)}${scope === DATAPOINT_VALUES_SCOPE || scope === FULL_ACCESS_SCOPE ? '' : ` with Operations "${operation}"`}, or add ${scope} to a Custom Scope. Save, then press "Reconnect": Zoho puts scopes in the token only when you connect.`;
}

/**
 * Replaces every secret the credential holds, in every form (verbatim, URL-encoded, base64, cut
 * pieces), wherever it appears in a text. The transport also scrubs each error it throws with
 * every secret seen for the credential (secrets.ts).
 */
export function redactSecrets(text: string, credentials?: ZohoIotCredentials): string {
	return credentialRedactor(undefined, credentials)(text);
}

export interface ZohoErrorEnvelope {
	code?: string;
	message?: string;
	status?: string;
	details?: unknown;
}

/** Zoho's `{code, message, status: "error", details}`, or undefined when the body is not one. */
export function asZohoError(body: unknown): ZohoErrorEnvelope | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const candidate = body as IDataObject;
	if (
		candidate.status === 'error' ||
		(typeof candidate.code === 'string' && candidate.code !== 'SUCCESS' && 'message' in candidate)
	) {
		return {
			code: typeof candidate.code === 'string' ? candidate.code : undefined,
			message: typeof candidate.message === 'string' ? candidate.message : undefined,
			status: 'error',
			details: candidate.details,
		};
	}
	return undefined;
}

/**
 * A NodeApiError for what Zoho IoT said. Built from a clean copy of Zoho's response, never from the
 * HTTP client's error, which carries the request and so the Authorization header.
 */
export function zohoApiError(
	node: INode,
	{
		statusCode,
		zohoError,
		itemIndex,
		credentials,
		scope,
	}: {
		statusCode?: number;
		zohoError?: ZohoErrorEnvelope;
		itemIndex?: number;
		credentials?: ZohoIotCredentials;
		/** The scope the request needs (scopes.ts), named when Zoho says one is missing. */
		scope?: string;
	},
): NodeApiError {
	const zohoMessage = zohoError?.message ?? `Zoho IoT answered with HTTP ${statusCode}`;
	const missingScope = zohoError?.code === SCOPE_ERROR_CODE && scope ? scope : undefined;
	const message = missingScope
		? `The Zoho IoT credential lacks the scope ${missingScope}: add it in the credential and reconnect (Zoho IoT error ${SCOPE_ERROR_CODE}: ${zohoMessage})`
		: zohoError?.code
			? `Zoho IoT error ${zohoError.code}: ${zohoMessage}`
			: zohoMessage;
	// A 404 is explained by its status unless the code says which thing is missing: Zoho has
	// answered a wrong record ID with 404 and INVALID_DATA, whose hint (a rejected value) misleads.
	const statusFirst =
		statusCode === 404 && !NOT_FOUND_CODES.includes(zohoError?.code ?? '') && !missingScope;
	const howToFix =
		(missingScope && missingScopeDescription(missingScope)) ||
		(statusFirst && FIX_BY_STATUS[404]) ||
		(zohoError?.code && FIX_BY_CODE[zohoError.code]) ||
		(statusCode !== undefined && FIX_BY_STATUS[statusCode]) ||
		(statusCode !== undefined && statusCode >= 500
			? 'Zoho IoT had a problem of its own and kept failing after retries. Run the workflow again later.'
			: 'Check the values sent, and the Zoho IoT API documentation for this code.');
	const details =
		zohoError?.details === undefined ? '' : ` Details: ${JSON.stringify(zohoError.details)}`;
	const clean: JsonObject = {
		message: redactSecrets(message, credentials),
		...(zohoError?.code ? { code: zohoError.code } : {}),
		...(zohoError?.details !== undefined
			? { details: JSON.parse(redactSecrets(JSON.stringify(zohoError.details), credentials)) }
			: {}),
	};
	return new NodeApiError(node, clean, {
		message: redactSecrets(message, credentials),
		description: redactSecrets(`${howToFix}${details}`, credentials),
		httpCode: statusCode !== undefined ? String(statusCode) : undefined,
		itemIndex,
	});
}

/** A NodeApiError with our own words (token refresh, connection failures): no Zoho body to show. */
export function explainedError(
	node: INode,
	message: string,
	description: string,
	{
		itemIndex,
		httpCode,
		credentials,
	}: { itemIndex?: number; httpCode?: number; credentials?: ZohoIotCredentials } = {},
): NodeApiError {
	const safeMessage = redactSecrets(message, credentials);
	return new NodeApiError(
		node,
		{ message: safeMessage },
		{
			message: safeMessage,
			description: redactSecrets(description, credentials),
			httpCode: httpCode !== undefined ? String(httpCode) : undefined,
			itemIndex,
		},
	);
}

/** Where an error of one request belongs, and the credential whose secrets it must not show. */
interface ErrorContext {
	itemIndex?: number;
	credentials: ZohoIotCredentials;
}

/** The credential holds no access token: it was never connected. */
export function notConnectedError(node: INode, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(node, 'The Zoho IoT credential is not connected', {
		description: 'Open the credential and press "Connect" to sign in with Zoho.',
		itemIndex,
	});
}

/** The connection failed (after the retries it allowed): what happened, and whether to check for a record. */
export function connectionError(
	node: INode,
	error: unknown,
	request: ZohoIotRequest,
	retried: number,
	{ credentials }: ErrorContext,
): NodeApiError {
	const code = networkErrorCode(error);
	const failure = networkFailureWords(code) ?? 'no answer came back';
	const createNotRetried = isCreate(request) && !wasNeverSent(code);
	return explainedError(
		node,
		`Zoho IoT did not answer: ${failure}`,
		`${
			createNotRetried
				? 'The request was not sent again because Zoho IoT may have received it: check whether the record was created before running the workflow again.'
				: `Tried ${retried + 1} time(s). Check the credential's Application Domain and your network, then run the workflow again.`
		} (${code ?? 'no error code'})`,
		{ itemIndex: request.itemIndex, credentials },
	);
}

/** What a 2xx response held instead of Zoho's JSON, in words and without its content. */
export function describeResponse(response: ZohoResponse): string {
	const { body } = response;
	const type = String(response.headers['content-type'] ?? '');
	if (body === undefined || body === null || body === '')
		return `HTTP ${response.statusCode} with an empty body`;
	if (typeof body === 'string' || body instanceof Uint8Array) {
		const text = String(body);
		if (/^\s*</.test(text) || /html/i.test(type))
			return `HTTP ${response.statusCode} with an HTML page (${text.length} characters) instead of JSON`;
		if (/^\s*[[{]/.test(text))
			return `HTTP ${response.statusCode} with JSON that breaks off after ${text.length} characters (truncated)`;
		return `HTTP ${response.statusCode} with ${text.length} characters of text that is not JSON`;
	}
	if (Array.isArray(body))
		return `HTTP ${response.statusCode} with a JSON array instead of an object`;
	if (typeof body !== 'object')
		return `HTTP ${response.statusCode} with a bare JSON ${typeof body}`;
	const keys = Object.keys(body);
	return `HTTP ${response.statusCode} with a JSON object whose keys are ${
		keys.length
			? keys
					.slice(0, 5)
					.map((key) => `"${shownValue(key)}"`)
					.join(', ')
			: 'none'
	}`;
}

/** A 2xx response that is not what Zoho sends; for a create, how to check first. */
export function notZohoResponseError(
	node: INode,
	request: ZohoIotRequest,
	response: ZohoResponse,
	{ credentials }: ErrorContext,
	detail?: string,
): NodeApiError {
	return explainedError(
		node,
		`Zoho IoT answered ${describeResponse(response)}${detail ? `, ${detail}` : ''}`,
		isCreate(request)
			? "This is not a Zoho IoT result, so the node cannot tell whether the record was created. It may exist: look for it (e.g. Get Many with a filter on its name) before running the workflow again. If this repeats, check the credential's Application Domain."
			: "This is not a Zoho IoT answer the node can trust, so nothing is reported as done. Check the credential's Application Domain (a proxy or a login page answers like this), then run the workflow again.",
		{ itemIndex: request.itemIndex, httpCode: response.statusCode, credentials },
	);
}

/** A 3xx: the node does not follow it, and names where it pointed (the host only). */
export function redirectError(
	node: INode,
	request: ZohoIotRequest,
	response: ZohoResponse,
	{ credentials }: ErrorContext,
): NodeApiError {
	const location = response.headers.location;
	let target = 'an address it did not name';
	if (typeof location === 'string' && location.trim()) {
		try {
			const url = new URL(location, 'https://relative.invalid');
			target =
				url.host === 'relative.invalid'
					? 'another path on the same host'
					: `the host ${shownValue(url.host)}`;
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

/**
 * Zoho rejected a token that was just refreshed, so it has not expired: the header scheme or the
 * scope is wrong. `dataCenterHint` is tokenRefresh.ts's sentence about the account's data centre.
 */
export function stillRejectedError(
	node: INode,
	response: ZohoResponse,
	{
		scheme,
		alsoTried,
		dataCenterHint,
		itemIndex,
		credentials,
	}: ErrorContext & { scheme: string; alsoTried?: string; dataCenterHint: string },
): NodeApiError {
	const zohoCode = (response.body as { code?: unknown } | undefined)?.code;
	const rejected = `Zoho IoT rejected a freshly refreshed access token${typeof zohoCode === 'string' ? ` (${shownValue(zohoCode)})` : ''}`;
	if (alsoTried) {
		return explainedError(
			node,
			`${rejected} under both the "${scheme}" and the "${alsoTried}" Authorization header scheme`,
			`The token was just renewed and both header schemes were tried, so neither expiry nor the scheme is the cause. Check that the credential's Data Center and Application Domain belong to the same Zoho account and that its scopes cover this resource, then reconnect the credential. No further token is requested in this run.${dataCenterHint}`,
			{ itemIndex, httpCode: response.statusCode, credentials },
		);
	}
	const firstTry =
		scheme === 'Zoho-oauthtoken'
			? 'try Bearer'
			: 'switch it to Zoho-oauthtoken first: every Zoho IoT API reference page shows "Authorization: Zoho-oauthtoken <token>" (only the OAuth guide writes Zoho-authtoken)';
	return explainedError(
		node,
		rejected,
		`The token was just renewed, so it has not expired. Check the credential's Authorization Header Scheme (now "${scheme}"; ${firstTry}) and that its Scope covers this resource (e.g. ZohoIOT.modules.devices.ALL, ZohoIOT.modules.assets.ALL), then reconnect the credential. No further token is requested in this run.${dataCenterHint}`,
		{ itemIndex, httpCode: response.statusCode, credentials },
	);
}

/** Zoho asks, in Retry-After, to wait longer than a run waits: say when to come back. */
export function throttledTooLongError(
	node: INode,
	response: ZohoResponse,
	retryAfterMs: number,
	{ itemIndex, credentials }: ErrorContext,
): NodeApiError {
	return explainedError(
		node,
		'Zoho IoT is throttling requests and asks to wait before the next one',
		`Zoho IoT asked to retry after ${Math.ceil(retryAfterMs / 1000)} seconds, longer than this node waits within a run. Run the workflow again after that, or lower "Max Concurrent Requests" in the node's options.`,
		{ itemIndex, httpCode: response.statusCode, credentials },
	);
}

/** A 5xx for a create: not sent again, since Zoho may have created the record anyway. */
export function createFailedError(
	node: INode,
	response: ZohoResponse,
	zohoError: ZohoErrorEnvelope | undefined,
	{ itemIndex, credentials }: ErrorContext,
): NodeApiError {
	return explainedError(
		node,
		`Zoho IoT failed while creating the record (HTTP ${response.statusCode}${zohoError?.code ? `, ${shownValue(zohoError.code)}` : ''})`,
		'The request was not sent again because Zoho IoT may have created the record anyway: check whether it exists before running the workflow again.',
		{ itemIndex, httpCode: response.statusCode, credentials },
	);
}

/** A page of a listing held only records sent before: Zoho ignores `page`, and reading on would never end. */
export function repeatedPageError(
	node: INode,
	module: string,
	pageNumber: number,
	itemIndex?: number,
): NodeApiError {
	return explainedError(
		node,
		`Zoho IoT answered page ${pageNumber} of the ${module} with records it had already sent`,
		`Zoho IoT seems to ignore the "page" parameter, so reading on would return the same ${module} again and never end. Nothing was returned. Set a Limit of ${MAX_PAGE_SIZE} or less to read only the first page, and report this answer to the node's maintainers.`,
		{ itemIndex },
	);
}

/** A Page Token that cannot continue this listing: not one of this node's, or another listing's. */
export function pageTokenError(
	node: INode,
	module: string,
	problem: 'malformed' | 'otherListing',
	itemIndex?: number,
): NodeOperationError {
	return problem === 'malformed'
		? new NodeOperationError(node, 'The Page Token is not one this node gave out', {
				description: `Map the Next Page Token from the previous page's output, e.g. {{ $json.nextPageToken }}, or leave Page Token empty to start at the first page of the ${module}.`,
				itemIndex,
			})
		: new NodeOperationError(
				node,
				`The Page Token belongs to another listing than these ${module}`,
				{
					description: `A token continues the listing it came from: the same resource, filters and sort. Leave Page Token empty to start this listing at its first page, or put back the filters the token was made with.`,
					itemIndex,
				},
			);
}
