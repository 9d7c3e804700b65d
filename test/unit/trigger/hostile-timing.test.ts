/**
 * The Zoho IoT Trigger under hostile timing, in a real n8n-core PollContext against strict nock
 * scopes: late and backdated changes, times it cannot trust, activation on ties and on empty
 * answers, bounded requests per poll, answers that contradict the page before, custom views
 * whose order shifts, and static data it cannot use. Each class once, named for what a user sees.
 */
import type { IDataObject } from 'n8n-workflow';

import { TRIGGER_LIMITS, TRIGGER_LOOK_BACK } from '../../../nodes/ZohoIot/constants';
import { ZohoIotTrigger } from '../../../nodes/ZohoIotTrigger/ZohoIotTrigger.node';
import { zoho } from '../node/helpers';
import {
	at,
	device,
	emitted,
	expectList,
	setUpStrictNock,
	sortedPage,
	triggerWith,
} from './helpers';

setUpStrictNock();

const ids = (records: IDataObject[]) => records.map((record) => record.id);
const fleetOf = (count: number) => Array.from({ length: count }, (_, i) => device(i + 1, i + 1));
const LIST = { page: '1', per_page: '200', sort_by: 'modified_time', sort_order: 'desc' };

/** A Zoho time `ms` after the epoch, in Zoho's text form (whole seconds). */
const stampAt = (ms: number) =>
	new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');

/** Activated on `fleet`: the first poll reads down to the look-back (`pages` requests). */
async function activated(fleet: IDataObject[], parameters: IDataObject = {}, pages = 1) {
	const trigger = triggerWith({ event: 'recordUpdated', module: 'devices', ...parameters });
	const scopes = Array.from({ length: pages }, (_, i) => expectList(() => fleet, { page: i + 1 }));
	expect(await trigger.poll()).toBeNull();
	expect(scopes.every((scope) => scope.isDone())).toBe(true);
	return trigger;
}

/** One poll answered from `fleet`, asserting exactly `pages` list requests. */
async function pollOver(
	trigger: ReturnType<typeof triggerWith>,
	fleet: IDataObject[],
	pages = 1,
): Promise<IDataObject[]> {
	const scopes = Array.from({ length: pages }, (_, i) => expectList(() => fleet, { page: i + 1 }));
	const items = emitted(await trigger.poll());
	expect(scopes.map((scope) => scope.isDone())).toEqual(scopes.map(() => true));
	return items;
}

/** n8n's clock moved on by `ms` (the trigger measures elapsed time with it). */
function later(ms: number) {
	const real = Date.now.bind(Date);
	return jest.spyOn(Date, 'now').mockImplementation(() => real() + ms);
}

afterEach(() => jest.restoreAllMocks());

describe('late and backdated changes', () => {
	it('emits a change committed a minute late, once, and the default look-back is 2 minutes', async () => {
		expect(
			new ZohoIotTrigger().description.properties.find((p) => p.name === 'lookBack')?.default,
		).toBe(TRIGGER_LOOK_BACK.defaultMinutes);
		const fleet = fleetOf(100);
		const trigger = await activated(fleet);
		fleet.push(device(101, 130));
		expect(ids(await pollOver(trigger, fleet))).toEqual([fleet[100].id]);
		// Committed now, stamped 70 s before the newest change already emitted.
		fleet.push(device(102, 60));
		expect(ids(await pollOver(trigger, fleet))).toEqual([fleet[101].id]);
		expect(await pollOver(trigger, fleet)).toEqual([]);
	});

	it('emits an alarm backdated by 10 minutes when Look-Back is 15 minutes, but not with the default', async () => {
		for (const [lookBack, expected] of [
			[15, true],
			[undefined, false],
		] as const) {
			const alarms = fleetOf(50).map((record) => ({ ...record, id: `9${String(record.id)}` }));
			const trigger = triggerWith({ event: 'alarmRaised', ...(lookBack ? { lookBack } : {}) });
			const list = () => expectList(() => alarms, { module: 'alarms', field: 'created_time' });
			const activation = list();
			expect(await trigger.poll()).toBeNull();
			alarms.push({ ...device(51, 50 - 600), id: '94417000000100000051' });
			const poll = list();
			const items = emitted(await trigger.poll());
			expect(activation.isDone() && poll.isDone()).toBe(true);
			expect(ids(items)).toEqual(expected ? ['94417000000100000051'] : []);
		}
	});

	it('emits a second change to a record within the same second (versions, not IDs)', async () => {
		const fleet = fleetOf(20);
		const trigger = await activated(fleet);
		fleet[4] = { ...device(5, 5, 40), name: 'First name' };
		expect(await pollOver(trigger, fleet)).toMatchObject([{ name: 'First name' }]);
		fleet[4] = { ...device(5, 5, 40), name: 'Second name' };
		expect(await pollOver(trigger, fleet)).toMatchObject([{ name: 'Second name' }]);
		expect(await pollOver(trigger, fleet)).toEqual([]);
	});

	it('emits a record whose time Zoho stepped back, once', async () => {
		const fleet = fleetOf(20);
		const trigger = await activated(fleet);
		fleet[2] = device(3, 3, 30);
		expect(ids(await pollOver(trigger, fleet))).toEqual([fleet[2].id]);
		fleet[2] = { ...device(3, 3, 25), description: 'changed after a clock step back' };
		expect(ids(await pollOver(trigger, fleet))).toEqual([fleet[2].id]);
		expect(await pollOver(trigger, fleet)).toEqual([]);
	});

	it('Record Created ignores a change to a record it already emitted', async () => {
		const fleet = fleetOf(20);
		const trigger = triggerWith({ event: 'recordCreated', module: 'devices' });
		const created = (page = 1) => expectList(() => fleet, { field: 'created_time', page });
		const activation = created();
		expect(await trigger.poll()).toBeNull();
		fleet.push(device(21, 30));
		let scope = created();
		expect(ids(emitted(await trigger.poll()))).toEqual([fleet[20].id]);
		fleet[20] = { ...fleet[20], name: 'Renamed' };
		scope = created();
		expect(await trigger.poll()).toBeNull();
		expect(activation.isDone() && scope.isDone()).toBe(true);
	});
});

describe('times it cannot trust', () => {
	it('a record stamped 2099 is emitted once and does not silence later changes', async () => {
		const fleet = fleetOf(20);
		const trigger = await activated(fleet);
		fleet.push({ ...device(21, 0), modified_time: '2099-01-01T00:00:00+00:00' });
		expect(ids(await pollOver(trigger, fleet))).toEqual([fleet[20].id]);
		fleet[3] = device(4, 4, 40);
		expect(ids(await pollOver(trigger, fleet))).toEqual([fleet[3].id]);
		expect(await pollOver(trigger, fleet)).toEqual([]);
	});

	it('a record stamped 10 minutes ahead of the clocks does not hide changes made meanwhile', async () => {
		const now = Date.now();
		const stamped = (sequence: number, ms: number): IDataObject => ({
			...device(sequence, 0),
			modified_time: stampAt(ms),
		});
		const fleet = Array.from({ length: 10 }, (_, i) => stamped(i + 1, now - 60_000 + i * 1000));
		const trigger = await activated(fleet);
		fleet.push(stamped(11, now + 10 * 60_000));
		expect(ids(await pollOver(trigger, fleet))).toEqual([fleet[10].id]);
		fleet[0] = stamped(1, now + 5000);
		expect(ids(await pollOver(trigger, fleet))).toEqual([fleet[0].id]);
	});

	it('a record without a time, listed first, is skipped and does not stop the poll', async () => {
		const fleet = fleetOf(20);
		const trigger = await activated(fleet);
		const untimed = { ...device(99, 0), modified_time: null };
		fleet[6] = device(7, 7, 50);
		const scope = zoho()
			.get('/iot/v1/devices')
			.query(LIST)
			.reply(200, () => {
				const page = sortedPage(fleet, 'devices', 'modified_time', 1, 200) as {
					devices: IDataObject[];
				};
				return { ...page, devices: [untimed, ...page.devices] };
			});
		expect(ids(emitted(await trigger.poll()))).toEqual([fleet[6].id]);
		expect(scope.isDone()).toBe(true);
	});

	it('reads value-only date-time objects in the organisation’s time, not n8n’s (-05:00 here, n8n in +05:30)', async () => {
		// The organisation's offset shows in objects that carry both millis_in_gmt and value.
		const stamp = (seconds: number, withMillis: boolean) => {
			const ms = Date.parse(at(seconds));
			const local = new Date(ms - 5 * 3_600_000).toISOString().slice(0, 19);
			return withMillis
				? { millis_in_gmt: ms, formatted: ['now'], value: local }
				: { value: local };
		};
		const fleet: IDataObject[] = fleetOf(10).map((record, i) => ({
			...record,
			modified_time: stamp(i + 1, true),
		}));
		const trigger = await activated(fleet);
		fleet.push({ ...device(11, 0), modified_time: stamp(30, false) });
		expect(ids(await pollOver(trigger, fleet))).toEqual([fleet[10].id]);
		expect(await pollOver(trigger, fleet)).toEqual([]);
	});
});

describe('activation', () => {
	it('with 250 records in the newest second, remembers them all: the next poll emits none of them', async () => {
		const fleet = [...fleetOf(50), ...Array.from({ length: 250 }, (_, i) => device(51 + i, 500))];
		const trigger = await activated(fleet, {}, 2);
		expect(await pollOver(trigger, fleet, 2)).toEqual([]);
		fleet.push(device(301, 501));
		expect(ids(await pollOver(trigger, fleet, 2))).toEqual([fleet[300].id]);
	});

	it('after a 204 at activation, the next poll emits nothing that existed, only what is new', async () => {
		const now = Date.now();
		const fleet = Array.from({ length: 300 }, (_, i) => device(i + 1, i + 1));
		const trigger = triggerWith({ event: 'recordCreated', module: 'devices' });
		const empty = zoho()
			.get('/iot/v1/devices')
			.query({ ...LIST, sort_by: 'created_time' })
			.reply(204);
		expect(await trigger.poll()).toBeNull();
		const created: IDataObject = {
			...device(301, 0),
			created_time: stampAt(now),
			modified_time: stampAt(now),
		};
		fleet.push(created);
		const poll = expectList(() => fleet, { field: 'created_time' });
		expect(ids(emitted(await trigger.poll()))).toEqual([created.id]);
		expect(empty.isDone() && poll.isDone()).toBe(true);
	});
});

describe('bounded requests per poll', () => {
	it('stops at page 2 when Zoho repeats page 1, with the memory unchanged', async () => {
		const fleet = [...fleetOf(50), ...Array.from({ length: 300 }, (_, i) => device(51 + i, 500))];
		const trigger = await activated(fleet, {}, 2);
		const before = trigger.staticData();
		const repeating = zoho()
			.get('/iot/v1/devices')
			.query(true)
			.times(2)
			.reply(200, () => sortedPage(fleet, 'devices', 'modified_time', 1, 200));
		await expect(trigger.poll()).rejects.toThrow(
			/page 2 of the devices with records it had already sent/,
		);
		expect(repeating.isDone()).toBe(true);
		expect(trigger.staticData()).toEqual(before);
	});

	it(`reads at most ${TRIGGER_LIMITS.maxPages} pages in one poll and then fails without emitting`, async () => {
		const fleet = fleetOf(10);
		const trigger = await activated(fleet);
		const before = trigger.staticData();
		const endless = zoho()
			.get('/iot/v1/devices')
			.query(true)
			.times(TRIGGER_LIMITS.maxPages)
			.reply(200, (uri) => {
				const page = Number(new URL(uri, 'https://x').searchParams.get('page'));
				return {
					devices: Array.from({ length: 200 }, (_, i) => device(100_000 + page * 200 + i, 900)),
					info: { more_records: true },
				};
			});
		await expect(trigger.poll()).rejects.toThrow(/changed by more than 20000 records/);
		expect(endless.isDone()).toBe(true);
		expect(trigger.staticData()).toEqual(before);
	}, 120_000); // 20,000 records through nock: slow on a loaded 2-core machine

	it('after a burst of 1,000 same-second changes, quiet polls cost one request once the look-back has passed', async () => {
		const fleet = fleetOf(1200);
		const trigger = await activated(fleet);
		for (let i = 0; i < 1000; i++) fleet[i] = device(i + 1, i + 1, 5000);
		expect(await pollOver(trigger, fleet, 6)).toHaveLength(1000);
		// Inside the look-back, a quiet poll re-reads the burst (docs/polling-trigger.md#cost-per-day: the cost of the window).
		expect(await pollOver(trigger, fleet, 6)).toEqual([]);
		later(TRIGGER_LOOK_BACK.defaultMinutes * 60_000 + 2000);
		expect(await pollOver(trigger, fleet, 6)).toEqual([]);
		expect(await pollOver(trigger, fleet, 1)).toEqual([]);
		expect(await pollOver(trigger, fleet, 1)).toEqual([]);
		expect((trigger.staticData().seen as unknown[]).length).toBe(0);
	});
});

describe('answers that contradict the page before', () => {
	it('an empty page 2 right after page 1 said more follow is an error; the next poll loses nothing', async () => {
		const fleet = fleetOf(300);
		const trigger = await activated(fleet);
		const before = trigger.staticData();
		for (let i = 0; i < 250; i++) fleet[i] = device(i + 1, i + 1, 1000 + i);
		const page1 = expectList(() => fleet, { page: 1 });
		const page2 = zoho()
			.get('/iot/v1/devices')
			.query({ ...LIST, page: '2' })
			.reply(204);
		await expect(trigger.poll()).rejects.toThrow(/page 2 of the devices with no records/);
		expect(page1.isDone() && page2.isDone()).toBe(true);
		expect(trigger.staticData()).toEqual(before);
		expect(ids(await pollOver(trigger, fleet, 2))).toEqual(ids(fleet.slice(0, 250)));
	});
});

describe('custom views', () => {
	const CVID = '4417000000700000002';
	const viewPage = (view: () => IDataObject[], page: number, before?: () => void) =>
		zoho()
			.get('/iot/v1/devices')
			.query({ page: String(page), per_page: '200', cvid: CVID })
			.reply(200, () => {
				before?.();
				const all = view();
				return {
					devices: all.slice((page - 1) * 200, page * 200),
					info: { more_records: page * 200 < all.length },
				};
			});

	it('a record that moves onto a page already read fails the poll, and the next poll emits it', async () => {
		// The view's own order (not by time): the test keeps it in an array it reorders.
		let view = fleetOf(300);
		const trigger = triggerWith({
			event: 'recordUpdated',
			module: 'devices',
			filters: { cvid: CVID },
		});
		const activation = [viewPage(() => view, 1), viewPage(() => view, 2)];
		expect(await trigger.poll()).toBeNull();
		const before = trigger.staticData();

		const moved = device(280, 280, 600);
		const shift = () => {
			view = [moved, ...view.filter((record) => record.id !== moved.id)];
		};
		view[279] = device(280, 280, 600);
		const shifted = [viewPage(() => view, 1), viewPage(() => view, 2, shift)];
		await expect(trigger.poll()).rejects.toThrow(/order of the custom view shifted/);
		expect(trigger.staticData()).toEqual(before);

		const next = [viewPage(() => view, 1), viewPage(() => view, 2)];
		expect(ids(emitted(await trigger.poll()))).toEqual([moved.id]);
		expect([...activation, ...shifted, ...next].every((scope) => scope.isDone())).toBe(true);
	});
});

describe('static data it cannot use', () => {
	const states: Array<[string, IDataObject]> = [
		['the first version', { watching: 'devices:modified_time', cursor: { time: 0, ids: [] } }],
		['a null time', { watching: 'devices:modified_time', cursor: { time: null, ids: [] } }],
		['a NaN time', { watching: 'devices:modified_time', cursor: { time: Number.NaN, ids: [] } }],
		['ids: null', { watching: 'devices:modified_time', cursor: { time: 5, ids: null } }],
		['a cursor that is not an object', { watching: 'devices:modified_time', cursor: 'x' }],
		['a damaged window', { version: 2, watching: 'devices:modified_time', seen: null }],
	];

	it.each(states)(
		'recovers from %s with one notice, without flooding or throwing',
		async (_, state) => {
			const fleet = fleetOf(300);
			const trigger = triggerWith({ event: 'recordUpdated', module: 'devices' });
			// The first version's cursor at the newest record, as it would have been saved.
			const cursor = state.cursor as IDataObject | undefined;
			if (cursor?.time === 0)
				Object.assign(cursor, { time: Date.parse(at(300)), ids: [fleet[299].id] });
			trigger.seedStaticData(state);

			// Carried over or started afresh: one request (page 1 reaches below the window), nothing old.
			expect(await pollOver(trigger, fleet)).toEqual([]);
			fleet.push(device(301, 400));
			expect(ids(await pollOver(trigger, fleet))).toEqual([fleet[300].id]);
			expect(await pollOver(trigger, fleet)).toEqual([]);
			expect(trigger.warnings).toEqual([
				expect.stringMatching(/memory of what it emitted could not be used/),
			]);
		},
	);

	it('records without an ID do not collapse into one item', async () => {
		const fleet = fleetOf(10);
		const trigger = await activated(fleet);
		const withoutId = (name: string) => {
			const record: IDataObject = { ...device(50, 0, 30), name };
			delete record.id;
			return record;
		};
		fleet.push(withoutId('North probe'), withoutId('South probe'));
		const items = await pollOver(trigger, fleet);
		expect(items.map((item) => item.name).sort()).toEqual(['North probe', 'South probe']);
		expect(await pollOver(trigger, fleet)).toEqual([]);
	});
});
