import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	ACCOUNTS_SERVER_CALLBACK_PARAM,
	CREDENTIAL_TYPE,
	DATA_CENTERS,
	fixedDataCenter,
	JUST_REFRESHED_MS,
	TOKEN_ERRORS,
} from '../constants';
import { checkAccountsServer } from './applicationDomain';
import { explainedError, redactSecrets } from './errors';
import { isOneOf } from '../helpers/values';
import { credentialKey, rememberCredentialSecrets } from './secrets';
import type { ZohoIotContext, ZohoIotCredentials, ZohoTokenData } from './types';

/**
 * The oldest n8n whose node helpers offer `refreshOAuth2Token`, the only way a node can refresh
 * a token through its credential so that n8n saves the new one. Stated in README.md#compatibility too.
 */
export const MIN_N8N_VERSION_FOR_REFRESH = '1.119.0';

/**
 * Token refreshes are shared per credential inside this process: n8n 1.x does no
 * de-duplication, and Zoho mints at most 10 access tokens per refresh token in 10 minutes, so
 * 50 items meeting one expired token must cause ONE refresh, not 50.
 */
const refreshesInFlight = new Map<string, { stale: string; fresh: Promise<string> }>();
/** The last token each credential's refresh replaced, so late callers skip a second refresh. */
const lastReplacement = new Map<
	string,
	{ stale: string; fresh: string; at: number; run: unknown }
>();
/**
 * The last failed refresh per credential. A permanent refusal (the refresh token is gone, the
 * client is wrong, Zoho's 10-per-10-minutes throttle) is remembered for a minute across runs:
 * asking again only digs deeper into the limit. A transient failure (network, a 5xx at the
 * accounts server) is remembered for the rest of the same run only, so a run makes at most one
 * token request, and the next run tries again at once.
 */
const lastFailure = new Map<
	string,
	{ stale: string; error: Error; at: number; run: unknown; permanent: boolean }
>();
const FAILURE_MEMORY_MS = 60_000;
/** Refusals that a new attempt within minutes would not change. */
const permanentFailures = new WeakSet<Error>();

/**
 * The run a call belongs to: n8n's execution id, or the node's execution context (one per node
 * run) where there is none (list search and dropdowns, tests).
 */
export function runOf(context: ZohoIotContext): unknown {
	const id = (context as { getExecutionId?: () => string | undefined }).getExecutionId?.();
	return id ?? context;
}

/**
 * Whether this run got `token` from a refresh moments ago (JUST_REFRESHED_MS). An item that
 * started with it while another item's retry with it was still on its way must not refresh it
 * again when Zoho rejects it: that is the same rejection, not an expiry. A later run may: by then
 * Zoho may really have dropped it (it keeps a limited number of access tokens per refresh token).
 */
export function isJustRefreshed(context: ZohoIotContext, token: string, now = Date.now()): boolean {
	const replaced = lastReplacement.get(credentialKey(context.getNode()));
	return (
		replaced?.fresh === token &&
		replaced.run === runOf(context) &&
		now - replaced.at < JUST_REFRESHED_MS
	);
}

/**
 * Whether `token` of the credential `key` is being replaced in this process, or was in this
 * run: a request about to leave with it would only meet a 401. An item prepared while the
 * others waited for Zoho (router.ts) holds the token of that moment, and may get its slot from
 * the very answer that starts the refresh. A token another run replaced earlier is not assumed
 * dead: it may still be within its hour, and a 401 would still lead to the fresh one.
 */
export function isBeingReplaced(key: string, run: unknown, token: string): boolean {
	const replaced = lastReplacement.get(key);
	return (
		refreshesInFlight.get(key)?.stale === token ||
		(replaced?.stale === token && replaced.run === run)
	);
}

/** Whether n8n recorded an expiry for this token that has already passed. */
export function isKnownExpired(tokenData: ZohoTokenData | undefined, now = Date.now()): boolean {
	const expiresAt = Number(tokenData?.n8n_expires_at);
	return Number.isFinite(expiresAt) && expiresAt > 0 && expiresAt <= now;
}

function normaliseServer(url: unknown): string {
	return String(url ?? '')
		.trim()
		.replace(/\/+$/, '')
		.toLowerCase();
}

/**
 * When Zoho's authorize redirect named an accounts server other than the chosen data centre's,
 * a sentence naming the data centre to choose; otherwise ''.
 */
export function dataCenterMismatchHint(credentials: ZohoIotCredentials): string {
	let callback = credentials.oauthTokenData?.callbackQueryString;
	if (typeof callback === 'string') {
		callback = Object.fromEntries(new URLSearchParams(callback)) as IDataObject;
	}
	const recorded = normaliseServer(callback?.[ACCOUNTS_SERVER_CALLBACK_PARAM]);
	if (!recorded) return '';
	const chosen =
		credentials.dataCenter === 'custom'
			? normaliseServer(credentials.customAccountsServer)
			: normaliseServer(fixedDataCenter(credentials.dataCenter)?.accountsServer);
	if (recorded === chosen) return '';
	const match = Object.values(DATA_CENTERS).find(
		(dc) => normaliseServer(dc.accountsServer) === recorded,
	);
	return match
		? ` Your Zoho account lives in the ${match.name} data center (${recorded}): choose "${match.name}" as the credential's Data Center and reconnect.`
		: ` Your Zoho account lives at ${recorded}: choose "Custom" as the credential's Data Center, enter ${recorded} as its Accounts Server URL and reconnect.`;
}

function refreshFailure(
	node: INode,
	credentials: ZohoIotCredentials,
	itemIndex: number | undefined,
	zohoError: string | undefined,
	zohoDescription: string | undefined,
): NodeApiError {
	const hint = dataCenterMismatchHint(credentials);
	const options = { itemIndex, credentials };
	const permanent = (error: NodeApiError) => {
		permanentFailures.add(error);
		return error;
	};
	if (zohoError === TOKEN_ERRORS.throttled) {
		return permanent(
			explainedError(
				node,
				'Zoho refused to issue a new access token: too many token requests',
				`Zoho issues at most 10 access tokens per refresh token in 10 minutes${zohoDescription ? ` ("${zohoDescription}")` : ''}. Wait 10 minutes and run the workflow again. If this keeps happening, make sure nothing else (another n8n, a script) refreshes tokens with this credential's refresh token.${hint}`,
				options,
			),
		);
	}
	if (isOneOf(zohoError, TOKEN_ERRORS.grantGone)) {
		return permanent(
			explainedError(
				node,
				'The Zoho IoT credential needs to be reconnected',
				`Zoho no longer accepts its refresh token (${zohoError}): it was revoked, or newer connections replaced it (Zoho keeps 20 refresh tokens per user and client). Open the credential and press "Reconnect".${hint}`,
				options,
			),
		);
	}
	if (zohoError === TOKEN_ERRORS.badClient) {
		return permanent(
			explainedError(
				node,
				"Zoho rejected the credential's client ID or client secret (invalid_client)",
				`Check the Client ID and Client Secret in the credential, and that its Data Center is the one where the client was registered in the Zoho API console.${hint}`,
				options,
			),
		);
	}
	return explainedError(
		node,
		`Zoho could not refresh the access token${zohoError ? ` (${zohoError})` : ''}`,
		`${zohoDescription ? `Zoho said: "${zohoDescription}". ` : ''}Check the credential's Data Center, Client ID and Client Secret, then reconnect it.${hint}`,
		options,
	);
}

/**
 * The credential as n8n has it saved now, and the access token in it if another process saved
 * one since `staleToken` failed.
 *
 * In n8n's queue mode several workers use one credential, and this module's single flight only
 * covers its own process. n8n 1.x takes no lock around a refresh: without this check every worker
 * that meets the expired token asks Zoho for a new one (Zoho mints at most 10 per refresh token
 * in 10 minutes). Reading the credential again just before refreshing picks up the token another
 * worker already saved; like n8n 2.x's own check, the saved token is trusted as it is.
 */
export async function readSavedCredential(
	this: ZohoIotContext,
	staleToken: string,
	itemIndex: number | undefined,
): Promise<{ stored: ZohoIotCredentials; savedElsewhere?: string }> {
	const stored = await this.getCredentials<ZohoIotCredentials>(CREDENTIAL_TYPE, itemIndex);
	const saved = stored?.oauthTokenData?.access_token;
	if (!saved || saved === staleToken || isKnownExpired(stored.oauthTokenData)) return { stored };
	return { stored, savedElsewhere: saved };
}

/**
 * The node context, except that reading the credential answers with `stored`, the credential
 * whose token is to be replaced. n8n's `refreshOAuth2Token` reads the credential through the
 * context it is called on. On n8n 2.x it then takes its cluster-wide lease, reads the credential
 * again and skips the refresh when the token changed in between: its first read must hold the
 * token found bad. Read anew, it may already hold the token another worker saved a moment after
 * our re-read, and n8n would replace that good token for nothing (seen in queue mode: 3
 * refreshes for 2 expiries).
 */
function contextReading(context: ZohoIotContext, stored: ZohoIotCredentials): ZohoIotContext {
	return Object.create(context, {
		// A copy each time: n8n writes the new token data into the object it is given.
		getCredentials: { value: async () => ({ ...stored }) },
	}) as ZohoIotContext;
}

async function refreshThroughCredential(
	this: ZohoIotContext,
	credentials: ZohoIotCredentials,
	staleToken: string,
	itemIndex: number | undefined,
): Promise<string> {
	const node = this.getNode();
	const { stored, savedElsewhere } = await readSavedCredential.call(this, staleToken, itemIndex);
	if (savedElsewhere) return savedElsewhere;
	const refresh = this.helpers.refreshOAuth2Token as
		| typeof this.helpers.refreshOAuth2Token
		| undefined;
	if (typeof refresh !== 'function') {
		throw new NodeOperationError(node, 'This n8n cannot refresh the Zoho IoT access token', {
			description: `The Zoho IoT node refreshes hourly Zoho tokens through n8n, which needs n8n ${MIN_N8N_VERSION_FOR_REFRESH} or newer. Update n8n.`,
			itemIndex,
		});
	}

	// The refresh sends the refresh token and client secret: only to a server that passes the
	// same rules as the application domain, checked before n8n is asked.
	checkAccountsServer(credentials, node, itemIndex);

	let tokenData: ZohoTokenData;
	try {
		// Through the credential, so n8n saves the new token; called on a context because the
		// helper reads the credential from the node context it is called on.
		tokenData = (await refresh.call(
			contextReading(this, stored),
			CREDENTIAL_TYPE,
		)) as ZohoTokenData;
	} catch (error) {
		// n8n's token client throws for 4xx/5xx responses and unreachable servers. Its errors carry
		// the token request (refresh token and client secret in the body): keep only the words.
		const body = (error as { body?: IDataObject }).body;
		const zohoError = typeof body?.error === 'string' ? body.error : undefined;
		if (zohoError) {
			throw refreshFailure(
				node,
				credentials,
				itemIndex,
				zohoError,
				body?.error_description as string,
			);
		}
		const reason = redactSecrets(String((error as Error)?.message ?? error), credentials);
		throw explainedError(
			node,
			'Could not refresh the Zoho IoT access token',
			`${reason}. Check that the credential's Data Center (or Accounts Server URL) is reachable and correct, then reconnect the credential if this persists.${dataCenterMismatchHint(credentials)}`,
			{ itemIndex, credentials },
		);
	}

	// Zoho answers refusals with HTTP 200; n8n then merges e.g. {"error":"Access Denied"} into the
	// saved token data and keeps the old access token. A stale `error` can also survive from an
	// earlier failed refresh, so success is judged by the access token changing, not by `error`.
	const fresh = tokenData?.access_token;
	rememberCredentialSecrets(credentialKey(node), credentials, tokenData);
	if (!fresh || fresh === staleToken) {
		throw refreshFailure(
			node,
			credentials,
			itemIndex,
			tokenData?.error,
			tokenData?.error_description,
		);
	}
	return fresh;
}

/**
 * A new access token for the one that just failed: at most one refresh per credential at a
 * time, and none when another caller already replaced this token.
 */
export async function refreshAccessToken(
	this: ZohoIotContext,
	credentials: ZohoIotCredentials,
	staleToken: string,
	itemIndex?: number,
): Promise<string> {
	const key = credentialKey(this.getNode());
	const replaced = lastReplacement.get(key);
	if (replaced?.stale === staleToken) return replaced.fresh;
	const failed = lastFailure.get(key);
	if (
		failed?.stale === staleToken &&
		(failed.run === runOf(this) || (failed.permanent && Date.now() - failed.at < FAILURE_MEMORY_MS))
	) {
		throw failed.error;
	}

	let refresh = refreshesInFlight.get(key)?.fresh;
	if (!refresh) {
		refresh = refreshThroughCredential
			.call(this, credentials, staleToken, itemIndex)
			.then(
				(fresh) => {
					lastReplacement.set(key, { stale: staleToken, fresh, at: Date.now(), run: runOf(this) });
					lastFailure.delete(key);
					return fresh;
				},
				(error: Error) => {
					lastFailure.set(key, {
						stale: staleToken,
						error,
						at: Date.now(),
						run: runOf(this),
						permanent: permanentFailures.has(error),
					});
					throw error;
				},
			)
			.finally(() => refreshesInFlight.delete(key));
		refreshesInFlight.set(key, { stale: staleToken, fresh: refresh });
	}
	return await refresh;
}
