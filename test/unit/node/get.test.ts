import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	inputItems,
	locator,
	recordId,
	run,
	runError,
	setUpNock,
	without,
	zoho,
	zohoRecord,
} from './helpers';
import { MODEL_FIXTURES } from './fixtures';

setUpNock();

const resources = MODEL_FIXTURES;

describe.each(resources)('Get $resource', ({ resource, module, idParameter, kind }) => {
	const record = zohoRecord(kind, 7, { connection_status: 'connected' });
	const id = String(record.id);
	const get = (value: unknown, extra: Record<string, unknown> = {}) => ({
		resource,
		operation: 'get',
		[idParameter]: locator(value),
		...extra,
	});

	it(`GETs /${module}/{id} and outputs the simplified record`, async () => {
		const scope = zoho()
			.get(`/iot/v1/${module}/${id}`)
			.reply(200, { [module]: [record] });

		const output = await run(get(id));

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{
				json: {
					id,
					name: record.name,
					model_id: record.model_id,
					model_name: record.model_name,
					description: record.description,
					status: 'active',
					created_time: record.created_time,
					modified_time: record.modified_time,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it("outputs Zoho's record untouched with Simplify off", async () => {
		zoho()
			.get(`/iot/v1/${module}/${id}`)
			.reply(200, { [module]: [record] });

		const output = await run(get(id, { simplify: false }));

		expect(output[0].json).toEqual(record);
	});

	it('accepts the record as an object as well as an array of one', async () => {
		const scope = zoho()
			.get(`/iot/v1/${module}/${id}`)
			.reply(200, { [module]: record });

		const output = await run(get(id, { simplify: false }));

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual(record);
	});

	it('flattens a lookup model into model_id and model_name', async () => {
		const rest = without(record, 'model_id', 'model_name');
		zoho()
			.get(`/iot/v1/${module}/${id}`)
			.reply(200, {
				[module]: [
					{
						...rest,
						model: {
							id: '4417000000500000002',
							name: 'energy_meter',
							display_name: 'Energy Meter',
						},
					},
				],
			});

		const output = await run(get(id));

		expect(output[0].json).toMatchObject({
			model_id: '4417000000500000002',
			model_name: 'Energy Meter',
		});
		expect(output[0].json).not.toHaveProperty('model');
	});

	it('takes the ID picked from the list, and trims an ID mapped with spaces', async () => {
		const scope = zoho()
			.get(`/iot/v1/${module}/${id}`)
			.times(2)
			.reply(200, { [module]: [record] });

		await run({ resource, operation: 'get', [idParameter]: locator(id, 'list') });
		await run(get(`  ${id}\n`));

		expect(scope.isDone()).toBe(true);
	});

	it('reads the ID of each item from an expression, keeping all 19 digits', async () => {
		const other = recordId(kind, 8);
		const scope = zoho()
			.get(`/iot/v1/${module}/${id}`)
			.reply(200, { [module]: [record] })
			.get(`/iot/v1/${module}/${other}`)
			.reply(200, { [module]: [{ ...record, id: other }] });

		const output = await run(get('={{ $json.body.id }}'), {
			items: [{ json: { body: { id } } }, { json: { body: { id: other } } }],
		});

		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json.id)).toEqual([id, other]);
	});

	const badIds: Array<[string, unknown, RegExp]> = [
		['an empty ID', '', new RegExp(`No ${resource} ID given`)],
		['a name instead of an ID', 'Chiller CH-042', /"Chiller CH-042" is not a valid/],
		// What JSON.parse makes of a webhook that sent the ID as a number: the last digits are gone.
		[
			'an ID that lost digits as a JSON number',
			JSON.parse('{"id": 4417000000100000007}').id,
			/is not exact/,
		],
	];

	it.each(badIds)('refuses %s before any request, naming the item', async (_, value, message) => {
		const untouched = zoho().get(/.*/).reply(200, {});

		const error = await runError(get('={{ $json.id }}'), {
			items: [{ json: { id: value as string } }],
		});

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(message);
		expect(String(error.description)).not.toBe('');
		expect((error.context as { itemIndex?: number }).itemIndex).toBe(0);
		expect(untouched.isDone()).toBe(false);
	});

	it.each(badIds)(
		'turns %s into an error item with continue-on-fail',
		async (_, value, message) => {
			const untouched = zoho().get(/.*/).reply(200, {});

			const output = await run(get('={{ $json.id }}'), {
				items: [{ json: { id: value as string } }],
				continueOnFail: true,
			});

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
		},
	);

	const notFound = () =>
		zoho().get(`/iot/v1/${module}/${id}`).reply(404, {
			code: 'RECORD_NOT_FOUND',
			message: 'The requested record does not exist',
			status: 'error',
		});

	it("stops the node with Zoho's explained error and the item index", async () => {
		const scope = notFound();
		zoho()
			.get(`/iot/v1/${module}/${recordId(kind, 1)}`)
			.reply(200, { [module]: [record] });

		const error = await runError(get('={{ $json.id }}'), {
			items: [{ json: { id: recordId(kind, 1) } }, { json: { id } }],
		});

		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('RECORD_NOT_FOUND');
		expect((error.context as { itemIndex?: number }).itemIndex).toBe(1);
	});

	it("turns Zoho's error into an error item with continue-on-fail, and runs the other items", async () => {
		notFound();
		zoho()
			.get(`/iot/v1/${module}/${recordId(kind, 1)}`)
			.reply(200, { [module]: [{ ...record, id: recordId(kind, 1) }] });

		const output = await run(get('={{ $json.id }}'), {
			items: [{ json: { id } }, { json: { id: recordId(kind, 1) } }],
			continueOnFail: true,
		});

		expect(output).toEqual([
			{
				json: {
					error: expect.stringContaining('RECORD_NOT_FOUND'),
					description: expect.stringContaining('No record has this ID'),
					httpCode: '404',
				},
				pairedItem: { item: 0 },
			},
			{ json: expect.objectContaining({ id: recordId(kind, 1) }), pairedItem: { item: 1 } },
		]);
	});

	it('says so when Zoho answers without the record', async () => {
		zoho()
			.get(`/iot/v1/${module}/${id}`)
			.reply(200, { [module]: [] });

		const error = await runError(get(id), { items: inputItems(1) });

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Zoho IoT answered without the ${resource}`);
	});
});
