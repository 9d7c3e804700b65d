import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { locator, recordId, run, runError, setUpNock, zoho } from './helpers';
import { MODEL_FIXTURES } from './fixtures';

setUpNock();

const resources = MODEL_FIXTURES;
const MODEL_ID = '4417000000500000007';

describe.each(resources)('Update $resource', ({ resource, module, idParameter, kind }) => {
	const id = recordId(kind, 12);
	const updated = (
		details: Record<string, unknown> = { modified_time: '2024-06-01T12:00:00+00:00' },
	) => ({
		[module]: [{ code: 'SUCCESS', id, message: 'record updated', status: 'success', details }],
	});
	const update = (updateFields: Record<string, unknown>, value: unknown = id) => ({
		resource,
		operation: 'update',
		[idParameter]: locator(value),
		updateFields,
	});

	it(`PUTs {"${module}": {"id": ..., ...fields}} and outputs the updated record`, async () => {
		const scope = zoho()
			.put(`/iot/v1/${module}/${id}`, {
				[module]: {
					id,
					name: 'Renamed',
					model_id: MODEL_ID,
					description: 'Moved to line 4',
					location: 'Line 4',
					capacity_kw: 120,
				},
			})
			.reply(200, updated());

		const output = await run(
			update({
				name: 'Renamed',
				modelId: MODEL_ID,
				description: 'Moved to line 4',
				customFields: { field: [{ name: 'location', value: 'Line 4' }] },
				fieldsJson: '{"capacity_kw": 120}',
			}),
		);

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{
				json: {
					id,
					name: 'Renamed',
					model_id: MODEL_ID,
					description: 'Moved to line 4',
					location: 'Line 4',
					capacity_kw: 120,
					modified_time: '2024-06-01T12:00:00+00:00',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it("sends only the fields to change, and lets Zoho's details win in the output", async () => {
		const scope = zoho()
			.put(`/iot/v1/${module}/${id}`, { [module]: { id, description: '' } })
			.reply(200, updated({ id, description: '', modified_time: '2024-06-02T00:00:00+00:00' }));

		const output = await run(update({ description: '' }));

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual({
			id,
			description: '',
			modified_time: '2024-06-02T00:00:00+00:00',
		});
	});

	it('updates from a webhook: ID and values mapped by expression, one request per item', async () => {
		const other = recordId(kind, 13);
		const scope = zoho()
			.put(`/iot/v1/${module}/${id}`, {
				[module]: { id, status: 'maintenance', temperature: '81.5' },
			})
			.reply(200, updated({}))
			.put(`/iot/v1/${module}/${other}`, {
				[module]: { id: other, status: 'active', temperature: '20' },
			})
			.reply(200, {
				[module]: [{ code: 'SUCCESS', id: other, message: 'record updated', status: 'success' }],
			});

		const output = await run(
			{
				resource,
				operation: 'update',
				[idParameter]: { __rl: true, mode: 'id', value: '={{ $json.body.id }}' },
				updateFields: {
					customFields: {
						field: [
							{ name: 'status', value: '={{ $json.body.status }}' },
							{ name: 'temperature', value: '={{ $json.body.temperature }}' },
						],
					},
				},
			},
			{
				items: [
					{ json: { body: { id, status: 'maintenance', temperature: '81.5' } } },
					{ json: { body: { id: other, status: 'active', temperature: '20' } } },
				],
			},
		);

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{ json: { id, status: 'maintenance', temperature: '81.5' }, pairedItem: { item: 0 } },
			{ json: { id: other, status: 'active', temperature: '20' }, pairedItem: { item: 1 } },
		]);
	});

	it('keeps the type of mapped values: numbers, booleans and a Fields (JSON) object', async () => {
		const scope = zoho()
			.put(`/iot/v1/${module}/${id}`, {
				[module]: { id, temperature: 81.5, online: true, firmware: '2.4.1', rack: { row: 3 } },
			})
			.reply(200, updated({}));

		await run(
			update({
				customFields: {
					field: [
						{ name: 'temperature', value: '={{ $json.temperature }}' },
						{ name: 'online', value: '={{ $json.online }}' },
					],
				},
				fieldsJson: '={{ $json.fields }}',
			}),
			{
				items: [
					{
						json: {
							temperature: 81.5,
							online: true,
							fields: { firmware: '2.4.1', rack: { row: 3 } },
						},
					},
				],
			},
		);

		expect(scope.isDone()).toBe(true);
	});

	it('accepts the same ID in Fields (JSON), and keeps it out of the fields twice', async () => {
		const scope = zoho()
			.put(`/iot/v1/${module}/${id}`, { [module]: { id, name: 'X' } })
			.reply(200, updated({}));

		await run(update({ fieldsJson: JSON.stringify({ id, name: 'X' }) }));

		expect(scope.isDone()).toBe(true);
	});

	const badInput: Array<[string, Record<string, unknown>, unknown, RegExp]> = [
		[
			'an update with nothing to change',
			{},
			id,
			new RegExp(`Nothing to update on ${resource} ${id}`),
		],
		['an update whose JSON is empty', { fieldsJson: '{}' }, id, /Nothing to update/],
		['an empty new name', { name: '' }, id, new RegExp(`The ${resource} name is empty`)],
		[
			'malformed Fields (JSON)',
			{ fieldsJson: '{name: "x"}' },
			id,
			/Fields \(JSON\) is not valid JSON/,
		],
		[
			'Fields (JSON) naming another ID',
			{ fieldsJson: `{"id": "${recordId(kind, 99)}"}` },
			id,
			/sets the id/,
		],
		['a model that is not an ID', { modelId: 'Chiller' }, id, /is not a valid model ID/],
		['an ID that is not digits', { name: 'X' }, 'abc-123', /"abc-123" is not a valid/],
	];

	it.each(badInput)(
		'refuses %s before any request, naming the item',
		async (_, fields, value, message) => {
			const untouched = zoho().put(/.*/).reply(200, updated());

			const error = await runError(update(fields, value));

			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toMatch(message);
			expect(String(error.description)).not.toBe('');
			expect((error.context as { itemIndex?: number }).itemIndex).toBe(0);
			expect(untouched.isDone()).toBe(false);
		},
	);

	it.each(badInput)(
		'turns %s into an error item with continue-on-fail',
		async (_, fields, value, message) => {
			const untouched = zoho().put(/.*/).reply(200, updated());

			const output = await run(update(fields, value), { continueOnFail: true });

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

	const invalid = () =>
		zoho()
			.put(`/iot/v1/${module}/${id}`)
			.reply(400, {
				code: 'INVALID_DATA',
				message: 'invalid data',
				status: 'error',
				details: { api_name: 'model_id' },
			});

	it("stops the node with Zoho's explained error", async () => {
		const scope = invalid();

		const error = await runError(update({ modelId: MODEL_ID }));

		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('INVALID_DATA');
		expect(error.description).toContain('model_id');
	});

	it("turns Zoho's error into an error item with continue-on-fail", async () => {
		invalid();

		const output = await run(update({ modelId: MODEL_ID }), { continueOnFail: true });

		expect(output).toEqual([
			{
				json: {
					error: expect.stringContaining('INVALID_DATA'),
					description: expect.stringContaining('model_id'),
					httpCode: '400',
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});
