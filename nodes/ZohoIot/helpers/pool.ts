import { sleep } from 'n8n-workflow';

/** What became of one task of a pool run. */
export type Outcome<T> =
	| { status: 'fulfilled'; value: T }
	| { status: 'rejected'; reason: unknown }
	/** Never started, because an earlier task failed and the run stopped. */
	| { status: 'skipped' };

/**
 * Waits until the event loop has polled the connections once: two timers, because a timer fires
 * at the beginning of the next turn, before that turn's poll, and only the second comes after
 * it. n8n's rules for community nodes allow only `sleep`, a timer, for waiting (`setImmediate`
 * would have needed one wait instead of two).
 */
async function afterNextPoll(): Promise<void> {
	await sleep(0);
	await sleep(0);
}

/**
 * Runs `task(0)` .. `task(count - 1)` with at most `limit` running at once, started in index
 * order, and returns their outcomes by index whatever order they finished in.
 *
 * When a task ends, its worker starts the next one only after the event loop's next poll. The
 * task that ended has usually just freed something another task was waiting for: in the node,
 * a slot at Zoho for the request of an item that was prepared ahead (router.ts). That request
 * is only written to its connection when the loop polls it, so preparing the next item at once
 * (expressions, request building: 2 to 3 ms on n8n 2.x) would hold it back; when several answers
 * arrive together, the requests would then leave together after everybody's preparation and
 * come back together, in lockstep. Measured in real n8n 2.41, 5 in flight, 50 ms answers
 * (docs/benchmarks.md): 66 requests a second starting at once, 87 after one timer, 93 after two.
 *
 * With `stopOnFailure`, no task starts after one has failed, also not one whose worker was
 * waiting for the poll. Tasks already running are still awaited, never left dangling: a failure
 * of an earlier index that was still in flight must be seen, so the caller can report the first
 * failing item as a sequential loop would.
 */
export async function runPool<T>(
	count: number,
	limit: number,
	task: (index: number) => Promise<T>,
	{ stopOnFailure }: { stopOnFailure: boolean },
): Promise<Array<Outcome<T>>> {
	const outcomes: Array<Outcome<T>> = Array.from({ length: count }, () => ({ status: 'skipped' }));
	const workers = Math.max(1, Math.min(limit, count));
	let next = 0;
	let failed = false;
	const mayStart = () => next < count && !(stopOnFailure && failed);

	const worker = async () => {
		while (mayStart()) {
			const index = next++;
			try {
				outcomes[index] = { status: 'fulfilled', value: await task(index) };
			} catch (reason) {
				outcomes[index] = { status: 'rejected', reason };
				failed = true;
			}
			// Alone, no task waits for what this one freed.
			if (workers > 1 && mayStart()) await afterNextPoll();
		}
	};

	await Promise.all(Array.from({ length: workers }, worker));
	return outcomes;
}
