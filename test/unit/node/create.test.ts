import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { inputItems, recordId, run, runError, setUpNock, zoho } from './helpers';
import { MODEL_FIXTURES } from './fixtures';

setUpNock();

const resources = MODEL_FIXTURES;
const MODEL_ID = '4417000000500000006';

describe.each(resources)('Create $resource', ({ resource, module, kind }) => {
	const created = (sequence: number) => ({
		[module]: [
			{
				code: 'SUCCESS',
				id: recordId(kind, sequence),
				message: 'record added',
				status: 'success',
				details: {
					created_time: '2024-05-01T09:00:00+00:00',
					modified_time: '2024-05-01T09:00:00+00:00',
				},
			},
		],
	});

	it(`POSTs {"${module}": {...}} and outputs the new ID with Zoho's result`, async () => {
		const scope = zoho()
			.post(`/iot/v1/${module}`, {
				[module]: {
					name: 'Line 3 unit',
					model_id: MODEL_ID,
					description: 'Installed in May',
					asset_tag: 'AT-00042',
					location: 'Pune Warehouse',
					installed: true,
				},
			})
			.reply(201, created(26));

		const output = await run({
			resource,
			operation: 'create',
			name: 'Line 3 unit',
			modelId: MODEL_ID,
			additionalFields: {
				description: 'Installed in May',
				customFields: { field: [{ name: 'asset_tag', value: 'AT-00042' }] },
				fieldsJson: '{"location": "Pune Warehouse", "installed": true}',
			},
		});

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{
				json: {
					id: recordId(kind, 26),
					created_time: '2024-05-01T09:00:00+00:00',
					modified_time: '2024-05-01T09:00:00+00:00',
					code: 'SUCCESS',
					message: 'record added',
					status: 'success',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('merges the JSON fields last, so they win over the fields above them', async () => {
		const scope = zoho()
			.post(`/iot/v1/${module}`, {
				[module]: { name: 'From JSON', model_id: MODEL_ID, description: 'json' },
			})
			.reply(201, created(27));

		await run({
			resource,
			operation: 'create',
			name: 'From the field',
			modelId: MODEL_ID,
			additionalFields: {
				description: 'field',
				fieldsJson: { name: 'From JSON', description: 'json' },
			},
		});

		expect(scope.isDone()).toBe(true);
	});

	it('creates one record per input item, each paired to its item, in input order', async () => {
		const scope = zoho()
			.post(`/iot/v1/${module}`, (body) => /^Unit \d$/.test(body[module].name))
			.times(3)
			.reply(201, (_uri, body) =>
				created(Number((body as Record<string, { name: string }>)[module].name.slice(5))),
			);

		const output = await run(
			{ resource, operation: 'create', name: '={{ "Unit " + $json.index }}', modelId: MODEL_ID },
			{ items: inputItems(3) },
		);

		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => [item.json.id, item.pairedItem])).toEqual([
			[recordId(kind, 0), { item: 0 }],
			[recordId(kind, 1), { item: 1 }],
			[recordId(kind, 2), { item: 2 }],
		]);
	});

	const badInput: Array<[string, Record<string, unknown>, RegExp]> = [
		['an empty name', { name: '  ' }, new RegExp(`The ${resource} name is empty`)],
		['no model', { modelId: '' }, /No model ID given/],
		['a model name instead of its ID', { modelId: 'Chiller' }, /"Chiller" is not a valid model ID/],
		[
			'malformed Fields (JSON)',
			{ additionalFields: { fieldsJson: '{"location": Pune}' } },
			/Fields \(JSON\) is not valid JSON/,
		],
		[
			'Fields (JSON) that is an array',
			{ additionalFields: { fieldsJson: '[1, 2]' } },
			/Fields \(JSON\) must be a JSON object/,
		],
		[
			'a custom field without a name',
			{ additionalFields: { customFields: { field: [{ name: '', value: 'x' }] } } },
			/Custom field 1 has no name/,
		],
	];
	const parameters = (extra: Record<string, unknown>) => ({
		resource,
		operation: 'create',
		name: 'Line 3 unit',
		modelId: MODEL_ID,
		...extra,
	});

	it.each(badInput)('refuses %s before any request, naming the item', async (_, extra, message) => {
		const untouched = zoho().post(`/iot/v1/${module}`).reply(201, created(1));

		const error = await runError(parameters(extra), { items: inputItems(1) });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(message);
		expect(String(error.description)).not.toBe('');
		expect((error.context as { itemIndex?: number }).itemIndex).toBe(0);
		expect(untouched.isDone()).toBe(false);
	});

	it.each(badInput)(
		'turns %s into an error item with continue-on-fail',
		async (_, extra, message) => {
			const untouched = zoho().post(`/iot/v1/${module}`).reply(201, created(1));

			const output = await run(parameters(extra), { continueOnFail: true });

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

	const rejected = () =>
		zoho()
			.post(`/iot/v1/${module}`)
			.reply(207, {
				[module]: [
					{
						code: 'MANDATORY_NOT_FOUND',
						message: 'required field not found',
						status: 'error',
						details: { api_name: 'asset_tag' },
					},
				],
			});

	it("fails with Zoho's reason when the record is refused inside a 2xx answer", async () => {
		const scope = rejected();

		const error = await runError(parameters({}));

		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('MANDATORY_NOT_FOUND');
		expect(error.description).toContain('asset_tag');
		expect((error.context as { itemIndex?: number }).itemIndex).toBe(0);
	});

	it('turns a refused record into an error item with continue-on-fail', async () => {
		rejected();

		const output = await run(parameters({}), { continueOnFail: true });

		expect(output).toEqual([
			{
				json: {
					error: expect.stringContaining('MANDATORY_NOT_FOUND'),
					description: expect.stringContaining('asset_tag'),
					httpCode: '207',
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('system-defined mandatory fields', () => {
	it('names the fields Zoho shows for a device create when Zoho says one is missing', async () => {
		zoho()
			.post('/iot/v1/devices')
			.reply(400, {
				code: 'MANDATORY_NOT_FOUND',
				message: 'required field not found',
				status: 'error',
				details: { api_name: 'authentication_security' },
			});
		const error = await runError({
			resource: 'device',
			operation: 'create',
			name: 'TS-1',
			modelId: recordId(1, 1),
		});
		expect(String(error.description)).toContain('authentication_security');
		expect(String(error.description)).toContain('Custom Fields or Fields (JSON)');
	});
});
