/** Custom Module: the module named by a parameter, checked before any request. */
import { NodeOperationError } from 'n8n-workflow';

import { listSearch } from '../../../nodes/ZohoIot/methods/listSearch';
import { inputItems, loadContext, locator, run, runError, setUpNock, zoho } from './helpers';

setUpNock();

const ID = '4417000000900000001';

describe('Custom Module', () => {
	it('GETs /{api name}/{id} and simplifies to id, name and times', async () => {
		const record = {
			id: ID,
			Name: 'SO-1000',
			Temperature: 4,
			created_time: '2024-03-12T10:15:00+00:00',
		};
		const scope = zoho()
			.get(`/iot/v1/service_orders/${ID}`)
			.reply(200, { service_orders: [record] });

		const output = await run({
			resource: 'customModule',
			operation: 'get',
			customModule: 'service_orders',
			customModuleId: locator(ID),
		});

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{
				json: { id: ID, Name: 'SO-1000', created_time: '2024-03-12T10:15:00+00:00' },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('takes the module of each item from an expression', async () => {
		const orders = zoho()
			.get('/iot/v1/service_orders')
			.query({ page: '1', per_page: '1' })
			.reply(200, { service_orders: [{ id: ID }] });
		const visits = zoho()
			.get('/iot/v1/site_visits')
			.query({ page: '1', per_page: '1' })
			.reply(200, { site_visits: [{ id: '4417000000900000002' }] });

		const output = await run(
			{
				resource: 'customModule',
				operation: 'getAll',
				customModule: '={{ $json.module }}',
				limit: 1,
			},
			{ items: [{ json: { module: 'service_orders' } }, { json: { module: ' site_visits ' } }] },
		);

		expect(orders.isDone() && visits.isDone()).toBe(true);
		expect(output.map((item) => [item.json.id, item.pairedItem])).toEqual([
			[ID, { item: 0 }],
			['4417000000900000002', { item: 1 }],
		]);
	});

	it("POSTs the fields given as custom fields and JSON, under the module's key", async () => {
		const scope = zoho()
			.post('/iot/v1/service_orders', { service_orders: { Name: 'SO-2000', Temperature: 5 } })
			.reply(201, {
				service_orders: [{ code: 'SUCCESS', id: ID, message: 'record added', status: 'success' }],
			});

		const output = await run({
			resource: 'customModule',
			operation: 'create',
			customModule: 'service_orders',
			additionalFields: {
				customFields: { field: [{ name: 'Name', value: 'SO-2000' }] },
				fieldsJson: '{"Temperature": 5}',
			},
		});

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toMatchObject({ id: ID, status: 'success' });
	});

	const badNames: Array<[string, string, RegExp]> = [
		['an empty name', '', /No module API name given/],
		['a path', '../devices', /is not a module API name/],
		['a name with a space', 'service orders', /is not a module API name/],
		['a name starting with a digit', '1orders', /is not a module API name/],
		['a query string', 'orders?per_page=1', /is not a module API name/],
	];

	it.each(badNames)('refuses %s before any request, naming the item', async (_, name, message) => {
		// Only the first item's module is served: a request for the second would fail differently.
		zoho().get('/iot/v1/service_orders').query(true).reply(200, { service_orders: [] });

		const error = await runError(
			{
				resource: 'customModule',
				operation: 'getAll',
				customModule: '={{ $json.module }}',
				limit: 1,
			},
			{ items: [{ json: { module: 'service_orders' } }, { json: { module: name } }] },
		);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(message);
		expect((error.context as { itemIndex?: number }).itemIndex).toBe(1);
	});

	it('turns a bad name into an error item with continue-on-fail', async () => {
		const output = await run(
			{
				resource: 'customModule',
				operation: 'get',
				customModule: 'a/b',
				customModuleId: locator(ID),
			},
			{ continueOnFail: true },
		);

		expect(output).toEqual([
			{
				json: {
					error: '"a/b" is not a module API name',
					description: expect.stringContaining('letters, digits and underscores'),
					httpCode: null,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('refuses a create without fields before any request', async () => {
		const error = await runError(
			{ resource: 'customModule', operation: 'create', customModule: 'service_orders' },
			{ items: inputItems(1) },
		);

		expect(error.message).toMatch(/Nothing to create/);
	});

	it('names ZohoIOT.modules.ALL when the token lacks it', async () => {
		zoho().get(`/iot/v1/service_orders/${ID}`).reply(401, {
			code: 'OAUTH_SCOPE_MISMATCH',
			message: 'invalid oauth scope',
			status: 'error',
		});

		const error = await runError({
			resource: 'customModule',
			operation: 'get',
			customModule: 'service_orders',
			customModuleId: locator(ID),
		});

		expect(error.description).toContain('ZohoIOT.modules.ALL');
		expect(error.description).toContain('Reconnect');
	});

	it('lists the records of the module named in the node, labelled by "Name"', async () => {
		const scope = zoho()
			.get('/iot/v1/service_orders')
			.query({ page: '1', per_page: '200' })
			.reply(200, { service_orders: [{ id: ID, Name: 'SO-1000' }] });

		const result = await listSearch.searchCustomModuleRecords.call(
			loadContext({ resource: 'customModule', operation: 'get', customModule: 'service_orders' }),
		);

		expect(scope.isDone()).toBe(true);
		expect(result.results).toEqual([{ name: 'SO-1000', value: ID }]);
	});
});
