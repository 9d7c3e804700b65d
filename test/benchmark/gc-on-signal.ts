/**
 * Preloaded into the n8n server by the memory benchmark (`--expose-gc --require <this file>`):
 * on SIGUSR2 the server runs a full garbage collection and then writes `ackFile(pid)`, so the
 * benchmark knows the collection is done.
 *
 * Why: a freshly started n8n carries the garbage of its own start (about 200 MB on 1.x) until V8
 * happens to run a full collection. A sample whose run triggers that collection peaks far lower
 * than one whose run does not, whichever node it measures (docs/benchmarks.md, "Where the memory
 * goes"). An n8n that has been up for a while has long collected it. So every memory sample
 * starts from a collected heap, and its peak over idle is what that run itself costs.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

export const GC_SIGNAL = 'SIGUSR2';

export function ackFile(pid: number): string {
	return path.join(tmpdir(), `n8n-benchmark-gc-${pid}`);
}

const collect = (globalThis as { gc?: () => void }).gc;
// Only in the n8n server's main thread, and only when started with --expose-gc (never in the
// benchmark itself, which imports ackFile from here).
if (isMainThread && typeof collect === 'function') {
	let collections = 0;
	process.on(GC_SIGNAL, () => {
		// Twice: the first collection's finalizers can free more for the second.
		collect();
		collect();
		writeFileSync(ackFile(process.pid), String(++collections));
	});
}
