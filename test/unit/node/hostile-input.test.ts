/**
 * Bad input through expressions and stored parameters: every typed field is checked before any
 * request, naming the item and the field, and nothing is stringified into "null",
 * "[object Object]" or "a,b". Each case arms a mock that must stay untouched.
 */
import { NodeOperationError } from 'n8n-workflow';

import { JSON_LIMITS } from '../../../nodes/ZohoIot/constants';
import { inputItems, locator, recordId, run, runError, setUpNock, zoho } from './helpers';

setUpNock();

const MODEL_ID = '4417000000500000006';
const DEVICE_ID = recordId(1, 7);

/** Values an expression can give that are not text. */
const notText: Array<[string, string, RegExp]> = [
	['null', '={{ null }}', /not null/],
	['an object', '={{ { a: 1 } }}', /not an object/],
	['a list', '={{ ["a", "b"] }}', /not a list/],
	['a boolean', '={{ true }}', /not a boolean/],
	['NaN', '={{ NaN }}', /not NaN/],
];

const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepArray = (depth: number) => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;

/** Runs the node, expecting a NodeOperationError for item 0 and no request at all. */
async function refused(parameters: Record<string, unknown>, message: RegExp) {
	const untouched = zoho()
		.get(/.*/)
		.reply(200, {})
		.post(/.*/)
		.reply(201, {})
		.put(/.*/)
		.reply(200, {});
	const error = await runError(parameters, { items: inputItems(1) });
	expect(error).toBeInstanceOf(NodeOperationError);
	expect(error.message).toMatch(message);
	expect(String(error.description)).not.toBe('');
	expect(error.message).not.toMatch(/\[object Object\]|Could not get parameter|Maximum call stack/);
	expect(untouched.pendingMocks()).toHaveLength(3);
	return error;
}

describe('values that are not text are refused, never stringified', () => {
	it.each(notText)('a create name that is %s', async (_, value, kind) => {
		const error = await refused(
			{ resource: 'device', operation: 'create', name: value, modelId: MODEL_ID },
			kind,
		);
		expect(error.message).toMatch(/device name/);
		expect((error.context as { itemIndex?: number }).itemIndex).toBe(0);
	});

	it.each(notText)('a model ID that is %s', async (_, value) => {
		await refused(
			{ resource: 'asset', operation: 'create', name: 'Pump', modelId: value },
			/model ID/,
		);
	});

	it.each(notText)('a record ID that is %s', async (_, value) => {
		await refused({ resource: 'device', operation: 'get', deviceId: locator(value) }, /device ID/);
	});

	it.each(notText)('a Sort By field that is %s', async (_, value, kind) => {
		await refused(
			{ resource: 'device', operation: 'getAll', sort: { sortBy: value } },
			new RegExp(`Sort By field.*${kind.source.replace('not ', '')}`),
		);
	});

	it.each(notText.filter(([name]) => name !== 'null'))(
		'a custom view ID that is %s',
		async (_, value) => {
			await refused(
				{ resource: 'device', operation: 'getAll', filters: { cvid: value } },
				/custom view ID/,
			);
		},
	);

	it.each(notText)('an update name that is %s', async (_, value, kind) => {
		await refused(
			{
				resource: 'asset',
				operation: 'update',
				assetId: locator(recordId(2, 1)),
				updateFields: { name: value },
			},
			kind,
		);
	});

	it.each(notText)('a description that is %s', async (_, value) => {
		await refused(
			{
				resource: 'device',
				operation: 'create',
				name: 'X',
				modelId: MODEL_ID,
				additionalFields: { description: value },
			},
			/description must be text/,
		);
	});

	it('a custom field name that is an object', async () => {
		await refused(
			{
				resource: 'device',
				operation: 'create',
				name: 'X',
				modelId: MODEL_ID,
				additionalFields: { customFields: { field: [{ name: '={{ { a: 1 } }}', value: 'v' }] } },
			},
			/name of custom field 1 must be text, not an object/,
		);
	});

	it('a sort order that is not one of the options', async () => {
		await refused(
			{ resource: 'device', operation: 'getAll', sort: { sortOrder: '={{ ["asc"] }}' } },
			/a list is not a sort order/,
		);
	});

	it('a Sort By that is not a field name', async () => {
		await refused(
			{ resource: 'device', operation: 'getAll', sort: { sortBy: 'name; drop' } },
			/is not a field's API name/,
		);
	});
});

describe('a create needs a model', () => {
	it.each([
		['empty', ''],
		['an expression that gives nothing', '={{ undefined }}'],
		['an expression that gives an empty string', '={{ "" }}'],
	])('refuses a model that is %s', async (_, value) => {
		await refused(
			{ resource: 'device', operation: 'create', name: 'Sensor', modelId: value },
			/model ID/,
		);
	});
});

describe('numbers given as lists or text that is not a number', () => {
	it.each([
		['[5]', '={{ [5] }}'],
		['"5 items"', '5 items'],
		['true', '={{ true }}'],
		['2.5', 2.5],
	])('refuses a Limit of %s', async (_, value) => {
		await refused(
			{ resource: 'device', operation: 'getAll', returnAll: false, limit: value },
			/limit .* is not a whole number/,
		);
	});

	it.each([
		['[5]', '={{ [5] }}'],
		['"many"', 'many'],
		['null', '={{ null }}'],
	])('refuses Max Concurrent Requests of %s', async (_, value) => {
		await refused(
			{
				resource: 'device',
				operation: 'get',
				deviceId: locator(DEVICE_ID),
				options: { maxConcurrentRequests: value },
			},
			/Max Concurrent Requests must be a whole number/,
		);
	});

	it('accepts digits as text for Limit and Max Concurrent Requests', async () => {
		const scope = zoho()
			.get('/iot/v1/devices')
			.query({ page: '1', per_page: '3' })
			.reply(200, { devices: [] });
		const output = await run({
			resource: 'device',
			operation: 'getAll',
			returnAll: false,
			limit: '3',
			options: { maxConcurrentRequests: '2' },
		});
		expect(output).toEqual([]);
		expect(scope.isDone()).toBe(true);
	});
});

describe('unknown or empty resource and operation', () => {
	it.each([
		[
			'an unknown resource',
			{ resource: 'widget', operation: 'get' },
			/The resource "widget" is not supported/,
		],
		['an empty resource', { resource: '', operation: 'get' }, /The resource "" is not supported/],
		[
			'an unknown operation',
			{ resource: 'device', operation: 'explode' },
			/The operation "explode" is not supported for the resource "device"/,
		],
		[
			'an empty operation',
			{ resource: 'asset', operation: '' },
			/The operation "" is not supported/,
		],
		[
			'a resource that is not text',
			{ resource: { a: 1 }, operation: 'get' },
			/The resource \{"a":1\} is not supported/,
		],
	])(
		'gives our error for %s, not n8n\'s "Could not get parameter"',
		async (_, parameters, message) => {
			await refused(parameters, message);
		},
	);
});

describe('JSON is bounded in depth and size', () => {
	it.each([
		[
			'Fields (JSON) nested 10,000 deep',
			{ fieldsJson: deepJson(10_000) },
			/Fields \(JSON\) is too large or too deep: it is nested deeper than 32 levels/,
		],
		[
			'Fields (JSON) of nested lists 100,000 deep',
			{ fieldsJson: deepArray(100_000) },
			/Fields \(JSON\) is too large or too deep/,
		],
		[
			'Fields (JSON) of 200,000 characters',
			{ fieldsJson: JSON.stringify({ blob: 'x'.repeat(200_000) }) },
			/Fields \(JSON\) is too large or too deep: it is 200,0\d\d characters long/,
		],
		[
			'Fields (JSON) with 20,000 values',
			{ fieldsJson: JSON.stringify({ list: Array.from({ length: 20_000 }, () => 1) }) },
			/more than 10,000 values/,
		],
		[
			'a mapped custom field value that is NaN',
			{ customFields: { field: [{ name: 'reading', value: '={{ NaN }}' }] } },
			/it holds NaN, which JSON cannot carry/,
		],
	])('refuses %s with a clear message', async (_, additionalFields, message) => {
		await refused(
			{ resource: 'device', operation: 'create', name: 'X', modelId: MODEL_ID, additionalFields },
			message,
		);
	});

	it.each([
		[
			'nested 100 deep',
			deepJson(100),
			/Filter \(JSON\) is too large or too deep: it is nested deeper than 32 levels/,
		],
		[
			'longer than the address can carry',
			JSON.stringify({ name: 'x'.repeat(JSON_LIMITS.maxFilterCharacters) }),
			/Filter \(JSON\) is too large or too deep: it is 4,0\d\d characters long/,
		],
	])('refuses a filter %s', async (_, filter, message) => {
		await refused({ resource: 'asset', operation: 'getAll', filters: { filter } }, message);
	});

	it('refuses a custom field value mapped from the input that is nested 1,000 deep', async () => {
		let deep: Record<string, unknown> = { leaf: 1 };
		for (let i = 0; i < 1_000; i++) deep = { a: deep };
		const untouched = zoho().post(/.*/).reply(201, {});
		const error = await runError(
			{
				resource: 'device',
				operation: 'create',
				name: 'X',
				modelId: MODEL_ID,
				additionalFields: {
					customFields: { field: [{ name: 'deep', value: '={{ $json.deep }}' }] },
				},
			},
			{ items: [{ json: { deep } }] },
		);
		expect(error.message).toMatch(
			/device's fields are too large or too deep: it is nested deeper than 32 levels/,
		);
		expect(untouched.isDone()).toBe(false);
	});

	it('still sends JSON within the bounds unchanged', async () => {
		const nested = { a: { b: { c: [1, { d: 'e' }] } } };
		const scope = zoho()
			.post('/iot/v1/devices', { devices: { name: 'X', model_id: MODEL_ID, nested } })
			.reply(201, {
				devices: [{ code: 'SUCCESS', id: '42', message: 'record added', status: 'success' }],
			});
		const output = await run({
			resource: 'device',
			operation: 'create',
			name: 'X',
			modelId: MODEL_ID,
			additionalFields: { fieldsJson: JSON.stringify({ nested }) },
		});
		expect(output[0].json.id).toBe('42');
		expect(scope.isDone()).toBe(true);
	});
});

describe('IDs', () => {
	it.each([
		['longer than a Zoho long', '1'.repeat(20), /is not a valid device ID/],
		['100,000 digits', '9'.repeat(100_000), /is not a valid device ID/],
		['Infinity', '={{ Infinity }}', /device ID must be digits, not Infinity/],
		['a negative number', '={{ -5 }}', /device ID -5 is not exact/],
	])('refuses an ID %s, echoing at most a short piece of it', async (_, value, message) => {
		const error = await refused(
			{ resource: 'device', operation: 'delete', deviceId: locator(value) },
			message,
		);
		expect(error.message.length).toBeLessThan(120);
	});
});

describe('continue-on-fail', () => {
	it('reports each bad item and still runs the good ones', async () => {
		const scope = zoho()
			.get(`/iot/v1/devices/${DEVICE_ID}`)
			.reply(200, { devices: [{ id: DEVICE_ID, name: 'TS-7' }] });
		const output = await run(
			{ resource: 'device', operation: 'get', deviceId: locator('={{ $json.id }}') },
			{
				continueOnFail: true,
				items: [
					{ json: { id: { nested: true } } },
					{ json: { id: DEVICE_ID } },
					{ json: { id: null } },
				],
			},
		);
		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => [item.pairedItem, item.json.error ?? item.json.id])).toEqual([
			[{ item: 0 }, 'The device ID must be digits, not an object'],
			[{ item: 1 }, DEVICE_ID],
			[{ item: 2 }, 'No device ID given'],
		]);
	});
});
