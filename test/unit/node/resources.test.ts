/**
 * Every resource of the registry at the HTTP boundary: the exact request each operation sends and
 * the items it outputs, the scope a scope error names, and what an assumed write that Zoho refuses
 * says. The resources come from the registry's fixture table, so a module added there is tested.
 */
import { NodeApiError } from 'n8n-workflow';

import { listSearch } from '../../../nodes/ZohoIot/methods/listSearch';
import { loadOptions } from '../../../nodes/ZohoIot/methods/loadOptions';
import { forgetDeleteRoute } from '../../../nodes/ZohoIot/actions/record/delete';
import { BUILT_IN_FIXTURES, offering } from './fixtures';
import { loadContext, locator, recordId, run, runError, setUpNock, zoho } from './helpers';

setUpNock();
beforeEach(() => forgetDeleteRoute());

const SCOPE_ERROR = {
	code: 'OAUTH_SCOPE_MISMATCH',
	message: 'invalid oauth scope to access this URL',
	status: 'error',
};

/** A record carrying every field any module simplifies to, plus one no module keeps. */
function fullRecord(kind: number, sequence: number) {
	return {
		id: recordId(kind, sequence),
		name: `Record ${sequence}`,
		datapoint_name: 'Temperature',
		instance_name: 'TS-0042',
		unit: '°C',
		data_type: 'Numeric',
		description: 'Seeded',
		severity: 'major',
		message: 'Threshold crossed',
		source_name: 'TS-0042',
		email: 'ana@example.com',
		role: 'Operator',
		expiry_time: '2027-01-01T00:00:00+00:00',
		model_id: '4417000000500000001',
		model_name: 'Temperature Sensor',
		status: 'active',
		location: { id: '4417000000900000001', name: 'Pune Warehouse' },
		created_time: '2024-03-12T10:15:00+00:00',
		modified_time: '2024-03-13T08:00:00+00:00',
		not_simplified: 'only with Simplify off',
		manufacturer: { id: '4417000000900000007', name: 'lookup no module keeps' },
	};
}

describe.each(offering('get'))(
	'Get $resource',
	({ resource, module, idParameter, kind, entry }) => {
		it(`GETs /${module}/{id} and keeps the module's simplified fields`, async () => {
			const record = fullRecord(kind, 7);
			const scope = zoho()
				.get(`/iot/v1/${module}/${record.id}`)
				.reply(200, { [module]: [record] });

			const output = await run({ resource, operation: 'get', [idParameter]: locator(record.id) });

			expect(scope.isDone()).toBe(true);
			expect(Object.keys(output[0].json)).toEqual([...entry.simplifiedFields]);
			expect(output[0].json).not.toHaveProperty('not_simplified');
			expect(output[0].pairedItem).toEqual({ item: 0 });
		});

		it(`names ${entry.scope} when the token lacks it, and says to reconnect`, async () => {
			const id = recordId(kind, 1);
			zoho().get(`/iot/v1/${module}/${id}`).reply(401, SCOPE_ERROR);

			const error = await runError({ resource, operation: 'get', [idParameter]: locator(id) });

			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.message).toContain('OAUTH_SCOPE_MISMATCH');
			expect(error.description).toContain(entry.scope);
			expect(error.description).toContain('Reconnect');
		});
	},
);

describe.each(offering('getAll'))('Get Many $resource', ({ resource, module, kind }) => {
	it(`GETs /${module} once for a limit of 2 and outputs one item per record`, async () => {
		const scope = zoho()
			.get(`/iot/v1/${module}`)
			.query({ page: '1', per_page: '2' })
			.reply(200, {
				[module]: [fullRecord(kind, 1), fullRecord(kind, 2)],
				info: { more_records: true },
			});

		const output = await run({
			resource,
			operation: 'getAll',
			returnAll: false,
			limit: 2,
			simplify: false,
		});

		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json.id)).toEqual([recordId(kind, 1), recordId(kind, 2)]);
	});
});

describe.each(offering('create'))('Create $resource', ({ resource, module, kind, entry }) => {
	it(`POSTs {"${module}": {...}} without a model field${entry.models ? ' but with the model' : ''}`, async () => {
		const fields = entry.nameOnCreate ? { name: 'New one' } : { email: 'ana@example.com' };
		const body = {
			[module]: entry.models ? { ...fields, model_id: '4417000000500000001' } : fields,
		};
		const scope = zoho()
			.post(`/iot/v1/${module}`, body)
			.reply(201, {
				[module]: [
					{ code: 'SUCCESS', id: recordId(kind, 9), message: 'record added', status: 'success' },
				],
			});

		const output = await run({
			resource,
			operation: 'create',
			...(entry.nameOnCreate
				? { name: 'New one' }
				: { additionalFields: { fieldsJson: '{"email": "ana@example.com"}' } }),
			...(entry.models ? { modelId: '4417000000500000001' } : {}),
		});

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toMatchObject({ id: recordId(kind, 9), status: 'success' });
	});
});

describe.each(offering('update'))('Update $resource', ({ resource, module, idParameter, kind }) => {
	it(`PUTs /${module}/{id} with the changed fields`, async () => {
		const id = recordId(kind, 4);
		const scope = zoho()
			.put(`/iot/v1/${module}/${id}`, { [module]: { id, description: 'Changed' } })
			.reply(200, {
				[module]: [{ code: 'SUCCESS', id, message: 'record updated', status: 'success' }],
			});

		const output = await run({
			resource,
			operation: 'update',
			[idParameter]: locator(id),
			updateFields: { description: 'Changed' },
		});

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual({ id, description: 'Changed' });
	});
});

describe.each(offering('delete'))('Delete $resource', ({ resource, module, idParameter, kind }) => {
	it(`sends DELETE /${module}/{id}`, async () => {
		const id = recordId(kind, 5);
		const scope = zoho()
			.delete(`/iot/v1/${module}/${id}`)
			.reply(200, {
				[module]: [{ code: 'SUCCESS', id, message: 'record deleted', status: 'success' }],
			});

		const output = await run({ resource, operation: 'delete', [idParameter]: locator(id) });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: { deleted: true, id }, pairedItem: { item: 0 } }]);
	});
});

describe('assumed writes', () => {
	it("passes on Zoho's refusal of a create as Zoho's error, no longer blamed on an assumption (Post Records documents every module)", async () => {
		zoho()
			.post('/iot/v1/products', { products: { name: 'Kit' } })
			.reply(404, {
				code: 'INVALID_URL_PATTERN',
				message: 'Please check if the URL trying to access is a correct one',
				status: 'error',
			});

		const output = await run(
			{ resource: 'product', operation: 'create', name: 'Kit' },
			{ continueOnFail: true },
		);

		expect(output).toEqual([
			{
				json: {
					error: expect.stringContaining('INVALID_URL_PATTERN'),
					description: expect.not.stringContaining('does not document'),
					httpCode: '404',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('does not blame the assumption for a record that does not exist', async () => {
		const id = recordId(20, 1);
		zoho().delete(`/iot/v1/vendors/${id}`).reply(404, {
			code: 'RECORD_NOT_FOUND',
			message: 'The requested record does not exist',
			status: 'error',
		});

		const error = await runError({
			resource: 'vendor',
			operation: 'delete',
			vendorId: locator(id),
		});

		expect(error.description).not.toContain('does not document');
	});

	it("names both scopes Zoho's pages give for users", async () => {
		zoho().get('/iot/v1/users').query(true).reply(401, SCOPE_ERROR);

		const error = await runError({ resource: 'user', operation: 'getAll', limit: 1 });

		expect(error.description).toContain('ZohoIOT.modules.users.ALL');
		expect(error.description).toContain('ZohoIOT.settings.users.ALL');
	});

	it('creates an alarm and a datapoint record, as Post Records documents for both modules', async () => {
		const alarm = zoho()
			.post('/iot/v1/alarms', { alarms: { name: 'High Temperature' } })
			.reply(201, { alarms: [{ code: 'SUCCESS', status: 'success', details: { id: '11' } }] });
		const datapoint = zoho()
			.post('/iot/v1/datapoints', { datapoints: { name: 'Humidity', datapoint_name: 'Humidity' } })
			.reply(201, { datapoints: [{ code: 'SUCCESS', status: 'success', details: { id: '12' } }] });

		const [created] = await run({
			resource: 'alarm',
			operation: 'create',
			name: 'High Temperature',
		});
		const [createdDatapoint] = await run({
			resource: 'datapoint',
			operation: 'create',
			name: 'Humidity',
			additionalFields: { fieldsJson: '{"datapoint_name": "Humidity"}' },
		});

		expect(created.json.id).toBe('11');
		expect(createdDatapoint.json.id).toBe('12');
		expect(alarm.isDone() && datapoint.isDone()).toBe(true);
	});
});

describe('list search and models of the other modules', () => {
	it('lists locations for the Location locator from GET /locations', async () => {
		const scope = zoho()
			.get('/iot/v1/locations')
			.query({ page: '1', per_page: '200' })
			.reply(200, {
				locations: [{ id: recordId(30, 1), name: 'Pune Warehouse' }],
				info: { more_records: false },
			});

		const result = await listSearch.searchLocations.call(
			loadContext({ resource: 'location', operation: 'get' }),
		);

		expect(scope.isDone()).toBe(true);
		expect(result).toEqual({ results: [{ name: 'Pune Warehouse', value: recordId(30, 1) }] });
	});

	it('labels users by email when they have no name', async () => {
		zoho()
			.get('/iot/v1/users')
			.query(true)
			.reply(200, { users: [{ id: recordId(31, 1), email: 'ana@example.com' }] });

		const result = await listSearch.searchUsers.call(
			loadContext({ resource: 'user', operation: 'get' }),
		);

		expect(result.results).toEqual([{ name: 'ana@example.com', value: recordId(31, 1) }]);
	});

	it('loads location models from GET /settings/models?module=locations', async () => {
		const scope = zoho()
			.get('/iot/v1/settings/models')
			.query({ module: 'locations' })
			.reply(200, {
				models: [{ id: '4417000000500000201', name: 'warehouse', display_name: 'Warehouse' }],
			});

		const options = await loadOptions.getLocationModels.call(
			loadContext({ resource: 'location', operation: 'create' }),
		);

		expect(scope.isDone()).toBe(true);
		expect(options).toEqual([
			{ name: 'Warehouse', value: '4417000000500000201', description: 'warehouse' },
		]);
	});

	it("names the module's scope when the list search meets a scope error", async () => {
		zoho().get('/iot/v1/alarms').query(true).reply(401, SCOPE_ERROR);

		await expect(
			listSearch.searchAlarms.call(loadContext({ resource: 'alarm', operation: 'get' })),
		).rejects.toMatchObject({
			description: expect.stringContaining('ZohoIOT.modules.alarms.ALL'),
		});
	});
});

it("covers every built-in module of Zoho's records API", () => {
	expect(BUILT_IN_FIXTURES.map((fixture) => fixture.module).sort()).toEqual([
		'alarms',
		'assets',
		'certificates',
		'commands',
		'datapoints',
		'devices',
		'locations',
		'manufacturers',
		'policies',
		'products',
		'users',
		'vendors',
	]);
});
