/**
 * Reading a record's time. Zoho IoT writes times as ISO 8601 text
 * (`2024-03-12T10:15:00+00:00`) in its samples, and as a date-time object
 * `{millis_in_gmt, formatted, value}` in other responses; both compare here, as milliseconds.
 */
import type { IDataObject } from 'n8n-workflow';

function fromText(text: string): number | undefined {
	const trimmed = text.trim();
	if (/^\d{10,}$/.test(trimmed)) return Number(trimmed);
	const ms = Date.parse(trimmed);
	return Number.isFinite(ms) ? ms : undefined;
}

/** Milliseconds since the epoch for a time field's value, or undefined when it holds no time. */
export function timeOf(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string') return fromText(value);
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const object = value as IDataObject;
		for (const candidate of [object.millis_in_gmt, object.value, object.formatted]) {
			const ms =
				typeof candidate === 'number' || typeof candidate === 'string'
					? timeOf(candidate)
					: undefined;
			if (ms !== undefined) return ms;
		}
	}
	return undefined;
}

/** The record's time in `field`, in milliseconds. */
export function recordTime(record: IDataObject, field: string): number | undefined {
	return timeOf(record[field]);
}
