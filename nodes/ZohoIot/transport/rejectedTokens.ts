/**
 * Per credential: the fresh token Zoho rejected in a run. The rest of that run fails fast with
 * the same explanation instead of minting token after token (Zoho allows 10 per 10 minutes and
 * then locks the refresh token for everyone). A new run tries again, once.
 */

/** The token a request sends, and where and in which run: what a rejection is remembered for. */
export interface TokenInUse {
	run: unknown;
	token: string;
	scheme: string;
	url: string;
}

/** The error Zoho's rejection became, as the rest of the run repeats it. */
export interface Rejection {
	message: string;
	description: string;
	httpCode?: string;
}

const rejectedAfterRefresh = new Map<string, TokenInUse & Rejection>();

/** Remembers that Zoho rejected this fresh token (the credential's previous one is forgotten). */
export function rememberRejection(key: string, use: TokenInUse, rejection: Rejection): void {
	rejectedAfterRefresh.set(key, { ...use, ...rejection });
}

/** The rejection remembered for this very token, scheme and host in this run, if any. */
export function rejectionInThisRun(key: string, use: TokenInUse): Rejection | undefined {
	const stop = rejectedAfterRefresh.get(key);
	return stop &&
		stop.run === use.run &&
		stop.token === use.token &&
		stop.scheme === use.scheme &&
		stop.url === use.url
		? stop
		: undefined;
}
