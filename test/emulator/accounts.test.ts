/** The emulated Zoho Accounts: consent, code exchange, refresh, throttle, revoke. */
import { startEmulator, type RunningEmulator } from './index';
import {
	CLIENT_ID,
	CLIENT_SECRET,
	REDIRECT_URI,
	api,
	authorizeUrl,
	consent,
	exchangeCode,
	refresh,
	tokenRequest,
} from './test-helpers';

const TOKEN_SHAPE = /^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/;

describe('Zoho Accounts emulator', () => {
	let clock = Date.UTC(2025, 5, 1, 12, 0, 0);
	let emulator: RunningEmulator;

	beforeAll(async () => {
		emulator = await startEmulator({ now: () => clock, location: 'in' });
	});
	afterAll(() => emulator.stop());
	beforeEach(() => emulator.reset({ tokens: true, settings: true }));

	describe('authorization code flow', () => {
		it('shows a consent page and redirects with code, state, location and accounts-server', async () => {
			const page = await fetch(authorizeUrl(emulator));
			expect(page.status).toBe(200);
			expect(page.headers.get('content-type')).toMatch(/text\/html/);
			const html = await page.text();
			expect(html).toMatch(/<h1>[^<]+<\/h1>/);
			expect(html).toContain(CLIENT_ID);
			expect(html).toContain('<li>ZohoIOT.modules.devices.ALL</li>');
			expect(html).toContain('<li>ZohoIOT.modules.assets.ALL</li>');
			expect(html).toMatch(/<button id="accept"[^>]*>Accept<\/button>/);

			const back = await consent(emulator);
			expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
			expect(back.searchParams.get('code')).toMatch(TOKEN_SHAPE);
			expect(back.searchParams.get('state')).toBe('state-123');
			expect(back.searchParams.get('location')).toBe('in');
			expect(back.searchParams.get('accounts-server')).toBe(emulator.url);
			expect(emulator.counters().authorizations).toMatchObject({
				consentPagesShown: 2,
				approved: 1,
			});
		});

		it('exchanges the code once for tokens shaped as Zoho documents them', async () => {
			const code = (await consent(emulator)).searchParams.get('code')!;
			const first = await exchangeCode(emulator, code);
			expect(first.status).toBe(200);
			expect(first.body).toEqual({
				access_token: expect.stringMatching(TOKEN_SHAPE),
				refresh_token: expect.stringMatching(TOKEN_SHAPE),
				scope: 'ZohoIOT.modules.devices.ALL,ZohoIOT.modules.assets.ALL',
				api_domain: emulator.url,
				token_type: 'Bearer',
				expires_in: 3600,
			});
			const again = await exchangeCode(emulator, code);
			expect(again).toEqual({ status: 200, body: { error: 'invalid_code' } });

			const works = await api(emulator, 'GET', '/devices', first.body.access_token as string);
			expect(works.status).toBe(200);
		});

		it('lets a code expire after 60 seconds', async () => {
			const fresh = (await consent(emulator)).searchParams.get('code')!;
			clock += 59_000;
			expect((await exchangeCode(emulator, fresh)).body.access_token).toBeDefined();

			const stale = (await consent(emulator)).searchParams.get('code')!;
			clock += 60_000;
			expect((await exchangeCode(emulator, stale)).body).toEqual({ error: 'invalid_code' });
		});

		it('takes the parameters in the query string as well as in the form body, and records where the secret was', async () => {
			const code = (await consent(emulator)).searchParams.get('code')!;
			const viaQuery = await tokenRequest(
				emulator,
				{
					grant_type: 'authorization_code',
					code,
					client_id: CLIENT_ID,
					client_secret: CLIENT_SECRET,
					redirect_uri: REDIRECT_URI,
				},
				'query',
			);
			expect(viaQuery.body.refresh_token).toBeDefined();
			await refresh(emulator, viaQuery.body.refresh_token as string);

			const exchanges = emulator.counters().tokenExchanges;
			expect(
				exchanges.map((e) => [e.grantType, e.clientSecretInBody, e.clientSecretIn, e.outcome]),
			).toEqual([
				['authorization_code', false, 'query', 'success'],
				['refresh_token', true, 'body', 'success'],
			]);
			expect(exchanges[0]).toMatchObject({
				clientId: CLIENT_ID,
				scope: 'ZohoIOT.modules.devices.ALL,ZohoIOT.modules.assets.ALL',
			});
		});

		it('refuses an unknown client and a wrong secret with HTTP 200 {"error":"invalid_client"}', async () => {
			const code = (await consent(emulator)).searchParams.get('code')!;
			expect(await exchangeCode(emulator, code, { client_id: '1000.NOSUCHCLIENT' })).toEqual({
				status: 200,
				body: { error: 'invalid_client' },
			});
			expect((await exchangeCode(emulator, code, { client_secret: 'wrong' })).body).toEqual({
				error: 'invalid_client',
			});
			expect(emulator.counters().tokenRequests.errors).toEqual({ invalid_client: 2 });
		});

		it('burns the code on a redirect_uri mismatch', async () => {
			const code = (await consent(emulator)).searchParams.get('code')!;
			expect(
				(await exchangeCode(emulator, code, { redirect_uri: 'http://evil.example/cb' })).body,
			).toEqual({
				error: 'invalid_redirect_uri',
			});
			expect((await exchangeCode(emulator, code)).body).toEqual({ error: 'invalid_code' });
		});

		it('gives no refresh token for access_type=online', async () => {
			const code = (await consent(emulator, { access_type: 'online' })).searchParams.get('code')!;
			const answer = await exchangeCode(emulator, code);
			expect(answer.body.access_token).toBeDefined();
			expect(answer.body.refresh_token).toBeUndefined();
		});

		it('skips the consent page and gives no new refresh token on a reconnect without prompt=consent', async () => {
			await exchangeCode(emulator, (await consent(emulator)).searchParams.get('code')!);
			const direct = await fetch(authorizeUrl(emulator, { prompt: '' }), { redirect: 'manual' });
			expect(direct.status).toBe(302);
			const code = new URL(direct.headers.get('location')!).searchParams.get('code')!;
			const answer = await exchangeCode(emulator, code);
			expect(answer.body.access_token).toBeDefined();
			expect(answer.body.refresh_token).toBeUndefined();

			const withConsent = await exchangeCode(
				emulator,
				(await consent(emulator)).searchParams.get('code')!,
			);
			expect(withConsent.body.refresh_token).toBeDefined();
		});

		it('auto-accepts when configured, for headless runs', async () => {
			emulator.configure({ autoAccept: true });
			const response = await fetch(authorizeUrl(emulator), { redirect: 'manual' });
			expect(response.status).toBe(302);
			expect(new URL(response.headers.get('location')!).searchParams.get('code')).toMatch(
				TOKEN_SHAPE,
			);
			expect(emulator.counters().authorizations.autoApproved).toBe(1);
		});

		it('redirects with error=access_denied when the user denies', async () => {
			const back = await consent(emulator, {}, 'deny');
			expect(back.searchParams.get('error')).toBe('access_denied');
			expect(back.searchParams.get('state')).toBe('state-123');
			expect(back.searchParams.has('code')).toBe(false);
		});

		it.each([
			[{ client_id: '' }, 'client_id'],
			[{ client_id: 'nope' }, 'nope'],
			[{ redirect_uri: '' }, 'redirect_uri'],
			[{ redirect_uri: 'ftp://x/cb' }, 'ftp://x/cb'],
			[{ response_type: 'token' }, 'response_type'],
			[{ scope: '' }, 'scope'],
			[{ scope: 'not-a-scope' }, 'not-a-scope'],
		])('answers %p with an HTML error page naming the problem', async (params, named) => {
			const response = await fetch(authorizeUrl(emulator, params), { redirect: 'manual' });
			expect(response.status).toBe(400);
			expect(response.headers.get('content-type')).toMatch(/text\/html/);
			expect(await response.text()).toContain(named);
		});

		it('only accepts registered redirect URIs when the client lists them', async () => {
			emulator.configure({
				clients: [
					{
						clientId: CLIENT_ID,
						clientSecret: CLIENT_SECRET,
						redirectUris: ['https://n8n.example/cb'],
					},
				],
			});
			expect((await fetch(authorizeUrl(emulator))).status).toBe(400);
			expect(
				(await fetch(authorizeUrl(emulator, { redirect_uri: 'https://n8n.example/cb' }))).status,
			).toBe(200);
		});
	});

	describe('refresh, throttle and revoke', () => {
		it('mints a new access token from the refresh token, without a new refresh token', async () => {
			const { refresh_token } = emulator.issueTokens();
			const answer = await refresh(emulator, refresh_token);
			expect(answer.body).toEqual({
				access_token: expect.stringMatching(TOKEN_SHAPE),
				scope: 'ZohoIOT.modules.devices.ALL,ZohoIOT.modules.assets.ALL',
				api_domain: emulator.url,
				token_type: 'Bearer',
				expires_in: 3600,
			});
			expect(emulator.counters().tokenRequests.refresh_token).toBe(1);
		});

		it('throttles the 11th access token from one refresh token within 10 minutes', async () => {
			const { refresh_token } = emulator.issueTokens();
			for (let i = 0; i < 10; i++) {
				clock += 30_000;
				expect((await refresh(emulator, refresh_token)).body.access_token).toBeDefined();
			}
			const throttled = await refresh(emulator, refresh_token);
			expect(throttled).toEqual({
				status: 200,
				body: {
					error: 'Access Denied',
					error_description:
						'You have made too many requests continuously. Please try again after some time.',
				},
			});
			// another refresh token is not affected
			expect(
				(await refresh(emulator, emulator.issueTokens().refresh_token)).body.access_token,
			).toBeDefined();
			// the window slides: once the first mint is 10 minutes old, one more is allowed
			clock += 600_000 - 10 * 30_000 + 30_000;
			expect((await refresh(emulator, refresh_token)).body.access_token).toBeDefined();
			expect(emulator.counters().tokenRequests.errors['Access Denied']).toBe(1);
		});

		it('can answer the throttle with HTTP 400, as field logs show', async () => {
			emulator.configure({
				tokenThrottle: { max: 1, windowSeconds: 600 },
				behaviour: {
					throttle: { httpStatus: 400, body: { error: 'Access Denied', error_description: 'x' } },
				},
			});
			const { refresh_token } = emulator.issueTokens();
			await refresh(emulator, refresh_token);
			expect(await refresh(emulator, refresh_token)).toEqual({
				status: 400,
				body: { error: 'Access Denied', error_description: 'x' },
			});
		});

		it('revokes a refresh token: {"status":"success"}, then invalid_code, and its access tokens stop working', async () => {
			const tokens = emulator.issueTokens();
			const response = await fetch(
				`${emulator.url}/oauth/v2/token/revoke?token=${tokens.refresh_token}`,
				{ method: 'POST' },
			);
			expect(await response.json()).toEqual({ status: 'success' });
			expect((await refresh(emulator, tokens.refresh_token)).body).toEqual({
				error: 'invalid_code',
			});
			expect((await api(emulator, 'GET', '/devices', tokens.access_token)).status).toBe(401);
			expect(emulator.counters().tokenRequests.revoke).toBe(1);
		});

		it('revokes through the programmatic API too', async () => {
			const tokens = emulator.issueTokens();
			emulator.revokeRefreshToken(tokens.refresh_token);
			expect((await refresh(emulator, tokens.refresh_token)).body).toEqual({
				error: 'invalid_code',
			});
		});

		it('tells how often an access token was used and whether a refresh replaced it, without printing it', async () => {
			const tokens = emulator.issueTokens();
			await api(emulator, 'GET', '/devices', tokens.access_token);
			await api(emulator, 'GET', '/devices', tokens.access_token);
			expect(emulator.accessTokenUse(tokens.access_token)).toEqual({ uses: 2, newest: true });
			const fresh = (await refresh(emulator, tokens.refresh_token)).body.access_token as string;
			expect(emulator.accessTokenUse(tokens.access_token)).toEqual({ uses: 2, newest: false });
			expect(emulator.accessTokenUse(fresh)).toEqual({ uses: 0, newest: true });
			// Another refresh token's mints do not make this one old.
			emulator.issueTokens();
			expect(emulator.accessTokenUse(fresh)).toEqual({ uses: 0, newest: true });
			expect(emulator.accessTokenUse('1000.deadbeef.deadbeef')).toBeUndefined();
		});

		it('expires every live access token at once; a refresh afterwards mints one that works', async () => {
			const first = emulator.issueTokens();
			const second = emulator.issueTokens();
			expect((await api(emulator, 'GET', '/devices', first.access_token)).status).toBe(200);
			const response = await fetch(`${emulator.url}/__emulator/expire-tokens`, { method: 'POST' });
			expect(await response.json()).toEqual({ expired: 2 });
			const rejectedBefore = emulator.counters().expiredTokenRejections;
			for (const tokens of [first, second])
				expect((await api(emulator, 'GET', '/devices', tokens.access_token)).status).toBe(401);
			expect(emulator.counters().expiredTokenRejections - rejectedBefore).toBe(2);
			// The refresh tokens live on: what an hour's wait leaves a credential with.
			const fresh = (await refresh(emulator, first.refresh_token)).body.access_token as string;
			expect((await api(emulator, 'GET', '/devices', fresh)).status).toBe(200);
			expect(emulator.expireAccessTokens()).toBe(1);
			expect((await api(emulator, 'GET', '/devices', fresh)).status).toBe(401);
		});

		it('refuses unknown refresh tokens and unknown grant types', async () => {
			expect((await refresh(emulator, '1000.deadbeef.deadbeef')).body).toEqual({
				error: 'invalid_code',
			});
			const answer = await tokenRequest(emulator, {
				grant_type: 'password',
				client_id: CLIENT_ID,
				client_secret: CLIENT_SECRET,
			});
			expect(answer.body).toEqual({ error: 'unsupported_grant_type' });
			expect(emulator.counters().tokenRequests.other).toBe(1);
		});

		it('keeps at most 20 refresh tokens per user: the 21st deletes the oldest', async () => {
			const refreshTokens: string[] = [];
			for (let i = 0; i < 21; i++) {
				clock += 60_000; // at most 10 new refresh tokens per 10 minutes
				const code = (await consent(emulator)).searchParams.get('code')!;
				refreshTokens.push((await exchangeCode(emulator, code)).body.refresh_token as string);
			}
			expect((await refresh(emulator, refreshTokens[0])).body).toEqual({ error: 'invalid_code' });
			expect((await refresh(emulator, refreshTokens[1])).body.access_token).toBeDefined();
			expect((await refresh(emulator, refreshTokens[20])).body.access_token).toBeDefined();
		});

		it('lets access tokens expire after the configured lifetime', async () => {
			emulator.configure({ accessTokenLifetimeSeconds: 5 });
			const tokens = emulator.issueTokens();
			expect(tokens.expires_in).toBe(5);
			expect((await api(emulator, 'GET', '/devices', tokens.access_token)).status).toBe(200);
			clock += 5_000;
			const expired = await api(emulator, 'GET', '/devices', tokens.access_token);
			expect(expired.status).toBe(401);
			expect(expired.body).toEqual({
				code: 'INVALID_OAUTHTOKEN',
				message: 'invalid oauth token',
				status: 'error',
			});
			const renewed = await refresh(emulator, tokens.refresh_token);
			expect(
				(await api(emulator, 'GET', '/devices', renewed.body.access_token as string)).status,
			).toBe(200);
			expect(emulator.counters().expiredTokenRejections).toBe(1);
		});

		it('only takes POST on the token endpoint', async () => {
			const response = await fetch(`${emulator.url}/oauth/v2/token?grant_type=refresh_token`);
			expect(response.status).toBe(405);
		});
	});
});
