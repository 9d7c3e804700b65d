/** Datapoint → Get Values: the metrics blocks sent, and the items made of Zoho's answer. */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { inputItems, run, runError, setUpNock, zoho } from './helpers';

setUpNock();

const ids = (count: number) =>
	Array.from({ length: count }, (_, i) => `44170000006000000${String(i + 1).padStart(2, '0')}`);
const getValues = (extra: Record<string, unknown> = {}) => ({
	resource: 'datapoint',
	operation: 'getValues',
	...extra,
});
const common = { period: 'last24hours', sort_order: 'asc' };

/** Zoho's assumed answer: each block echoed with its series. */
const answer = {
	metrics: [
		{
			datapoint_ids: ids(1),
			datapoints: [
				{
					datapoint_id: ids(1)[0],
					datapoint_name: 'Temperature',
					instance_name: 'TS-0042',
					unit: '°C',
					values: [
						{
							time: {
								millis_in_gmt: Date.UTC(2026, 10, 27, 12),
								formatted: ['27 Nov 2026 12:00'],
								value: '2026-11-27T12:00:00',
							},
							value: 21.5,
						},
						{
							time: {
								millis_in_gmt: Date.UTC(2026, 10, 27, 12, 15),
								formatted: ['27 Nov 2026 12:15'],
								value: '2026-11-27T12:15:00',
							},
							value: 21.7,
						},
					],
				},
			],
		},
	],
};

describe('Datapoint → Get Values', () => {
	it('POSTs one metrics block for up to 5 IDs and outputs one item per data point', async () => {
		const scope = zoho()
			.post('/iot/v1/datapoints/data', { metrics: [{ datapoint_ids: ids(1), ...common }] })
			.reply(200, answer);

		const output = await run(getValues({ datapointIds: ids(1)[0] }));

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{
				json: {
					datapoint: 'Temperature',
					instance: 'TS-0042',
					time: '2026-11-27T12:00:00.000Z',
					value: 21.5,
					unit: '°C',
					datapoint_id: ids(1)[0],
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					datapoint: 'Temperature',
					instance: 'TS-0042',
					time: '2026-11-27T12:15:00.000Z',
					value: 21.7,
					unit: '°C',
					datapoint_id: ids(1)[0],
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('splits 12 IDs into blocks of 5, 5 and 2 in one request', async () => {
		const list = ids(12);
		const scope = zoho()
			.post('/iot/v1/datapoints/data', {
				metrics: [
					{ datapoint_ids: list.slice(0, 5), ...common },
					{ datapoint_ids: list.slice(5, 10), ...common },
					{ datapoint_ids: list.slice(10), ...common },
				],
			})
			.reply(204);

		const output = await run(getValues({ datapointIds: list.join(', ') }));

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([]);
	});

	it('takes an array of IDs from an expression, template IDs under their own key', async () => {
		const scope = zoho()
			.post('/iot/v1/datapoints/data', {
				metrics: [
					{ datapoint_template_ids: ids(6).slice(0, 5), ...common },
					{ datapoint_template_ids: ids(6).slice(5), ...common },
				],
			})
			.reply(200, {});

		const output = await run(
			getValues({ identifyBy: 'templateIds', templateIds: '={{ $json.ids }}' }),
			{ items: [{ json: { ids: ids(6) } }] },
		);

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([]);
	});

	it('sends names with the instance name, a custom range in UTC, aggregation and time grouping', async () => {
		const scope = zoho()
			.post('/iot/v1/datapoints/data', {
				metrics: [
					{
						datapoint_names: ['Temperature', 'Humidity'],
						instance_name: 'TS-0042',
						period: 'custom_range',
						custom_range: {
							from: { value: '2026-03-01T00:00:00' },
							to: { value: '2026-03-01T18:30:00' },
						},
						aggregation: 'avg',
						time_grouping: 'hour',
						sort_order: 'desc',
					},
				],
			})
			.reply(200, answer);

		await run(
			getValues({
				identifyBy: 'names',
				datapointNames: 'Temperature, Humidity',
				instanceName: 'TS-0042',
				period: 'custom_range',
				from: '2026-03-01T00:00:00',
				to: '2026-03-02T00:00:00+05:30',
				aggregation: 'avg',
				timeGrouping: 'hour',
				sortOrder: 'desc',
			}),
		);

		expect(scope.isDone()).toBe(true);
	});

	it('leaves out the time grouping without an aggregation', async () => {
		const scope = zoho()
			.post('/iot/v1/datapoints/data', { metrics: [{ datapoint_ids: ids(1), ...common }] })
			.reply(200, {});

		await run(getValues({ datapointIds: ids(1)[0], timeGrouping: 'day' }));

		expect(scope.isDone()).toBe(true);
	});

	it('outputs one item per series when asked', async () => {
		zoho().post('/iot/v1/datapoints/data').reply(200, answer);

		const output = await run(getValues({ datapointIds: ids(1)[0], output: 'series' }));

		expect(output).toEqual([
			{
				json: {
					datapoint_id: ids(1)[0],
					datapoint: 'Temperature',
					instance: 'TS-0042',
					unit: '°C',
					values: [
						{ time: '2026-11-27T12:00:00.000Z', value: 21.5 },
						{ time: '2026-11-27T12:15:00.000Z', value: 21.7 },
					],
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('reads other answer shapes: [time, value] pairs, plain time strings, epoch times, no unit', async () => {
		zoho()
			.post('/iot/v1/datapoints/data')
			.reply(200, {
				metrics: [
					{
						instance_name: 'TS-0042',
						datapoints: [
							{
								datapoint_name: 'Power',
								values: [
									['2026-11-27T12:00:00', 3.2],
									[Date.UTC(2026, 10, 27, 13), 3.4],
								],
							},
							{
								datapoint_name: 'Door',
								values: [
									{ time: '2026-11-27T14:00:00+05:30', value: 'open' },
									{ time: 1795000000, value: 'closed' },
								],
							},
						],
					},
				],
			});

		const output = await run(getValues({ datapointIds: ids(1)[0] }));

		expect(output.map((item) => item.json)).toEqual([
			// Offset-less: the organisation's local time, kept as written (no offset invented).
			{ datapoint: 'Power', instance: 'TS-0042', time: '2026-11-27T12:00:00', value: 3.2 },
			{ datapoint: 'Power', instance: 'TS-0042', time: '2026-11-27T13:00:00.000Z', value: 3.4 },
			{ datapoint: 'Door', instance: 'TS-0042', time: '2026-11-27T08:30:00.000Z', value: 'open' },
			{
				datapoint: 'Door',
				instance: 'TS-0042',
				time: new Date(1795000000 * 1000).toISOString(),
				value: 'closed',
			},
		]);
	});

	const badInput: Array<[string, Record<string, unknown>, RegExp]> = [
		['no IDs', { datapointIds: ' , ' }, /No datapoint IDs given/],
		[
			'an ID that is a name',
			{ datapointIds: '4417000000600000001, Temperature' },
			/"Temperature" is not a valid datapoint ID/,
		],
		[
			'names without an instance',
			{ identifyBy: 'names', datapointNames: 'Temperature' },
			/No instance name given/,
		],
		[
			'a range that ends before it starts',
			{
				datapointIds: ids(1)[0],
				period: 'custom_range',
				from: '2026-03-02T00:00:00',
				to: '2026-03-01T00:00:00',
			},
			/is after To/,
		],
		[
			'a range without dates',
			{ datapointIds: ids(1)[0], period: 'custom_range' },
			/From is not a date and time/,
		],
	];

	it.each(badInput)('refuses %s before any request, naming the item', async (_, extra, message) => {
		const error = await runError(getValues(extra), { items: inputItems(1) });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(message);
		expect((error.context as { itemIndex?: number }).itemIndex).toBe(0);
	});

	it('names ZohoIOT.modules.datapoints.data.CREATE when the token lacks it', async () => {
		zoho().post('/iot/v1/datapoints/data').reply(401, {
			code: 'OAUTH_SCOPE_MISMATCH',
			message: 'invalid oauth scope',
			status: 'error',
		});

		const error = await runError(getValues({ datapointIds: ids(1)[0] }));

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.description).toContain('ZohoIOT.modules.datapoints.data.CREATE');
		expect(error.description).toContain('Reconnect');
	});
});
