/**
 * Zoho's own record and answer shapes (CONTRIBUTING.md, D6, D7, D11; IDs documented as "long"): the same
 * simplified output from every shape a record may come in, IDs given as JSON numbers, write
 * answers without `details`, and every wrapping of a single record.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { ReplyBody } from 'nock';

import { SIMPLIFIED_RECORD_FIELDS } from '../../../nodes/ZohoIot/constants';
import { simplifyRecord } from '../../../nodes/ZohoIot/helpers/records';
import { inputItems, locator, recordId, run, runError, setUpNock, zoho } from './helpers';

setUpNock();

const ID = recordId(1, 7);
const MODEL_ID = '4417000000500000002';
/** 2024-03-12T10:15:00Z and 2024-03-13T08:00:00Z. */
const CREATED_MS = Date.UTC(2024, 2, 12, 10, 15, 0);
const MODIFIED_MS = Date.UTC(2024, 2, 13, 8, 0, 0);

/** What every variant below simplifies to. */
const FLAT = {
	id: ID,
	name: 'EM-0007 Pune Warehouse',
	model_id: MODEL_ID,
	model_name: 'Energy Meter',
	description: 'Energy Meter at Pune Warehouse',
	status: 'active',
	created_time: '2024-03-12T15:45:00+05:30',
	modified_time: '2024-03-13T13:30:00+05:30',
};

const base = {
	id: ID,
	name: FLAT.name,
	description: FLAT.description,
	status: 'active',
	serial_number: 'EM1234',
};

/** Zoho's date-time object, `value` in the organisation's time (India, +05:30), as the KB sample. */
const dateTime = (millis: number, value: string) => ({
	millis_in_gmt: millis,
	formatted: ['10 minutes ago'],
	value,
});

const VARIANTS: Array<[string, IDataObject]> = [
	[
		'flat model_id/model_name, string date-times',
		{
			...base,
			model_id: MODEL_ID,
			model_name: 'Energy Meter',
			created_time: FLAT.created_time,
			modified_time: FLAT.modified_time,
		},
	],
	[
		'layout lookup {id, name, icon, settings} and date-time objects (documented)',
		{
			...base,
			layout: {
				settings: { show_instance_dashboard: false, default_location_preference: 'field' },
				name: 'Energy Meter',
				icon: 'device',
				id: MODEL_ID,
			},
			created_time: dateTime(CREATED_MS, '2024-03-12T15:45:00'),
			modified_time: dateTime(MODIFIED_MS, '2024-03-13T13:30:00'),
		},
	],
	[
		'model lookup {id, name} and date-time objects',
		{
			...base,
			model: { id: MODEL_ID, name: 'Energy Meter' },
			created_time: dateTime(CREATED_MS, '2024-03-12T15:45:00'),
			modified_time: { millis_in_gmt: MODIFIED_MS, value: '2024-03-13T13:30:00+05:30' },
		},
	],
	[
		'date-time objects whose value carries its offset',
		{
			...base,
			model_id: MODEL_ID,
			model: { id: MODEL_ID, display_name: 'Energy Meter', name: 'energy_meter' },
			created_time: { formatted: ['Mar 12, 2024'], value: '2024-03-12T15:45:00+05:30' },
			modified_time: FLAT.modified_time,
		},
	],
];

describe('Simplify gives the same flat record from every shape Zoho may send', () => {
	it.each(VARIANTS)('%s', async (_shape, record) => {
		const scope = zoho()
			.get(`/iot/v1/devices/${ID}`)
			.reply(200, { devices: [record] });

		const output = await run({ resource: 'device', operation: 'get', deviceId: locator(ID) });

		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json)).toEqual([FLAT]);
	});

	it.each(VARIANTS)(
		"leaves Zoho's record untouched with Simplify off: %s",
		async (_shape, record) => {
			zoho()
				.get('/iot/v1/devices')
				.query({ page: 1, per_page: 50 })
				.reply(200, { devices: [record], info: { more_records: false } });

			const output = await run({ resource: 'device', operation: 'getAll', simplify: false });

			expect(output.map((item) => item.json)).toEqual([record]);
		},
	);

	it('flattens the location lookup to location_id and location_name, and leaves other lookups to Simplify off (at most 10 fields)', async () => {
		const record = {
			...VARIANTS[1][1],
			location: { id: '4417000000900000001', name: 'Pune Warehouse' },
			manufacturer: { id: '4417000000900000007', name: 'Siemens' },
		};
		zoho()
			.get('/iot/v1/devices')
			.query(true)
			.reply(200, { devices: [record], page_context: { has_more_page: false } });

		const output = await run({ resource: 'device', operation: 'getAll', returnAll: true });

		expect(output.map((item) => item.json)).toEqual([
			{
				...FLAT,
				location_id: '4417000000900000001',
				location_name: 'Pune Warehouse',
			},
		]);
		expect(Object.keys(output[0].json).length).toBeLessThanOrEqual(10);
	});
});

describe('simplifyRecord, the pure function', () => {
	it('writes a date-time object in UTC when its value does not show the offset', () => {
		const record = {
			id: ID,
			created_time: { millis_in_gmt: CREATED_MS, formatted: ['yesterday'] },
		};
		expect(simplifyRecord(record)).toEqual({ id: ID, created_time: '2024-03-12T10:15:00+00:00' });
	});

	it('keeps milliseconds and negative offsets', () => {
		const record = {
			id: ID,
			modified_time: {
				millis_in_gmt: CREATED_MS + 250,
				value: '2024-03-12T05:15:00.250',
				formatted: [],
			},
		};
		expect(simplifyRecord(record)).toEqual({
			id: ID,
			modified_time: '2024-03-12T05:15:00.250-05:00',
		});
	});

	it('invents no offset when only an offset-less value is known', () => {
		const record = {
			id: ID,
			created_time: { value: '2025-10-29T16:34:16', formatted: ['10 minutes ago'] },
		};
		expect(simplifyRecord(record)).toEqual({ id: ID, created_time: '2025-10-29T16:34:16' });
	});

	it('takes the field list as a parameter, the default being SIMPLIFIED_RECORD_FIELDS', () => {
		const record = {
			...VARIANTS[1][1],
			serial_number: 'EM1234',
			location: { id: '4417000000900000001', name: 'Pune Warehouse' },
		};
		expect(simplifyRecord(record, ['id', 'serial_number', 'created_time'])).toEqual({
			id: ID,
			serial_number: 'EM1234',
			created_time: FLAT.created_time,
		});
		expect(Object.keys(simplifyRecord(record))).toEqual([...SIMPLIFIED_RECORD_FIELDS]);
	});

	it('does not change the record it is given', () => {
		const record = VARIANTS[1][1];
		const copy = JSON.parse(JSON.stringify(record)) as IDataObject;
		simplifyRecord(record);
		expect(record).toEqual(copy);
	});
});

describe('Get accepts every wrapping of the single record', () => {
	const record = { ...VARIANTS[0][1] };
	it.each([
		['{"devices": [record]}', { devices: [record] }],
		['{"devices": {record}}', { devices: record }],
		['[record]', [record]],
		['the record itself', record],
	])('%s', async (_shape, body) => {
		const scope = zoho()
			.get(`/iot/v1/devices/${ID}`)
			.reply(200, body as ReplyBody);

		const output = await run({
			resource: 'device',
			operation: 'get',
			deviceId: locator(ID),
			simplify: false,
		});

		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json)).toEqual([record]);
	});
});

describe("Write answers without details (add-datapoint-template's documented shape)", () => {
	const documented = (message: string) => ({
		assets: [{ code: 'SUCCESS', id: recordId(2, 61), message, status: 'success' }],
	});

	it('Create still outputs the new id', async () => {
		const scope = zoho()
			.post('/iot/v1/assets', { assets: { name: 'Chiller CH-061', model_id: MODEL_ID } })
			.reply(201, documented('record added'));

		const output = await run({
			resource: 'asset',
			operation: 'create',
			name: 'Chiller CH-061',
			modelId: MODEL_ID,
			additionalFields: {},
		});

		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json)).toEqual([
			{ id: recordId(2, 61), code: 'SUCCESS', message: 'record added', status: 'success' },
		]);
	});

	it('Update outputs the id and the fields sent', async () => {
		const id = recordId(2, 61);
		const scope = zoho()
			.put(`/iot/v1/assets/${id}`, { assets: { id, name: 'Pump 7' } })
			.reply(200, documented('record updated'));

		const output = await run({
			resource: 'asset',
			operation: 'update',
			assetId: locator(id),
			updateFields: { name: 'Pump 7' },
		});

		expect(scope.isDone()).toBe(true);
		expect(output.map((item) => item.json)).toEqual([{ id, name: 'Pump 7' }]);
	});
});

describe('IDs given as JSON numbers', () => {
	const SAFE = 6102000000346431; // the KB payload's device_id
	const UNSAFE = Number('4417000000100000007'); // already rounded: 19 digits do not fit a double
	const unsafeMessage = (what: string) => `The ${what} ${UNSAFE} is not exact`;

	it('the record locator accepts a safe integer, and refuses an unsafe one before any request', async () => {
		const scope = zoho()
			.get(`/iot/v1/devices/${SAFE}`)
			.reply(200, { devices: [{ id: String(SAFE), name: 'Home Gateway' }] });

		const output = await run({ resource: 'device', operation: 'get', deviceId: locator(SAFE) });
		const error = await runError({
			resource: 'device',
			operation: 'get',
			deviceId: locator(UNSAFE),
		});

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual({ id: String(SAFE), name: 'Home Gateway' });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(unsafeMessage('device ID'));
	});

	it('the model ID accepts a safe integer and refuses an unsafe one', async () => {
		const scope = zoho()
			.post('/iot/v1/devices', { devices: { name: 'GW-1', model_id: String(SAFE) } })
			.reply(201, {
				devices: [{ code: 'SUCCESS', id: ID, message: 'record added', status: 'success' }],
			});

		await run({
			resource: 'device',
			operation: 'create',
			name: 'GW-1',
			modelId: SAFE,
			additionalFields: {},
		});
		const error = await runError({
			resource: 'device',
			operation: 'create',
			name: 'GW-1',
			modelId: UNSAFE,
			additionalFields: {},
		});

		expect(scope.isDone()).toBe(true);
		expect(error.message).toBe(unsafeMessage('model ID'));
	});

	it.each([
		['cvid', 'cvid', 'custom view ID'],
		['entityId', 'entity_id', 'entity ID'],
		['relationId', 'relation_id', 'relation ID'],
	])(
		'the %s filter sends a safe integer as %s and refuses an unsafe one',
		async (filter, query, what) => {
			const scope = zoho()
				.get('/iot/v1/devices')
				.query({ [query]: String(SAFE), page: 1, per_page: 50 })
				.reply(200, { devices: [], info: { more_records: false } });

			await run({ resource: 'device', operation: 'getAll', filters: { [filter]: SAFE } });
			const error = await runError({
				resource: 'device',
				operation: 'getAll',
				filters: { [filter]: UNSAFE },
			});

			expect(scope.isDone()).toBe(true);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toBe(unsafeMessage(what));
		},
	);

	it('Update accepts the same ID as a number in Fields (JSON) and refuses an unsafe one', async () => {
		const scope = zoho()
			.put(`/iot/v1/devices/${SAFE}`, { devices: { id: String(SAFE), name: 'GW-2' } })
			.reply(200, {
				devices: [
					{ code: 'SUCCESS', id: String(SAFE), message: 'record updated', status: 'success' },
				],
			});
		const update = (id: number) => ({
			resource: 'device',
			operation: 'update',
			deviceId: locator(String(SAFE)),
			updateFields: { name: 'GW-2', fieldsJson: { id } },
		});

		const output = await run(update(SAFE));
		const error = await runError(update(UNSAFE), { items: inputItems(1) });

		expect(scope.isDone()).toBe(true);
		expect(output[0].json).toEqual({ id: String(SAFE), name: 'GW-2' });
		expect(error.message).toBe(unsafeMessage('id in Fields (JSON)'));
	});
});

describe('Get Many: the documented entity_id and relation_id filters', () => {
	it('sends both as long IDs next to paging', async () => {
		const scope = zoho()
			.get('/iot/v1/assets')
			.query({ entity_id: '2000000098001', relation_id: '2000000077228', page: 1, per_page: 50 })
			.reply(200, { assets: [], info: { more_records: false } });

		const output = await run({
			resource: 'asset',
			operation: 'getAll',
			filters: { entityId: ' 2000000098001 ', relationId: '2000000077228' },
		});

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([]);
	});

	it('refuses an entity ID that is not digits before any request', async () => {
		const error = await runError({
			resource: 'asset',
			operation: 'getAll',
			filters: { entityId: 'abc' },
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('"abc" is not a valid entity ID');
	});
});
