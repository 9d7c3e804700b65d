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

/**
 * A Zoho IoT module's API name: the records path segment and body key, e.g. `devices`. The
 * modules the node offers are listed once, in actions/registry.ts; custom modules add their own.
 */
export type ZohoModule = string;

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

// ---------------------------------------------------------------- Modules (actions/registry.ts)

/**
 * Documented (Get Records, "Supported modules"): the records API serves devices, assets,
 * locations, alarms, datapoints, products, manufacturers, vendors, certificates, policies,
 * commands and users, and custom modules by their API name. The page opens: "The records API
 * allows the user to get, create, update, delete, or search records."
 */
export const RECORD_MODULES = [
	'alarms',
	'assets',
	'certificates',
	'commands',
	'datapoints',
	'devices',
	'locations',
	'manufacturers',
	'policies',
	'products',
	'users',
	'vendors',
] as const;

/** Documented (Get List of Models): only these modules have models (types). */
export const MODULES_WITH_MODELS = ['devices', 'assets', 'locations'] as const;

/**
 * Assumed: create, update and delete for products, manufacturers, vendors, certificates,
 * policies, commands, users and alarms rest only on Get Records' opening sentence (the records
 * API can "get, create, update, delete" records); no Zoho page for those writes is stored. The
 * node offers them, and when Zoho refuses, its error is passed on with this explanation added.
 * Not offered: creating alarms (the KB says alarm rules raise them) and writing datapoint
 * records (datapoints are defined through `POST /datapointdefinitions`, a different API).
 */
export const ASSUMED_WRITE_MODULES = [
	'alarms',
	'certificates',
	'commands',
	'manufacturers',
	'policies',
	'products',
	'users',
	'vendors',
] as const;

/**
 * Assumed: a user record has no `name` to create it by (users are people with an email address);
 * the node's Create User sends only the fields the user gives (e.g. email, first_name).
 */
export const MODULES_WITHOUT_NAME_ON_CREATE = ['users'] as const;

/**
 * Scopes, documented (OAuth Scopes page and Get Records): `ZohoIOT.modules.<module>.ALL` covers
 * READ, CREATE, UPDATE and DELETE of a module; custom modules need `ZohoIOT.modules.ALL`.
 * Users are contradictory: Get Records names the module scope (`ZohoIOT.modules.users.ALL`, used
 * here), the scopes page lists `ZohoIOT.settings.users.ALL`; the node names both for users.
 */
export const moduleScope = (module: string) => `ZohoIOT.modules.${module}.ALL`;
export const CUSTOM_MODULE_SCOPE = 'ZohoIOT.modules.ALL';
export const USERS_ALTERNATIVE_SCOPE = 'ZohoIOT.settings.users.ALL';

/** Assumed (Zoho CRM): the error code of a token that lacks a scope. */
export const SCOPE_ERROR_CODE = 'OAUTH_SCOPE_MISMATCH';

/**
 * Assumed from Zoho CRM, whose records API Zoho IoT mirrors: what Zoho answers when a module does
 * not allow an operation (unknown route or method, no such module, not permitted).
 */
export const OPERATION_REFUSED_CODES = ['INVALID_URL_PATTERN', 'INVALID_MODULE', 'INVALID_REQUEST_METHOD', 'NO_PERMISSION'];

/**
 * Assumed: a custom module's API name is letters, digits and underscores, starting with a letter
 * (Zoho CRM's rule; the KB example is `service_order`). Checked before any request, so an
 * expression cannot steer the request to another path.
 */
export const CUSTOM_MODULE_API_NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_]{0,99}$';

/**
 * Simplified fields by module. Devices, assets and locations keep SIMPLIFIED_RECORD_FIELDS.
 * All others are assumed from the modules' purpose and Zoho's other record APIs; Simplify off
 * always gives the record exactly as Zoho sent it.
 */
export const SIMPLIFIED_FIELDS_BY_MODULE: Record<string, readonly string[]> = {
	alarms: ['id', 'name', 'severity', 'status', 'message', 'source_name', 'created_time', 'modified_time'],
	certificates: ['id', 'name', 'description', 'status', 'expiry_time', 'created_time', 'modified_time'],
	commands: ['id', 'name', 'description', 'status', 'created_time', 'modified_time'],
	datapoints: ['id', 'name', 'datapoint_name', 'instance_name', 'unit', 'data_type', 'created_time', 'modified_time'],
	manufacturers: ['id', 'name', 'description', 'created_time', 'modified_time'],
	policies: ['id', 'name', 'description', 'status', 'created_time', 'modified_time'],
	products: ['id', 'name', 'description', 'status', 'created_time', 'modified_time'],
	users: ['id', 'name', 'email', 'role', 'status', 'created_time', 'modified_time'],
	vendors: ['id', 'name', 'description', 'created_time', 'modified_time'],
	/** Custom modules: only what every record has; Zoho's KB example names its field "Name". */
	custom: ['id', 'name', 'Name', 'created_time', 'modified_time'],
};

// ---------------------------------------------------------------- Datapoint values

/**
 * Documented (Get Datapoint Value, get-datapoint-value-new.html): `POST /datapoints/data` with
 * `{"metrics": [block, ...]}` reads values; it needs the scope
 * `ZohoIOT.modules.datapoints.data.CREATE` although it is a read.
 */
export const DATAPOINT_VALUES_PATH = 'datapoints/data';
export const DATAPOINT_VALUES_SCOPE = 'ZohoIOT.modules.datapoints.data.CREATE';

/**
 * Documented: at most 5 `datapoint_template_ids` and 5 `datapoint_ids` per metrics block. Assumed:
 * the same for `datapoint_names`. The node splits longer lists into blocks of 5 in one request.
 */
export const MAX_IDS_PER_METRICS_BLOCK = 5;

/**
 * Periods. The names are documented by the deprecated GET page (`lasthour`, `last24hours`, ...;
 * its samples write `thisweek`); `custom_range` with `custom_range: {from: {value}, to: {value}}`
 * is seen in third-party code. Assumed: the current POST API takes the same values.
 */
export const DATAPOINT_PERIODS = [
	['Custom Range', 'custom_range'],
	['Last 24 Hours', 'last24hours'],
	['Last 30 Days', 'last30days'],
	['Last 7 Days', 'last7days'],
	['Last Hour', 'lasthour'],
	['Last Month', 'lastmonth'],
	['Last Week', 'lastweek'],
	['Last Year', 'lastyear'],
	['This Month', 'thismonth'],
	['This Week', 'thisweek'],
	['This Year', 'thisyear'],
	['Today', 'today'],
	['Yesterday', 'yesterday'],
] as const;
export const CUSTOM_RANGE_PERIOD = 'custom_range';

/**
 * Documented for the deprecated GET API (`aggregation`: sum, avg, max, min, last_value,
 * first_value; `time_grouping`: hour, day, week, month). Assumed: the POST API's blocks take the
 * same keys and values; without `aggregation` Zoho is assumed to answer the raw values.
 */
export const DATAPOINT_AGGREGATIONS = [
	['Average', 'avg'],
	['First Value', 'first_value'],
	['Last Value', 'last_value'],
	['Maximum', 'max'],
	['Minimum', 'min'],
	['Sum', 'sum'],
] as const;
export const DATAPOINT_TIME_GROUPINGS = [
	['Day', 'day'],
	['Hour', 'hour'],
	['Month', 'month'],
	['Week', 'week'],
] as const;

/**
 * Assumed (Zoho's page shows the request, not the answer): each block comes back with its series,
 * `{"metrics": [{..., "datapoints": [{"datapoint_id", "datapoint_name", "instance_name", "unit",
 * "values": [{"time": {"millis_in_gmt", "formatted", "value"}, "value": 21.5}]}]}]}`. Parsed
 * defensively (actions/datapoint/getValues.ts): a time may also be a plain string, epoch
 * milliseconds or a `[time, value]` pair, and `unit` may be missing. A 204 or an empty body is
 * "no values" ([3P] client code), not an error.
 */
export const DATAPOINT_VALUES_ANSWER_ASSUMED = true;

/**
 * Assumed: a date-time without an offset (Zoho's `value` strings, e.g. 2025-10-29T16:34:16) is
 * UTC; a custom range is sent the same way, converted to UTC, seconds precision.
 */
export const DATAPOINT_TIMES_ARE_UTC = true;
