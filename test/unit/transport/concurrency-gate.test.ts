/**
 * The gate that lowers how many requests are in flight after a 429 (concurrencyGate.ts), step
 * by step: the emulator test (plan-concurrency.test.ts) shows the effect over HTTP.
 */
import {
	ConcurrencyGate,
	GROW_AFTER_ACCEPTED,
} from '../../../nodes/ZohoIot/transport/concurrencyGate';

/** Lets queued waiters run. */
const settle = async () => {
	for (let i = 0; i < 5; i++) await Promise.resolve();
};

it('lets every request through until Zoho refuses one', async () => {
	const gate = new ConcurrencyGate();
	const slots = await Promise.all(Array.from({ length: 30 }, () => gate.acquire()));
	expect(gate.inFlight).toBe(30);
	slots.forEach((release) => release('accepted'));
	expect(gate.inFlight).toBe(0);
	expect(gate.allowance).toBe(Number.POSITIVE_INFINITY);
});

it('after a 429, allows one fewer than were in flight, and holds back the next request until one ends', async () => {
	const gate = new ConcurrencyGate();
	const slots = await Promise.all(Array.from({ length: 10 }, () => gate.acquire()));
	slots[9]('throttled');
	expect(gate.allowance).toBe(9);
	slots[8]('throttled');
	expect(gate.allowance).toBe(8);

	let sent = false;
	void gate.acquire().then(() => (sent = true));
	await settle();
	expect(sent).toBe(false); // 8 in flight, 8 allowed

	slots[0]('accepted');
	await settle();
	expect(sent).toBe(true);
	expect(gate.inFlight).toBe(8);
});

it('never allows fewer than one request', async () => {
	const gate = new ConcurrencyGate();
	for (let i = 0; i < 5; i++) (await gate.acquire())('throttled');
	expect(gate.allowance).toBe(1);
});

it(`allows one more after ${GROW_AFTER_ACCEPTED} accepted requests in a row, and a 429 restarts the count`, async () => {
	const gate = new ConcurrencyGate();
	const first = await Promise.all([gate.acquire(), gate.acquire(), gate.acquire()]);
	first[2]('throttled');
	first[0]('accepted');
	first[1]('accepted');
	expect(gate.allowance).toBe(2);

	for (let i = 0; i < GROW_AFTER_ACCEPTED - 3; i++) (await gate.acquire())('accepted');
	(await gate.acquire())('other'); // a network error neither grows nor shrinks the allowance
	expect(gate.allowance).toBe(2);
	(await gate.acquire())('accepted');
	expect(gate.allowance).toBe(3);
});

it("holds a request over the node's limit until one ends, and never grows past it", async () => {
	const gate = new ConcurrencyGate();
	gate.limitTo(2);
	const slots = await Promise.all([gate.acquire(), gate.acquire()]);

	let third: ((outcome: 'accepted') => void) | undefined;
	void gate.acquire().then((release) => (third = release));
	await settle();
	expect(third).toBeUndefined(); // the item prepared ahead waits for a slot

	slots[0]('accepted');
	await settle();
	expect(third).toBeDefined();
	third!('accepted');

	for (let i = 0; i < 3 * GROW_AFTER_ACCEPTED; i++) (await gate.acquire())('accepted');
	expect(gate.allowance).toBe(2);

	// A 429 still lowers it, and growing back stops at the limit again.
	slots[1]('throttled');
	expect(gate.allowance).toBe(1);
	for (let i = 0; i < 3 * GROW_AFTER_ACCEPTED; i++) (await gate.acquire())('accepted');
	expect(gate.allowance).toBe(2);
});

it('counts a release once, however often it is called', async () => {
	const gate = new ConcurrencyGate();
	const release = await gate.acquire();
	release('throttled');
	release('throttled');
	expect(gate.inFlight).toBe(0);
	expect(gate.allowance).toBe(1);
});
