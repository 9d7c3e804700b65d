/**
 * Zoho Accounts (OAuth 2.0): the authorize/consent page, the token endpoint and revoke.
 *
 * Routes:
 *   GET  /oauth/v2/auth               consent page (or an immediate redirect)
 *   POST /oauth/v2/auth/approve       the consent form's target (GET works too)
 *   POST /oauth/v2/token              authorization_code and refresh_token grants
 *   POST /oauth/v2/token/revoke       revoke a refresh (or access) token
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { escapeHtml, page, parseForm, readBody, redirect, sendHtml, sendJson } from './http-util';
import type { EmulatorState } from './state';
import type { PendingConsent } from './tokens';

/** A Zoho scope looks like Service.area[.sub].OPERATION; anything else is refused on the consent step. */
const SCOPE_SHAPE = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9_-]+){2,}$/;

export function splitScopes(scope: string): string[] {
	return scope.split(/[,\s]+/).filter((s) => s.length > 0);
}

export async function handleAccounts(
	state: EmulatorState,
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
): Promise<boolean> {
	switch (url.pathname) {
		case '/oauth/v2/auth':
			authorize(state, res, url.searchParams);
			return true;
		case '/oauth/v2/auth/approve': {
			const params = req.method === 'POST' ? parseForm(req, await readBody(req)) : url.searchParams;
			approve(state, res, params);
			return true;
		}
		case '/oauth/v2/token':
			await token(state, req, res, url);
			return true;
		case '/oauth/v2/token/revoke':
			await revoke(state, req, res, url);
			return true;
		default:
			return false;
	}
}

// ---------------------------------------------------------------- authorize

function errorPage(state: EmulatorState, res: ServerResponse, title: string, detail: string): void {
	state.counters.authorizations.errors++;
	sendHtml(
		res,
		400,
		page(title, `<h1 id="error">${escapeHtml(title)}</h1>\n<p>${escapeHtml(detail)}</p>`),
	);
}

function authorize(state: EmulatorState, res: ServerResponse, q: URLSearchParams): void {
	const clientId = q.get('client_id');
	const redirectUri = q.get('redirect_uri');
	const scope = q.get('scope');
	const responseType = q.get('response_type');
	const accessType = q.get('access_type') ?? state.behaviour.defaultAccessType;

	if (!clientId)
		return errorPage(state, res, 'Invalid Client', 'The client_id parameter is missing.');
	const client = state.findClient(clientId);
	if (!client)
		return errorPage(
			state,
			res,
			'Invalid Client',
			`No client is registered with client_id ${clientId}.`,
		);
	if (!redirectUri)
		return errorPage(state, res, 'Invalid Redirect Uri', 'The redirect_uri parameter is missing.');
	let parsed: URL | undefined;
	try {
		parsed = new URL(redirectUri);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
		return errorPage(
			state,
			res,
			'Invalid Redirect Uri',
			`redirect_uri is not an http(s) URL: ${redirectUri}`,
		);
	}
	if (client.redirectUris && !client.redirectUris.includes(redirectUri)) {
		return errorPage(
			state,
			res,
			'Invalid Redirect Uri',
			`redirect_uri ${redirectUri} is not registered for this client.`,
		);
	}
	if (responseType !== 'code') {
		return errorPage(
			state,
			res,
			'Invalid Response Type',
			`response_type must be "code", got "${responseType ?? ''}".`,
		);
	}
	const scopes = splitScopes(scope ?? '');
	if (scopes.length === 0)
		return errorPage(state, res, 'Invalid OAuth Scope', 'The scope parameter is missing.');
	const badScope = scopes.find((s) => !SCOPE_SHAPE.test(s));
	if (badScope)
		return errorPage(state, res, 'Invalid OAuth Scope', `Scope does not exist: ${badScope}`);
	if (accessType !== 'offline' && accessType !== 'online') {
		return errorPage(
			state,
			res,
			'Invalid Access Type',
			`access_type must be "offline" or "online", got "${accessType}".`,
		);
	}

	const pending = state.tokens.addPending({
		clientId,
		redirectUri,
		scope: scope!,
		state: q.get('state') ?? undefined,
		accessType,
		createdAt: state.now(),
	});

	// A user who already consented is not asked again unless the app insists (prompt=consent);
	// Zoho then hands out no new refresh token.
	const alreadyConsented = state.tokens.consented.has(clientId) && q.get('prompt') !== 'consent';
	if (state.settings.autoAccept || alreadyConsented) {
		state.counters.authorizations.autoApproved++;
		state.tokens.takePending(pending.id, state.now());
		return finishConsent(state, res, pending, !alreadyConsented);
	}

	state.counters.authorizations.consentPagesShown++;
	const scopeItems = scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('\n');
	sendHtml(
		res,
		200,
		page(
			'Authorize access - Zoho IoT emulator',
			`<h1>Allow access to your Zoho IoT data?</h1>
<p>The application <code id="client-id">${escapeHtml(clientId)}</code> asks for:</p>
<ul id="scopes">
${scopeItems}
</ul>
<p>After you decide you return to <code id="redirect-uri">${escapeHtml(redirectUri)}</code>.</p>
<form method="post" action="/oauth/v2/auth/approve">
<input type="hidden" name="request" value="${pending.id}">
<button id="accept" type="submit" name="decision" value="accept">Accept</button>
<button id="deny" type="submit" name="decision" value="deny">Deny</button>
</form>`,
		),
	);
}

function approve(state: EmulatorState, res: ServerResponse, params: URLSearchParams): void {
	const pending = state.tokens.takePending(params.get('request') ?? '', state.now());
	if (!pending) {
		return errorPage(
			state,
			res,
			'Request Expired',
			'This authorization request is unknown, expired or was already answered. Start again.',
		);
	}
	if (params.get('decision') === 'deny') {
		state.counters.authorizations.denied++;
		const target = new URL(pending.redirectUri);
		target.searchParams.set('error', state.behaviour.consentDenyError);
		if (pending.state !== undefined) target.searchParams.set('state', pending.state);
		return redirect(res, target.toString());
	}
	state.counters.authorizations.approved++;
	finishConsent(state, res, pending, true);
}

/** Issues the code and sends the browser back to the app, as Zoho's multi-DC flow does. */
function finishConsent(
	state: EmulatorState,
	res: ServerResponse,
	pending: PendingConsent,
	consentGiven: boolean,
): void {
	const issueRefreshToken =
		pending.accessType === 'offline' &&
		(consentGiven || !state.behaviour.refreshTokenOnlyOnConsent);
	state.tokens.consented.add(pending.clientId);
	const code = state.tokens.addCode({
		clientId: pending.clientId,
		redirectUri: pending.redirectUri,
		scope: pending.scope,
		issueRefreshToken,
		expiresAt: state.now() + state.behaviour.authorizationCodeLifetimeSeconds * 1000,
	});
	const target = new URL(pending.redirectUri);
	target.searchParams.set('code', code.code);
	if (pending.state !== undefined) target.searchParams.set('state', pending.state);
	target.searchParams.set('location', state.settings.location);
	target.searchParams.set('accounts-server', state.accountsServer);
	redirect(res, target.toString());
}

// ---------------------------------------------------------------- token

interface TokenParams {
	get(name: string): string | null;
	secretIn: 'body' | 'query' | 'basic' | 'none';
}

/** Zoho reads the parameters from the query string or the form body (the body wins). */
function tokenParams(
	state: EmulatorState,
	req: IncomingMessage,
	url: URL,
	body: URLSearchParams,
): TokenParams {
	let basic: { id: string; secret: string } | undefined;
	const auth = req.headers.authorization ?? '';
	if (state.behaviour.acceptHttpBasicClientAuth && /^basic /i.test(auth)) {
		const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon > 0)
			basic = {
				id: decodeURIComponent(decoded.slice(0, colon)),
				secret: decodeURIComponent(decoded.slice(colon + 1)),
			};
	}
	const get = (name: string): string | null => {
		const value = body.get(name) ?? url.searchParams.get(name);
		if (value !== null) return value;
		if (basic && name === 'client_id') return basic.id;
		if (basic && name === 'client_secret') return basic.secret;
		return null;
	};
	const secretIn = body.has('client_secret')
		? 'body'
		: url.searchParams.has('client_secret')
			? 'query'
			: basic
				? 'basic'
				: 'none';
	return { get, secretIn };
}

async function token(
	state: EmulatorState,
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
): Promise<void> {
	const b = state.behaviour;
	if (req.method !== 'POST') {
		sendJson(res, b.oauthWrongMethod.status, b.oauthWrongMethod.body, b.jsonContentType, {
			allow: 'POST',
		});
		return;
	}
	const params = tokenParams(state, req, url, parseForm(req, await readBody(req)));
	// Extension: the token request's round trip on the link.
	if (state.settings.faults.linkLatencyMs > 0)
		await state.sleep(state.settings.faults.linkLatencyMs);
	const grantType = params.get('grant_type');
	const clientId = params.get('client_id') ?? '';
	state.countTokenRequest(grantType);

	const fail = (error: string, scope = '') => {
		state.countTokenError(error);
		state.recordExchange({
			grantType: grantType ?? '',
			clientId,
			clientSecretIn: params.secretIn,
			scope,
			outcome: error,
		});
		sendJson(res, b.tokenErrorHttpStatus, { error }, b.jsonContentType);
	};
	const succeed = (scope: string, body: Record<string, unknown>) => {
		state.recordExchange({
			grantType: grantType ?? '',
			clientId,
			clientSecretIn: params.secretIn,
			scope,
			outcome: 'success',
		});
		sendJson(res, 200, body, b.jsonContentType);
	};

	const throttled = (scope: string) => {
		state.countTokenError(b.throttle.body.error);
		state.recordExchange({
			grantType: grantType ?? '',
			clientId,
			clientSecretIn: params.secretIn,
			scope,
			outcome: b.throttle.body.error,
		});
		sendJson(res, b.throttle.httpStatus, b.throttle.body, b.jsonContentType);
	};

	const client = state.findClient(clientId);
	if (!client) return fail(b.tokenErrors.unknownClient);
	if (params.get('client_secret') !== client.clientSecret)
		return fail(b.tokenErrors.wrongClientSecret);

	const now = state.now();
	const lifetime = state.settings.accessTokenLifetimeSeconds;

	if (grantType === 'authorization_code') {
		const code = state.tokens.codes.get(params.get('code') ?? '');
		if (!code || code.used || code.clientId !== clientId || now >= code.expiresAt)
			return fail(b.tokenErrors.badCode);
		// Single use: even a failed exchange below burns the code.
		code.used = true;
		if (params.get('redirect_uri') !== code.redirectUri)
			return fail(b.tokenErrors.redirectUriMismatch, code.scope);
		const issueLimit = b.refreshTokenIssueLimit;
		if (
			code.issueRefreshToken &&
			state.tokens.refreshTokensIssuedInWindow(clientId, now, issueLimit.windowSeconds) >=
				issueLimit.max
		) {
			return throttled(code.scope);
		}
		const refresh = code.issueRefreshToken
			? state.tokens.addRefreshToken(clientId, code.scope, true, now, b.refreshTokensPerUser)
			: undefined;
		const access = state.tokens.addAccessToken(
			clientId,
			code.scope,
			now + lifetime * 1000,
			refresh?.token,
		);
		return succeed(code.scope, {
			access_token: access.token,
			...(refresh ? { refresh_token: refresh.token } : {}),
			scope: code.scope,
			api_domain: state.baseUrl,
			token_type: 'Bearer',
			expires_in: lifetime,
		});
	}

	if (grantType === 'refresh_token') {
		const refresh = state.tokens.refreshTokens.get(params.get('refresh_token') ?? '');
		if (!refresh || refresh.revoked || refresh.clientId !== clientId)
			return fail(b.tokenErrors.badRefreshToken);
		const { max, windowSeconds } = state.settings.tokenThrottle;
		if (state.tokens.mintsInWindow(refresh, now, windowSeconds) >= max)
			return throttled(refresh.scope);
		refresh.mintedAt.push(now);
		const access = state.tokens.addAccessToken(
			clientId,
			refresh.scope,
			now + lifetime * 1000,
			refresh.token,
		);
		state.tokens.keepLiveAccessTokens(refresh.token, b.maxLiveAccessTokensPerRefreshToken, now);
		return succeed(refresh.scope, {
			access_token: access.token,
			scope: refresh.scope,
			api_domain: state.baseUrl,
			token_type: 'Bearer',
			expires_in: lifetime,
		});
	}

	return fail(b.tokenErrors.unsupportedGrantType);
}

// ---------------------------------------------------------------- revoke

async function revoke(
	state: EmulatorState,
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
): Promise<void> {
	const b = state.behaviour;
	state.counters.tokenRequests.revoke++;
	if (req.method !== 'POST') {
		sendJson(res, b.oauthWrongMethod.status, b.oauthWrongMethod.body, b.jsonContentType, {
			allow: 'POST',
		});
		return;
	}
	const body = parseForm(req, await readBody(req));
	const tokenValue = body.get('token') ?? url.searchParams.get('token') ?? '';
	const known = state.tokens.revoke(tokenValue, b.revokeKillsAccessTokens);
	if (known) sendJson(res, 200, b.revokeResponse, b.jsonContentType);
	else sendJson(res, b.revokeUnknownToken.httpStatus, b.revokeUnknownToken.body, b.jsonContentType);
}
