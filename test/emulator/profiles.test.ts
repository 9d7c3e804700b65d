/**
 * The documented profile (Zoho's own record, write and paging shapes, HTTP DELETE) and the token
 * limits Zoho documents (CONTRIBUTING.md, D4, D5; 15 live access tokens, 10 refresh tokens per 10
 * minutes, the rolling 24-hour quota), over real loopback HTTP.
 */
import { MODELS, startEmulator } from './index';
import { locationId } from './profiles';
import type { RunningEmulator } from './types';
import { api, CLIENT_ID, CLIENT_SECRET, consent, exchangeCode, refresh } from './test-helpers';

let clock = Date.UTC(2025, 5, 1, 12, 0, 0);
const emulators: RunningEmulator[] = [];
async function start(options: Parameters<typeof startEmulator>[0] = {}) {
	const emulator = await startEmulator({ now: () => clock, devices: 5, assets: 3, ...options });
	emulators.push(emulator);
	return { emulator, token: emulator.issueTokens().access_token };
}
afterAll(async () => {
	await Promise.all(emulators.map(async (e) => await e.stop()));
});

describe('profile documented', () => {
	it('serves records with a layout lookup, date-time objects and a location lookup', async () => {
		const { emulator, token } = await start({ profile: 'documented' });
		const stored = emulator.records('devices')[0];
		const model = MODELS.find((m) => m.id === stored.model_id)!;

		const list = await api(emulator, 'GET', '/devices?per_page=2', token);

		expect(list.status).toBe(200);
		const [first] = list.body.devices;
		expect(first).not.toHaveProperty('model_id');
		expect(first).not.toHaveProperty('model_name');
		expect(first.layout).toEqual({
			settings: { show_instance_dashboard: false, default_location_preference: 'field' },
			name: model.display_name,
			icon: 'device',
			id: model.id,
		});
		const millis = Date.parse(String(stored.created_time));
		expect(first.created_time).toEqual({
			millis_in_gmt: millis,
			formatted: [expect.any(String)],
			value: new Date(millis + 330 * 60_000).toISOString().slice(0, 19),
		});
		expect(first.location).toEqual({
			id: locationId(String(stored.location)),
			name: stored.location,
		});
		expect(list.body.page_context).toEqual({ page: 1, per_page: 2, has_more_page: true });
		expect(list.body).not.toHaveProperty('info');
	});

	it('answers a get with {"devices": {record}}', async () => {
		const { emulator, token } = await start({ profile: 'documented' });
		const id = String(emulator.records('devices')[1].id);

		const answer = await api(emulator, 'GET', `/devices/${id}`, token);

		expect(answer.body.devices).toMatchObject({ id, layout: { icon: 'device' } });
	});

	it('writes answer a top-level id and no details', async () => {
		const { emulator, token } = await start({ profile: 'documented' });
		const model = MODELS.find((m) => m.module === 'assets')!;

		const created = await api(emulator, 'POST', '/assets', token, {
			body: { assets: { name: 'Chiller CH-9', model_id: model.id } },
		});
		const id = created.body.assets[0].id as string;
		const updated = await api(emulator, 'PUT', `/assets/${id}`, token, {
			body: { assets: { id, name: 'Chiller CH-10' } },
		});

		expect(created.body).toEqual({
			assets: [{ code: 'SUCCESS', id, message: 'record added', status: 'success' }],
		});
		expect(updated.body).toEqual({
			assets: [{ code: 'SUCCESS', id, message: 'record updated', status: 'success' }],
		});
	});

	it('deletes with HTTP DELETE; the action route does not exist', async () => {
		const { emulator, token } = await start({ profile: 'documented' });
		const [a, b] = emulator.records('devices').map((d) => String(d.id));

		const action = await api(emulator, 'GET', `/devices/${a}/actions/delete`, token);
		const removed = await api(emulator, 'DELETE', `/devices/${b}`, token);

		expect(action).toMatchObject({ status: 404, body: { code: 'INVALID_URL_PATTERN' } });
		expect(removed.body).toEqual({
			devices: [{ code: 'SUCCESS', id: b, message: 'record deleted', status: 'success' }],
		});
		expect(emulator.records('devices').map((d) => d.id)).not.toContain(b);
		expect(emulator.counters().apiRequests.byRoute).toMatchObject({
			'DELETE /devices/:id': 1,
			'GET (unmatched)': 1,
		});
	});

	it('documented-action-delete: only the action route deletes', async () => {
		const { emulator, token } = await start({ profile: 'documented-action-delete' });
		const [a, b] = emulator.records('devices').map((d) => String(d.id));

		expect((await api(emulator, 'DELETE', `/devices/${a}`, token)).body.code).toBe(
			'INVALID_URL_PATTERN',
		);
		expect((await api(emulator, 'GET', `/devices/${b}/actions/delete`, token)).status).toBe(200);
	});

	it('pages with no metadata at all when told to (behaviour listMetadata: none)', async () => {
		const { emulator, token } = await start({
			profile: 'documented',
			behaviour: { listMetadata: 'none' },
		});

		const page = await api(emulator, 'GET', '/devices?per_page=5', token);

		expect(Object.keys(page.body)).toEqual(['devices']);
		expect(page.body.devices).toHaveLength(5);
	});

	it("the default profile keeps the project's first reading", async () => {
		const { emulator, token } = await start();
		const [a] = emulator.records('devices').map((d) => String(d.id));

		const list = await api(emulator, 'GET', '/devices?per_page=2', token);
		const httpDelete = await api(emulator, 'DELETE', `/devices/${a}`, token);

		expect(list.body.devices[0]).toMatchObject({
			model_id: expect.any(String),
			created_time: expect.stringMatching(/\+00:00$/),
		});
		expect(list.body.info).toMatchObject({ more_records: true });
		expect(httpDelete).toMatchObject({ status: 404, body: { code: 'INVALID_URL_PATTERN' } });
	});

	it('the profile can be chosen with configure, and an unknown one is refused', async () => {
		const { emulator, token } = await start();
		emulator.configure({ profile: 'documented' });
		expect(
			(await api(emulator, 'GET', '/devices?per_page=1', token)).body.page_context,
		).toBeDefined();
		expect(() => emulator.configure({ profile: 'zoho' as never })).toThrow(
			/profile must be one of default, documented/,
		);
	});
});

describe('token limits', () => {
	it('D4: client credentials in an HTTP Basic header are accepted', async () => {
		const { emulator } = await start();
		const tokens = emulator.issueTokens();
		const response = await fetch(`${emulator.url}/oauth/v2/token`, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
			},
			body: new URLSearchParams({
				grant_type: 'refresh_token',
				refresh_token: tokens.refresh_token,
			}).toString(),
		});
		const body = (await response.json()) as Record<string, unknown>;
		expect(body.access_token).toEqual(expect.stringMatching(/^1000\./));
		expect(emulator.counters().tokenExchanges.at(-1)).toMatchObject({
			clientSecretIn: 'basic',
			outcome: 'success',
		});
	});

	it('D5: revoking an unknown token answers HTTP 400', async () => {
		const { emulator } = await start();
		const response = await fetch(`${emulator.url}/oauth/v2/token/revoke?token=1000.unknown.token`, {
			method: 'POST',
		});
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({ error: 'invalid_token' });
	});

	it('keeps at most 15 live access tokens per refresh token: the 16th kills the oldest', async () => {
		const { emulator } = await start({ tokenThrottle: { max: 100, windowSeconds: 600 } });
		const tokens = emulator.issueTokens();
		const minted: string[] = [];
		for (let i = 0; i < 15; i++)
			minted.push((await refresh(emulator, tokens.refresh_token)).body.access_token as string);

		// 16 live now (the issued one and 15 minted): the issued one died first.
		expect((await api(emulator, 'GET', '/devices', tokens.access_token)).status).toBe(401);
		expect((await api(emulator, 'GET', '/devices', minted[0])).status).toBe(200);
		minted.push((await refresh(emulator, tokens.refresh_token)).body.access_token as string);
		expect((await api(emulator, 'GET', '/devices', minted[0])).status).toBe(401);
		expect((await api(emulator, 'GET', '/devices', minted[1])).status).toBe(200);
		expect((await api(emulator, 'GET', '/devices', minted[15])).status).toBe(200);
	});

	it('issues at most 10 refresh tokens per user and client in 10 minutes', async () => {
		const { emulator } = await start();
		const answers: Array<Record<string, unknown>> = [];
		for (let i = 0; i < 11; i++) {
			clock += 1000;
			const code = (await consent(emulator)).searchParams.get('code')!;
			answers.push((await exchangeCode(emulator, code)).body);
		}
		expect(answers.slice(0, 10).every((a) => typeof a.refresh_token === 'string')).toBe(true);
		expect(answers[10]).toEqual({ error: 'Access Denied', error_description: expect.any(String) });

		clock += 600_000;
		const code = (await consent(emulator)).searchParams.get('code')!;
		expect((await exchangeCode(emulator, code)).body.refresh_token).toEqual(expect.any(String));
	});

	it('counts the daily quota over a rolling 24 hours, not the UTC day', async () => {
		clock = Date.UTC(2025, 5, 1, 23, 0, 0);
		const { emulator, token } = await start({
			dailyQuota: 2,
			accessTokenLifetimeSeconds: 86_400 * 2,
		});
		expect((await api(emulator, 'GET', '/devices', token)).status).toBe(200);
		expect((await api(emulator, 'GET', '/devices', token)).status).toBe(200);
		clock += 2 * 3_600_000; // past midnight UTC, within 24 hours
		expect((await api(emulator, 'GET', '/devices', token)).body.code).toBe('LIMIT_EXCEEDED');
		clock += 22 * 3_600_000; // 24 hours after the first call
		expect((await api(emulator, 'GET', '/devices', token)).status).toBe(200);
	});
});
