/**
 * The package's one reader of Zoho time. Every place that reads a time Zoho sent (the trigger's
 * record times, Simplify's date-time fields, Datapoint Get Values' points) reads it here, with
 * one rule (ZOHO_TIME in constants.ts says which parts are documented and which assumed):
 *
 * - a number, or text of digits only, is epoch time: seconds below 1e11, else milliseconds;
 * - ISO 8601 text with `Z` or an offset is that instant;
 * - ISO 8601 text without an offset is the organisation's local wall-clock time: converted with the
 *   organisation's offset when it is known, else marked `local` (never read in n8n's time zone);
 * - a date-time object `{millis_in_gmt, formatted, value}` is its `millis_in_gmt`, else its
 *   `value` read as above; `formatted` ("10 minutes ago") is never read;
 * - anything else holds no time.
 *
 * Pure functions: the result never depends on the time zone of the machine n8n runs on.
 */
import { DATE_TIME_OBJECT, ZOHO_TIME } from '../constants';
import { isJsonObject } from './values';

/** A time Zoho sent, as milliseconds since the epoch. */
export interface ZohoInstant {
	ms: number;
	/**
	 * True when Zoho wrote the organisation's local time without an offset and the offset was not
	 * known: `ms` then reads the wall-clock time as if it were UTC, and the true instant lies up to
	 * ZOHO_TIME.maxOffsetMs either side of it.
	 */
	local: boolean;
}

const ISO_WITH_OFFSET =
	/^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)\s*(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_LOCAL = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?$/;
const EPOCH_DIGITS = /^\d{1,16}$/;

/** Epoch seconds or milliseconds (see ZOHO_TIME.epochSecondsBelow). */
function fromEpoch(value: number): number | undefined {
	if (!Number.isFinite(value)) return undefined;
	return Math.abs(value) < ZOHO_TIME.epochSecondsBelow ? value * 1000 : value;
}

/** Milliseconds of an ISO date-time read as UTC wall-clock time; parts given separately. */
function wallClockMs(date: string, time = '00:00'): number | undefined {
	const [hms, fraction = ''] = time.split('.');
	const ms = Date.parse(`${date}T${hms.length === 5 ? `${hms}:00` : hms}Z`);
	if (!Number.isFinite(ms)) return undefined;
	return ms + Number(`0.${fraction || '0'}`) * 1000;
}

function offsetMsOf(suffix: string): number {
	if (/^z$/i.test(suffix)) return 0;
	const digits = suffix.replace(':', '');
	const sign = digits.startsWith('-') ? -1 : 1;
	return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
}

function fromText(text: string, organisationOffsetMs?: number): ZohoInstant | undefined {
	const trimmed = text.trim();
	if (EPOCH_DIGITS.test(trimmed)) {
		const ms = fromEpoch(Number(trimmed));
		return ms === undefined ? undefined : { ms, local: false };
	}
	const zoned = ISO_WITH_OFFSET.exec(trimmed);
	if (zoned) {
		const wall = wallClockMs(zoned[1], zoned[2]);
		return wall === undefined ? undefined : { ms: wall - offsetMsOf(zoned[3]), local: false };
	}
	const local = ISO_LOCAL.exec(trimmed);
	if (local) {
		const wall = wallClockMs(local[1], local[2]);
		if (wall === undefined) return undefined;
		return organisationOffsetMs === undefined
			? { ms: wall, local: true }
			: { ms: wall - organisationOffsetMs, local: false };
	}
	return undefined;
}

/**
 * A time Zoho sent, read by the package's one rule (see the file's header), or undefined when
 * the value holds no time. `organisationOffsetMs` (local time minus UTC), when known, turns an
 * offset-less local time into an instant.
 */
export function readZohoTime(
	value: unknown,
	organisationOffsetMs?: number,
): ZohoInstant | undefined {
	if (typeof value === 'number') {
		const ms = fromEpoch(value);
		return ms === undefined ? undefined : { ms, local: false };
	}
	if (typeof value === 'string') return fromText(value, organisationOffsetMs);
	if (isJsonObject(value)) {
		const millis = value[DATE_TIME_OBJECT.millis];
		if (typeof millis === 'number' || (typeof millis === 'string' && millis.trim() !== '')) {
			const ms = Number(millis);
			// millis_in_gmt is milliseconds by its name, whatever its size.
			if (Number.isFinite(ms)) return { ms, local: false };
		}
		const text = value[DATE_TIME_OBJECT.value];
		if (typeof text === 'string' || typeof text === 'number')
			return readZohoTime(text, organisationOffsetMs);
	}
	return undefined;
}

/**
 * The organisation's UTC offset in milliseconds, when a date-time object shows it: its `value`
 * (local, without an offset) minus its `millis_in_gmt`, a whole number of quarter hours within
 * +-14 h; undefined otherwise.
 */
export function organisationOffsetOf(value: unknown): number | undefined {
	if (!isJsonObject(value)) return undefined;
	const millis = Number(value[DATE_TIME_OBJECT.millis]);
	const text = value[DATE_TIME_OBJECT.value];
	if (typeof text !== 'string' || !Number.isFinite(millis)) return undefined;
	const wall = fromText(text);
	if (!wall?.local) return undefined;
	const offset = wall.ms - millis;
	return offset % ZOHO_TIME.offsetStepMs === 0 && Math.abs(offset) <= ZOHO_TIME.maxOffsetMs
		? offset
		: undefined;
}

/** The first organisation offset any date-time object in this JSON shows (searched depth first). */
export function organisationOffsetIn(json: unknown, depth = 0): number | undefined {
	if (depth > 6) return undefined;
	const own = organisationOffsetOf(json);
	if (own !== undefined) return own;
	const children = Array.isArray(json) ? json : isJsonObject(json) ? Object.values(json) : [];
	for (const child of children) {
		if (typeof child !== 'object' || child === null) continue;
		const found = organisationOffsetIn(child, depth + 1);
		if (found !== undefined) return found;
	}
	return undefined;
}

/** The offset ISO text is written in (`+05:30`, `Z`), or undefined when it has none. */
export function writtenOffsetMs(text: string): number | undefined {
	const zoned = ISO_WITH_OFFSET.exec(text.trim());
	return zoned ? offsetMsOf(zoned[3]) : undefined;
}

const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');

/** `2025-10-29T16:34:16+05:30`: the instant written in the given offset (no fraction when whole). */
export function isoInOffset(ms: number, offsetMs: number): string {
	const shifted = new Date(ms + offsetMs).toISOString();
	const fraction = shifted.slice(19, 23) === '.000' ? '' : shifted.slice(19, 23);
	const minutes = Math.round(offsetMs / 60_000);
	const sign = minutes < 0 ? '-' : '+';
	return `${shifted.slice(0, 19)}${fraction}${sign}${pad(Math.trunc(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * A Zoho time as ISO 8601 text for output: a known instant in UTC (`...Z`); an offset-less local
 * time whose offset is unknown as written, without an invented offset; null when it holds none.
 */
export function zohoTimeToIso(value: unknown, organisationOffsetMs?: number): string | null {
	const instant = readZohoTime(value, organisationOffsetMs);
	if (!instant) return null;
	if (!instant.local) return new Date(instant.ms).toISOString();
	const text = isJsonObject(value) ? value[DATE_TIME_OBJECT.value] : value;
	return String(text).trim().replace(' ', 'T');
}
