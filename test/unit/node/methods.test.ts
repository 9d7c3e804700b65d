import { NodeApiError } from 'n8n-workflow';

import { getAssetModels, getDeviceModels } from '../../../nodes/ZohoIot/methods/loadOptions';
import {
	SEARCH_MAX_PAGES_PER_CALL,
	searchAssets,
	searchDevices,
} from '../../../nodes/ZohoIot/methods/listSearch';
import { listServer, loadContext, recordId, setUpNock, zoho, zohoRecord } from './helpers';

setUpNock();

const context = (resource: string) => loadContext({ resource, operation: 'get' });

describe('list search of the Device and Asset locators', () => {
	it('lists the first 200 devices by name, with a token for the next page', async () => {
		const server = listServer('devices', 450, 1);

		const result = await searchDevices.call(context('device'));

		expect(server.scope.isDone()).toBe(true);
		expect(server.requests).toEqual([{ page: 1, per_page: 200 }]);
		expect(result.results).toHaveLength(200);
		expect(result.results[0]).toEqual({ name: 'TS-0001', value: recordId(1, 1) });
		expect(result.paginationToken).toBe('2');
	});

	it('continues from the token and stops offering more after the last page', async () => {
		const server = listServer('assets', 450, 1);

		const result = await searchAssets.call(context('asset'), undefined, '3');

		expect(server.requests).toEqual([{ page: 3, per_page: 200 }]);
		expect(result.results.map((item) => item.value)).toEqual(
			Array.from({ length: 50 }, (_, i) => recordId(2, 401 + i)),
		);
		expect(result.paginationToken).toBeUndefined();
	});

	it('matches a search term against names and IDs, case-insensitively', async () => {
		zoho()
			.get('/iot/v1/assets')
			.query({ page: '1', per_page: '200' })
			.reply(200, {
				assets: [
					zohoRecord(2, 1, { name: 'Chiller North' }),
					zohoRecord(2, 2, { name: 'Generator' }),
					zohoRecord(2, 3, { name: 'chiller south' }),
				],
				info: { more_records: false },
			});

		const byName = await searchAssets.call(context('asset'), 'CHILLER');

		expect(byName.results.map((item) => item.name)).toEqual(['Chiller North', 'chiller south']);
		expect(byName.paginationToken).toBeUndefined();
	});

	it(`skips pages without a match, at most ${SEARCH_MAX_PAGES_PER_CALL} per call`, async () => {
		const server = listServer('devices', 2000, SEARCH_MAX_PAGES_PER_CALL);

		const result = await searchDevices.call(context('device'), 'no such device');

		expect(server.scope.isDone()).toBe(true);
		expect(server.requests.map((r) => r.page)).toEqual([1, 2, 3, 4, 5]);
		expect(result.results).toEqual([]);
		expect(result.paginationToken).toBe('6');
	});

	it('stops scanning at the first page with a match', async () => {
		const server = listServer('devices', 2000, 2);

		const result = await searchDevices.call(context('device'), recordId(1, 250));

		expect(server.requests.map((r) => r.page)).toEqual([1, 2]);
		expect(result.results).toEqual([{ name: 'TS-0250', value: recordId(1, 250) }]);
		expect(result.paginationToken).toBe('3');
	});

	it('shows the ID for a record without a name', async () => {
		zoho()
			.get('/iot/v1/devices')
			.query(true)
			.reply(200, { devices: [{ id: recordId(1, 9), name: '' }] });

		const result = await searchDevices.call(context('device'));

		expect(result.results).toEqual([{ name: recordId(1, 9), value: recordId(1, 9) }]);
	});

	it("shows Zoho's explained error", async () => {
		zoho().get('/iot/v1/devices').query(true).reply(401, {
			code: 'OAUTH_SCOPE_MISMATCH',
			message: 'invalid oauth scope to access this URL',
			status: 'error',
		});

		await expect(searchDevices.call(context('device'))).rejects.toThrow(NodeApiError);
	});
});

describe('model dropdowns', () => {
	const models = (module: string) => ({
		models: [
			{ id: '4417000000500000002', name: `${module}_b`, display_name: 'Energy Meter', module },
			{
				id: '4417000000500000001',
				name: 'temperature_sensor',
				display_name: 'Temperature Sensor',
				module,
			},
			{ id: '4417000000500000003', name: 'air_quality_monitor', display_name: '', module },
		],
	});

	it('loads the device models from GET /settings/models?module=devices, sorted by name', async () => {
		const scope = zoho()
			.get('/iot/v1/settings/models')
			.query({ module: 'devices' })
			.reply(200, models('devices'));

		const options = await getDeviceModels.call(context('device'));

		expect(scope.isDone()).toBe(true);
		expect(options).toEqual([
			{ name: 'air_quality_monitor', value: '4417000000500000003' },
			{ name: 'Energy Meter', value: '4417000000500000002', description: 'devices_b' },
			{
				name: 'Temperature Sensor',
				value: '4417000000500000001',
				description: 'temperature_sensor',
			},
		]);
	});

	it('loads the asset models with module=assets', async () => {
		const scope = zoho()
			.get('/iot/v1/settings/models')
			.query({ module: 'assets' })
			.reply(200, models('assets'));

		const options = await getAssetModels.call(context('asset'));

		expect(scope.isDone()).toBe(true);
		expect(options.map((option) => option.value)).toHaveLength(3);
	});

	it('offers nothing when the application has no models', async () => {
		zoho().get('/iot/v1/settings/models').query({ module: 'assets' }).reply(200, { models: [] });

		expect(await getAssetModels.call(context('asset'))).toEqual([]);
	});
});
