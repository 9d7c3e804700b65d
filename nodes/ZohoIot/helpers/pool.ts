/** What became of one task of a pool run. */
export type Outcome<T> =
	| { status: 'fulfilled'; value: T }
	| { status: 'rejected'; reason: unknown }
	/** Never started, because an earlier task failed and the run stopped. */
	| { status: 'skipped' };

/**
 * Runs `task(0)` .. `task(count - 1)` with at most `limit` running at once, started in index
 * order, and returns their outcomes by index whatever order they finished in.
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
	let next = 0;
	let failed = false;

	const worker = async () => {
		while (next < count && !(stopOnFailure && failed)) {
			const index = next++;
			try {
				outcomes[index] = { status: 'fulfilled', value: await task(index) };
			} catch (reason) {
				outcomes[index] = { status: 'rejected', reason };
				failed = true;
			}
		}
	};

	const workers = Math.max(1, Math.min(limit, count));
	await Promise.all(Array.from({ length: workers }, worker));
	return outcomes;
}
