import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { runPool } from '../../../nodes/ZohoIot/helpers/pool';
import {
	inputItems,
	locator,
	recordId,
	run,
	runError,
	setUpNock,
	zoho,
	zohoRecord,
} from './helpers';

setUpNock();

/**
 * A device endpoint that answers every GET after a delay, slower for lower sequence numbers so
 * that later items finish first, and records how many requests were in flight at once. The base
 * delay leaves room for a worker's next item starting a couple of timers after its last one
 * ended (pool.ts).
 */
function slowDevices(count: number, { failing = [] as number[], baseMs = 100 } = {}) {
	const stats = { inFlight: 0, peak: 0, served: 0 };
	const scope = zoho()
		.get(/^\/iot\/v1\/devices\/\d+$/)
		.times(count)
		.reply(async (uri) => {
			stats.inFlight++;
			stats.peak = Math.max(stats.peak, stats.inFlight);
			const sequence = Number(uri.slice(-8));
			await sleep(baseMs + (count - sequence) * 3);
			stats.inFlight--;
			stats.served++;
			if (failing.includes(sequence)) {
				return [
					404,
					{
						code: 'RECORD_NOT_FOUND',
						message: 'The requested record does not exist',
						status: 'error',
					},
				];
			}
			return [200, { devices: [zohoRecord(1, sequence)] }];
		});
	return { scope, stats };
}

const getEach = (options: Record<string, unknown> = {}) => ({
	resource: 'device',
	operation: 'get',
	deviceId: locator('={{ $json.id }}'),
	options,
});
const items = (count: number) => inputItems(count, (index) => ({ id: recordId(1, index) }));

describe('items in flight', () => {
	it('keeps at most 5 requests in flight by default, and uses all 5', async () => {
		const { scope, stats } = slowDevices(12);

		await run(getEach(), { items: items(12) });

		expect(scope.isDone()).toBe(true);
		expect(stats.peak).toBe(5);
	});

	it.each([1, 2, 20])(
		'keeps at most %i in flight when Max Concurrent Requests says so',
		async (limit) => {
			// Answers slow enough that the first is still in flight when the last of 20 is sent on a
			// busy machine.
			const { scope, stats } = slowDevices(25, { baseMs: limit === 20 ? 300 : 100 });

			await run(getEach({ maxConcurrentRequests: limit }), { items: items(25) });

			expect(scope.isDone()).toBe(true);
			expect(stats.peak).toBe(limit);
		},
	);

	it.each([1, 3])(
		'prepares one item ahead at %i in flight: its input is read while the others wait for Zoho',
		async (limit) => {
			const events: string[] = [];
			zoho()
				.get(/^\/iot\/v1\/devices\/\d+$/)
				.times(limit + 3)
				.reply(async (uri) => {
					const sequence = Number(uri.slice(-8));
					await sleep(50);
					events.push(`answer ${sequence}`);
					return [200, { devices: [zohoRecord(1, sequence)] }];
				});
			// Each item's id records when the node's expression reads it: when the item is prepared.
			const tracedItems = inputItems(limit + 3, () => ({})).map((item, index) => {
				Object.defineProperty(item.json, 'id', {
					enumerable: true,
					get: () => {
						events.push(`read ${index}`);
						return recordId(1, index);
					},
				});
				return item;
			});

			const output = await run(getEach({ maxConcurrentRequests: limit }), { items: tracedItems });

			expect(output).toHaveLength(limit + 3);
			const firstAnswer = events.findIndex((event) => event.startsWith('answer'));
			// The item after the first `limit` is ready before any answer, so its request can leave
			// the moment a slot frees; the one after that is not: one item ahead, not all of them.
			expect(events.indexOf(`read ${limit}`)).toBeLessThan(firstAnswer);
			expect(events.indexOf(`read ${limit + 1}`)).toBeGreaterThan(firstAnswer);
		},
	);

	it('outputs items in input order although later items finish first', async () => {
		slowDevices(8);

		const output = await run(getEach(), { items: items(8) });

		expect(output.map((item) => [item.json.id, item.pairedItem])).toEqual(
			Array.from({ length: 8 }, (_, i) => [recordId(1, i), { item: i }]),
		);
	});

	it.each([0, 21, 2.5, 'many'])(
		'refuses Max Concurrent Requests of %p before any request',
		async (limit) => {
			const untouched = zoho().get(/.*/).reply(200, {});

			const error = await runError(getEach({ maxConcurrentRequests: limit }), { items: items(2) });

			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toMatch(/Max Concurrent Requests must be a whole number from 1 to 20/);
			expect(untouched.isDone()).toBe(false);
		},
	);

	it('reads Max Concurrent Requests from the first item only', async () => {
		const { stats } = slowDevices(6);

		await run(
			{ ...getEach(), options: { maxConcurrentRequests: '={{ $json.limit }}' } },
			{
				items: inputItems(6, (index) => ({ id: recordId(1, index), limit: index === 0 ? 2 : 99 })),
			},
		);

		expect(stats.peak).toBe(2);
	});
});

describe('failures', () => {
	it('with continue-on-fail, a failing item becomes an error item and the others still run', async () => {
		const { scope } = slowDevices(6, { failing: [1, 4] });

		const output = await run(getEach(), { items: items(6), continueOnFail: true });

		expect(scope.isDone()).toBe(true);
		expect(output).toHaveLength(6);
		expect(output.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 6 }, (_, i) => ({ item: i })),
		);
		expect(output.map((item) => (item.json.error ? 'error' : item.json.id))).toEqual([
			recordId(1, 0),
			'error',
			recordId(1, 2),
			recordId(1, 3),
			'error',
			recordId(1, 5),
		]);
		expect(output[1].json).toEqual({
			error: expect.stringContaining('RECORD_NOT_FOUND'),
			description: expect.any(String),
			httpCode: '404',
		});
	});

	it('without it, the first failing item stops the node even when a later one failed first', async () => {
		// Item 1 answers after item 3 (lower sequence numbers are slower), both fail.
		const { stats } = slowDevices(10, { failing: [1, 3] });

		const error = await runError(getEach({ maxConcurrentRequests: 5 }), { items: items(10) });

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error.context as { itemIndex?: number }).itemIndex).toBe(1);
		// No item starts after a failure: the first five and at most the ones started before
		// the first failure came back, never all ten.
		expect(stats.served).toBeLessThan(10);
		expect(stats.inFlight).toBe(0);
	});

	it("without it, bad input of one item stops the node with that item's index", async () => {
		const { scope } = slowDevices(1);

		const error = await runError(getEach(), {
			items: [{ json: { id: recordId(1, 0) } }, { json: { id: 'not-an-id' } }],
		});

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error.context as { itemIndex?: number }).itemIndex).toBe(1);
		expect(scope.isDone()).toBe(true);
	});

	it('names the item whose expression failed, and continues past it with continue-on-fail', async () => {
		const { scope } = slowDevices(1);
		const parameters = { ...getEach(), deviceId: locator('={{ $json.body.id.trim() }}') };
		const items = [{ json: { body: { id: recordId(1, 0) } } }, { json: {} }];

		const error = await runError(parameters, { items });
		expect((error.context as { itemIndex?: number }).itemIndex).toBe(1);
		expect(scope.isDone()).toBe(true);

		slowDevices(1);
		const output = await run(parameters, { items, continueOnFail: true });
		expect(output[0].json.id).toBe(recordId(1, 0));
		expect(output[1]).toEqual({
			json: { error: expect.any(String), description: expect.anything(), httpCode: null },
			pairedItem: { item: 1 },
		});
	});

	it('refuses an unknown operation with a clear message', async () => {
		const error = await runError({ resource: 'device', operation: 'upsert' });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The operation "upsert" is not supported for the resource "device"');
	});
});

/**
 * Runs `count` tasks that end at once, `limit` at a time, and returns the event-loop turn each
 * started in, counted by a ticker (an immediate queued in one turn runs in the next).
 */
async function turnsAtStart(count: number, limit: number): Promise<number[]> {
	let turn = 0;
	let ticking = true;
	const tick = () => {
		turn++;
		if (ticking) setImmediate(tick);
	};
	setImmediate(tick);
	const startedInTurn: number[] = [];
	try {
		await runPool(count, limit, async () => void startedInTurn.push(turn), {
			stopOnFailure: false,
		});
	} finally {
		ticking = false;
	}
	return startedInTurn;
}

describe('runPool', () => {
	it('runs every task once, at most `limit` at a time, and returns outcomes by index', async () => {
		let inFlight = 0;
		let peak = 0;
		const outcomes = await runPool(
			9,
			3,
			async (index) => {
				inFlight++;
				peak = Math.max(peak, inFlight);
				await sleep(50 + (9 - index) * 2);
				inFlight--;
				return index * 10;
			},
			{ stopOnFailure: false },
		);

		expect(peak).toBe(3);
		expect(outcomes).toEqual(
			Array.from({ length: 9 }, (_, i) => ({ status: 'fulfilled', value: i * 10 })),
		);
	});

	it('starts nothing after a failure when told to stop, and awaits what was running', async () => {
		const started: number[] = [];
		let running = 0;
		const outcomes = await runPool(
			6,
			2,
			async (index) => {
				started.push(index);
				running++;
				// Index 1 is still running when 0 fails.
				await sleep(index === 0 ? 30 : 60);
				running--;
				if (index === 0) throw new Error('first fails');
				return index;
			},
			{ stopOnFailure: true },
		);

		expect(running).toBe(0);
		expect(started).toEqual([0, 1]);
		expect(outcomes.map((outcome) => outcome.status)).toEqual([
			'rejected',
			'fulfilled',
			'skipped',
			'skipped',
			'skipped',
			'skipped',
		]);
	});

	it('keeps going after failures when not told to stop', async () => {
		const outcomes = await runPool(
			4,
			2,
			async (index) => {
				if (index % 2 === 0) throw new Error(`task ${index}`);
				return index;
			},
			{ stopOnFailure: false },
		);

		expect(outcomes.map((outcome) => outcome.status)).toEqual([
			'rejected',
			'fulfilled',
			'rejected',
			'fulfilled',
		]);
	});

	it("starts a worker's next task only after the event loop has turned, not in the turn its last one ended", async () => {
		const startedInTurn = await turnsAtStart(8, 2);

		// Tasks end in the turn they start. Without the wait, all 8 would start in turn 0; with it,
		// whatever the ended task freed (a slot for a prepared request) is used first.
		expect(startedInTurn.slice(0, 2)).toEqual([0, 0]);
		for (let index = 2; index < 8; index++) {
			expect(startedInTurn[index]).toBeGreaterThan(startedInTurn[index - 2]);
		}
	});

	it('starts no task once an earlier one has failed, also not one whose worker was waiting to', async () => {
		const started: number[] = [];
		const outcomes = await runPool(
			5,
			2,
			async (index) => {
				started.push(index);
				// Index 0 ends at once, and its worker waits for the loop to turn; index 1 fails then.
				if (index === 1) {
					await sleep(0);
					throw new Error('task 1 fails');
				}
				return index;
			},
			{ stopOnFailure: true },
		);

		expect(started).toEqual([0, 1]);
		expect(outcomes.map((outcome) => outcome.status)).toEqual([
			'fulfilled',
			'rejected',
			'skipped',
			'skipped',
			'skipped',
		]);
	});

	it('runs one task at a time without waiting for turns when the limit is 1', async () => {
		const startedInTurn = await turnsAtStart(5, 1);

		// Alone, a task frees nothing another one waits for, so nothing is spent waiting.
		expect(startedInTurn).toEqual([0, 0, 0, 0, 0]);
	});

	it('runs nothing for no tasks', async () => {
		expect(await runPool(0, 5, async () => 1, { stopOnFailure: true })).toEqual([]);
	});
});
