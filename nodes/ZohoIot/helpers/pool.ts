import { sleep } from 'n8n-workflow';

/** What became of one task of a pool run. */
export type Outcome<T> =
	| { status: 'fulfilled'; value: T }
	| { status: 'rejected'; reason: unknown }
	/** Never started, because an earlier task failed and the run stopped. */
	| { status: 'skipped' };

/**
 * Spaces out the starts of concurrent tasks so that each task's request leaves before the next
 * task does its preparation.
 *
 * Why the pool needs it: a request is only written to its connection when the event loop next
 * polls that connection. When several answers arrive together, the tasks behind them would
 * otherwise prepare their next items back to back (expressions, request building) and send them
 * all together afterwards; the answers then come back together too, and the tasks stay in
 * lockstep for the rest of the run, every request waiting for everybody's preparation. Measured
 * in real n8n 2.41 with 5 in flight and 50 ms answers: requests left in bursts of 5, about 75 ms
 * apart, 68 a second instead of close to 100 (docs/benchmarks.md).
 *
 * So a start waits until the previous start's turn is over: two timers after it, because a timer
 * fires at the beginning of the next turn, before that turn polls the connections, and only the
 * second comes after the poll that sends the previous request. A start whose predecessor is long
 * gone does not wait at all. (n8n's rules for community nodes allow only `sleep`, a timer, for
 * waiting; `setImmediate` would have needed one wait instead of two.)
 */
export class StartPacer {
	private previousTurnOver: Promise<void> = Promise.resolve();

	async next(): Promise<void> {
		const start = this.previousTurnOver;
		this.previousTurnOver = start.then(async () => {
			await sleep(0);
			await sleep(0);
		});
		await start;
	}
}

/**
 * Runs `task(0)` .. `task(count - 1)` with at most `limit` running at once, started in index
 * order, and returns their outcomes by index whatever order they finished in. With more than one
 * running at once, tasks start one per turn of the event loop (see `StartPacer`).
 *
 * With `stopOnFailure`, no task starts after one has failed. Tasks already running are still
 * awaited, never left dangling: a failure of an earlier index that was still in flight must be
 * seen, so the caller can report the first failing item as a sequential loop would.
 */
export async function runPool<T>(
	count: number,
	limit: number,
	task: (index: number) => Promise<T>,
	{ stopOnFailure }: { stopOnFailure: boolean },
): Promise<Array<Outcome<T>>> {
	const outcomes: Array<Outcome<T>> = Array.from({ length: count }, () => ({ status: 'skipped' }));
	const workers = Math.max(1, Math.min(limit, count));
	const pacer = workers > 1 ? new StartPacer() : undefined;
	let next = 0;
	let failed = false;
	const mayStart = () => next < count && !(stopOnFailure && failed);

	const worker = async () => {
		while (mayStart()) {
			await pacer?.next();
			// Checked again: another task may have failed, or taken the last index, during the wait.
			if (!mayStart()) break;
			const index = next++;
			try {
				outcomes[index] = { status: 'fulfilled', value: await task(index) };
			} catch (reason) {
				outcomes[index] = { status: 'rejected', reason };
				failed = true;
			}
		}
	};

	await Promise.all(Array.from({ length: workers }, worker));
	return outcomes;
}
