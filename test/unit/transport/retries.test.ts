/**
 * Retries: Zoho's throttling (HTTP 429 or a TOO_MANY_REQUESTS body) and transient faults (5xx, a
 * dropped connection) are retried with exponential backoff and full jitter, honouring Retry-After,
 * a bounded number of times. A create is sent again only when Zoho cannot have processed it (a
 * 429), so a record is never created twice. (How long one request may take in all:
 * hostile-answers.test.ts, "time budget per request".)
 */
import nock from 'nock';

import { RETRY } from '../../../nodes/ZohoIot/constants';
import { zohoIotApiRequest, zohoIotWriteRequest } from '../../../nodes/ZohoIot/transport';
import { backoffDelayMs, parseRetryAfter } from '../../../nodes/ZohoIot/transport/retry';
import { failureOf } from '../../helpers/failure';
import { setUpNock } from '../nock';
import { API, connectedFixture, scriptedServer, shortBackoff } from './fixture';

const setup = connectedFixture;

setUpNock({ loopback: true });

describe('requests', () => {
	shortBackoff();

	describe('throttled by Zoho', () => {
		it('retries a 429 and a TOO_MANY_REQUESTS body, then succeeds', async () => {
			const { context } = setup();
			const scope = nock(API)
				.get('/iot/v1/devices')
				.reply(429, { code: 'TOO_MANY_REQUESTS', message: 'slow down', status: 'error' })
				.get('/iot/v1/devices')
				.reply(400, { code: 'TOO_MANY_REQUESTS', message: 'slow down', status: 'error' })
				.get('/iot/v1/devices')
				.reply(200, { devices: [] });
			await expect(
				zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
			).resolves.toEqual({ devices: [] });
			expect(scope.isDone()).toBe(true);
		});

		it('honours Retry-After before retrying', async () => {
			const { context } = setup();
			const scope = nock(API)
				.get('/iot/v1/devices')
				.reply(429, { code: 'TOO_MANY_REQUESTS' }, { 'Retry-After': '1' })
				.get('/iot/v1/devices')
				.reply(200, { devices: [] });
			const started = Date.now();
			await zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' });
			expect(Date.now() - started).toBeGreaterThanOrEqual(950);
			expect(scope.isDone()).toBe(true);
		});

		it('does not sit out a Retry-After longer than a run should wait, and says when to come back', async () => {
			const { context } = setup();
			const scope = nock(API)
				.get('/iot/v1/devices')
				.reply(429, { code: 'TOO_MANY_REQUESTS' }, { 'Retry-After': '600' });
			const error = await failureOf(
				zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
			);
			expect(scope.isDone()).toBe(true);
			expect(error.message).toBe(
				'Zoho IoT is throttling requests and asks to wait before the next one',
			);
			expect(String(error.description)).toContain('retry after 600 seconds');
		});

		it("gives up after a bounded number of attempts with Zoho's words", async () => {
			const { context } = setup();
			const scope = nock(API)
				.get('/iot/v1/devices')
				.times(RETRY.maxRetries + 1)
				.reply(429, { code: 'TOO_MANY_REQUESTS', message: 'Too many requests', status: 'error' });
			const error = await failureOf(
				zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
			);
			expect(scope.isDone()).toBe(true);
			expect(error.message).toBe('Zoho IoT error TOO_MANY_REQUESTS: Too many requests');
			expect(String(error.description)).toContain('Max Concurrent Requests');
			expect(error.httpCode).toBe('429');
		});
	});

	describe('after a transient fault', () => {
		it('retries a GET after a 5xx and after a connection reset', async () => {
			const server = await scriptedServer([
				{ status: 503, body: 'unavailable' },
				'reset',
				{ status: 200, body: { devices: [] } },
			]);
			try {
				const { context } = setup(server.credential);
				await expect(
					zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
				).resolves.toEqual({ devices: [] });
				expect(server.seen).toEqual([
					'GET /iot/v1/devices',
					'GET /iot/v1/devices',
					'GET /iot/v1/devices',
				]);
			} finally {
				await server.close();
			}
		});

		it('does not send a create again after a 500, so it is never created twice', async () => {
			const { context } = setup();
			let posts = 0;
			nock(API)
				.post('/iot/v1/devices')
				.times(3)
				.reply(500, () => {
					posts++;
					return { code: 'INTERNAL_ERROR', message: 'oops', status: 'error' };
				});
			const error = await failureOf(
				zohoIotApiRequest.call(context, {
					method: 'POST',
					path: 'devices',
					body: { devices: { name: 'x' } },
				}),
			);
			expect(posts).toBe(1);
			expect(error.message).toBe(
				'Zoho IoT failed while creating the record (HTTP 500, INTERNAL_ERROR)',
			);
			expect(String(error.description)).toContain('check whether it exists');
		});

		it('does not send a create again after a connection reset', async () => {
			const server = await scriptedServer(['reset', 'reset', 'reset']);
			try {
				const { context } = setup(server.credential);
				const error = await failureOf(
					zohoIotApiRequest.call(context, {
						method: 'POST',
						path: 'devices',
						body: { devices: {} },
					}),
				);
				expect(server.seen).toEqual(['POST /iot/v1/devices']);
				expect(error.message).toBe('Zoho IoT did not answer: the connection was dropped');
				expect(String(error.description)).toContain('check whether the record was created');
			} finally {
				await server.close();
			}
		});

		it('does send a create again after a 429, which Zoho did not process', async () => {
			const { context } = setup();
			const scope = nock(API)
				.post('/iot/v1/devices', { devices: { name: 'x' } })
				.reply(429, { code: 'TOO_MANY_REQUESTS' })
				.post('/iot/v1/devices', { devices: { name: 'x' } })
				.reply(201, {
					devices: [{ code: 'SUCCESS', id: '42', status: 'success', message: 'record added' }],
				});
			const result = await zohoIotWriteRequest.call(context, {
				method: 'POST',
				path: 'devices',
				module: 'devices',
				body: { devices: { name: 'x' } },
			});
			expect(result).toMatchObject({ id: '42', status: 'success' });
			expect(scope.isDone()).toBe(true);
		});
	});
});

describe('the wait between attempts, with RETRY as shipped', () => {
	it('computes exponential backoff with full jitter, never below Retry-After', () => {
		expect(backoffDelayMs(0, undefined, () => 0.999)).toBe(499);
		expect(backoffDelayMs(3, undefined, () => 0.5)).toBe(2000);
		expect(backoffDelayMs(10, undefined, () => 0.999)).toBe(14985);
		expect(backoffDelayMs(0, undefined, () => 0)).toBe(0);
		expect(backoffDelayMs(0, 3000, () => 0.5)).toBe(3000);
	});

	it('reads Retry-After as seconds or as an HTTP date', () => {
		const now = Date.parse('2026-11-28T10:00:00Z');
		expect(parseRetryAfter('7', now)).toBe(7000);
		expect(parseRetryAfter('Sat, 28 Nov 2026 10:00:30 GMT', now)).toBe(30000);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
	});
});
