/** The emulator's other modules: seeded records, models, custom module scope, datapoint values. */
import { datapointValue } from './datapoints';
import { startEmulator, type RunningEmulator } from './index';
import { EXTRA_MODULES } from './modules';
import { api } from './test-helpers';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

describe('every module of the records API', () => {
	let emulator: RunningEmulator;
	let full: string;

	beforeAll(async () => {
		emulator = await startEmulator({ seed: 3, now: () => NOW });
	});
	afterAll(() => emulator.stop());
	beforeEach(() => {
		emulator.reset({ tokens: true, settings: true });
		full = emulator.issueTokens({ scope: 'ZohoIOT.modules.ALL' }).access_token;
	});

	it.each(EXTRA_MODULES.map((spec) => [spec.name, spec.count] as const))(
		'serves %s with %i seeded records, each with a 19-digit ID',
		async (module, count) => {
			const answer = await api(emulator, 'GET', `/${module}?per_page=200`, full);
			expect(answer.status).toBe(200);
			const records = answer.body[module] as Array<Record<string, unknown>>;
			expect(records).toHaveLength(count);
			for (const record of records) expect(record.id).toMatch(/^\d{19}$/);
			const one = await api(emulator, 'GET', `/${module}/${records[0].id}`, full);
			expect(one.body[module]).toEqual([records[0]]);
		},
	);

	it('has models for devices, assets and locations only', async () => {
		const locations = await api(emulator, 'GET', '/settings/models?module=locations', full);
		expect((locations.body.models as unknown[]).length).toBe(2);
		const alarms = await api(emulator, 'GET', '/settings/models?module=alarms', full);
		expect(alarms.status).toBe(400);
	});

	it('creates, updates and deletes records of a module without models', async () => {
		const created = await api(emulator, 'POST', '/vendors', full, {
			body: { vendors: { name: 'Fabrikam' } },
		});
		expect(created.status).toBe(201);
		const id = (created.body.vendors as Array<Record<string, unknown>>)[0].id as string;
		const updated = await api(emulator, 'PUT', `/vendors/${id}`, full, {
			body: { vendors: { id, description: 'Field service' } },
		});
		expect(updated.status).toBe(200);
		expect(emulator.records('vendors').find((record) => record.id === id)).toMatchObject({
			name: 'Fabrikam',
			description: 'Field service',
		});
		expect((await api(emulator, 'GET', `/vendors/${id}/actions/delete`, full)).status).toBe(200);
		expect(emulator.records('vendors').find((record) => record.id === id)).toBeUndefined();
	});

	it('asks users for an email on create, and a custom module for nothing in particular', async () => {
		const noEmail = await api(emulator, 'POST', '/users', full, {
			body: { users: { name: 'No Mail' } },
		});
		expect((noEmail.body.users as Array<Record<string, unknown>>)[0]).toMatchObject({
			code: 'MANDATORY_NOT_FOUND',
		});
		const order = await api(emulator, 'POST', '/service_orders', full, {
			body: { service_orders: { Name: 'SO-2000' } },
		});
		expect(order.status).toBe(201);
	});

	it('opens a custom module only with ZohoIOT.modules.ALL, and a module with its own scope', async () => {
		const moduleScoped = emulator.issueTokens({
			scope: 'ZohoIOT.modules.service_orders.ALL,ZohoIOT.modules.alarms.READ',
		}).access_token;
		expect((await api(emulator, 'GET', '/service_orders', moduleScoped)).body.code).toBe(
			'OAUTH_SCOPE_MISMATCH',
		);
		expect((await api(emulator, 'GET', '/alarms', moduleScoped)).status).toBe(200);
		expect((await api(emulator, 'GET', '/locations', moduleScoped)).body.code).toBe(
			'OAUTH_SCOPE_MISMATCH',
		);
	});

	describe('POST /datapoints/data', () => {
		const datapoints = () =>
			emulator.records('datapoints') as Array<Record<string, unknown> & { id: string }>;

		it('answers each block with its series over the last 24 hours, one value every 15 minutes', async () => {
			const [first] = datapoints();
			const answer = await api(emulator, 'POST', '/datapoints/data', full, {
				body: {
					metrics: [{ datapoint_ids: [first.id], period: 'last24hours', sort_order: 'asc' }],
				},
			});
			expect(answer.status).toBe(200);
			const [block] = answer.body.metrics as Array<Record<string, unknown>>;
			const [series] = block.datapoints as Array<Record<string, unknown>>;
			const values = series.values as Array<{
				time: { millis_in_gmt: number; value: string };
				value: number;
			}>;
			expect(values).toHaveLength(97);
			expect(values[0].time).toMatchObject({
				millis_in_gmt: NOW - 86_400_000,
				value: '2026-11-27T12:00:00',
			});
			expect(values[0].value).toBe(datapointValue(first, NOW - 86_400_000));
			expect(series).toMatchObject({
				datapoint_id: first.id,
				datapoint_name: first.datapoint_name,
				instance_name: first.instance_name,
			});
		});

		it('aggregates per hour, and over the whole period without a time grouping', async () => {
			const [first] = datapoints();
			const hourly = await api(emulator, 'POST', '/datapoints/data', full, {
				body: {
					metrics: [
						{
							datapoint_ids: [first.id],
							period: 'lasthour',
							aggregation: 'max',
							time_grouping: 'hour',
						},
					],
				},
			});
			const values = hourly.body.metrics[0].datapoints[0].values as Array<{ value: number }>;
			expect(values).toHaveLength(2);
			const whole = await api(emulator, 'POST', '/datapoints/data', full, {
				body: {
					metrics: [{ datapoint_ids: [first.id], period: 'last24hours', aggregation: 'avg' }],
				},
			});
			expect(whole.body.metrics[0].datapoints[0].values).toHaveLength(1);
		});

		it('refuses more than 5 IDs in a block, and needs the datapoints.data.CREATE scope', async () => {
			const ids = datapoints()
				.slice(0, 6)
				.map((datapoint) => datapoint.id);
			const tooMany = await api(emulator, 'POST', '/datapoints/data', full, {
				body: { metrics: [{ datapoint_ids: ids, period: 'lasthour' }] },
			});
			expect(tooMany.status).toBe(400);
			expect(tooMany.body).toMatchObject({ code: 'INVALID_DATA', details: { maximum: 5 } });
			const readOnly = emulator.issueTokens({
				scope: 'ZohoIOT.modules.datapoints.ALL',
			}).access_token;
			const body = { metrics: [{ datapoint_ids: ids.slice(0, 1), period: 'lasthour' }] };
			expect((await api(emulator, 'POST', '/datapoints/data', readOnly, { body })).body.code).toBe(
				'OAUTH_SCOPE_MISMATCH',
			);
			const valuesScope = emulator.issueTokens({
				scope: 'ZohoIOT.modules.datapoints.data.CREATE',
			}).access_token;
			expect((await api(emulator, 'POST', '/datapoints/data', valuesScope, { body })).status).toBe(
				200,
			);
		});

		it('answers 204 with no body when no datapoint matches', async () => {
			const answer = await api(emulator, 'POST', '/datapoints/data', full, {
				body: { metrics: [{ datapoint_ids: ['1'], period: 'lasthour' }] },
			});
			expect(answer.status).toBe(204);
		});
	});
});
