/** What a Zoho response holds, as the request lifecycle and paging both read it. */
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
