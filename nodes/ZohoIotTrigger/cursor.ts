/**
 * The trigger's memory between polls, and the pure rules that read and change it (no HTTP).
 *
 * Zoho's record times are not a clean sequence: a change can be committed after newer ones
 * (late, or backdated by a device), a clock can stand in the future, several records share a
 * second, and a record can change twice within one second. So the memory is not a single
 * high-water mark but a window: every record version seen whose time lies inside
 * [floor, future) is remembered, and a poll emits each record whose current version it has not
 * remembered. The floor trails a lower bound of Zoho's clock (`zohoNow`) by the look-back:
 *
 *   zohoNow = max(zohoNow before + n8n time elapsed since, newest trustworthy record time)
 *   floor   = max(zohoNow at the previous poll - look-back, the previous floor)
 *
 * A change committed at most look-back after its own time is therefore read by the first poll
 * after it lands, and emitted exactly once. A record time far ahead of n8n's clock is not
 * trustworthy: its record is emitted once but never moves zohoNow, so it cannot silence the
 * trigger. Times are read by the package's one reader (helpers/zohoTime.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { DATE_TIME_OBJECT, TRIGGER_LIMITS, ZOHO_TIME } from '../ZohoIot/constants';
import type { ZohoInstant } from '../ZohoIot/helpers/zohoTime';

/** What the node keeps between polls (the workflow's static data for this node). */
export interface Memory {
	version: 2;
	/** module:time field (and custom view) this memory belongs to; another one starts afresh. */
	watching: string;
	/** Lower bound of Zoho's clock at the last successful poll, ms; null before any record. */
	zohoNow: number | null;
	/** n8n's clock at the start of the last successful poll, ms. */
	polledAt: number;
	/** Records older than this were settled by earlier polls; nothing below it is read. */
	floor: number | null;
	/** The organisation's UTC offset, once a date-time object showed it. */
	offsetMs?: number;
	/** Remembered versions: [key, latest possible time in ms, version]. */
	seen: Array<[string, number, string]>;
}

/** A record read in this poll, placed in time. */
export interface Placed {
	record: IDataObject;
	key: string;
	version: string;
	/** The instant, or for a local time of unknown offset its earliest and latest possible. */
	earliest: number;
	latest: number;
	/** Order key for output: the time as read. */
	ms: number;
}

/** What a record read now is to the memory: a version not seen yet, seen, or below the window. */
export type Verdict = 'new' | 'seen' | 'belowFloor';

/** A small, stable hash (FNV-1a, two lanes) of text: fingerprints, not security. */
function hash(text: string): string {
	let a = 0x811c9dc5;
	let b = 0x01000193 ^ 0x5bd1e995;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		a = Math.imul(a ^ c, 0x01000193) >>> 0;
		b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
	}
	return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/**
 * The record's content as stable JSON (keys sorted), without the relative `formatted` text of
 * Zoho's date-time objects ("10 minutes ago" changes while the record does not).
 */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		const object = value as IDataObject;
		const isDateTime = DATE_TIME_OBJECT.millis in object || DATE_TIME_OBJECT.value in object;
		return `{${Object.keys(object)
			.filter((key) => !(isDateTime && key === DATE_TIME_OBJECT.formatted))
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

export const fingerprint = (record: IDataObject) => hash(canonical(record));

/**
 * A record placed in time, or undefined when its time field holds no time. Its key is its ID, or
 * for a record without one its content, so records without an ID never collapse into one. Its
 * version is its time, and for Record Updated also its content: a second change within the same
 * second is a new version.
 */
export function place(
	record: IDataObject,
	instant: ZohoInstant | undefined,
	byContent: boolean,
): Placed | undefined {
	if (!instant) return undefined;
	const id = record.id;
	const content = byContent || id === undefined || id === null ? fingerprint(record) : '';
	const key = id === undefined || id === null || id === '' ? `#${content}` : `id:${String(id)}`;
	const spread = instant.local ? ZOHO_TIME.maxOffsetMs : 0;
	return {
		record,
		key,
		version: `${instant.ms}|${byContent ? content : ''}`,
		earliest: instant.ms - spread,
		latest: instant.ms + spread,
		ms: instant.ms,
	};
}

/** Versions carried over from the first cursor format match any content at their time. */
const ANY_CONTENT = '*';

export function verdict(
	remembered: Map<string, string>,
	placed: Placed,
	floor: number | null,
): Verdict {
	if (floor !== null && placed.latest < floor) return 'belowFloor';
	const known = remembered.get(placed.key);
	if (known === placed.version) return 'seen';
	if (known?.endsWith(`|${ANY_CONTENT}`) && known.split('|')[0] === placed.version.split('|')[0])
		return 'seen';
	return 'new';
}

/** Whether a record's time can be trusted to say how far Zoho's clock has come. */
export const trustworthy = (placed: Placed, n8nNow: number) =>
	placed.earliest <= n8nNow + TRIGGER_LIMITS.futureToleranceMs;

/** The lower bound of Zoho's clock after a poll that read these records. */
export function nextZohoNow(memory: Memory | undefined, read: Placed[], n8nNow: number) {
	let bound =
		memory?.zohoNow === null || memory?.zohoNow === undefined
			? null
			: memory.zohoNow + Math.max(0, n8nNow - memory.polledAt);
	for (const placed of read) {
		if (trustworthy(placed, n8nNow) && (bound === null || placed.earliest > bound))
			bound = placed.earliest;
	}
	return bound;
}

/** The floor of the next poll: the look-back behind zohoNow, never below the current floor. */
export function nextFloor(zohoNow: number | null, lookBackMs: number, floor: number | null) {
	if (zohoNow === null) return floor;
	// Whole seconds, as Zoho's times: a poll a few milliseconds later moves nothing.
	const candidate = Math.floor((zohoNow - lookBackMs) / 1000) * 1000;
	return floor === null ? candidate : Math.max(candidate, floor);
}

/**
 * The versions to remember after a poll: the earlier ones and those read now, each key once
 * (the one read now wins), dropping what lies below the new floor; above maxRemembered the
 * oldest go first and the floor rises to the oldest kept, so nothing forgotten is re-emitted.
 */
export function remember(
	seen: Memory['seen'],
	read: Placed[],
	floor: number | null,
): { seen: Memory['seen']; floor: number | null } {
	const byKey = new Map<string, [string, number, string]>();
	for (const entry of seen) byKey.set(entry[0], entry);
	for (const placed of read) byKey.set(placed.key, [placed.key, placed.latest, placed.version]);
	let kept = [...byKey.values()].filter(([, latest]) => floor === null || latest >= floor);
	let raised = floor;
	if (kept.length > TRIGGER_LIMITS.maxRemembered) {
		kept = kept.sort((a, b) => b[1] - a[1]).slice(0, TRIGGER_LIMITS.maxRemembered);
		raised = Math.max(raised ?? -Infinity, kept[kept.length - 1][1]);
	}
	return { seen: kept, floor: raised };
}

/** Oldest first; records of the same time in ID order, so the output order is stable. */
export function oldestFirst(placed: Placed[]): Placed[] {
	return [...placed].sort((a, b) => {
		if (a.ms !== b.ms) return a.ms - b.ms;
		const [x, y] = [String(a.record.id ?? a.key), String(b.record.id ?? b.key)];
		return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
	});
}

const isFiniteNumber = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value);

/**
 * The memory in static data, checked. `fresh`: none yet (activate). `recovered`, with `problem`
 * for one notice: the first version's valid cursor is carried over (the records at its time are
 * remembered, nothing older is read); anything damaged starts afresh from now (activation), since
 * a damaged memory can say neither what was emitted nor from when.
 */
export function readMemory(
	stored: IDataObject,
	watching: string,
	n8nNow: number,
):
	| { kind: 'valid'; memory: Memory }
	| { kind: 'fresh' }
	| { kind: 'recovered'; memory: Memory | undefined; problem: string } {
	const hasAnything = Object.keys(stored).length > 0;
	if (!hasAnything) return { kind: 'fresh' };
	if (stored.watching !== watching && stored.watching !== undefined) return { kind: 'fresh' };
	if (stored.version === 2) {
		const { zohoNow, polledAt, floor, seen, offsetMs } = stored;
		const validSeen =
			Array.isArray(seen) &&
			seen.every(
				(entry) =>
					Array.isArray(entry) &&
					entry.length === 3 &&
					typeof entry[0] === 'string' &&
					isFiniteNumber(entry[1]) &&
					typeof entry[2] === 'string',
			);
		if (
			(zohoNow === null || isFiniteNumber(zohoNow)) &&
			isFiniteNumber(polledAt) &&
			(floor === null || isFiniteNumber(floor)) &&
			(offsetMs === undefined || isFiniteNumber(offsetMs)) &&
			validSeen
		) {
			return { kind: 'valid', memory: stored as unknown as Memory };
		}
		return { kind: 'recovered', memory: undefined, problem: 'its saved state was damaged' };
	}
	// The first version's cursor: {time, ids}, the newest time emitted and the IDs at that time.
	const cursor = stored.cursor as IDataObject | null | undefined;
	const ids = cursor && typeof cursor === 'object' ? cursor.ids : undefined;
	if (
		cursor &&
		typeof cursor === 'object' &&
		isFiniteNumber(cursor.time) &&
		Array.isArray(ids) &&
		ids.every((id) => typeof id === 'string')
	) {
		const time = cursor.time;
		return {
			kind: 'recovered',
			memory: {
				version: 2,
				watching,
				zohoNow: time,
				polledAt: n8nNow,
				floor: time,
				seen: (ids as string[]).map((id) => [`id:${id}`, time, `${time}|${ANY_CONTENT}`]),
			},
			problem: 'it was saved by an earlier version of the node',
		};
	}
	return { kind: 'recovered', memory: undefined, problem: 'its saved state was damaged' };
}
