/**
 * The de-duplication window: a delivery whose key was seen less than the window ago does not run
 * the workflow again.
 *
 * Where the seen keys live, and why: in the workflow's static data (n8n stores it in its database
 * with the workflow, reads it for each production webhook request and saves it after the node
 * returns), so a repeat is caught after a restart and on any of several webhook processors in
 * queue mode. Static data alone is read before and saved after each request, so two copies that
 * arrive at the same moment would both pass; a map in this process's memory catches those (one
 * process at a time: two webhook processors receiving the same event in the same instant remain
 * the one case not caught). Only SHA-256 digests of keys are stored, never field values.
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/** Enough for many minutes of deliveries without letting static data grow without bound. */
export const MAX_REMEMBERED_KEYS = 2000;

type Seen = Record<string, number>;

const inMemory = new Map<string, Map<string, number>>();

/** The memory of one trigger node in one workflow. */
export const dedupeScope = (workflowId: string | undefined, nodeId: string) =>
	`${workflowId ?? ''}:${nodeId}`;

/**
 * The key of a delivery: the chosen fields' values, or by default every field. A repeat Zoho
 * sends is the same payload, so the whole payload catches it, and it never mistakes two events
 * for one: a record created and edited within the same second (Zoho's times have one-second
 * resolution) has the same record_id and modified_time, but not the same fields.
 */
export function deliveryKey(fields: IDataObject, keyFields: string[]): string | undefined {
	const chosen = keyFields.length > 0 ? keyFields : Object.keys(fields).sort();
	if (keyFields.length > 0 && keyFields.some((name) => fields[name] === undefined))
		return undefined;
	const values = chosen.map((name) => [name, fields[name]]);
	return createHash('sha256').update(JSON.stringify(values)).digest('base64url').slice(0, 22);
}

function prune(seen: Seen, now: number): void {
	const live = Object.entries(seen).filter(([, expires]) => expires > now);
	live.sort((a, b) => a[1] - b[1]);
	const keep = new Map(live.slice(-MAX_REMEMBERED_KEYS));
	for (const key of Object.keys(seen)) if (!keep.has(key)) delete seen[key];
}

/**
 * Whether this key was seen inside the window; when not, remembers it (in `staticData.seen` and
 * in memory under `scope`) until `now + windowMs`.
 */
export function isRepeat(
	staticData: IDataObject,
	scope: string,
	key: string,
	windowMs: number,
	now: number,
): boolean {
	let memory = inMemory.get(scope);
	if (!memory) {
		memory = new Map();
		inMemory.set(scope, memory);
	}
	for (const [known, expires] of memory) if (expires <= now) memory.delete(known);
	const seen = (staticData.seen ?? {}) as Seen;
	const repeat = (seen[key] ?? 0) > now || (memory.get(key) ?? 0) > now;
	if (!repeat) {
		seen[key] = now + windowMs;
		memory.set(key, now + windowMs);
		if (memory.size > MAX_REMEMBERED_KEYS) memory.delete(memory.keys().next().value as string);
	}
	prune(seen, now);
	staticData.seen = seen;
	return repeat;
}

/** Forgets every key of this trigger (on activation and deactivation). */
export function forget(staticData: IDataObject, scope: string): void {
	delete staticData.seen;
	inMemory.delete(scope);
}
