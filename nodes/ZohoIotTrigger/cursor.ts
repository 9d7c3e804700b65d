/**
 * The trigger's cursor: the newest time it has emitted, plus the IDs of the records it emitted
 * at exactly that time. Zoho's times have one-second resolution, so several records can share
 * the cursor's time; the IDs tell which of them were already emitted. Pure logic, no HTTP.
 */
import type { IDataObject } from 'n8n-workflow';

import { recordTime } from './recordTime';

export interface Cursor {
	/** ms since epoch of the newest record emitted (or seen at first activation). */
	time: number;
	/** IDs of the records at exactly `time` that are already emitted. */
	ids: string[];
}

/** What a record is to the cursor while a poll reads the module newest first. */
export type Verdict = 'new' | 'seen' | 'older';

export function verdict(cursor: Cursor, record: IDataObject, field: string): Verdict {
	const time = recordTime(record, field);
	// A record without the time field cannot be placed: Zoho sorts it last, so it ends the scan.
	if (time === undefined || time < cursor.time) return 'older';
	if (time > cursor.time) return 'new';
	return cursor.ids.includes(String(record.id)) ? 'seen' : 'new';
}

/** The cursor after emitting these records (oldest first): it only moves forward. */
export function advance(cursor: Cursor, emitted: IDataObject[], field: string): Cursor {
	let { time, ids } = cursor;
	for (const record of emitted) {
		const recordMs = recordTime(record, field);
		if (recordMs === undefined || recordMs < time) continue;
		const id = String(record.id);
		if (recordMs > time) {
			time = recordMs;
			ids = [id];
		} else if (!ids.includes(id)) {
			ids = [...ids, id];
		}
	}
	return { time, ids };
}

/** The cursor at the newest of these records (already sorted newest first). */
export function cursorAt(newestFirst: IDataObject[], field: string): Cursor | undefined {
	const time = newestFirst.length ? recordTime(newestFirst[0], field) : undefined;
	if (time === undefined) return undefined;
	const ids = newestFirst
		.filter((record) => recordTime(record, field) === time)
		.map((record) => String(record.id));
	return { time, ids };
}

/** Oldest first; records of the same second in ID order, so the output order is stable. */
export function oldestFirst(records: IDataObject[], field: string): IDataObject[] {
	return [...records].sort((a, b) => {
		const byTime = (recordTime(a, field) ?? 0) - (recordTime(b, field) ?? 0);
		if (byTime !== 0) return byTime;
		const [x, y] = [String(a.id), String(b.id)];
		return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
	});
}
