/** Public types of the emulator: options, counters and the handle returned by startEmulator. */
import type { ProfileName } from './profiles';
import type { ZohoBehaviour } from './zoho-behaviour';

export interface EmulatorClient {
	clientId: string;
	clientSecret: string;
	/** undefined = accept any http(s) redirect_uri */
	redirectUris?: string[];
}

export interface FaultOptions {
	/** added to every admitted /iot/v1 request (the request holds its concurrency slot meanwhile) */
	latencyMs?: number;
	/**
	 * Extension: the link's round trip for answers latencyMs does not cover: token requests, and
	 * /iot/v1 requests refused before admission (401, 429 over the concurrency limit). Default 0.
	 */
	linkLatencyMs?: number;
	/** extra random latency in [0, latencyJitterMs), from the seeded PRNG */
	latencyJitterMs?: number;
	/** share (0..1) of admitted requests answered with a 5xx */
	serverErrorRate?: number;
	/** share (0..1) of admitted requests answered with 429 TOO_MANY_REQUESTS */
	throttleRate?: number;
	/** Retry-After header (seconds) on every 429 the emulator sends; null = no header */
	retryAfterSeconds?: number | null;
	/** share (0..1) of admitted requests whose connection is destroyed without an answer */
	dropRate?: number;
	/** every access token stops working after this many API requests; null = off */
	expireTokensAfterRequests?: number | null;
}

export interface EmulatorOptions {
	/**
	 * Which reading of Zoho IoT the REST side serves (profiles.ts): 'default', 'documented'
	 * (Zoho's own pages: layout lookups, date-time objects, HTTP DELETE, page_context) or
	 * 'documented-action-delete'. Default 'default'.
	 */
	profile?: ProfileName;
	/** default 0 (ephemeral) */
	port?: number;
	/** default '127.0.0.1' */
	host?: string;
	/** default 1; drives seed data and fault randomness */
	seed?: number;
	/** seeded devices, default 25 */
	devices?: number;
	/** seeded assets, default 25 */
	assets?: number;
	/** default: [DEFAULT_CLIENT] */
	clients?: EmulatorClient[];
	/** default 3600 */
	accessTokenLifetimeSeconds?: number;
	/** default ['Zoho-authtoken', 'Zoho-oauthtoken', 'Bearer'] */
	acceptedSchemes?: string[];
	/** in-flight /iot/v1 requests per client, default 5 (the Free plan's) */
	concurrencyLimit?: number;
	/** admitted /iot/v1 requests per day; default null (off) */
	dailyQuota?: number | null;
	/** default { max: 10, windowSeconds: 600 } */
	tokenThrottle?: { max: number; windowSeconds: number };
	/** the consent page redirects at once; default false */
	autoAccept?: boolean;
	/** DC reported in the auth redirect, default 'us' */
	location?: string;
	/** value of accounts-server in the auth redirect; default: the emulator's own base URL */
	accountsServerName?: string;
	faults?: FaultOptions;
	/** Extension: override entries of ZOHO_BEHAVIOUR (shallow merge per top-level key). */
	behaviour?: Partial<ZohoBehaviour>;
	/** Extension (tests): the clock, in epoch ms; default Date.now. */
	now?: () => number;
	/** Extension: one line per request (method, path without query, status, ms). Never tokens. */
	log?: (line: string) => void;
}

export interface TokenExchange {
	grantType: string;
	clientId: string;
	/** client_secret arrived in the form body (false: query string, Basic header, or absent) */
	clientSecretInBody: boolean;
	/** where client_secret came from */
	clientSecretIn: 'body' | 'query' | 'basic' | 'none';
	scope: string;
	/** 'success' or the error code answered */
	outcome: string;
	/** ISO time */
	at: string;
}

export interface EmulatorCounters {
	tokenRequests: {
		authorization_code: number;
		refresh_token: number;
		revoke: number;
		/** token requests with another or no grant_type */
		other: number;
		errors: Record<string, number>;
	};
	/** the last 100 token requests, oldest first */
	tokenExchanges: TokenExchange[];
	authorizations: {
		consentPagesShown: number;
		approved: number;
		denied: number;
		autoApproved: number;
		errors: number;
	};
	apiRequests: { total: number; byRoute: Record<string, number> };
	/** Authorization schemes seen on /iot/v1 requests; '(none)' = no Authorization header */
	schemesSeen: Record<string, number>;
	rejectedSchemes: number;
	expiredTokenRejections: number;
	scopeMismatches: number;
	/** most /iot/v1 requests in flight at once (from arrival to the end of the answer), whatever their outcome */
	peakConcurrency: number;
	/** most admitted requests in flight at once for one client (never above concurrencyLimit) */
	peakAdmittedConcurrency: number;
	/** wall-clock ms (Date.now) when the first /iot/v1 request arrived and the last answer ended; null before any */
	apiWindow: { firstArrivedAt: number | null; lastDoneAt: number | null };
	inFlight: number;
	/** every 429 sent on /iot/v1 */
	throttled429: number;
	throttled429ByReason: { concurrency: number; fault: number; dailyQuota: number };
	serverErrors5xx: number;
	dropped: number;
	dailyQuotaUsed: number;
}

export interface IssuedTokens {
	access_token: string;
	refresh_token: string;
	expires_in: number;
	scope: string;
	api_domain: string;
	token_type: 'Bearer';
}

export interface IssueTokensOptions {
	clientId?: string;
	scope?: string;
	/** the access token is already dead on arrival (the client still sees expires_in) */
	accessTokenExpired?: boolean;
}

export interface ResetOptions {
	/** also forget every code, token and consent (default false: issued tokens keep working) */
	tokens?: boolean;
	/** also restore the options the emulator was started with (default false) */
	settings?: boolean;
}

export interface RunningEmulator {
	/** e.g. 'http://127.0.0.1:45678' */
	url: string;
	/** What to enter as the credential's Application Domain, e.g. 'http://127.0.0.1:45678' */
	applicationDomain: string;
	/** closes the server and all sockets */
	stop(): Promise<void>;
	/** same JSON as GET /__emulator/counters */
	counters(): EmulatorCounters;
	/** counters + data back to the seeded state (see ResetOptions for tokens and settings) */
	reset(options?: ResetOptions): void;
	/** change settings while running; throws on an invalid patch */
	configure(patch: Partial<EmulatorOptions>): void;
	issueTokens(options?: IssueTokensOptions): IssuedTokens;
	revokeRefreshToken(token: string): void;
	/** every live access token expires now (tokens minted later live as usual); returns how many */
	expireAccessTokens(): number;
	/**
	 * What Zoho knows of an access token, without printing it: the API requests it served and
	 * whether it is the newest one minted for its refresh token; undefined for an unknown token.
	 */
	accessTokenUse(token: string): { uses: number; newest: boolean } | undefined;
	/** current data, for assertions (copies) */
	records(module: string): Array<Record<string, unknown>>;
	/**
	 * The messages workflows posted to a stand-in chat channel (chat.ts), oldest first, as
	 * `GET /__emulator/chat/:channel` lists them. Each body is the JSON object a workflow posted.
	 */
	chat(channel: string): Array<{ body: Record<string, unknown>; at: string }>;
}
