/** Concurrency cap, daily quota, seeded faults, and the control API. */
import { startEmulator, type RunningEmulator } from './index';
import { api, control, consent, exchangeCode } from './test-helpers';

describe('limits, faults and the control API', () => {
	let emulator: RunningEmulator;
	let token: string;

	beforeAll(async () => {
		emulator = await startEmulator({ seed: 42 });
	});
	afterAll(() => emulator.stop());
	beforeEach(() => {
		emulator.reset({ tokens: true, settings: true });
		token = emulator.issueTokens().access_token;
	});

	describe('concurrency cap', () => {
		it('answers 429 TOO_MANY_REQUESTS beyond 5 in-flight requests per client, and records the peak', async () => {
			emulator.configure({ faults: { latencyMs: 150 } });
			const answers = await Promise.all(
				Array.from({ length: 8 }, () => api(emulator, 'GET', '/devices', token)),
			);
			const statuses = answers.map((a) => a.status).sort();
			expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
			const refused = answers.find((a) => a.status === 429)!;
			expect(refused.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 'error' });
			expect(refused.headers.get('retry-after')).toBeNull();
			const counters = emulator.counters();
			// all 8 arrive while 5 are held; the 3 refused ones end at once, so they overlap less
			expect(counters.peakConcurrency).toBeGreaterThanOrEqual(6);
			expect(counters.peakConcurrency).toBeLessThanOrEqual(8);
			expect(counters.peakAdmittedConcurrency).toBe(5);
			expect(counters.throttled429).toBe(3);
			expect(counters.throttled429ByReason.concurrency).toBe(3);
			expect(counters.inFlight).toBe(0);
		});

		it('counts the cap per client and frees slots when answers end', async () => {
			emulator.configure({
				concurrencyLimit: 2,
				faults: { latencyMs: 100, retryAfterSeconds: 3 },
				clients: [
					{ clientId: 'a', clientSecret: 'a' },
					{ clientId: 'b', clientSecret: 'b' },
				],
			});
			const a = emulator.issueTokens({ clientId: 'a' }).access_token;
			const b = emulator.issueTokens({ clientId: 'b' }).access_token;
			const sent = [a, a, a, b, b];
			const answers = await Promise.all(sent.map((t) => api(emulator, 'GET', '/assets', t)));
			const statusesOf = (t: string) =>
				answers
					.filter((_, i) => sent[i] === t)
					.map((x) => x.status)
					.sort();
			expect(statusesOf(a)).toEqual([200, 200, 429]);
			expect(statusesOf(b)).toEqual([200, 200]);
			expect(answers.find((x) => x.status === 429)!.headers.get('retry-after')).toBe('3');
			expect((await api(emulator, 'GET', '/assets', a)).status).toBe(200);
		});
	});

	it('enforces the optional daily quota with 429 LIMIT_EXCEEDED', async () => {
		emulator.configure({ dailyQuota: 3 });
		for (let i = 0; i < 3; i++)
			expect((await api(emulator, 'GET', '/devices', token)).status).toBe(200);
		const over = await api(emulator, 'GET', '/devices', token);
		expect(over.status).toBe(429);
		expect(over.body.code).toBe('LIMIT_EXCEEDED');
		expect(emulator.counters()).toMatchObject({
			dailyQuotaUsed: 3,
			throttled429ByReason: { dailyQuota: 1 },
		});
	});

	describe('faults', () => {
		async function outcomes(n: number): Promise<string[]> {
			const seen: string[] = [];
			for (let i = 0; i < n; i++) {
				try {
					const answer = await api(emulator, 'GET', '/devices?per_page=1', token);
					seen.push(String(answer.status));
				} catch {
					seen.push('dropped');
				}
			}
			return seen;
		}

		it('replays the same faults for the same seed', async () => {
			const faults = {
				serverErrorRate: 0.2,
				throttleRate: 0.2,
				dropRate: 0.1,
				retryAfterSeconds: 1,
			};
			emulator.configure({ faults });
			const first = await outcomes(40);
			expect(new Set(first)).toEqual(new Set(['200', '429', '500', 'dropped']));

			emulator.reset();
			const second = await outcomes(40);
			expect(second).toEqual(first);

			const counters = emulator.counters();
			expect(counters.serverErrors5xx).toBe(first.filter((s) => s === '500').length);
			expect(counters.throttled429ByReason.fault).toBe(first.filter((s) => s === '429').length);
			expect(counters.dropped).toBe(first.filter((s) => s === 'dropped').length);

			emulator.configure({ seed: 43 });
			expect(await outcomes(40)).not.toEqual(first);
		});

		it('answers injected 5xx with a JSON envelope and 429 with Retry-After when set', async () => {
			emulator.configure({ faults: { serverErrorRate: 1 } });
			const failed = await api(emulator, 'GET', '/devices', token);
			expect(failed).toMatchObject({
				status: 500,
				body: { code: 'INTERNAL_ERROR', status: 'error' },
			});
			emulator.configure({ faults: { serverErrorRate: 0, throttleRate: 1, retryAfterSeconds: 2 } });
			const throttled = await api(emulator, 'GET', '/devices', token);
			expect(throttled.status).toBe(429);
			expect(throttled.headers.get('retry-after')).toBe('2');
		});

		it('adds latency to API requests', async () => {
			emulator.configure({ faults: { latencyMs: 120 } });
			const started = Date.now();
			await api(emulator, 'GET', '/devices', token);
			expect(Date.now() - started).toBeGreaterThanOrEqual(110);
		});
	});

	describe('control API over HTTP', () => {
		it('reads counters after a full flow', async () => {
			const code = (await consent(emulator)).searchParams.get('code')!;
			const tokens = (await exchangeCode(emulator, code)).body;
			await api(emulator, 'GET', '/devices', tokens.access_token as string, {
				scheme: 'Zoho-oauthtoken',
			});
			await api(emulator, 'GET', '/settings/models?module=devices', tokens.access_token as string);
			const { status, body } = await control(emulator, 'GET', '/counters');
			expect(status).toBe(200);
			expect(body).toMatchObject({
				tokenRequests: { authorization_code: 1, refresh_token: 0, revoke: 0, errors: {} },
				tokenExchanges: [
					{ grantType: 'authorization_code', clientSecretInBody: true, outcome: 'success' },
				],
				apiRequests: { total: 2, byRoute: { 'GET /devices': 1, 'GET /settings/models': 1 } },
				schemesSeen: { 'Zoho-oauthtoken': 1, 'Zoho-authtoken': 1 },
				rejectedSchemes: 0,
				expiredTokenRejections: 0,
				peakConcurrency: 1,
				throttled429: 0,
				serverErrors5xx: 0,
				dropped: 0,
			});
		});

		it('issues and revokes tokens, changes settings, resets data and shows records', async () => {
			const issued = await control(emulator, 'POST', '/tokens', {
				scope: 'ZohoIOT.modules.assets.READ',
			});
			expect(issued.body).toMatchObject({
				scope: 'ZohoIOT.modules.assets.READ',
				token_type: 'Bearer',
				expires_in: 3600,
			});
			expect((await api(emulator, 'GET', '/assets', issued.body.access_token)).status).toBe(200);
			expect((await api(emulator, 'GET', '/devices', issued.body.access_token)).status).toBe(401);

			const config = await control(emulator, 'POST', '/config', {
				devices: 3,
				acceptedSchemes: ['Bearer'],
			});
			expect(config.body).toMatchObject({ devices: 3, acceptedSchemes: ['Bearer'] });
			const records = await control(emulator, 'GET', '/records/devices');
			expect(records.body).toMatchObject({ module: 'devices', count: 3 });
			expect((await api(emulator, 'GET', '/devices', token)).status).toBe(401);
			expect((await api(emulator, 'GET', '/devices', token, { scheme: 'Bearer' })).status).toBe(
				200,
			);

			const bad = await control(emulator, 'POST', '/config', { faults: { dropRate: 2 }, port: 1 });
			expect(bad.status).toBe(400);
			expect(bad.body.problems).toHaveLength(2);

			await api(emulator, 'GET', `/devices/${records.body.records[0].id}/actions/delete`, token, {
				scheme: 'Bearer',
			});
			expect((await control(emulator, 'GET', '/records/devices')).body.count).toBe(2);
			await control(emulator, 'POST', '/reset');
			expect((await control(emulator, 'GET', '/records/devices')).body.count).toBe(3);
			expect((await control(emulator, 'GET', '/counters')).body.apiRequests.total).toBe(0);
			// a plain reset keeps issued tokens working
			expect((await api(emulator, 'GET', '/devices', token, { scheme: 'Bearer' })).status).toBe(
				200,
			);

			await control(emulator, 'POST', '/revoke', { token: issued.body.refresh_token });
			expect(
				(await api(emulator, 'GET', '/assets', issued.body.access_token, { scheme: 'Bearer' }))
					.status,
			).toBe(401);

			await control(emulator, 'POST', '/reset', { tokens: true, settings: true });
			expect((await control(emulator, 'GET', '/config')).body).toMatchObject({
				devices: 25,
				acceptedSchemes: ['Zoho-authtoken', 'Zoho-oauthtoken', 'Bearer'],
			});
			expect((await api(emulator, 'GET', '/devices', token)).status).toBe(401);
		});

		it('answers unknown control routes with 404', async () => {
			expect((await control(emulator, 'GET', '/nope')).status).toBe(404);
		});
	});

	it('stops cleanly with requests in flight', async () => {
		const other = await startEmulator({ faults: { latencyMs: 5_000 } });
		const t = other.issueTokens().access_token;
		const pending = api(other, 'GET', '/devices', t).then(
			() => 'answered',
			() => 'failed',
		);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const started = Date.now();
		await other.stop();
		expect(Date.now() - started).toBeLessThan(1000);
		expect(await pending).toBe('failed');
	});
});
