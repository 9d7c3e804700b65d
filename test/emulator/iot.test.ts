/** The emulated Zoho IoT REST API: auth, scopes, paging, CRUD, models. */
import { CUSTOM_VIEWS, MODELS, startEmulator, type RunningEmulator } from './index';
import { api } from './test-helpers';

describe('Zoho IoT REST emulator', () => {
	let emulator: RunningEmulator;
	let token: string;

	beforeAll(async () => {
		emulator = await startEmulator({ devices: 1000, assets: 30, seed: 7 });
	});
	afterAll(() => emulator.stop());
	beforeEach(() => {
		emulator.reset({ tokens: true, settings: true });
		token = emulator.issueTokens().access_token;
	});

	describe('authentication', () => {
		it.each(['Zoho-authtoken', 'Zoho-oauthtoken', 'Bearer'])(
			'accepts the %s scheme by default',
			async (scheme) => {
				expect((await api(emulator, 'GET', '/devices', token, { scheme })).status).toBe(200);
				expect(emulator.counters().schemesSeen).toEqual({ [scheme]: 1 });
			},
		);

		it('can insist on one scheme; others get 401 INVALID_OAUTHTOKEN and are counted', async () => {
			emulator.configure({ acceptedSchemes: ['Zoho-authtoken'] });
			const refused = await api(emulator, 'GET', '/devices', token, { scheme: 'Bearer' });
			expect(refused.status).toBe(401);
			expect(refused.body).toEqual({
				code: 'INVALID_OAUTHTOKEN',
				message: 'invalid oauth token',
				status: 'error',
			});
			expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
			expect(
				(await api(emulator, 'GET', '/devices', token, { scheme: 'zoho-authtoken' })).status,
			).toBe(401);
			expect(
				(await api(emulator, 'GET', '/devices', token, { scheme: 'Zoho-authtoken' })).status,
			).toBe(200);
			expect((await api(emulator, 'GET', '/devices', undefined)).status).toBe(401);
			const counters = emulator.counters();
			expect(counters.rejectedSchemes).toBe(3);
			expect(counters.schemesSeen).toEqual({
				Bearer: 1,
				'zoho-authtoken': 1,
				'Zoho-authtoken': 1,
				'(none)': 1,
			});
		});

		it('refuses unknown and expired tokens with 401 and counts them', async () => {
			expect((await api(emulator, 'GET', '/devices', '1000.abc.def')).status).toBe(401);
			const dead = emulator.issueTokens({ accessTokenExpired: true });
			expect(dead.expires_in).toBe(3600);
			expect((await api(emulator, 'GET', '/devices', dead.access_token)).body.code).toBe(
				'INVALID_OAUTHTOKEN',
			);
			expect(emulator.counters().expiredTokenRejections).toBe(2);
		});

		it('checks the scope of the token per module and operation', async () => {
			const readDevices = emulator.issueTokens({
				scope: 'ZohoIOT.modules.devices.READ',
			}).access_token;
			expect((await api(emulator, 'GET', '/devices', readDevices)).status).toBe(200);
			expect(
				(await api(emulator, 'GET', '/settings/models?module=devices', readDevices)).status,
			).toBe(200);
			const mismatch = await api(emulator, 'GET', '/assets', readDevices);
			expect(mismatch.status).toBe(401);
			expect(mismatch.body).toMatchObject({ code: 'OAUTH_SCOPE_MISMATCH', status: 'error' });
			const create = await api(emulator, 'POST', '/devices', readDevices, {
				body: { devices: { name: 'x', model_id: MODELS[0].id } },
			});
			expect(create.body.code).toBe('OAUTH_SCOPE_MISMATCH');
			expect(emulator.counters().scopeMismatches).toBe(2);
		});

		it.each([
			'ZohoIOT.modules.ALL',
			'ZohoIOT.iotfullaccess.ALL',
			'ZohoIOT.modules.assets.ALL ZohoIOT.modules.devices.DELETE',
		])('grants everything needed with %s', async (scope) => {
			const t = emulator.issueTokens({ scope }).access_token;
			const id = emulator.records('devices')[0].id as string;
			expect((await api(emulator, 'GET', `/devices/${id}/actions/delete`, t)).status).toBe(200);
			expect((await api(emulator, 'GET', '/assets', t)).status).toBe(200);
		});

		it('stops accepting a token after N requests when expireTokensAfterRequests is set', async () => {
			emulator.configure({ faults: { expireTokensAfterRequests: 2 } });
			expect((await api(emulator, 'GET', '/devices', token)).status).toBe(200);
			expect((await api(emulator, 'GET', '/devices', token)).status).toBe(200);
			expect((await api(emulator, 'GET', '/devices', token)).status).toBe(401);
			expect(
				(await api(emulator, 'GET', '/devices', emulator.issueTokens().access_token)).status,
			).toBe(200);
		});
	});

	describe('list', () => {
		it('pages 1000 devices as 5 pages of 200, more_records false on the last', async () => {
			const ids = new Set<string>();
			for (let page = 1; page <= 5; page++) {
				const answer = await api(emulator, 'GET', `/devices?page=${page}&per_page=200`, token);
				expect(answer.status).toBe(200);
				expect(answer.body.info).toEqual({
					page,
					per_page: 200,
					count: 200,
					more_records: page < 5,
				});
				for (const record of answer.body.devices) ids.add(record.id);
			}
			expect(ids.size).toBe(1000);
			const after = await api(emulator, 'GET', '/devices?page=6&per_page=200', token);
			expect(after.body).toEqual({
				devices: [],
				info: { page: 6, per_page: 200, count: 0, more_records: false },
			});
		});

		it('defaults to 20 per page and refuses more than 200', async () => {
			const first = await api(emulator, 'GET', '/devices', token);
			expect(first.body.info).toEqual({ page: 1, per_page: 20, count: 20, more_records: true });
			const tooMany = await api(emulator, 'GET', '/devices?per_page=201', token);
			expect(tooMany.status).toBe(400);
			expect(tooMany.body).toMatchObject({
				code: 'INVALID_DATA',
				status: 'error',
				details: { param: 'per_page', maximum: 200 },
			});
			expect((await api(emulator, 'GET', '/devices?page=0', token)).status).toBe(400);
		});

		it('returns realistic records with 19-digit string ids, stable for a seed', async () => {
			const [record] = (await api(emulator, 'GET', '/devices?per_page=1', token)).body.devices;
			expect(record).toEqual({
				id: expect.stringMatching(/^\d{19}$/),
				name: expect.any(String),
				model_id: expect.stringMatching(/^\d{19}$/),
				model_name: expect.any(String),
				description: expect.any(String),
				status: expect.stringMatching(/^(active|inactive|maintenance)$/),
				connection_status: expect.any(String),
				serial_number: expect.any(String),
				firmware_version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
				location: expect.any(String),
				created_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
				modified_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
			});
			const other = await startEmulator({ devices: 1000, seed: 7 });
			const otherSeed = await startEmulator({ devices: 1000, seed: 8 });
			try {
				expect(other.records('devices')).toEqual(emulator.records('devices'));
				expect(otherSeed.records('devices')).not.toEqual(emulator.records('devices'));
			} finally {
				await Promise.all([other.stop(), otherSeed.stop()]);
			}
			const [asset] = emulator.records('assets');
			expect(asset).toMatchObject({
				asset_tag: expect.stringMatching(/^AT-\d{5}$/),
				model_id: expect.any(String),
			});
		});

		it('sorts by any field, both ways', async () => {
			const asc = (
				await api(emulator, 'GET', '/devices?sort_by=name&sort_order=asc&per_page=200', token)
			).body.devices;
			const names = asc.map((r: { name: string }) => r.name);
			expect(names).toEqual([...names].sort());
			const desc = (
				await api(emulator, 'GET', '/devices?sort_by=id&sort_order=desc&per_page=3', token)
			).body.devices;
			const all = emulator.records('devices');
			expect(desc.map((r: { id: string }) => r.id)).toEqual(
				all
					.slice(-3)
					.reverse()
					.map((r) => r.id),
			);
			expect((await api(emulator, 'GET', '/devices?sort_order=up', token)).status).toBe(400);
		});

		it('filters by the seeded "Active devices" custom view and accepts any other numeric cvid', async () => {
			const view = CUSTOM_VIEWS.find((v) => v.name === 'Active devices')!;
			const active = emulator.records('devices').filter((r) => r.status === 'active');
			const answer = await api(emulator, 'GET', `/devices?cvid=${view.id}&per_page=200`, token);
			expect(answer.body.devices.every((r: { status: string }) => r.status === 'active')).toBe(
				true,
			);
			expect(answer.body.info.more_records).toBe(active.length > 200);
			const any = await api(emulator, 'GET', '/devices?cvid=123456', token);
			expect(any.body.info.more_records).toBe(true);
			expect((await api(emulator, 'GET', '/devices?cvid=abc', token)).status).toBe(400);
		});

		it('can answer an empty page with 204 like Zoho CRM when configured', async () => {
			emulator.configure({
				behaviour: {
					list: { defaultPerPage: 20, maxPerPage: 200, emptyPageStatus: 204, defaultSortBy: 'id' },
				},
			});
			const answer = await api(emulator, 'GET', '/assets?page=9', token);
			expect(answer.status).toBe(204);
			expect(answer.body).toBeUndefined();
		});
	});

	describe('records', () => {
		const deviceModel = MODELS.find((m) => m.module === 'devices')!;
		const assetModel = MODELS.find((m) => m.module === 'assets')!;

		it('gets one record; unknown id is 404 RECORD_NOT_FOUND, a non-numeric id 400 INVALID_DATA', async () => {
			const record = emulator.records('assets')[3];
			const answer = await api(emulator, 'GET', `/assets/${record.id}`, token);
			expect(answer).toMatchObject({ status: 200, body: { assets: [record] } });
			const missing = await api(emulator, 'GET', '/assets/4417000000299999999', token);
			expect(missing.status).toBe(404);
			expect(missing.body).toMatchObject({
				code: 'RECORD_NOT_FOUND',
				message: 'The requested record does not exist',
				status: 'error',
			});
			expect((await api(emulator, 'GET', '/assets/abc', token)).body.code).toBe('INVALID_DATA');
		});

		it('creates, updates and deletes a record', async () => {
			const created = await api(emulator, 'POST', '/devices', token, {
				body: {
					devices: {
						name: 'Boiler sensor',
						model_id: deviceModel.id,
						serial_number: 'SN-1',
						custom_field: 42,
					},
				},
			});
			expect(created.status).toBe(201);
			const [result] = created.body.devices;
			expect(result).toEqual({
				code: 'SUCCESS',
				details: {
					id: result.id,
					created_time: expect.any(String),
					modified_time: expect.any(String),
				},
				id: expect.stringMatching(/^\d{19}$/),
				message: 'record added',
				status: 'success',
			});
			expect(emulator.records('devices')).toHaveLength(1001);

			const fetched = (await api(emulator, 'GET', `/devices/${result.id}`, token)).body.devices[0];
			expect(fetched).toMatchObject({
				name: 'Boiler sensor',
				model_name: deviceModel.display_name,
				custom_field: 42,
				status: 'active',
			});

			const updated = await api(emulator, 'PUT', `/devices/${result.id}`, token, {
				body: { devices: { id: result.id, name: 'Boiler sensor 2', status: 'inactive' } },
			});
			expect(updated.status).toBe(200);
			expect(updated.body.devices[0]).toMatchObject({
				code: 'SUCCESS',
				id: result.id,
				message: 'record updated',
				status: 'success',
			});
			expect(emulator.records('devices').find((r) => r.id === result.id)).toMatchObject({
				name: 'Boiler sensor 2',
				status: 'inactive',
			});

			const deleted = await api(emulator, 'GET', `/devices/${result.id}/actions/delete`, token);
			expect(deleted.body).toEqual({
				devices: [
					{
						code: 'SUCCESS',
						details: { id: result.id },
						id: result.id,
						message: 'record deleted',
						status: 'success',
					},
				],
			});
			expect(
				(await api(emulator, 'GET', `/devices/${result.id}/actions/delete`, token)).status,
			).toBe(404);
			expect(
				(await api(emulator, 'PUT', `/devices/${result.id}`, token, { body: { devices: {} } }))
					.status,
			).toBe(404);

			expect(emulator.counters().apiRequests.byRoute).toEqual({
				'POST /devices': 1,
				'GET /devices/:id': 1,
				'PUT /devices/:id': 2,
				'GET /devices/:id/actions/delete': 2,
			});
		});

		it('reports per-record errors inside a 2xx answer', async () => {
			const answer = await api(emulator, 'POST', '/assets', token, {
				body: {
					assets: [
						{ name: 'Good', model_id: assetModel.id },
						{ model_id: assetModel.id },
						{ name: 'No model' },
						{ name: 'Device model', model_id: deviceModel.id },
					],
				},
			});
			expect(answer.status).toBeGreaterThanOrEqual(200);
			expect(answer.status).toBeLessThan(300);
			const [good, noName, noModel, wrongModel] = answer.body.assets;
			expect(good.status).toBe('success');
			expect(noName).toEqual({
				code: 'MANDATORY_NOT_FOUND',
				details: { api_name: 'name' },
				message: expect.any(String),
				status: 'error',
			});
			expect(noModel).toMatchObject({
				code: 'MANDATORY_NOT_FOUND',
				details: { api_name: 'model_id' },
				status: 'error',
			});
			expect(wrongModel).toMatchObject({
				code: 'INVALID_DATA',
				details: { api_name: 'model_id' },
				status: 'error',
			});
			expect(emulator.records('assets')).toHaveLength(31);

			const badUpdate = await api(emulator, 'PUT', `/assets/${good.id}`, token, {
				body: { assets: { model_id: '1' } },
			});
			expect(badUpdate.body.assets[0]).toMatchObject({ code: 'INVALID_DATA', status: 'error' });
		});

		it('refuses a body that is not JSON or not keyed by the module', async () => {
			const response = await fetch(`${emulator.url}/iot/v1/devices`, {
				method: 'POST',
				headers: { authorization: `Zoho-authtoken ${token}` },
				body: '{not json',
			});
			expect(response.status).toBe(400);
			expect(((await response.json()) as { code: string }).code).toBe('INVALID_DATA');
			expect(
				(await api(emulator, 'POST', '/devices', token, { body: { assets: {} } })).status,
			).toBe(400);
		});

		it('lists the models of a module', async () => {
			const answer = await api(emulator, 'GET', '/settings/models?module=assets', token);
			expect(answer.body.models).toHaveLength(5);
			expect(answer.body.models[0]).toEqual({
				id: assetModel.id,
				name: assetModel.name,
				display_name: assetModel.display_name,
				module: 'assets',
				description: expect.any(String),
			});
			expect((await api(emulator, 'GET', '/settings/models?module=widgets', token)).status).toBe(
				400,
			);
		});

		it('answers undocumented routes (e.g. HTTP DELETE) with 404 INVALID_URL_PATTERN', async () => {
			const id = emulator.records('devices')[0].id as string;
			const answer = await api(emulator, 'DELETE', `/devices/${id}`, token);
			expect(answer.status).toBe(404);
			expect(answer.body.code).toBe('INVALID_URL_PATTERN');
			expect(emulator.counters().apiRequests.byRoute).toEqual({ 'DELETE (unmatched)': 1 });
		});
	});
});
