import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { MAX_CONCURRENT_REQUESTS } from '../constants';
import { credentialRedactor } from './secrets';
import type { ZohoIotCredentials } from './types';

/**
 * What to do about each Zoho error code this package has seen or expects. Codes not listed get a
 * generic hint; Zoho's own message is always kept in the error message.
 */
const FIXES: Record<string, string> = {
	OAUTH_SCOPE_MISMATCH:
		'The access token lacks a scope this operation needs. Add it to the credential\'s Scope (e.g. ZohoIOT.modules.devices.ALL for devices, ZohoIOT.modules.assets.ALL for assets), then reconnect the credential.',
	INVALID_DATA:
		'Zoho IoT rejected a value. Check the fields named in the details, their types and that referenced records (such as the model) exist.',
	MANDATORY_NOT_FOUND: 'A required field is missing. Fill in the field named in the details.',
	DUPLICATE_DATA: 'A record with this unique value already exists. Use another value, or update the existing record.',
	RECORD_NOT_FOUND: 'No record has this ID. Check the ID, for example with a Get Many of the same resource.',
	INVALID_URL_PATTERN: 'Zoho IoT does not know this address. Check the record ID and that the Application Domain is your Zoho IoT application.',
	TOO_MANY_REQUESTS: `Zoho IoT throttled the requests. Lower "Max Concurrent Requests" in the node's options (your plan allows 5 to ${MAX_CONCURRENT_REQUESTS}), or run the workflow later.`,
	LIMIT_EXCEEDED: 'The organisation used up its daily Zoho IoT API quota. Run the workflow after the quota resets, or upgrade the Zoho IoT plan.',
	NO_PERMISSION: 'The connected Zoho user may not do this. Reconnect with a user who has the permission in Zoho IoT.',
};

const byStatus: Record<number, string> = {
	400: 'Zoho IoT could not use the request. Check the values sent.',
	403: 'The connected Zoho user may not do this. Reconnect with a user who has the permission in Zoho IoT.',
	404: 'Zoho IoT has no such record or address. Check the ID and the credential\'s Application Domain.',
};

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
	if (candidate.status === 'error' || (typeof candidate.code === 'string' && candidate.code !== 'SUCCESS' && 'message' in candidate)) {
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
 * A NodeApiError for what Zoho IoT said. Built from a clean copy of Zoho's answer, never from the
 * HTTP client's error, which carries the request and so the Authorization header.
 */
export function zohoApiError(
	node: INode,
	{
		statusCode,
		zoho,
		itemIndex,
		credentials,
		fallbackMessage,
	}: {
		statusCode?: number;
		zoho?: ZohoErrorEnvelope;
		itemIndex?: number;
		credentials?: ZohoIotCredentials;
		fallbackMessage?: string;
	},
): NodeApiError {
	const what = zoho?.message ?? fallbackMessage ?? `Zoho IoT answered with HTTP ${statusCode}`;
	const message = zoho?.code ? `Zoho IoT error ${zoho.code}: ${what}` : what;
	const fix =
		(zoho?.code && FIXES[zoho.code]) ??
		(statusCode !== undefined && byStatus[statusCode]) ??
		(statusCode !== undefined && statusCode >= 500
			? 'Zoho IoT had a problem of its own and kept failing after retries. Run the workflow again later.'
			: 'Check the values sent, and the Zoho IoT API documentation for this code.');
	const details = zoho?.details === undefined ? '' : ` Details: ${JSON.stringify(zoho.details)}`;
	const clean: JsonObject = {
		message: redactSecrets(message, credentials),
		...(zoho?.code ? { code: zoho.code } : {}),
		...(zoho?.details !== undefined ? { details: JSON.parse(redactSecrets(JSON.stringify(zoho.details), credentials)) } : {}),
	};
	return new NodeApiError(node, clean, {
		message: redactSecrets(message, credentials),
		description: redactSecrets(`${fix}${details}`, credentials),
		httpCode: statusCode !== undefined ? String(statusCode) : undefined,
		itemIndex,
	});
}

/** A NodeApiError with our own words (token refresh, connection failures): no Zoho body to show. */
export function explainedError(
	node: INode,
	message: string,
	description: string,
	{ itemIndex, httpCode, credentials }: { itemIndex?: number; httpCode?: number; credentials?: ZohoIotCredentials } = {},
): NodeApiError {
	const safeMessage = redactSecrets(message, credentials);
	return new NodeApiError(node, { message: safeMessage }, {
		message: safeMessage,
		description: redactSecrets(description, credentials),
		httpCode: httpCode !== undefined ? String(httpCode) : undefined,
		itemIndex,
	});
}
