/**
 * Everything this package knows about Zoho, in one place.
 *
 * Nothing here was checked against a live Zoho IoT account. Each fact says whether Zoho
 * documents it (and where) or whether it is assumed; the bundled emulator
 * (test/emulator/zoho-behaviour.ts) implements the same list. When a live account proves an
 * assumption wrong, the correction is a change here (and in the emulator), nowhere else.
 * A few facts hold no value the code could read (a combination Zoho refuses, a shape the code
 * accepts); they are written, marked the same way, at the code that follows them.
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

/**
 * The scopes a new credential asks for: everything the node and its trigger do, so the defaults
 * work together out of the box (the trigger's default event reads alarms, Datapoint -> Get Values
 * needs the data scope). Documented: `ZohoIOT.modules.ALL` covers every module, custom modules
 * included (Get Records, get-model-list); Get Datapoint Value names only
 * `ZohoIOT.modules.datapoints.data.CREATE`. Assumed: modules.ALL may not include that data
 * scope, so both are asked for. Comma-separated, as Zoho writes them.
 */
export const FULL_ACCESS_SCOPE = 'ZohoIOT.modules.ALL';
export const DATAPOINT_VALUES_SCOPE = 'ZohoIOT.modules.datapoints.data.CREATE';
export const DEFAULT_SCOPES = `${FULL_ACCESS_SCOPE},${DATAPOINT_VALUES_SCOPE}`;

/**
 * Documented (oauth-scopes, post-records, put-records, get-records): a module's scope is
 * `ZohoIOT.modules.<module>.<operation>` with ALL (READ, CREATE, UPDATE and DELETE) or READ,
 * CREATE, UPDATE, DELETE. The credential's least-privilege choice builds scopes from these.
 */
export const SCOPE_OPERATIONS = {
	ALL: 'Read and Write',
	READ: 'Read Only',
} as const;
export type ScopeOperation = keyof typeof SCOPE_OPERATIONS;
/** The scope operation each HTTP method needs (documented per page, as above). */
export const SCOPE_OPERATION_BY_METHOD: Record<string, string> = {
	GET: 'READ',
	POST: 'CREATE',
	PUT: 'UPDATE',
	PATCH: 'UPDATE',
	DELETE: 'DELETE',
};

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
 * The registrable domains Zoho operates for Zoho IoT, by top-level domain, each marked documented
 * (with the page) or assumed. The access token goes, with a fixed data centre, only to a host in
 * these domains: `<anything>.zohoiot.<tld>`, `<anything>.zohoiotdevportal.<tld>` or exactly
 * `www.zohoapis.<tld>`. A suffix is never enough: `app.zohoiot.com.evil.io` is not Zoho's.
 */
export const ZOHO_IOT_DOMAINS = {
	/**
	 * Application domains. Documented: `app1234xxxx.zohoiot.in` (Get Records, Get List of Models).
	 * Assumed: the other data centres' TLDs, as Zoho names its data centres (zoho.com/accounts
	 * multi-DC page): .com, .eu, .com.au / .au, .sa, .jp, .ca, .uk, .com.cn.
	 */
	zohoiot: ['com', 'in', 'eu', 'com.au', 'au', 'sa', 'jp', 'ca', 'uk', 'com.cn'],
	/**
	 * Developer sandboxes. Documented: `app88845pcsgg.zohoiotdevportal.com` (Get Records sample).
	 * Assumed: the same TLD list as the application domains.
	 */
	zohoiotdevportal: ['com', 'in', 'eu', 'com.au', 'au', 'sa', 'jp', 'ca', 'uk', 'com.cn'],
	/**
	 * Zoho's API domain, `www.zohoapis.<tld>` only. Documented: .com and "your location's Base API
	 * URI (.in, .eu, .sa, or .au)" (Get Records); the token's `api_domain` is `www.zohoapis.in`
	 * (OAuth overview). Assumed: .com.au, .jp, .ca, .uk, .com.cn (Zoho's other data centres).
	 */
	zohoapis: ['com', 'in', 'eu', 'com.au', 'au', 'sa', 'jp', 'ca', 'uk', 'com.cn'],
} as const;

const tldAlternatives = (tlds: readonly string[]) =>
	`(?:${tlds.map((tld) => tld.replace(/\./g, '\\.')).join('|')})`;

/**
 * Hosts the access token may be sent to when a fixed data centre is chosen, built from
 * ZOHO_IOT_DOMAINS. The ONE pattern both the credential form's notice and the transport's refusal
 * use. The form cannot ignore case, so the labels before Zoho's domain allow capitals (Zoho's
 * docs write "appXXXX"); the node lower-cases the host before checking.
 */
export const ZOHO_IOT_HOST_PATTERN =
	`^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+(?:zohoiot\\.${tldAlternatives(ZOHO_IOT_DOMAINS.zohoiot)}|zohoiotdevportal\\.${tldAlternatives(ZOHO_IOT_DOMAINS.zohoiotdevportal)})$` +
	`|^www\\.zohoapis\\.${tldAlternatives(ZOHO_IOT_DOMAINS.zohoapis)}$`;

/**
 * Zoho Accounts hosts a refresh (refresh token and client secret) may go to when the Data
 * Center is not Custom. Documented (Zoho multi-DC page): accounts.zoho.<com|eu|in|com.au|jp|sa|uk>
 * and accounts.zohocloud.ca; the Zoho IoT OAuth guide writes Australia as accounts.zoho.au.
 * Assumed: accounts.zoho.com.cn.
 */
export const ZOHO_ACCOUNTS_HOSTS = [
	'accounts.zoho.com',
	'accounts.zoho.eu',
	'accounts.zoho.in',
	'accounts.zoho.com.au',
	'accounts.zoho.au',
	'accounts.zoho.jp',
	'accounts.zoho.sa',
	'accounts.zoho.uk',
	'accounts.zohocloud.ca',
	'accounts.zoho.com.cn',
] as const;

/**
 * Our limits on what a credential field may hold before anything is sent: a host name is at
 * most 253 characters (DNS), a URL field at most 2,048.
 */
export const MAX_HOST_LENGTH = 253;
export const MAX_URL_FIELD_LENGTH = 2048;

/**
 * Our choice: any piece of a secret at least this long is redacted wherever it appears (a preview
 * that cut a token short still reveals most of it). Real Zoho tokens are 70 characters.
 */
export const MIN_SECRET_FRAGMENT = 8;

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
 * Assumed: Zoho IoT's expired-token response is not documented. Zoho's other APIs answer
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
 * How long a token a run just got from a refresh counts as fresh in that run. Documented: Zoho's
 * access tokens live one hour (`expires_in: 3600`). Assumed margin: a token refreshed less than 10
 * minutes ago that Zoho calls expired was rejected for another reason (the header scheme, a wrong
 * data centre), so the run reports it instead of refreshing again: each refresh would mint one
 * more token Zoho also rejects, and Zoho allows 10 per 10 minutes.
 */
export const JUST_REFRESHED_MS = 10 * 60_000;

/**
 * Assumed: Zoho IoT documents per-org daily quotas and per-client concurrency limits but not the
 * over-limit response. HTTP 429 or the body code `TOO_MANY_REQUESTS` count as throttling; a
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

/**
 * Retries for throttling and transient faults (our choice, not Zoho's). One request of an item
 * (attempts, waits and retries together) ends within maxRequestTimeMs; each attempt within
 * requestTimeoutMs. A token refresh, when needed, comes on top (n8n's token request).
 */
export const RETRY = {
	/** Retries after the first attempt. */
	maxRetries: 4,
	/** Exponential backoff base and cap, with full jitter. */
	baseDelayMs: 500,
	maxDelayMs: 15_000,
	/** A Retry-After longer than this is not waited for: the error says when to try again. */
	maxRetryAfterMs: 60_000,
	/** Per-attempt timeout. */
	requestTimeoutMs: 30_000,
	/** Everything one request may take: attempts, backoff and Retry-After waits. */
	maxRequestTimeMs: 90_000,
};

// ---------------------------------------------------------------- Records (Device and Asset operations)

/**
 * Documented (Get Records, Post Records): record IDs are Zoho "long" values, written as digit
 * strings in every sample (e.g. 331000000133728); one KB payload sends a record ID as a JSON
 * number (`"device_id": 6102000000346431`). The node keeps IDs as strings, accepts a number that
 * is a safe integer, and refuses one above Number.MAX_SAFE_INTEGER, which has already lost digits.
 */
export const RECORD_ID_PATTERN = '^[0-9]+$';
/** Documented: IDs are "long", so at most 19 digits (2^63 - 1 has 19). */
export const MAX_RECORD_ID_DIGITS = 19;

/**
 * Our limits on JSON the user gives (Fields (JSON), Filter (JSON), mapped objects): deeper or
 * bigger input is refused with a clear message before anything is sent. Zoho's records nest
 * lookups two or three levels deep; the filter travels in the URL, so it is kept short.
 */
export const JSON_LIMITS = {
	maxDepth: 32,
	maxValues: 10_000,
	maxCharacters: 100_000,
	maxFilterCharacters: 4_000,
};

/**
 * Deleting a record. No Zoho IoT page shows a delete route (CONTRIBUTING.md#what-is-known-about-zoho-and-what-is-assumed,
 * D2), so both routes below are ASSUMED. The node sends the first; when
 * Zoho answers that the route or method does not exist it sends the other and remembers, for the
 * rest of the process, which one worked (actions/record/delete.ts).
 *
 * ASSUMED, the likelier one: `DELETE /{module}/{id}`. The REST overview lists DELETE among the
 * methods the API uses (https://zoho.com/iot/developer/docs/apis/v1/rest-api-overview.html).
 */
export const DELETE_METHOD = 'DELETE';
/**
 * ASSUMED, the fallback: `GET /{module}/{id}/actions/delete`, a record action route. Action routes
 * `/{id}/actions/{name}` appear only in third-party code calling Zoho IoT, never on a Zoho page.
 */
export const DELETE_ACTION_PATH = 'actions/delete';
/**
 * ASSUMED: how Zoho says "no such route or method": HTTP 405 whatever the body; HTTP 404 with
 * `INVALID_URL_PATTERN` (Zoho CRM's code) or with no Zoho error envelope at all (an HTML page from
 * a front server); Zoho CRM's `INVALID_REQUEST_METHOD` at any status. A 404 `RECORD_NOT_FOUND`
 * is a missing record, not a missing route.
 */
export const MISSING_ROUTE = {
	statuses: [405],
	codes: ['INVALID_URL_PATTERN', 'INVALID_REQUEST_METHOD'],
	/** A 404 without a Zoho error code. */
	bareStatus: 404,
} as const;

/**
 * Documented (get-model-list): the models (device and asset types) of a module, `{"models": [...]}`,
 * readable with `ZohoIOT.modules.{module}.READ` (or ALL) or `ZohoIOT.modules.ALL`.
 */
export const MODELS_PATH = 'settings/models';

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

/**
 * Paging metadata of a list response. No Zoho IoT page shows a list response, so every
 * Zoho convention is read, and any one that says "last page" ends the
 * listing: ZOHO-ANALOG (CRM) `info.more_records`; ZOHO-ANALOG (Books, Inventory) `page_context.
 * has_more_page`. Without either, a page shorter than `per_page`, an empty body or HTTP 204
 * (both seen in third-party Zoho IoT clients) end it too.
 */
export const PAGING_METADATA = [
	{ object: 'info', flag: 'more_records' },
	{ object: 'page_context', flag: 'has_more_page' },
] as const;

/**
 * Documented (KB "command custom functions"): an instance carries its model as the lookup field
 * `layout` `{id, name, icon, settings}`. ASSUMED: a `model` lookup `{id, name}` (Zoho CRM style)
 * or flat `model_id`/`model_name` fields; all three give the same simplified model_id/model_name,
 * the flat fields first, then the lookups in this order.
 */
export const MODEL_LOOKUP_FIELDS = ['layout', 'model'] as const;

/**
 * Documented (KB "command custom functions"): date-time fields are objects
 * `{"millis_in_gmt": 1761735856000, "formatted": ["10 minutes ago"], "value": "2025-10-29T16:34:16"}`
 * (`value` without an offset: the sample's value is 5 h 30 min ahead of its millis_in_gmt, so it is
 * the organisation's local time). ASSUMED: `created_time` and `modified_time` look the same; string
 * date-times (`2024-03-12T10:15:00+00:00`) are accepted too.
 *
 * Simplify turns such an object into an ISO 8601 string with offset, from `millis_in_gmt`: in the
 * organisation's offset when `value` shows it (value minus millis, whole quarter hours within
 * +-14 h), else in UTC (`+00:00`). Our choice: an object with only an offset-less `value` stays that
 * text, without an offset: the node cannot know the organisation's time zone, and inventing `+00:00`
 * would shift the time by hours without a word. Unsimplified output keeps the object.
 */
export const DATE_TIME_OBJECT = {
	millis: 'millis_in_gmt',
	value: 'value',
	formatted: 'formatted',
} as const;

/**
 * How the package reads every time Zoho sends (helpers/zohoTime.ts, the one reader):
 * - Documented (KB "command custom functions", the date-time object above): `millis_in_gmt` is
 *   epoch milliseconds; `value` is offset-less text in the organisation's local time (the sample's
 *   value is 5 h 30 min ahead of its millis). So ANY offset-less ISO text Zoho sends is read as the
 *   organisation's local time (assumed for plain strings outside such an object): converted with
 *   the organisation's offset when an object with both fields shows it, else kept as written on
 *   output and never read in the time zone of the machine n8n runs on.
 * - Documented (Post Records sample `"Time": "1688471523"`): epoch SECONDS as a 10-digit string.
 *   Assumed: a number or digit string below `epochSecondsBelow` is seconds, above it milliseconds
 *   (seconds stay below 1e11 until the year 5138; milliseconds are above it since 1973).
 * - Assumed: ISO 8601 text with `Z` or an offset is that instant; `formatted` ("10 minutes ago")
 *   is relative display text and never read; anything else holds no time.
 * - Documented (ISO 8601 / IANA): offsets are whole quarter hours within +-14 h.
 */
export const ZOHO_TIME = {
	epochSecondsBelow: 1e11,
	offsetStepMs: 15 * 60_000,
	maxOffsetMs: 14 * 3_600_000,
} as const;

/**
 * Our choice, from n8n's UX guidelines for community nodes ("Simplify ... with max 10 fields"):
 * a simplified record has at most this many fields. Every list below stays within it (a unit
 * test checks each module); simplifyRecord never returns more.
 */
export const MAX_SIMPLIFIED_FIELDS = 10;

/**
 * The fields a simplified record keeps, in this order. `name`, `model_id` and `description` are
 * documented (Post Records samples); `model_name`, `status`, `created_time` and `modified_time`
 * are assumed from Zoho's other record APIs. The model comes from any of MODEL_LOOKUP_FIELDS,
 * date-time objects become ISO strings, and `location_id`/`location_name` come from the
 * `location` lookup (an `{id, name}` object; assumed). Other lookup fields (e.g. `manufacturer`)
 * are not kept, so the record stays within MAX_SIMPLIFIED_FIELDS; Simplify off returns them.
 */
export const SIMPLIFIED_RECORD_FIELDS: readonly string[] = [
	'id',
	'name',
	'model_id',
	'model_name',
	'description',
	'status',
	'location_id',
	'location_name',
	'created_time',
	'modified_time',
];

// ---------------------------------------------------------------- Modules (actions/registry.ts)

/**
 * Documented (Get Records, "Supported modules"): the records API serves devices, assets,
 * locations, alarms, datapoints, products, manufacturers, vendors, certificates, policies,
 * commands and users, and custom modules by their API name. The page opens: "The records API
 * allows the user to get, create, update, delete, or search records." The registry's entries
 * and every per-module list below name their module from this list (the compiler checks it).
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
export type RecordModule = (typeof RECORD_MODULES)[number];

/** Documented (Get List of Models): only these modules have models (types). */
export const MODULES_WITH_MODELS: readonly RecordModule[] = ['devices', 'assets', 'locations'];

/**
 * Documented (post-records.html, put-records.html, December 2026): create (`POST /{module}`) and
 * update (`PUT /{module}` and `PUT /{module}/{record_id}`, with the record's `id` in the body, as
 * the node sends it) for all 12 modules, alarms and datapoints included. So no create or update is
 * assumed any more. Delete is still on no Zoho page, for any module (DELETE_METHOD below).
 */
export const ASSUMED_WRITE_MODULES: readonly RecordModule[] = [];

/**
 * Documented (post-records.html): "While inserting records there are a few system-defined
 * mandatory fields that you need to mention". The samples send `name` and `model_id` (assets);
 * the device sample adds `authentication_security` (the stored copy is cut there, so its values
 * are not known). Assumed: the same for locations. The node asks for Name and Model and names
 * the rest in the field hints and in Zoho's MANDATORY_NOT_FOUND error.
 */
export const CREATE_MANDATORY_FIELDS: Partial<Record<RecordModule, readonly string[]>> = {
	assets: ['name', 'model_id'],
	devices: ['name', 'model_id', 'authentication_security'],
	locations: ['name', 'model_id'],
};

/**
 * Assumed: a user record has no `name` to create it by (users are people with an email address);
 * the node's Create User sends only the fields the user gives (e.g. email, first_name).
 */
export const MODULES_WITHOUT_NAME_ON_CREATE: readonly RecordModule[] = ['users'];

/**
 * Scopes, documented (OAuth Scopes page and Get Records): `ZohoIOT.modules.<module>.ALL` covers
 * READ, CREATE, UPDATE and DELETE of a module; custom modules need `ZohoIOT.modules.ALL`.
 * Users are contradictory: Get Records names the module scope (`ZohoIOT.modules.users.ALL`, used
 * here), the scopes page lists `ZohoIOT.settings.users.ALL`; the node names both for users.
 */
export const moduleScope = (module: string) => `ZohoIOT.modules.${module}.ALL`;
export const CUSTOM_MODULE_SCOPE = FULL_ACCESS_SCOPE;
export const USERS_ALTERNATIVE_SCOPE = 'ZohoIOT.settings.users.ALL';

/** Assumed (Zoho CRM): the error code of a token that lacks a scope. */
export const SCOPE_ERROR_CODE = 'OAUTH_SCOPE_MISMATCH';

/**
 * Assumed from Zoho CRM, whose records API Zoho IoT mirrors: what Zoho answers when a module does
 * not allow an operation (unknown route or method, no such module, not permitted).
 */
export const OPERATION_REFUSED_CODES = [
	'INVALID_URL_PATTERN',
	'INVALID_MODULE',
	'INVALID_REQUEST_METHOD',
	'NO_PERMISSION',
];

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
export const SIMPLIFIED_FIELDS_BY_MODULE: Partial<Record<RecordModule, readonly string[]>> & {
	custom: readonly string[];
} = {
	alarms: [
		'id',
		'name',
		'severity',
		'status',
		'message',
		'source_name',
		'created_time',
		'modified_time',
	],
	certificates: [
		'id',
		'name',
		'description',
		'status',
		'expiry_time',
		'created_time',
		'modified_time',
	],
	commands: ['id', 'name', 'description', 'status', 'created_time', 'modified_time'],
	datapoints: [
		'id',
		'name',
		'datapoint_name',
		'instance_name',
		'unit',
		'data_type',
		'created_time',
		'modified_time',
	],
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
 * `ZohoIOT.modules.datapoints.data.CREATE` (DATAPOINT_VALUES_SCOPE, above) although it is a read.
 */
export const DATAPOINT_VALUES_PATH = 'datapoints/data';

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

// ---------------------------------------------------------------- Trigger (Zoho IoT Trigger node)

/**
 * Assumed: Get Records takes `sort_by=<field>` with `sort_order=desc` for the newest first, and
 * `created_time` and `modified_time` are sortable. The page names `sort_by` without listing
 * values; Zoho CRM's records API, which Zoho IoT mirrors, sorts on both time fields this way.
 * The trigger lists a module newest first and stops paging at the first record older than its
 * cursor, so one poll when nothing changed costs one request.
 */
export const TRIGGER_SORT_ORDER = 'desc';

/**
 * Assumed: every record, alarms included, carries `created_time` and `modified_time` (Zoho's
 * other record APIs do; Zoho IoT's samples show them on devices). Alarm Raised watches the
 * `created_time` of `alarms` records.
 */
export const CREATED_TIME_FIELD = 'created_time';
export const MODIFIED_TIME_FIELD = 'modified_time';

/**
 * Documented (Zoho IoT pricing): API calls per organisation per day on the Free plan. The
 * trigger's notice sets its poll interval against it.
 */
export const FREE_PLAN_DAILY_CALLS = 1000;

/**
 * Zoho IoT webhook actions (the Zoho IoT Webhook Trigger).
 * Documented (help centre, "Configuring Webhooks"): a webhook action attaches to an alarm rule, a
 * notification profile or a workflow rule; its form has Method (POST or GET), URL to Notify,
 * Header ("header can customarily carry API Keys/Auth tokens", built from module and/or custom
 * parameters), Custom Parameters (static name/value, "mainly used to send the auth tokens,
 * security tokens, API key"), Module Parameters (values from Zoho IoT modules, datapoints and
 * alarms) and Body (None, Form-Data or Raw Data).
 * Not documented: an API to register webhooks, a fixed payload, signing, a timeout, retries.
 */
export const WEBHOOK_METHODS = ['POST', 'GET'] as const;

/**
 * Assumed: Zoho may deliver the same event more than once (a retry after a timeout or a non-2xx
 * answer); nothing says it does, how often or how late. The trigger answers at once and can drop
 * repeats inside a window; this is the window it offers by default, in minutes.
 */
export const DEFAULT_WEBHOOK_DEDUPE_MINUTES = 10;

/**
 * Assumed: the shape of a time a Module Parameter carries. Zoho's pages show times as date-time
 * objects in API answers, ISO 8601 text in samples, and epoch seconds as text ("Time":
 * "1688471523") in a datapoint sample. The trigger accepts all of them.
 */
export const WEBHOOK_TIME_FIELD_SUFFIXES = ['_time', '_at'] as const;

/**
 * The trigger's look-back (our choice, docs/polling-trigger.md): by default a change whose time
 * is up to 2 minutes older than the newest change already seen (committed late, backdated by a
 * device, or stamped by a Zoho clock stepped back) is still emitted, once. Two minutes cover a
 * commit that lands a minute late while a quiet poll still costs one request unless more than 200
 * changes fall inside the window; the user can widen it (each poll re-reads the window).
 */
export const TRIGGER_LOOK_BACK = { defaultMinutes: 2, maxMinutes: 1440 } as const;

/**
 * Our choices for the trigger's bounds. A poll reads at most `maxPages` pages (20,000 changes)
 * and then fails with the cursor unmoved rather than cost more; it remembers at most
 * `maxRemembered` record versions (the oldest are forgotten first, and the look-back shrinks to
 * what is remembered). A record time more than `futureToleranceMs` ahead of n8n's clock is
 * "from the future": emitted once, but it never moves the window (assumed: Zoho's and n8n's
 * clocks agree within that tolerance, as NTP-synced servers do).
 */
export const TRIGGER_LIMITS = {
	maxPages: 100,
	maxRemembered: 20_000,
	futureToleranceMs: 5 * 60_000,
} as const;
