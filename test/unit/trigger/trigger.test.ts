/**
 * The Zoho IoT Trigger's polls in a real n8n-core PollContext against strict nock scopes: what
 * it emits, in which order, at what request cost, and that nothing is emitted twice or lost.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { ACCESS_TOKEN, HOST, zoho } from '../node/helpers';
import { at, device, emitted, expectList, setUpStrictNock, triggerWith } from './helpers';

setUpStrictNock();

const ids = (records: IDataObject[]) => records.map((record) => record.id);
/** Devices 1..count, each created and last modified at second `sequence`. */
const fleetOf = (count: number) => Array.from({ length: count }, (_, i) => device(i + 1, i + 1));
const deviceNo = (fleet: IDataObject[], sequence: number) => fleet[sequence - 1];

/** A trigger on Record Updated for devices, already activated on `fleet` (its cursor placed). */
async function activated(fleet: IDataObject[], parameters: IDataObject = {}) {
	const trigger = triggerWith({
		event: 'recordUpdated',
		module: 'devices',
		simplify: true,
		...parameters,
	});
	const scope = expectList(() => fleet, {
		field: parameters.event === 'recordCreated' ? 'created_time' : 'modified_time',
	});
	expect(await trigger.poll()).toBeNull();
	expect(scope.isDone()).toBe(true);
	return trigger;
}

describe('first activation', () => {
	it('emits nothing old and places the cursor at the newest record, in one request', async () => {
		const fleet = [...fleetOf(5), device(6, 5)];
		const trigger = await activated(fleet);
		// Devices 5 and 6 share the newest second: both are remembered as already seen.
		expect(trigger.staticData()).toMatchObject({ version: 2, watching: 'devices:modified_time' });
		const remembered = (trigger.staticData().seen as Array<[string]>).map(([key]) => key);
		expect(remembered).toEqual(
			expect.arrayContaining([`id:${deviceNo(fleet, 5).id}`, `id:${deviceNo(fleet, 6).id}`]),
		);
	});

	it('on an empty module, emits every record created afterwards', async () => {
		const fleet: IDataObject[] = [];
		const trigger = await activated(fleet, { event: 'recordCreated' });
		// Created after activation by n8n's clock (an empty answer may have been a passing fault, so
		// only records newer than activation minus the look-back count as created afterwards).
		const now = Math.floor(Date.now() / 1000) * 1000;
		const stamp = new Date(now).toISOString().replace('.000Z', '+00:00');
		fleet.push({ ...device(1, 0), created_time: stamp, modified_time: stamp });
		const scope = expectList(() => fleet, { field: 'created_time' });
		expect(ids(emitted(await trigger.poll()))).toEqual([fleet[0].id]);
		expect(scope.isDone()).toBe(true);
	});
});

describe('polls', () => {
	it('costs exactly one request when nothing changed, and rewrites no static data within a second', async () => {
		// n8n's clock held still: the window follows it (cursor.ts), so on a slow machine polls a
		// few seconds apart would rightly move the floor; this pins that a quiet poll saves nothing
		// else.
		const clock = jest.spyOn(Date, 'now').mockReturnValue(Date.now());
		try {
			const fleet = fleetOf(450);
			const trigger = await activated(fleet);
			const before = trigger.staticData();
			for (let poll = 0; poll < 3; poll++) {
				const scope = expectList(() => fleet);
				expect(await trigger.poll()).toBeNull();
				expect(scope.isDone()).toBe(true);
			}
			expect(trigger.staticData()).toEqual(before);
		} finally {
			clock.mockRestore();
		}
	});

	it('emits 3 changes once each, oldest first, simplified', async () => {
		const fleet = fleetOf(10);
		const trigger = await activated(fleet);
		fleet[2] = { ...device(3, 3, 20), description: 'Recalibrated' };
		fleet.push(device(11, 21));
		fleet[4] = device(5, 5, 22);

		const scope = expectList(() => fleet);
		const items = emitted(await trigger.poll());
		expect(scope.isDone()).toBe(true);
		expect(ids(items)).toEqual([fleet[2].id, fleet[10].id, fleet[4].id]);
		expect(items[0]).toEqual({
			id: fleet[2].id,
			name: fleet[2].name,
			model_id: fleet[2].model_id,
			model_name: fleet[2].model_name,
			description: 'Recalibrated',
			status: 'active',
			created_time: at(3),
			modified_time: at(20),
		});

		const again = expectList(() => fleet);
		expect(await trigger.poll()).toBeNull();
		expect(again.isDone()).toBe(true);
	});

	it('emits 250 changes across two pages in two requests, each once, in order', async () => {
		const fleet = fleetOf(300);
		const trigger = await activated(fleet);
		for (let i = 0; i < 250; i++) fleet[i] = device(i + 1, i + 1, 1000 + i);

		const pages = [expectList(() => fleet, { page: 1 }), expectList(() => fleet, { page: 2 })];
		const items = emitted(await trigger.poll());
		expect(pages.every((page) => page.isDone())).toBe(true);
		expect(ids(items)).toEqual(ids(fleet.slice(0, 250)));
		const quiet = expectList(() => fleet);
		expect(await trigger.poll()).toBeNull();
		expect(quiet.isDone()).toBe(true);
	});

	it('loses nothing and repeats nothing when a record changes between two pages of one poll', async () => {
		const fleet = fleetOf(300);
		const trigger = await activated(fleet);
		for (let i = 0; i < 250; i++) fleet[i] = device(i + 1, i + 1, 1000 + i);
		// Lands after page 1 was read: the list shifts by one, page 2 repeats page 1's last record.
		const late = device(301, 2000);
		const pages = [
			expectList(() => fleet, { page: 1 }),
			expectList(() => fleet, { page: 2, before: () => fleet.push(late) }),
		];
		const items = emitted(await trigger.poll());
		expect(pages.every((page) => page.isDone())).toBe(true);
		expect(ids(items)).toEqual(ids(fleet.slice(0, 250)));

		const next = expectList(() => fleet);
		expect(ids(emitted(await trigger.poll()))).toEqual([late.id]);
		expect(next.isDone()).toBe(true);
	});

	it('emits records that share a timestamp across the page edge once each', async () => {
		const fleet = fleetOf(300);
		const trigger = await activated(fleet);
		// 203 records changed within the same second: 200 fill page 1, 3 more open page 2.
		for (let i = 0; i < 203; i++) fleet[i] = device(i + 1, i + 1, 500);

		const pages = [expectList(() => fleet, { page: 1 }), expectList(() => fleet, { page: 2 })];
		const first = emitted(await trigger.poll());
		expect(pages.every((page) => page.isDone())).toBe(true);
		expect(ids(first)).toEqual(ids(fleet.slice(0, 203)));

		// One more record changes in that same second, after the poll.
		fleet[249] = device(250, 250, 500);
		const again = [expectList(() => fleet, { page: 1 }), expectList(() => fleet, { page: 2 })];
		expect(ids(emitted(await trigger.poll()))).toEqual([fleet[249].id]);
		expect(again.every((page) => page.isDone())).toBe(true);
	});

	it('emits a change that lands between polls in the same second as the last one, and nothing twice', async () => {
		const fleet = fleetOf(10);
		const trigger = await activated(fleet);
		fleet.push(device(11, 20));
		const first = expectList(() => fleet);
		expect(ids(emitted(await trigger.poll()))).toEqual([fleet[10].id]);
		expect(first.isDone()).toBe(true);

		fleet.push(device(12, 20));
		fleet[2] = device(3, 3, 21);
		const second = expectList(() => fleet);
		expect(ids(emitted(await trigger.poll()))).toEqual([fleet[11].id, fleet[2].id]);
		expect(second.isDone()).toBe(true);
	});
});

describe('faults', () => {
	it('after a failed poll, moves no cursor and the next poll catches up without repeating', async () => {
		const fleet = fleetOf(300);
		const trigger = await activated(fleet);
		const cursorBefore = trigger.staticData();
		for (let i = 0; i < 250; i++) fleet[i] = device(i + 1, i + 1, 1000 + i);

		const page1 = expectList(() => fleet, { page: 1 });
		// Zoho throttles page 2 and asks for an hour's wait: longer than a poll waits.
		const throttled = zoho()
			.get('/iot/v1/devices')
			.query({ page: '2', per_page: '200', sort_by: 'modified_time', sort_order: 'desc' })
			.reply(
				429,
				{ code: 'TOO_MANY_REQUESTS', message: 'too many requests', status: 'error' },
				{ 'Retry-After': '3600' },
			);
		await expect(trigger.poll()).rejects.toThrow(
			'Zoho IoT is throttling requests and asks to wait before the next one',
		);
		expect(page1.isDone() && throttled.isDone()).toBe(true);
		expect(trigger.staticData()).toEqual(cursorBefore);

		const pages = [expectList(() => fleet, { page: 1 }), expectList(() => fleet, { page: 2 })];
		expect(ids(emitted(await trigger.poll()))).toEqual(ids(fleet.slice(0, 250)));
		expect(pages.every((page) => page.isDone())).toBe(true);
		const quiet = expectList(() => fleet);
		expect(await trigger.poll()).toBeNull();
		expect(quiet.isDone()).toBe(true);
	});

	it('refreshes an expired token through the credential and saves it, then polls on', async () => {
		const fleet = fleetOf(10);
		const trigger = await activated(fleet);
		fleet.push(device(11, 20));
		const fresh = `1000.${'e'.repeat(32)}.${'f'.repeat(32)}`;
		const expired = zoho()
			.get('/iot/v1/devices')
			.query(true)
			.reply(401, { code: 'INVALID_OAUTHTOKEN', message: 'invalid oauth token', status: 'error' });
		const accounts = nock('https://accounts.zoho.com')
			.post('/oauth/v2/token', (body) => body.grant_type === 'refresh_token')
			.reply(200, { access_token: fresh, expires_in: 3600 });
		const retried = nock(HOST, { reqheaders: { authorization: `Zoho-authtoken ${fresh}` } })
			.get('/iot/v1/devices')
			.query({ page: '1', per_page: '200', sort_by: 'modified_time', sort_order: 'desc' })
			.reply(200, () => ({
				devices: [fleet[10], ...fleet.slice(0, 10).reverse()],
				info: { more_records: false },
			}));

		expect(ids(emitted(await trigger.poll()))).toEqual([fleet[10].id]);
		expect(expired.isDone() && accounts.isDone() && retried.isDone()).toBe(true);
		expect(trigger.store.saved.map((data) => data.access_token)).toEqual([fresh]);
		expect(JSON.stringify(trigger.staticData())).not.toContain(ACCESS_TOKEN);
	});
});

describe('manual mode (a test in the editor)', () => {
	it('returns the most recent matching record in one request and leaves the cursor alone', async () => {
		const fleet = fleetOf(30);
		const trigger = triggerWith(
			{ event: 'recordUpdated', module: 'devices', simplify: false },
			'manual',
		);
		const scope = expectList(() => fleet, { perPage: 1 });
		expect(emitted(await trigger.poll())).toEqual([fleet[29]]);
		expect(scope.isDone()).toBe(true);
		expect(trigger.staticData()).toEqual({});
	});

	it('returns nothing for an empty module', async () => {
		const trigger = triggerWith({ event: 'alarmRaised' }, 'manual');
		const scope = expectList(() => [], { module: 'alarms', field: 'created_time', perPage: 1 });
		expect(await trigger.poll()).toBeNull();
		expect(scope.isDone()).toBe(true);
	});
});

describe('events and modules', () => {
	it('Alarm Raised watches new records in alarms by created_time', async () => {
		const alarms = [
			{
				id: '4417000000300000001',
				name: 'High temperature',
				created_time: at(5),
				modified_time: at(5),
			},
		];
		const trigger = triggerWith({ event: 'alarmRaised', module: 'devices' });
		const activation = expectList(() => alarms, { module: 'alarms', field: 'created_time' });
		expect(await trigger.poll()).toBeNull();
		alarms[0] = { ...alarms[0], modified_time: at(50) };
		alarms.push({
			id: '4417000000300000002',
			name: 'Door open',
			created_time: at(40),
			modified_time: at(40),
		});
		const poll = expectList(() => alarms, { module: 'alarms', field: 'created_time' });
		expect(ids(emitted(await trigger.poll()))).toEqual(['4417000000300000002']);
		expect(activation.isDone() && poll.isDone()).toBe(true);
	});

	it('watches a custom module by its API name', async () => {
		const trigger = triggerWith({
			event: 'recordCreated',
			module: '__custom',
			customModule: ' cm_cold_rooms ',
		});
		const scope = expectList(() => [], { module: 'cm_cold_rooms', field: 'created_time' });
		expect(await trigger.poll()).toBeNull();
		expect(scope.isDone()).toBe(true);
	});

	it('refuses a custom module name that is not an API name, before any request', async () => {
		const trigger = triggerWith({
			event: 'recordCreated',
			module: '__custom',
			customModule: 'devices/../users',
		});
		await expect(trigger.poll()).rejects.toThrow('"devices/../users" is not a module API name');
	});

	it('refuses a custom view ID that an expression made an object, before any request', async () => {
		const trigger = triggerWith({
			event: 'recordCreated',
			module: 'devices',
			filters: { cvid: { id: 1 } },
		});
		await expect(trigger.poll()).rejects.toThrow(/custom view ID/);
	});

	it('compares date-time objects {millis_in_gmt, formatted, value} as times', async () => {
		const stamp = (seconds: number) => ({
			millis_in_gmt: Date.parse(at(seconds)),
			formatted: `Jan 1, 2026 ${seconds}`,
			value: at(seconds),
		});
		const fleet: IDataObject[] = fleetOf(3).map((record, i) => ({
			...record,
			modified_time: stamp(i + 1),
		}));
		const trigger = await activated(fleet);
		fleet.push({ ...device(4, 9), modified_time: stamp(9) });
		fleet[0] = { ...fleet[0], modified_time: stamp(8) };
		const scope = expectList(() => fleet);
		expect(ids(emitted(await trigger.poll()))).toEqual([fleet[0].id, fleet[3].id]);
		expect(scope.isDone()).toBe(true);
	});

	it('with a custom view, reads the whole view unsorted (Zoho does not sort a view) and filters by the cursor', async () => {
		const fleet = fleetOf(5);
		const view = () =>
			zoho()
				.get('/iot/v1/devices')
				.query({ page: '1', per_page: '200', cvid: '4417000000700000002' });
		const trigger = triggerWith({
			event: 'recordUpdated',
			module: 'devices',
			filters: { cvid: '4417000000700000002' },
		});
		const activation = view().reply(200, () => ({ devices: fleet, info: { more_records: false } }));
		expect(await trigger.poll()).toBeNull();
		fleet[1] = device(2, 2, 30);
		const poll = view().reply(200, () => ({ devices: fleet, info: { more_records: false } }));
		expect(ids(emitted(await trigger.poll()))).toEqual([fleet[1].id]);
		expect(activation.isDone() && poll.isDone()).toBe(true);
	});

	it("sends the Filter (JSON) as Zoho's filter parameter", async () => {
		const trigger = triggerWith({
			event: 'recordCreated',
			module: 'assets',
			filters: { filter: '{"status": "active"}' },
		});
		const scope = zoho()
			.get('/iot/v1/assets')
			.query({
				page: '1',
				per_page: '200',
				sort_by: 'created_time',
				sort_order: 'desc',
				filter: '{"status":"active"}',
			})
			.reply(200, { assets: [], info: { more_records: false } });
		expect(await trigger.poll()).toBeNull();
		expect(scope.isDone()).toBe(true);
	});
});
