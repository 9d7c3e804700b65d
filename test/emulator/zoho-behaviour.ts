/**
 * Every statement the emulator makes about how Zoho behaves, in one object.
 *
 * Each entry says whether it is DOCUMENTED (with one of the sources below) or
 * ASSUMED. Nobody has checked the assumed ones
 * against a live Zoho IoT account, so when somebody does, the correction is a
 * one-line change here. A test can also override any top-level key for one
 * emulator with `startEmulator({ behaviour: { ... } })` or
 * `configure({ behaviour: { ... } })` (a shallow merge per key).
 *
 * Sources:
 *   [seed]      Zoho IoT's "OAuth 2.0 Authentication Process" guide, the page the package follows
 *   [accounts]  Zoho Accounts OAuth docs, incl. the multi-DC page
 *   [kb]        help.zoho.com KB "Why am I getting invalid code and invalid redirect URI error?"
 *   [sdk]       public Zoho SDK issues (e.g. zoho/zcrm-csharp-sdk#7, asciisd/zoho#6: HTTP 200 + {"error":...})
 *   [iot-api]   Zoho IoT REST API reference pages
 *   [pricing]   Zoho IoT plan limits
 *   [harvest]   Zoho's own API pages, collected while the node was written (DOC: the page says
 *               so; ZOHO-ANALOG: said for another Zoho product); their disagreements with the
 *               first reading are D1-D11; each entry citing them states the fact and names the page
 *
 * The `documented` profile (profiles.ts) swaps the REST entries marked "profile" for the shapes
 * Zoho's own pages show; the token limits below hold in every profile.
 */

export interface ApiError {
	/** HTTP status of the response */
	status: number;
	/** JSON body; `details` may be added per response */
	body: { code: string; message: string; status: 'error' };
}

export interface ZohoBehaviour {
	authorizationCodeLifetimeSeconds: number;
	defaultAccessType: 'offline' | 'online';
	refreshTokenOnlyOnConsent: boolean;
	refreshTokensPerUser: number;
	defaultAccessTokenLifetimeSeconds: number;
	defaultTokenThrottle: { max: number; windowSeconds: number };
	tokenErrorHttpStatus: number;
	tokenErrors: {
		unknownClient: string;
		wrongClientSecret: string;
		badCode: string;
		badRefreshToken: string;
		redirectUriMismatch: string;
		unsupportedGrantType: string;
	};
	throttle: { httpStatus: number; body: { error: string; error_description: string } };
	acceptHttpBasicClientAuth: boolean;
	oauthWrongMethod: { status: number; body: { error: string; error_description: string } };
	consentDenyError: string;
	revokeResponse: { status: string };
	revokeUnknownToken: { httpStatus: number; body: Record<string, string> };
	maxLiveAccessTokensPerRefreshToken: number;
	refreshTokenIssueLimit: { max: number; windowSeconds: number };
	revokeKillsAccessTokens: boolean;
	jsonContentType: string;
	defaultAcceptedSchemes: string[];
	schemeCaseSensitive: boolean;
	scopeCaseInsensitive: boolean;
	fullAccessScopes: string[];
	modelsExtraScopes: string[];
	errors: {
		invalidToken: ApiError;
		scopeMismatch: ApiError;
		recordNotFound: ApiError;
		invalidUrl: ApiError;
		invalidData: ApiError;
		mandatoryNotFound: ApiError;
		tooManyRequests: ApiError;
		dailyLimitExceeded: ApiError;
		serverError: ApiError;
	};
	getShape: 'array' | 'object';
	recordShape: 'flat' | 'documented';
	orgUtcOffsetMinutes: number;
	writeResultShape: 'with-details' | 'documented';
	deleteRoutes: Array<'http-delete' | 'action'>;
	listMetadata: 'info' | 'page_context' | 'none';
	list: {
		defaultPerPage: number;
		maxPerPage: number;
		emptyPageStatus: 200 | 204;
		defaultSortBy: string;
	};
	writeStatus: {
		created: number;
		createdWithErrors: number;
		updated: number;
		updatedWithErrors: number;
		deleted: number;
	};
	maxRecordsPerWrite: number;
	defaultConcurrencyLimit: number;
	dailyQuotaWindow: 'utc-day' | 'rolling-24h';
}

export const ZOHO_BEHAVIOUR: ZohoBehaviour = {
	// ---------------------------------------------------------------- Zoho Accounts

	// DOCUMENTED [seed] step 2: "this code is valid for 60 seconds only".
	// ([kb] says two minutes; the seed is what the project implements.)
	authorizationCodeLifetimeSeconds: 60,

	// DOCUMENTED [seed] step 2: access_type "By default it is taken as offline".
	defaultAccessType: 'offline',

	// DOCUMENTED [accounts] + n8n issues #12551/#18037: once a user has consented, a new
	// authorization without `prompt=consent` skips the consent page and the code exchange
	// returns NO refresh_token. Set false to always return one.
	refreshTokenOnlyOnConsent: true,

	// DOCUMENTED [seed] step 3: at most 20 refresh tokens per user; the 21st silently
	// deletes the oldest (and, ASSUMED, the access tokens minted from it).
	// Only refresh tokens from the real code flow count; the test back door
	// (issueTokens / POST /__emulator/tokens) is exempt so suites can mint freely.
	refreshTokensPerUser: 20,

	// DOCUMENTED [seed] step 4: "their lifetime is only 1 hour". Overridable per emulator
	// with the accessTokenLifetimeSeconds option.
	defaultAccessTokenLifetimeSeconds: 3600,

	// DOCUMENTED [accounts]: at most 10 access tokens per refresh token per 10 minutes.
	// ASSUMED: only refresh_token grants count (the access token of the code exchange does not).
	defaultTokenThrottle: { max: 10, windowSeconds: 600 },

	// SEEN [sdk]: Zoho answers token errors with HTTP 200 and {"error": "..."}.
	tokenErrorHttpStatus: 200,

	tokenErrors: {
		// SEEN [sdk]: {"error":"invalid_client"} for an unknown client id (or the wrong DC).
		unknownClient: 'invalid_client',
		// ASSUMED: a wrong client_secret answers like an unknown client (the node's
		// constants.ts TOKEN_ERRORS.badClient assumes the same). Some Zoho community posts
		// mention `invalid_client_secret`; set that here to test the other reading.
		wrongClientSecret: 'invalid_client',
		// DOCUMENTED [kb]: reused or expired code -> invalid_code. SEEN [sdk].
		// ASSUMED: the same for a missing or unknown code, or a code of another client.
		badCode: 'invalid_code',
		// DOCUMENTED [kb]: a revoked refresh token gives invalid_code.
		// ASSUMED: the same for a missing or unknown refresh token, or one of another client.
		badRefreshToken: 'invalid_code',
		// DOCUMENTED [kb] (error name). ASSUMED: also returned when the token request's
		// redirect_uri differs from the one the code was issued for.
		redirectUriMismatch: 'invalid_redirect_uri',
		// ASSUMED (RFC 6749 name): grant_type missing or not one of the two above.
		unsupportedGrantType: 'unsupported_grant_type',
	},

	// DOCUMENTED [accounts]: the throttle body, with HTTP 200. Field logs show 400 instead:
	// set httpStatus to 400 to emulate that. Clients must detect the throttle by its BODY.
	throttle: {
		httpStatus: 200,
		body: {
			error: 'Access Denied',
			error_description:
				'You have made too many requests continuously. Please try again after some time.',
		},
	},

	// DOCUMENTED [harvest] D4 (ZOHO-ANALOG, https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token-expiry.html):
	// the token request's client credentials may come "(3) Basic Auth Header". Parameters win over it.
	acceptHttpBasicClientAuth: true,

	// ASSUMED: the token and revoke endpoints only take POST (the docs only ever POST);
	// any other method gets this answer.
	oauthWrongMethod: {
		status: 405,
		body: { error: 'invalid_request', error_description: 'use POST' },
	},

	// ASSUMED: pressing "Deny" on the consent page redirects with error=access_denied.
	consentDenyError: 'access_denied',

	// DOCUMENTED [seed] step 5: {"status":"success"}.
	revokeResponse: { status: 'success' },
	// DOCUMENTED [harvest] D5 (ZOHO-ANALOG, https://zohohelp.com/creator/help/api/v2/revoke-tokens.html):
	// "If the given token is invalid, the revoke token request will fail and you'll receive the
	// HTTP status code 400." ASSUMED: the body.
	revokeUnknownToken: { httpStatus: 400, body: { error: 'invalid_token' } },

	// DOCUMENTED [harvest] (ZOHO-ANALOG, Kaizen #43 https://help.zoho.com/portal/en/community/topic/kaizen-43-tokens-and-limitations):
	// at most 15 live access tokens per refresh token; the 16th kills the oldest.
	maxLiveAccessTokensPerRefreshToken: 15,

	// DOCUMENTED [harvest] (ZOHO-ANALOG, Kaizen #43): at most 10 refresh tokens per user and client
	// in 10 minutes. ASSUMED: the 11th code exchange is answered like the token throttle
	// (`throttle`, "Access Denied") and burns the code; back-door tokens are exempt.
	refreshTokenIssueLimit: { max: 10, windowSeconds: 600 },
	// ASSUMED: revoking a refresh token also kills the access tokens minted from it.
	revokeKillsAccessTokens: true,

	// SEEN [sdk] response headers: "Content-Type: application/json;charset=UTF-8".
	jsonContentType: 'application/json;charset=UTF-8',

	// ---------------------------------------------------------------- Zoho IoT REST

	// DOCUMENTED: [seed] step 6 says `Zoho-authtoken`, [iot-api] pages say `Zoho-oauthtoken`,
	// Zoho Accounts also accepts `Bearer`. Overridable with the acceptedSchemes option.
	defaultAcceptedSchemes: ['Zoho-authtoken', 'Zoho-oauthtoken', 'Bearer'],
	// ASSUMED: the scheme must match exactly (so a test can insist on one spelling).
	schemeCaseSensitive: true,
	// ASSUMED: scope names compare case-insensitively, as Zoho's scope names are case-mixed
	// in its own docs (ZohoIOT / ZohoIot).
	scopeCaseInsensitive: true,

	// DOCUMENTED: `ZohoIOT.modules.ALL` ([iot-api] scopes page) and `ZohoIOT.iotfullaccess.ALL`
	// (the seed's token example) grant every module operation. Module scopes
	// `ZohoIOT.modules.<module>.{ALL,READ,CREATE,UPDATE,DELETE}` are DOCUMENTED and built in.
	fullAccessScopes: ['ZohoIOT.modules.ALL', 'ZohoIOT.iotfullaccess.ALL'],
	// ASSUMED: GET /settings/models?module=X needs READ on module X, or one of these.
	modelsExtraScopes: ['ZohoIOT.settings.ALL', 'ZohoIOT.settings.READ'],

	errors: {
		// ASSUMED (facts: "ASSUMED HTTP 401 with INVALID_OAUTHTOKEN"): missing header, refused
		// scheme, unknown/expired/revoked token.
		invalidToken: {
			status: 401,
			body: { code: 'INVALID_OAUTHTOKEN', message: 'invalid oauth token', status: 'error' },
		},
		// ASSUMED (the code Zoho CRM uses).
		scopeMismatch: {
			status: 401,
			body: {
				code: 'OAUTH_SCOPE_MISMATCH',
				message: 'invalid oauth scope to access this URL',
				status: 'error',
			},
		},
		// ASSUMED: unknown record id on get/update/delete.
		recordNotFound: {
			status: 404,
			body: {
				code: 'RECORD_NOT_FOUND',
				message: 'The requested record does not exist',
				status: 'error',
			},
		},
		// ASSUMED (Zoho CRM's answer): a path/method that is not a route, including a delete
		// route that `deleteRoutes` leaves out.
		invalidUrl: {
			status: 404,
			body: {
				code: 'INVALID_URL_PATTERN',
				message: 'Please check if the URL trying to access is a correct one',
				status: 'error',
			},
		},
		// ASSUMED envelope {code, message, status:"error", details}: bad parameter or body.
		invalidData: {
			status: 400,
			body: { code: 'INVALID_DATA', message: 'invalid data', status: 'error' },
		},
		// ASSUMED: a mandatory field missing in a record (used per record, inside a 2xx).
		mandatoryNotFound: {
			status: 400,
			body: { code: 'MANDATORY_NOT_FOUND', message: 'required field not found', status: 'error' },
		},
		// ASSUMED (facts: over-limit response unknown): concurrency cap exceeded, and the
		// injected 429 fault.
		tooManyRequests: {
			status: 429,
			body: {
				code: 'TOO_MANY_REQUESTS',
				message: 'too many requests, please try again later',
				status: 'error',
			},
		},
		// ASSUMED: the daily plan quota exceeded.
		dailyLimitExceeded: {
			status: 429,
			body: {
				code: 'LIMIT_EXCEEDED',
				message: 'the API call limit for the day has been exceeded',
				status: 'error',
			},
		},
		// ASSUMED: the injected 5xx fault.
		serverError: {
			status: 500,
			body: { code: 'INTERNAL_ERROR', message: 'internal server error', status: 'error' },
		},
	},

	// ASSUMED: GET /{module}/{id} answers {"devices":[{...}]} (an array of one, as Zoho CRM's
	// record API and as the list). 'object' answers {"devices":{...}} instead.
	getShape: 'array',

	// profile. ASSUMED: records carry model_id/model_name and string date-times
	// (2024-03-12T10:15:00+00:00). 'documented' [harvest] D6, D7 (KB command-custom-functions,
	// https://help.zoho.com/portal/en/kb/iot/custom-functions/understanding-custom-functions/articles/command-custom-functions):
	// the model as the lookup `layout` {id, name, icon, settings}, date-times as
	// {millis_in_gmt, formatted, value}; ASSUMED there: `location` as a lookup {id, name}.
	recordShape: 'flat',
	// ASSUMED from the KB sample, whose `value` is 5 h 30 min ahead of its millis_in_gmt: the
	// date-time `value` is the organisation's local time without an offset (India here).
	orgUtcOffsetMinutes: 330,

	// profile. ASSUMED: success entries carry `details: {id, created_time, modified_time}`.
	// 'documented' [harvest] D11 (https://www.zoho.com/iot/developer/docs/apis/v1/add-datapoint-template.html):
	// a top-level `id` and no `details`.
	writeResultShape: 'with-details',

	// profile. Both routes ASSUMED [harvest] D2: no Zoho page shows a delete route; the REST
	// overview (https://zoho.com/iot/developer/docs/apis/v1/rest-api-overview.html) lists DELETE
	// among its methods. The default keeps the project's first reading (only the action route
	// GET /{module}/{id}/actions/delete); 'documented' takes HTTP DELETE /{module}/{id} only.
	deleteRoutes: ['action'],

	// profile. ASSUMED [harvest] section 8: no Zoho IoT page shows a list answer. 'info' is
	// Zoho CRM's {page, per_page, count, more_records}; 'page_context' Zoho Books'
	// {page, per_page, has_more_page}; 'none' sends the records only.
	listMetadata: 'info',

	list: {
		// DOCUMENTED [iot-api]: per_page default 20, maximum 200.
		defaultPerPage: 20,
		maxPerPage: 200,
		// ASSUMED: a page past the end answers 200 with an empty array and info.
		// Zoho CRM answers 204 with no body: set 204 to test that.
		emptyPageStatus: 200,
		// ASSUMED: without sort_by, records come in id (= creation) order.
		defaultSortBy: 'id',
		// ASSUMED (nodes/ZohoIot/constants.ts, TRIGGER_SORT_ORDER): sort_by takes any field,
		// created_time and modified_time included, and sort_order=desc lists the newest first;
		// times sort as instants (ISO text or {millis_in_gmt, ...}), ties keep creation order,
		// missing values come last. Implemented in sorting.ts.
	},

	// DOCUMENTED (facts "Write result"): a per-record array with HTTP 2xx; a failing record has
	// status "error". ASSUMED: the exact 2xx codes below.
	writeStatus: {
		created: 201,
		createdWithErrors: 207,
		updated: 200,
		updatedWithErrors: 207,
		deleted: 200,
	},

	// ASSUMED (Zoho CRM's limit): at most 100 records per create call.
	maxRecordsPerWrite: 100,

	// DOCUMENTED [pricing]: 5 concurrent calls per client on the Free plan.
	defaultConcurrencyLimit: 5,

	// The daily quota (option dailyQuota) is DOCUMENTED per plan [pricing] as "/Day/Org".
	// DOCUMENTED [harvest] D8 (ZOHO-ANALOG, CRM, Kaizen #203): a rolling 24-hour window.
	// 'utc-day' counts per UTC calendar day instead.
	dailyQuotaWindow: 'rolling-24h',
};
