/**
 * Everything this package knows about Zoho, in one place.
 *
 * Nothing here was checked against a live Zoho IoT account. Each fact says whether Zoho
 * documents it (and where) or whether it is assumed; the bundled emulator
 * (test/emulator/zoho-behaviour.ts) implements the same list. When a live account proves an
 * assumption wrong, the correction is a change here (and in the emulator), nowhere else.
 */

/** The credential type every request goes through. */
export const CREDENTIAL_TYPE = 'zohoIotOAuth2Api';

/**
 * Zoho Accounts servers by data centre.
 * Documented: the Zoho IoT OAuth guide ("Zoho IoT Data Center at various locations") lists these
 * five, and writes Australia as accounts.zoho.au (Zoho's general multi-DC page says
 * accounts.zoho.com.au; users whose account lives there choose Custom).
 */
export const DATA_CENTERS = {
	us: { name: 'United States', accountsServer: 'https://accounts.zoho.com' },
	eu: { name: 'Europe', accountsServer: 'https://accounts.zoho.eu' },
	in: { name: 'India', accountsServer: 'https://accounts.zoho.in' },
	sa: { name: 'Saudi Arabia', accountsServer: 'https://accounts.zoho.sa' },
	au: { name: 'Australia', accountsServer: 'https://accounts.zoho.au' },
} as const;

export type FixedDataCenter = keyof typeof DATA_CENTERS;
export type DataCenter = FixedDataCenter | 'custom';

/** The table entry of a fixed data centre; undefined for Custom or an unknown value. */
export function fixedDataCenter(dataCenter: string | undefined) {
	return Object.prototype.hasOwnProperty.call(DATA_CENTERS, dataCenter ?? '')
		? DATA_CENTERS[dataCenter as FixedDataCenter]
		: undefined;
}

/** Documented: Zoho Accounts' authorize and token endpoints, relative to the accounts server. */
export const AUTHORIZE_PATH = '/oauth/v2/auth';
export const TOKEN_PATH = '/oauth/v2/token';

/**
 * Documented: without access_type=offline Zoho issues no refresh token, and without
 * prompt=consent a reconnect returns none either (n8n issues #12551, #18037).
 */
export const AUTH_QUERY_PARAMETERS = 'access_type=offline&prompt=consent';

/** Documented (the guide's scope example); comma-separated as Zoho writes them. */
export const DEFAULT_SCOPES = 'ZohoIOT.modules.devices.ALL,ZohoIOT.modules.assets.ALL';

/**
 * Authorization header schemes.
 * Documented, and contradictory: the OAuth guide (step 6) names `Zoho-authtoken`; every Zoho IoT
 * API reference page shows `Zoho-oauthtoken`; Zoho Accounts also accepts `Bearer`. The guide is
 * what this package was asked to implement, so it is the default, and the credential lets the
 * user switch.
 */
export const HEADER_SCHEMES = ['Zoho-authtoken', 'Zoho-oauthtoken', 'Bearer'] as const;
export type HeaderScheme = (typeof HEADER_SCHEMES)[number];
export const DEFAULT_HEADER_SCHEME: HeaderScheme = 'Zoho-authtoken';

/**
 * Hosts the access token may be sent to when a fixed data centre is chosen.
 * Documented: the REST API lives on the IoT application domain (`app1234xxxx.zohoiot.in`),
 * developer sandboxes on `*.zohoiotdevportal.<tld>`; one Zoho page names `www.zohoapis.<tld>`.
 * The pattern is shared with the credential form, which warns while the field does not match;
 * the form cannot ignore case, so the application part allows capitals (Zoho's docs write
 * "appXXXX"); the node lower-cases the host before checking.
 */
export const ZOHO_IOT_HOST_PATTERN =
	'^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\\.)+(?:zohoiot|zohoiotdevportal)\\.[a-z]{2,}(?:\\.[a-z]{2,})?$|^www\\.zohoapis\\.[a-z]{2,}(?:\\.[a-z]{2,})?$';

/** Documented: the REST API's base path on the application domain. */
export const API_BASE_PATH = '/iot/v1';

/** The two record modules the node works with (documented). */
export const MODULES = ['devices', 'assets'] as const;
export type ZohoModule = (typeof MODULES)[number];

/** Documented: `per_page` defaults to 20 and is at most 200. */
export const MAX_PAGE_SIZE = 200;

/**
 * Error codes that mean "this access token is no longer good".
 * Assumed: Zoho IoT's expired-token answer is not documented. Zoho's other APIs answer
 * `INVALID_OAUTHTOKEN` (CRM) or `INVALID_TOKEN`; either code counts, at any HTTP status, and so
 * does HTTP 401 whatever the body says.
 */
export const EXPIRED_TOKEN_CODES = ['INVALID_OAUTHTOKEN', 'INVALID_TOKEN'];
export const EXPIRED_TOKEN_STATUS = 401;
/**
 * Assumed: a 401 whose code names a scope problem is not an expiry (a refreshed token carries the
 * same scopes), so it is reported at once instead of spending a token refresh.
 */
export const NOT_EXPIRY_CODES = ['OAUTH_SCOPE_MISMATCH'];

/**
 * Assumed: Zoho IoT documents per-org daily quotas and per-client concurrency limits but not the
 * over-limit answer. HTTP 429 or the body code `TOO_MANY_REQUESTS` count as throttling; a
 * `Retry-After` header is honoured if one is ever sent, but none is promised.
 */
export const THROTTLED_STATUS = 429;
export const THROTTLED_CODES = ['TOO_MANY_REQUESTS'];

/**
 * Documented: Zoho IoT's concurrency limit per client per org, by plan: Free 5, Trial 5,
 * Starter 10, Standard 10, Professional 15, Enterprise 20. The node keeps at most this many
 * requests in flight; the default is the lowest plan's.
 */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 5;
export const MAX_CONCURRENT_REQUESTS = 20;

/**
 * Documented (same page as above): the plans and their concurrency limit per client per org.
 * The node's "Zoho IoT Plan" option sets how many requests it keeps in flight by default.
 */
export const ZOHO_PLANS = {
	free: { name: 'Free or Trial', concurrency: 5 },
	standard: { name: 'Starter or Standard', concurrency: 10 },
	professional: { name: 'Professional', concurrency: 15 },
	enterprise: { name: 'Enterprise', concurrency: 20 },
} as const;
export type ZohoPlan = keyof typeof ZOHO_PLANS;
export const DEFAULT_ZOHO_PLAN: ZohoPlan = 'free';

/**
 * Token endpoint errors. Zoho answers them with HTTP 200 (documented for the throttle, seen in
 * public SDK issues for the others; field logs also show 400, so they are detected by body).
 * n8n merges such a body into the saved token data and keeps the old access token.
 */
export const TOKEN_ERRORS = {
	/** Documented: more than 10 access tokens per refresh token within 10 minutes. */
	throttled: 'Access Denied',
	/** Seen in SDK issues: the grant or refresh token is gone (revoked, or the 21st token evicted it). */
	grantGone: ['invalid_code', 'invalid_grant'],
	/** Seen in SDK issues: unknown client id, wrong secret, or a client of another data centre. */
	badClient: 'invalid_client',
} as const;

/** Documented (Zoho multi-DC docs): the authorize redirect names the user's accounts server. */
export const ACCOUNTS_SERVER_CALLBACK_PARAM = 'accounts-server';

/** Retries for throttling and transient faults (our choice, not Zoho's). */
export const RETRY = {
	/** Retries after the first attempt. */
	maxRetries: 4,
	/** Exponential backoff base and cap, with full jitter. */
	baseDelayMs: 500,
	maxDelayMs: 15_000,
	/** A Retry-After longer than this is not waited for: the error says when to try again. */
	maxRetryAfterMs: 60_000,
	/** Per-request timeout. */
	requestTimeoutMs: 60_000,
};

// ---------------------------------------------------------------- Records (Device and Asset operations)

/**
 * Documented (Get Records, Post Records): record IDs are Zoho "long" values, written as digit
 * strings in every sample (e.g. 331000000133728). Zoho's IDs can exceed Number.MAX_SAFE_INTEGER,
 * so the node keeps them as strings and refuses a number that already lost digits.
 */
export const RECORD_ID_PATTERN = '^[0-9]+$';

/** Documented: a record action route; deleting is `GET /{module}/{id}/actions/delete`. */
export const DELETE_ACTION_PATH = 'actions/delete';

/** Documented: the models (device and asset types) of a module, `{"models": [...]}`. */
export const MODELS_PATH = 'settings/models';

/**
 * Documented (Get Records): `cvid` cannot be combined with `sort_by`. The node refuses the
 * combination before sending anything.
 */
export const CVID_EXCLUDES_SORT_BY = true;

/**
 * Assumed: Zoho IoT's Get Records page names `sort_by` but its excerpt shows no values for the
 * order; Zoho CRM's records API, which Zoho IoT mirrors, takes `sort_order=asc|desc`.
 */
export const SORT_ORDERS = ['asc', 'desc'] as const;

/**
 * Assumed: Get Records documents `filter` as a JSONObject without its syntax. The node passes
 * the user's JSON through as one query parameter and says so in the field's description.
 */
export const FILTER_QUERY_PARAMETER = 'filter';

/*
 * Assumed: `GET /{module}/{id}` answers `{"<module>": [record]}` like the list (Zoho CRM's
 * shape); `{"<module>": {record}}` is accepted as well (records.ts, recordFromAnswer).
 */

/**
 * The fields a simplified record keeps. `name`, `model_id` and `description` are documented (Post
 * Records samples); `model_name`, `status`, `created_time` and `modified_time` are assumed from
 * Zoho's other record APIs. A lookup `model: {id, name}` is flattened into model_id/model_name.
 */
export const SIMPLIFIED_RECORD_FIELDS = [
	'id',
	'name',
	'model_id',
	'model_name',
	'description',
	'status',
	'created_time',
	'modified_time',
] as const;
