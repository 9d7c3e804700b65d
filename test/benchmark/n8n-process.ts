/**
 * The n8n server process as the real-n8n benchmarks measure it (Linux /proc): its pid, its memory
 * figures, and a full garbage collection on demand (gc-on-signal.ts says why).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { N8nInstance } from '../e2e/n8n';
import { ackFile, GC_SIGNAL } from './gc-on-signal';

/** Node.js flags for the n8n server that let collectGarbage work (set before n8n starts). */
export const COLLECTABLE_SERVER_ARGS = [
	'--expose-gc',
	`--require=${path.join(__dirname, 'gc-on-signal.js')}`,
];

export function serverPid(n8n: N8nInstance): number {
	const pid = (n8n as unknown as { server?: ChildProcess }).server?.pid;
	if (!pid) throw new Error('n8n is not running');
	return pid;
}

/** A field of /proc/<pid>/status in kB, e.g. VmRSS (RSS now) or VmHWM (peak RSS). */
export function statusKb(pid: number, field: string): number {
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
		readFileSync(`/proc/${pid}/status`, 'utf8'),
	);
	return match ? Number(match[1]) : 0;
}

/** Resets the process's peak RSS (VmHWM), so the next reading is this run's peak. */
export function resetPeak(pid: number): void {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
	} catch {
		// Not allowed here: the peak then covers the process's life, still an upper bound.
	}
}

/**
 * A full garbage collection in the n8n server (started with COLLECTABLE_SERVER_ARGS), then a
 * moment for V8 to hand the freed pages back, so the RSS read next as "idle" is that of a
 * collected heap.
 */
export async function collectGarbage(pid: number): Promise<void> {
	const ack = ackFile(pid);
	rmSync(ack, { force: true });
	process.kill(pid, GC_SIGNAL);
	const deadline = Date.now() + 30_000;
	while (!existsSync(ack)) {
		if (Date.now() > deadline)
			throw new Error(`n8n (pid ${pid}) did not collect garbage on ${GC_SIGNAL}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	rmSync(ack, { force: true });
	await new Promise((resolve) => setTimeout(resolve, 1_000));
}
