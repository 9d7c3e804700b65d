import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { listQuery } from '../../../nodes/ZohoIot/helpers/listQuery';
import { resourceEntry } from '../../../nodes/ZohoIot/actions/registry';

import {
	inputItems,
	listServer,
	recordId,
	run,
	runError,
	setUpNock,
	without,
	zoho,
	zohoRecord,
} from './helpers';

setUpNock();

const getAll = (resource: 'device' | 'asset', extra: Record<string, unknown> = {}) => ({
	resource,
	operation: 'getAll',
	...extra,
});

describe('Get Many: Return All costs ceil(N / 200) requests', () => {
	it.each([
		[0, 1],
		[1, 1],
		[200, 1],
		[201, 2],
		[1000, 5],
	])('returns all %i devices in %i request(s), 200 per page', async (total, requests) => {
		const server = listServer('devices', total, requests);

		const output = await run(getAll('device', { returnAll: true }));

		expect(server.scope.isDone()).toBe(true);
		expect(server.requests).toEqual(
			Array.from({ length: requests }, (_, i) => ({ page: i + 1, per_page: 200 })),
		);
		expect(output).toHaveLength(total);
		expect(output.map((item) => item.json.id)).toEqual(
			Array.from({ length: total }, (_, i) => recordId(1, i + 1)),
		);
	});

	it('spends one more request only when Zoho gives no more_records and N is a multiple of 200', async () => {
		const server = listServer('assets', 400, 3, { moreRecordsInfo: false });

		const output = await run(getAll('asset', { returnAll: true }));

		expect(server.scope.isDone()).toBe(true);
		expect(server.requests.map((r) => r.page)).toEqual([1, 2, 3]);
		expect(output).toHaveLength(400);
	});

	it('stops at a short page even without more_records', async () => {
		const server = listServer('assets', 250, 2, { moreRecordsInfo: false });

		const output = await run(getAll('asset', { returnAll: true }));

		expect(server.scope.isDone()).toBe(true);
		expect(output).toHaveLength(250);
	});
});

describe('Get Many: Limit never fetches more than it returns', () => {
	it.each([
		[50, [{ page: 1, per_page: 50 }]],
		[200, [{ page: 1, per_page: 200 }]],
		[
			250,
			[
				{ page: 1, per_page: 200 },
				{ page: 5, per_page: 50 },
			],
		],
	])('a limit of %i over 1,000 devices sends %j', async (limit, expected) => {
		const server = listServer('devices', 1000, expected.length);

		const output = await run(getAll('device', { returnAll: false, limit }));

		expect(server.scope.isDone()).toBe(true);
		expect(server.requests).toEqual(expected);
		expect(output).toHaveLength(limit);
		expect(output.at(-1)?.json.id).toBe(recordId(1, limit));
	});

	it('uses the default limit of 50', async () => {
		const server = listServer('devices', 1000, 1);

		const output = await run(getAll('device'));

		expect(server.requests).toEqual([{ page: 1, per_page: 50 }]);
		expect(output).toHaveLength(50);
	});

	it('returns fewer than the limit when the fleet is smaller', async () => {
		const server = listServer('assets', 7, 1);

		const output = await run(getAll('asset', { limit: 50 }));

		expect(server.scope.isDone()).toBe(true);
		expect(output).toHaveLength(7);
	});
});

describe('Get Many: output items', () => {
	it("outputs one simplified item per record, in Zoho's order, paired to the input item", async () => {
		const server = listServer('devices', 3, 1);

		const output = await run(getAll('device', { limit: 3 }));

		expect(server.scope.isDone()).toBe(true);
		expect(output).toEqual(
			[1, 2, 3].map((sequence) => ({
				json: without(zohoRecord(1, sequence), 'serial_number'),
				pairedItem: { item: 0 },
			})),
		);
	});

	it("returns Zoho's records untouched with Simplify off", async () => {
		listServer('assets', 2, 1);

		const output = await run(getAll('asset', { limit: 2, simplify: false }));

		expect(output.map((item) => item.json)).toEqual([zohoRecord(2, 1), zohoRecord(2, 2)]);
	});

	it('pairs each record with the input item that asked for it', async () => {
		const server = listServer('devices', 1000, 2);

		const output = await run(getAll('device', { limit: 2 }), { items: inputItems(2) });

		expect(server.scope.isDone()).toBe(true);
		expect(output.map((item) => [item.json.id, item.pairedItem])).toEqual([
			[recordId(1, 1), { item: 0 }],
			[recordId(1, 2), { item: 0 }],
			[recordId(1, 1), { item: 1 }],
			[recordId(1, 2), { item: 1 }],
		]);
	});

	it('outputs nothing for an empty fleet', async () => {
		listServer('assets', 0, 1);

		expect(await run(getAll('asset', { returnAll: true }))).toEqual([]);
	});
});

describe('Get Many: filters', () => {
	it("sends the custom view, sort order and the filter JSON as Zoho's query parameters", async () => {
		const scope = zoho()
			.get('/iot/v1/assets')
			.query({
				page: '1',
				per_page: '10',
				cvid: '4417000000700000004',
				sort_order: 'desc',
				filter: '{"status":"active"}',
			})
			.reply(200, { assets: [zohoRecord(2, 1)], info: { more_records: false } });

		const output = await run(
			getAll('asset', {
				limit: 10,
				filters: {
					cvid: ' 4417000000700000004 ',
					filter: '{ "status": "active" }',
				},
				sort: { sortOrder: 'desc' },
			}),
		);

		expect(scope.isDone()).toBe(true);
		expect(output).toHaveLength(1);
	});

	it('sends sort_by with sort_order from the Sort collection', async () => {
		const scope = zoho()
			.get('/iot/v1/devices')
			.query({ page: '1', per_page: '50', sort_by: 'created_time', sort_order: 'asc' })
			.reply(200, { devices: [], info: { more_records: false } });

		await run(getAll('device', { sort: { sortBy: 'created_time', sortOrder: 'asc' } }));

		expect(scope.isDone()).toBe(true);
	});

	it('keeps the sort of a workflow saved with version 1, where Sort By and Sort Order sat in Filters', async () => {
		const scope = zoho()
			.get('/iot/v1/devices')
			.query({ page: '1', per_page: '50', sort_by: 'modified_time', sort_order: 'desc' })
			.reply(200, { devices: [], info: { more_records: false } });

		await run(getAll('device', { filters: { sortBy: 'modified_time', sortOrder: 'desc' } }), {
			typeVersion: 1,
		});

		expect(scope.isDone()).toBe(true);
	});

	it.each([
		['text', 'created_time', /Sort must be a collection, not a string/],
		['a list', ['created_time'], /Sort must be a collection, not a list/],
		['nothing', null, /Sort must be a collection, not null/],
	])('refuses a Sort that is %s, naming what it is', (_kind, sort, message) => {
		const node = { name: 'Zoho IoT', typeVersion: 1.1 } as INode;
		expect(() => listQuery(node, resourceEntry('device')!, {}, 3, sort as never)).toThrow(message);
	});

	it('leaves an empty filter JSON out of the query', async () => {
		const scope = zoho()
			.get('/iot/v1/devices')
			.query({ page: '1', per_page: '50' })
			.reply(200, { devices: [], info: { more_records: false } });

		await run(getAll('device', { filters: { filter: '{}' } }));

		expect(scope.isDone()).toBe(true);
	});
});

describe('Get Many: bad input fails before any request, as fail and as continue-on-fail', () => {
	const cases: Array<[string, Record<string, unknown>, RegExp]> = [
		[
			'a malformed filter JSON',
			{ filters: { filter: '{"status": ' } },
			/Filter \(JSON\) is not valid JSON/,
		],
		[
			'a filter that is not an object',
			{ filters: { filter: '["active"]' } },
			/Filter \(JSON\) must be a JSON object/,
		],
		[
			'a custom view together with Sort By',
			{ filters: { cvid: '4417000000700000002' }, sort: { sortBy: 'name' } },
			/cannot be used together/,
		],
		[
			'a custom view ID that is not an ID',
			{ filters: { cvid: 'Active devices' } },
			/is not a valid custom view ID/,
		],
		['a limit of 0 given by expression', { limit: 0 }, /not a whole number of 1 or more/],
	];

	it.each(cases)('%s stops the node with the item index', async (_, extra, message) => {
		const untouched = zoho().get('/iot/v1/devices').query(true).reply(200, { devices: [] });

		const error = await runError(getAll('device', extra), { items: inputItems(2) });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(message);
		expect(error.description).toEqual(expect.any(String));
		expect((error.context as { itemIndex?: number }).itemIndex).toBe(0);
		expect(untouched.isDone()).toBe(false);
	});

	it.each(cases)('%s becomes an error item with continue-on-fail', async (_, extra, message) => {
		const untouched = zoho().get('/iot/v1/devices').query(true).reply(200, { devices: [] });

		const output = await run(getAll('device', extra), { continueOnFail: true });

		expect(output).toEqual([
			{
				json: {
					error: expect.stringMatching(message),
					description: expect.any(String),
					httpCode: null,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(untouched.isDone()).toBe(false);
	});
});

describe('Get Many: Zoho errors', () => {
	const forbidden = () =>
		zoho()
			.get('/iot/v1/devices')
			.query(true)
			.reply(403, { code: 'NO_PERMISSION', message: 'permission denied', status: 'error' });

	it("stops the node with Zoho's explained error", async () => {
		const scope = forbidden();

		const error = await runError(getAll('device'));

		expect(scope.isDone()).toBe(true);
		expect(error.message).toContain('NO_PERMISSION');
		expect((error.context as { itemIndex?: number }).itemIndex).toBe(0);
	});

	it('turns it into an error item with continue-on-fail', async () => {
		forbidden();

		const output = await run(getAll('device'), { continueOnFail: true });

		expect(output).toEqual([
			{
				json: {
					error: expect.stringContaining('NO_PERMISSION'),
					description: expect.stringContaining('permission'),
					httpCode: '403',
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});
