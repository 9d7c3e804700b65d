/** What a Zoho response holds, as the request lifecycle and paging both read it. */
import type { IDataObject } from 'n8n-workflow';

import type { ZohoResponse } from './types';

/** Zoho's way of saying "nothing": HTTP 204 or an empty body. */
export function isEmptyResponse(response: ZohoResponse): boolean {
	return (
		response.statusCode === 204 ||
		response.body === undefined ||
		response.body === null ||
		response.body === ''
	);
}

/** A JSON object body: not null, not a list, not the raw bytes of a body n8n could not parse. */
export function isJsonObjectBody(body: unknown): body is IDataObject {
	return (
		typeof body === 'object' &&
		body !== null &&
		!Array.isArray(body) &&
		!(body instanceof Uint8Array)
	);
}
