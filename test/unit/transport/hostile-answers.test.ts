/**
 * Answers that are not what they claim, refresh storms, and how long an item may wait.
 *
 * A 2xx that is empty, HTML, truncated JSON, or holds something other than records is never a
 * success (for a create, the error says the record may exist and how to check); a list page that
 * is empty or 204 is the end of the list. Once a freshly refreshed token is rejected, the run asks
 * for no more tokens. Only permanent refusals are remembered across runs. Each request of an item
 * ends within the budget in RETRY, however the server stalls.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import nock from 'nock';
import { sleep } from 'n8n-workflow';

import { RETRY } from '../../../nodes/ZohoIot/constants';
import {
	zohoIotApiRequest,
	zohoIotApiRequestAllItems,
	zohoIotListPage,
	zohoIotWriteRequest,
} from '../../../nodes/ZohoIot/transport';
import { CredentialStore, defaultCredential } from '../../helpers/n8n';
import { locator, run, zoho, inputItems } from '../node/helpers';
import {
	API,
	connectedFixture,
	RETRY_AS_SHIPPED,
	schemeAlreadyAccepted,
	shortBackoff,
	tokenEndpoint,
} from './fixture';
import { failureOf } from '../../helpers/failure';
import { setUpNock } from '../nock';

const setup = connectedFixture;

setUpNock({ loopback: true });
shortBackoff();

/** Bodies a broken proxy, a login page or a cut connection hand back with a 2xx. */
const notZoho: Array<[string, number, string, Record<string, string>, RegExp]> = [
	['an empty body', 200, '', {}, /HTTP 200 with an empty body/],
	[
		'truncated JSON',
		200,
		'{"devices":[{"id":"4417',
		{ 'content-type': 'application/json' },
		/JSON that breaks off after 23 characters/,
	],
	[
		'an HTML page',
		200,
		'<html><body>Sign in</body></html>',
		{ 'content-type': 'text/html' },
		/an HTML page \(33 characters\) instead of JSON/,
	],
	[
		'plain text',
		201,
		'OK',
		{ 'content-type': 'text/plain' },
		/2 characters of text that is not JSON/,
	],
	[
		'a JSON array',
		200,
		'[1,2,3]',
		{ 'content-type': 'application/json' },
		/a JSON array instead of an object/,
	],
	[
		'a bare JSON string',
		200,
		'"ok"',
		{ 'content-type': 'application/json' },
		/a bare JSON string|text that is not JSON/,
	],
];

describe('a 2xx that is not a Zoho answer is an error that says what came back', () => {
	it.each(notZoho)('Get: %s', async (_, status, body, headers, message) => {
		const { context } = setup();
		nock(API).get('/iot/v1/devices/1').reply(status, body, headers);
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices/1' }),
		);
		expect(error.message).toMatch(message);
		expect(String(error.description)).toContain('nothing is reported as done');
	});

	it.each(notZoho)(
		'Create: %s, and the record may exist',
		async (_, status, body, headers, message) => {
			const { context } = setup();
			const scope = nock(API).post('/iot/v1/devices').reply(status, body, headers);
			const error = await failureOf(
				zohoIotWriteRequest.call(context, {
					method: 'POST',
					path: 'devices',
					module: 'devices',
					body: { devices: { name: 'x' } },
				}),
			);
			expect(scope.isDone()).toBe(true);
			expect(error.message).toMatch(message);
			expect(String(error.description)).toContain('It may exist: look for it');
		},
	);

	it.each([
		[
			'no result under the module key',
			{ assets: [] },
			/without a "devices" result|holding no result object/,
		],
		['a string under the module key', { devices: 'created' }, /holding no result object/],
		['a result that does not say success', { devices: [{ id: '1' }] }, /does not say success/],
		[
			"another module's result",
			{ assets: [{ code: 'SUCCESS', status: 'success', id: '1' }] },
			/without a "devices" result/,
		],
	])('Update: %s is not reported as done', async (_, body, message) => {
		const { context } = setup();
		nock(API).put('/iot/v1/devices/1').reply(200, body);
		const error = await failureOf(
			zohoIotWriteRequest.call(context, {
				method: 'PUT',
				path: 'devices/1',
				module: 'devices',
				body: { devices: { id: '1' } },
			}),
		);
		expect(error.message).toMatch(message);
	});

	it.each(notZoho.slice(0, 3))(
		'Delete: %s is not reported as deleted',
		async (_, status, body, headers, message) => {
			const { context } = setup();
			nock(API).get('/iot/v1/devices/1/actions/delete').reply(status, body, headers);
			const error = await failureOf(
				zohoIotWriteRequest.call(context, {
					method: 'GET',
					path: 'devices/1/actions/delete',
					module: 'devices',
				}),
			);
			expect(error.message).toMatch(message);
		},
	);

	it("keeps the answer's content out of the error (no raw body, no secret)", async () => {
		const { context, access } = setup();
		nock(API)
			.get('/iot/v1/devices/1')
			.reply(200, `<html>${access} secret page</html>`, { 'content-type': 'text/html' });
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices/1' }),
		);
		expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('secret page');
		expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(access);
	});
});

describe('list pages', () => {
	it.each([
		['an empty 200', 200, ''],
		['a 204', 204, ''],
		['a JSON object without the module key', 200, '{}'],
	])('take %s as the end of the list', async (_, status, body) => {
		const { context } = setup();
		const scope = nock(API).get('/iot/v1/devices').query(true).reply(status, body);
		await expect(zohoIotApiRequestAllItems.call(context, 'devices', {})).resolves.toEqual([]);
		expect(scope.isDone()).toBe(true);
	});

	it.each([
		[
			'a string',
			{ devices: 'none' },
			/"devices" holding a JSON string instead of a list of records/,
		],
		[
			'an object',
			{ devices: { id: '1' } },
			/"devices" holding a JSON object instead of a list of records/,
		],
		['entries that are not records', { devices: [1, 'two'] }, /entries that are not records/],
		['null', { devices: null }, /holding a JSON null/],
	])('refuse the module key holding %s instead of returning nothing', async (_, body, message) => {
		const { context } = setup();
		nock(API).get('/iot/v1/devices').query(true).reply(200, body);
		const error = await failureOf(
			zohoIotListPage.call(context, 'devices', { page: 1, perPage: 10 }),
		);
		expect(error.message).toMatch(message);
	});

	it.each(notZoho.slice(1, 4))('refuse %s', async (_, status, body, headers, message) => {
		const { context } = setup();
		nock(API).get('/iot/v1/devices').query(true).reply(status, body, headers);
		const error = await failureOf(zohoIotApiRequestAllItems.call(context, 'devices', {}));
		expect(error.message).toMatch(message);
	});
});

describe('refresh storms', () => {
	it('asks for one token in a run of 200 items when Zoho rejects even the fresh one, and fails the rest fast', async () => {
		// Zoho accepted the header scheme before: a rejected token is an expiry (without this the
		// test depended on an earlier test of the file having taught the scheme).
		schemeAlreadyAccepted();
		const store = new CredentialStore(defaultCredential());
		const fresh = `1000.${'9'.repeat(32)}.${'8'.repeat(32)}`;
		const tokenRequests = tokenEndpoint(200, 200, (n) => ({
			access_token: `${fresh.slice(0, -2)}${String(n).padStart(2, '0')}`,
			expires_in: 3600,
		}));
		let apiRequests = 0;
		nock(API)
			.get(/\/iot\/v1\/devices\/\d+/)
			.times(1000)
			.reply(401, () => {
				apiRequests++;
				return { code: 'INVALID_OAUTHTOKEN', message: 'invalid oauth token', status: 'error' };
			});
		const output = await run(
			{
				resource: 'device',
				operation: 'get',
				deviceId: locator('={{ $json.id }}'),
				options: { maxConcurrentRequests: 5 },
			},
			{
				continueOnFail: true,
				items: inputItems(200, (i) => ({ id: String(1000 + i) })),
				credential: store.data,
			},
		);
		expect(tokenRequests.count).toBe(1);
		expect(output).toHaveLength(200);
		for (const item of output) {
			expect(item.json.error).toBe(
				'Zoho IoT rejected a freshly refreshed access token (INVALID_OAUTHTOKEN)',
			);
			expect(String(item.json.description)).toContain(
				'Authorization Header Scheme (now "Zoho-authtoken"; switch it to Zoho-oauthtoken first: every Zoho IoT API reference page shows',
			);
		}
		// The items in flight when the token was rejected sent twice; every later one not at all.
		expect(apiRequests).toBeLessThanOrEqual(2 * 5 + 5);
	});

	it('lets the next run try again: with a fixed header scheme it succeeds without a new token', async () => {
		const { newRun, store, fresh } = setup();
		const tokenRequests = tokenEndpoint(3, 200, () => ({ access_token: fresh, expires_in: 3600 }));
		nock(API).get('/iot/v1/devices').times(2).reply(401, { code: 'INVALID_OAUTHTOKEN' });
		const first = newRun();
		await failureOf(zohoIotApiRequest.call(first, { method: 'GET', path: 'devices' }));
		// Later items of the same run fail without a request and without a token request.
		const again = await failureOf(
			zohoIotApiRequest.call(first, { method: 'GET', path: 'devices' }),
		);
		expect(again.message).toContain('rejected a freshly refreshed access token');
		expect(tokenRequests.count).toBe(1);

		store.data = { ...store.data, headerScheme: 'Zoho-oauthtoken' };
		const scope = nock(API, { reqheaders: { authorization: `Zoho-oauthtoken ${fresh}` } })
			.get('/iot/v1/devices')
			.reply(200, { devices: [] });
		await zohoIotApiRequest.call(newRun(), { method: 'GET', path: 'devices' });
		expect(scope.isDone()).toBe(true);
		expect(tokenRequests.count).toBe(1);
	});
});

describe('a token refreshed moments ago that Zoho rejects', () => {
	it('is not refreshed again in the run by a request that started with it', async () => {
		const { context } = setup();
		const tokenRequests = tokenEndpoint(3, 200, (n) => ({
			access_token: `1000.${String(n).repeat(32)}.${'7'.repeat(32)}`,
			expires_in: 3600,
		}));
		const rejected = { code: 'INVALID_OAUTHTOKEN' };
		// A's stale token; A's retry with the fresh token (slow to be judged); B with the fresh token.
		const api = nock(API)
			.get('/iot/v1/devices')
			.reply(401, rejected)
			.get('/iot/v1/devices')
			.delay(300)
			.reply(401, rejected)
			.get('/iot/v1/devices')
			.reply(401, rejected);

		const a = failureOf(zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }));
		while (tokenRequests.count === 0) await sleep(5);
		await sleep(50);
		// B starts with the token A's refresh saved, before Zoho has judged A's retry with it.
		const b = failureOf(zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }));

		for (const error of await Promise.all([a, b])) {
			expect(error.message).toContain('rejected a freshly refreshed access token');
		}
		expect(tokenRequests.count).toBe(1);
		expect(api.isDone()).toBe(true);
	});
});

describe('failure memory', () => {
	it('remembers a transient accounts-server failure for the rest of the run only', async () => {
		const { context, newRun } = setup();
		const tokenRequests = tokenEndpoint(5, 503, () => 'unavailable');
		nock(API).get('/iot/v1/devices').times(5).reply(401, { code: 'INVALID_OAUTHTOKEN' });
		await failureOf(zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }));
		await failureOf(zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }));
		expect(tokenRequests.count).toBe(1);
		// A new run does not inherit the transient failure: it asks again at once.
		await failureOf(zohoIotApiRequest.call(newRun(), { method: 'GET', path: 'devices' }));
		expect(tokenRequests.count).toBe(2);
	});

	it('remembers a permanent refusal (invalid_grant) across runs', async () => {
		const { context, newRun } = setup();
		const tokenRequests = tokenEndpoint(3, 200, () => ({ error: 'invalid_grant' }));
		nock(API).get('/iot/v1/devices').times(3).reply(401, { code: 'INVALID_OAUTHTOKEN' });
		const first = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		const second = await failureOf(
			zohoIotApiRequest.call(newRun(), { method: 'GET', path: 'devices' }),
		);
		expect(first.message).toBe('The Zoho IoT credential needs to be reconnected');
		expect(second.message).toBe(first.message);
		expect(tokenRequests.count).toBe(1);
	});
});

describe('time budget per request', () => {
	it('stops a GET against a server that never answers within the budget, with fewer attempts than retries allow', async () => {
		const seen: string[] = [];
		const stalled = http.createServer((req) => seen.push(`${req.method} ${req.url}`));
		await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
		const port = (stalled.address() as AddressInfo).port;
		RETRY.requestTimeoutMs = 150;
		RETRY.maxRequestTimeMs = 400;
		try {
			const { context } = setup({
				dataCenter: 'custom',
				customAccountsServer: `http://127.0.0.1:${port}`,
				applicationDomain: `http://127.0.0.1:${port}`,
			});
			const error = await failureOf(
				zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
			);
			expect(error.message).toBe('Zoho IoT did not answer: the request timed out');
			// Without the budget, all 1 + maxRetries attempts would run their full timeout.
			expect(seen.length).toBeGreaterThanOrEqual(1);
			expect(seen.length).toBeLessThan(RETRY.maxRetries + 1);
		} finally {
			RETRY.requestTimeoutMs = RETRY_AS_SHIPPED.requestTimeoutMs;
			RETRY.maxRequestTimeMs = RETRY_AS_SHIPPED.maxRequestTimeMs;
			stalled.closeAllConnections();
			await new Promise<void>((resolve) => stalled.close(() => resolve()));
		}
	});
});

describe('the node still works on a normal answer', () => {
	it('creates with a well-formed Zoho result', async () => {
		const scope = zoho()
			.post('/iot/v1/devices')
			.reply(201, {
				devices: [
					{
						code: 'SUCCESS',
						id: '4417000000100000042',
						message: 'record added',
						status: 'success',
					},
				],
			});
		const output = await run({
			resource: 'device',
			operation: 'create',
			name: 'X',
			modelId: '4417000000500000006',
		});
		expect(output[0].json).toMatchObject({ id: '4417000000100000042', status: 'success' });
		expect(scope.isDone()).toBe(true);
	});
});
