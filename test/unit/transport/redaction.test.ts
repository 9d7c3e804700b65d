/**
 * Redaction: every form a secret can take (verbatim, URL-encoded, base64 at any offset, base64 of
 * client_id:client_secret, scheme-prefixed, cut pieces of 8 characters or more), every token the
 * run has seen (before and after a refresh), in every field of an error n8n stores or prints
 * (message, description, context, cause, stack, what util.inspect and JSON show), whatever
 * failed (a Zoho answer, the token endpoint, a dropped connection), and in continue-on-fail items.
 * Each test also checks that the hostile answer was served, so it cannot pass by never getting there.
 */
import { inspect } from 'node:util';

import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { MIN_SECRET_FRAGMENT, RETRY } from '../../../nodes/ZohoIot/constants';
import { zohoIotApiRequest } from '../../../nodes/ZohoIot/transport';
import { redactorFor } from '../../../nodes/ZohoIot/transport/secrets';
import {
	CredentialStore,
	defaultCredential,
	executeContext,
	type CredentialInput,
} from '../../helpers/n8n';
import { locator, run } from '../node/helpers';
import { ACCOUNTS, API, scriptedServer, shortBackoff, TransportFixture } from './fixture';
import { failureOf } from '../../helpers/failure';
import { setUpNock } from '../nock';
/** A client secret with characters that URL-encoding and base64 change. */
const CLIENT_SECRET = 'x9/Q+s3cr3t=Value&more~42';
const CLIENT_ID = '1000.CLIENTID9QX';

const base64 = (text: string) => Buffer.from(text).toString('base64');

let counter = 0;
function setup(overrides: CredentialInput = {}) {
	counter++;
	const id = counter.toString(16).padStart(4, '0');
	const access = `1000.${`7a${id}`.repeat(8).slice(0, 32)}.${'5b'.repeat(16)}`;
	const refresh = `1000.${`3c${id}`.repeat(8).slice(0, 32)}.${'4d'.repeat(16)}`;
	const fresh = `1000.${`9f${id}`.repeat(8).slice(0, 32)}.${'6e'.repeat(16)}`;
	const store = new CredentialStore(
		defaultCredential({
			clientId: CLIENT_ID,
			clientSecret: CLIENT_SECRET,
			...overrides,
			oauthTokenData: { access_token: access, refresh_token: refresh, expires_in: 3600 },
		}),
	);
	const context = executeContext(new TransportFixture(), { parameters: {}, store });
	return { context, store, access, refresh, fresh };
}

/** Everything an error can show a user or a log. */
function everythingIn(error: Error & IDataObject): string {
	return [
		error.message,
		String(error.description ?? ''),
		JSON.stringify(error, Object.getOwnPropertyNames(error)),
		JSON.stringify(error.context ?? {}),
		JSON.stringify(error.cause ?? {}),
		JSON.stringify((error as IDataObject).errorResponse ?? {}),
		inspect(error, { depth: 20 }),
		error.stack ?? '',
	].join('\n');
}

/** Every form of each secret, and pieces of MIN_SECRET_FRAGMENT from its start, middle and end. */
function expectClean(text: string, ...secrets: string[]) {
	for (const secret of secrets) {
		const forms = [
			secret,
			encodeURIComponent(secret),
			base64(secret),
			base64(`${CLIENT_ID}:${secret}`),
		];
		for (const form of forms) {
			expect(text).not.toContain(form);
			for (const at of [
				0,
				Math.floor((form.length - MIN_SECRET_FRAGMENT) / 2),
				form.length - MIN_SECRET_FRAGMENT,
			]) {
				expect(text).not.toContain(form.slice(at, at + MIN_SECRET_FRAGMENT));
			}
		}
	}
	// Nor any token-shaped value after a header scheme, whichever token it was.
	expect(text).not.toMatch(/(Zoho-authtoken|Zoho-oauthtoken|Bearer)( |%20)1000\./);
}

setUpNock({ loopback: true });

describe('the redactor', () => {
	const token = `1000.${'0123456789abcdef'.repeat(2)}.${'fedcba9876543210'.repeat(2)}`;
	const redact = redactorFor([token, CLIENT_SECRET, base64(`${CLIENT_ID}:${CLIENT_SECRET}`)]);

	it.each([
		['verbatim', `token ${token} end`],
		['URL-encoded', `body=client_secret%3D${encodeURIComponent(CLIENT_SECRET)}`],
		[
			'URL-encoded with lower-case escapes',
			encodeURIComponent(CLIENT_SECRET).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
		],
		['form-encoded', new URLSearchParams({ client_secret: CLIENT_SECRET }).toString()],
		['JSON-escaped', JSON.stringify({ secret: CLIENT_SECRET })],
		['base64', base64(token)],
		['base64 after one byte', base64(`x${token}`)],
		['base64 after two bytes', base64(`xy${token}`)],
		['base64url', base64(`xy${token}`).replace(/\+/g, '-').replace(/\//g, '_')],
		['base64 of client_id:client_secret', `Basic ${base64(`${CLIENT_ID}:${CLIENT_SECRET}`)}`],
		['base64 of client_secret inside a longer text', base64(`id=anything:${CLIENT_SECRET};`)],
		['its first 8 characters', `preview: ${token.slice(0, 8)}…`],
		['its last 8 characters', `...${token.slice(-8)}`],
		['a middle piece', `[${token.slice(20, 31)}]`],
		['a cut base64 piece', base64(token).slice(5, 20)],
		['after Zoho-oauthtoken', `Authorization: Zoho-oauthtoken ${token}`],
		['after Bearer, URL-encoded', `Authorization=Bearer%20${token}`],
	])('redacts a secret %s', (_, text) => {
		const redacted = redact(text);
		expect(redacted).toContain('[redacted]');
		expectClean(redacted, token, CLIENT_SECRET);
	});

	it(`keeps pieces shorter than ${MIN_SECRET_FRAGMENT} characters (they say nothing about the secret)`, () => {
		expect(redact(`piece ${token.slice(5, 5 + MIN_SECRET_FRAGMENT - 1)} end`)).toBe(
			`piece ${token.slice(5, 5 + MIN_SECRET_FRAGMENT - 1)} end`,
		);
	});

	it('leaves text without secrets unchanged', () => {
		expect(redact('Zoho IoT error INVALID_DATA: the name is too long')).toBe(
			'Zoho IoT error INVALID_DATA: the name is too long',
		);
	});
});

describe('errors built from Zoho answers', () => {
	it.each([
		[
			'as the error code',
			(t: string) => ({ code: t, message: 'invalid token given', status: 'error' }),
			'invalid token given',
		],
		[
			'in a JSON message',
			(t: string) => ({ code: 'INVALID_DATA', message: `token ${t} not allowed`, status: 'error' }),
			'not allowed',
		],
		[
			'URL-encoded in details',
			(t: string) => ({
				code: 'INVALID_DATA',
				message: 'bad',
				status: 'error',
				details: { echo: `a=${encodeURIComponent(t)}` },
			}),
			'INVALID_DATA',
		],
		[
			'in base64 in details',
			(t: string) => ({
				code: 'INVALID_DATA',
				message: 'bad',
				status: 'error',
				details: { header: `Basic ${base64(`${CLIENT_ID}:${CLIENT_SECRET}`)}`, b: base64(t) },
			}),
			'INVALID_DATA',
		],
		[
			'after its header scheme, and verbatim in details',
			(t: string) => ({
				code: 'INVALID_DATA',
				message: `bad header Zoho-authtoken ${t}`,
				status: 'error',
				details: { token: t },
			}),
			'bad header',
		],
		[
			'cut by a preview',
			(t: string) => ({ code: 'INVALID_DATA', message: `${t.slice(0, 24)}...`, status: 'error' }),
			'INVALID_DATA',
		],
	])('hold no secret when Zoho echoes the token %s', async (_, body, shown) => {
		const { context, access, refresh } = setup();
		const zoho = nock(API).get('/iot/v1/devices').reply(400, body(access));
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		// The hostile answer was served and is what the error reports, its secrets taken out.
		expect(zoho.isDone()).toBe(true);
		expect(everythingIn(error)).toContain(shown);
		expectClean(everythingIn(error), access, refresh, CLIENT_SECRET);
	});

	it('hold no secret when Zoho answers an HTML page that echoes the token', async () => {
		const { context, access } = setup();
		const zoho = nock(API)
			.get('/iot/v1/devices')
			.reply(403, `<html><p>Token ${access} is not allowed</p></html>`, {
				'content-type': 'text/html',
			});
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		expect(zoho.isDone()).toBe(true);
		expect(error.httpCode).toBe('403');
		expectClean(everythingIn(error), access);
	});

	it('hold no freshly refreshed token, in any form', async () => {
		const { context, access, fresh } = setup();
		const accounts = nock(ACCOUNTS)
			.post('/oauth/v2/token')
			.reply(200, { access_token: fresh, expires_in: 3600 });
		const zoho = nock(API)
			.get('/iot/v1/devices')
			.reply(401, { code: 'INVALID_OAUTHTOKEN' })
			.get('/iot/v1/devices')
			.reply(400, {
				code: 'INVALID_DATA',
				message: `got ${fresh}`,
				status: 'error',
				details: { b: base64(`:${fresh}`), u: encodeURIComponent(fresh) },
			});
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		expect(accounts.isDone() && zoho.isDone()).toBe(true);
		expect(everythingIn(error)).toContain('INVALID_DATA');
		expectClean(everythingIn(error), access, fresh);
	});

	it('hold no token the run saw before, even in a request that read the credential earlier', async () => {
		const first = setup();
		nock(ACCOUNTS)
			.post('/oauth/v2/token')
			.reply(200, { access_token: first.fresh, expires_in: 3600 });
		nock(API)
			.get('/iot/v1/devices')
			.reply(401, { code: 'INVALID_OAUTHTOKEN' })
			.get('/iot/v1/devices')
			.reply(200, { devices: [] });
		await zohoIotApiRequest.call(first.context, { method: 'GET', path: 'devices' });
		// Another request of the same credential, holding a different token, meets an answer that
		// echoes the token the refresh minted.
		const other = executeContext(new TransportFixture(), {
			parameters: {},
			store: new CredentialStore(
				defaultCredential({
					oauthTokenData: { access_token: `1000.${'1'.repeat(32)}.${'2'.repeat(32)}` },
				}),
			),
		});
		const zoho = nock(API)
			.get('/iot/v1/assets')
			.reply(400, {
				code: 'INVALID_DATA',
				message: `other ${first.fresh.slice(3, 40)}`,
				status: 'error',
			});
		const error = await failureOf(zohoIotApiRequest.call(other, { method: 'GET', path: 'assets' }));
		expect(zoho.isDone()).toBe(true);
		expect(everythingIn(error)).toContain('INVALID_DATA');
		expectClean(everythingIn(error), first.fresh);
	});
});

describe('errors from the token endpoint', () => {
	it.each([
		[
			'a JSON error that echoes the form body',
			400,
			() => ({
				error: 'invalid_request',
				error_description: `client_secret=${encodeURIComponent(CLIENT_SECRET)}&refresh_token=%s`,
			}),
			'invalid_request',
		],
		[
			'an HTML page that echoes it',
			500,
			() => `<pre>client_secret=${encodeURIComponent(CLIENT_SECRET)}&refresh_token=%s</pre>`,
			'500',
		],
		[
			'an HTTP 200 error that echoes a cut secret',
			200,
			() => ({
				error: 'invalid_client',
				error_description: `secret ${CLIENT_SECRET.slice(0, 12)}… refused, Basic ${base64(`${CLIENT_ID}:${CLIENT_SECRET}`)}`,
			}),
			'invalid_client',
		],
		[
			'HTTP 400 invalid_client',
			400,
			() => ({ error: 'invalid_client' }),
			'client ID or client secret',
		],
		[
			'HTTP 200 "Access Denied" (too many token requests)',
			200,
			() => ({
				error: 'Access Denied',
				error_description:
					'You have made too many requests continuously. Please try again after some time.',
			}),
			'too many token requests',
		],
		['HTTP 200 invalid_code', 200, () => ({ error: 'invalid_code' }), 'needs to be reconnected'],
		['HTTP 200 invalid_grant', 200, () => ({ error: 'invalid_grant' }), 'needs to be reconnected'],
		[
			'HTTP 200 with an error of its own',
			200,
			() => ({ error: 'something_else' }),
			'something_else',
		],
	])(
		'hold no client secret or refresh token when Zoho answers %s',
		async (_, status, answer, shown) => {
			const { context, access, refresh } = setup();
			const body = answer();
			const filled =
				typeof body === 'string'
					? body.replace('%s', encodeURIComponent(refresh))
					: JSON.parse(JSON.stringify(body).replace('%s', encodeURIComponent(refresh)));
			const accounts = nock(ACCOUNTS).post('/oauth/v2/token').reply(status, filled);
			const zoho = nock(API).get('/iot/v1/devices').reply(401, { code: 'INVALID_OAUTHTOKEN' });
			const error = await failureOf(
				zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
			);
			expect(accounts.isDone() && zoho.isDone()).toBe(true);
			expect(everythingIn(error)).toContain(shown);
			expectClean(everythingIn(error), access, refresh, CLIENT_SECRET);
		},
	);
});

describe('errors of a dropped connection', () => {
	shortBackoff();

	it('hold no secret after every attempt was dropped', async () => {
		const server = await scriptedServer(['reset', 'reset', 'reset', 'reset', 'reset']);
		try {
			const { context, access, refresh } = setup(server.credential);
			const error = await failureOf(
				zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
			);
			expect(server.seen).toHaveLength(RETRY.maxRetries + 1);
			expect(error.message).toBe('Zoho IoT did not answer: the connection was dropped');
			expectClean(everythingIn(error), access, refresh, CLIENT_SECRET);
		} finally {
			await server.close();
		}
	});
});

describe('continue-on-fail items', () => {
	it('carry no secret in error or description', async () => {
		const credential = defaultCredential({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
		const access = String((credential.oauthTokenData as IDataObject).access_token);
		const zoho = nock(API)
			.get('/iot/v1/devices/4417000000100000001')
			.reply(400, {
				code: access,
				message: `Zoho-oauthtoken ${access}`,
				status: 'error',
				details: { b: base64(access) },
			});
		const output = await run(
			{ resource: 'device', operation: 'get', deviceId: locator('4417000000100000001') },
			{ continueOnFail: true, credential },
		);
		expect(zoho.isDone()).toBe(true);
		expect(output[0].json.error).toBeDefined();
		expectClean(JSON.stringify(output), access, CLIENT_SECRET);
	});
});

describe('what Get returns', () => {
	it("keeps a record as Zoho stores it, even when one of its fields holds a token (it is Zoho's data)", async () => {
		const credential = defaultCredential();
		const record = { id: '4417000000100000001', name: 'Gateway', notes: 'api key 1000.abc' };
		nock(API)
			.get('/iot/v1/devices/4417000000100000001')
			.reply(200, { devices: [record] });
		const output = await run(
			{ resource: 'device', operation: 'get', deviceId: locator(record.id), simplify: false },
			{ credential },
		);
		expect(output[0].json).toEqual(record);
	});
});
