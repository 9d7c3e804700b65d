/**
 * What the Zoho IoT Trigger relies on in the emulator: server-kept created_time/modified_time,
 * lists sorted by them newest first, alarms raised from outside the API, and a chat channel for
 * the example workflow.
 */
import { startEmulator, type RunningEmulator } from './index';
import { sortRecords } from './sorting';
import { api, control } from './test-helpers';

describe('emulator support for the trigger', () => {
	let emulator: RunningEmulator;
	let token: string;
	let clock = Date.UTC(2026, 0, 1, 12, 0, 0);

	beforeAll(async () => {
		emulator = await startEmulator({ devices: 30, assets: 5, seed: 3, now: () => clock });
	});
	afterAll(() => emulator.stop());
	beforeEach(() => {
		emulator.reset({ tokens: true });
		token = emulator.issueTokens({
			scope: 'ZohoIOT.modules.devices.ALL,ZohoIOT.modules.alarms.READ',
		}).access_token;
	});

	const newestFirst = async (field: string, path = '/devices') =>
		(await api(emulator, 'GET', `${path}?sort_by=${field}&sort_order=desc&per_page=200`, token))
			.body;

	it('stamps created_time and modified_time on create and moves only modified_time on update', async () => {
		const model = emulator.records('devices')[0].model_id;
		const created = await api(emulator, 'POST', '/devices', token, {
			body: { devices: { name: 'Probe', model_id: model } },
		});
		const id = created.body.devices[0].id as string;
		const stored = emulator.records('devices').find((d) => d.id === id)!;
		expect(stored).toMatchObject({
			created_time: '2026-01-01T12:00:00+00:00',
			modified_time: '2026-01-01T12:00:00+00:00',
		});

		clock += 65_000;
		await api(emulator, 'PUT', `/devices/${id}`, token, {
			body: { devices: [{ name: 'Probe 2' }] },
		});
		const updated = emulator.records('devices').find((d) => d.id === id)!;
		expect(updated).toMatchObject({
			created_time: '2026-01-01T12:00:00+00:00',
			modified_time: '2026-01-01T12:01:05+00:00',
		});
	});

	it('lists newest first by modified_time and by created_time', async () => {
		const model = emulator.records('devices')[0].model_id;
		clock += 60_000;
		const created = await api(emulator, 'POST', '/devices', token, {
			body: { devices: { name: 'New', model_id: model } },
		});
		clock += 60_000;
		const oldest = emulator.records('devices')[0];
		await api(emulator, 'PUT', `/devices/${oldest.id}`, token, {
			body: { devices: [{ name: 'Touched' }] },
		});

		const byModified = (await newestFirst('modified_time')).devices;
		expect(byModified.slice(0, 2).map((d: { id: string }) => d.id)).toEqual([
			oldest.id,
			created.body.devices[0].id,
		]);
		const byCreated = (await newestFirst('created_time')).devices;
		expect(byCreated[0].id).toBe(created.body.devices[0].id);
		const times = byCreated.map((d: { created_time: string }) => Date.parse(d.created_time));
		expect(times).toEqual([...times].sort((a, b) => b - a));
	});

	it('sorts date-time objects as instants, keeps ties in creation order and puts missing values last', () => {
		const stamp = (iso: string) => ({
			millis_in_gmt: Date.parse(iso),
			formatted: iso.slice(0, 10),
			value: iso,
		});
		const records = [
			{ id: '1', t: stamp('2026-01-01T09:00:00+00:00') },
			{ id: '2', t: undefined },
			{ id: '3', t: stamp('2026-01-01T10:00:00+00:00') },
			{ id: '4', t: stamp('2026-01-01T09:00:00+00:00') },
		];
		expect(sortRecords(records, 't', 'desc').map((r) => r.id)).toEqual(['3', '1', '4', '2']);
		expect(sortRecords(records, 't', 'asc').map((r) => r.id)).toEqual(['1', '4', '3', '2']);
	});

	it('raises an alarm through the control API; the alarms module lists it', async () => {
		const raised = await control(emulator, 'POST', '/records/alarms', {
			name: 'High temperature',
			severity: 'critical',
		});
		expect(raised.status).toBe(201);
		expect(raised.body).toMatchObject({
			name: 'High temperature',
			created_time: new Date(clock).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
		});
		expect(raised.body.id).toMatch(/^\d{19}$/);
		expect(raised.body.model_id).toBeUndefined();
		// The seeded alarms are older: the raised one lists first, newest first.
		const listed = await newestFirst('created_time', '/alarms');
		expect(listed.alarms[0]).toEqual(raised.body);
		expect((await control(emulator, 'POST', '/records/alerts', {})).status).toBe(404);
	});

	it('writes a record stamped late or in the future, and ties of N records at one time (control hooks)', async () => {
		const late = await control(emulator, 'POST', '/records/devices?at=2025-12-31T23:59:00Z', {
			name: 'Late',
		});
		expect(late.body).toMatchObject({
			name: 'Late',
			created_time: '2025-12-31T23:59:00+00:00',
			modified_time: '2025-12-31T23:59:00+00:00',
		});
		const future = await control(
			emulator,
			'POST',
			`/records/alarms?at=${Date.UTC(2099, 0, 1)}`,
			{},
		);
		expect(future.body.created_time).toBe('2099-01-01T00:00:00+00:00');
		const tie = await control(emulator, 'POST', '/records/devices?count=3', { name: 'Tie' });
		expect(tie.status).toBe(201);
		const stamps = new Set(tie.body.records.map((r: { created_time: string }) => r.created_time));
		expect(tie.body.records.map((r: { name: string }) => r.name)).toEqual([
			'Tie 1',
			'Tie 2',
			'Tie 3',
		]);
		expect(stamps.size).toBe(1);
		expect((await control(emulator, 'POST', '/records/devices?at=soon', {})).status).toBe(400);
		expect((await control(emulator, 'POST', '/records/devices?count=0', {})).status).toBe(400);
	});

	it('keeps chat messages per channel', async () => {
		await control(emulator, 'POST', '/chat/ops', { text: 'one' });
		await control(emulator, 'POST', '/chat/other', { text: 'two' });
		const ops = await control(emulator, 'GET', '/chat/ops');
		expect(ops.body).toMatchObject({
			channel: 'ops',
			messages: [{ channel: 'ops', body: { text: 'one' } }],
		});
	});
});
