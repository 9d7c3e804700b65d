/**
 * How the webhook trigger writes a Zoho time, read by the package's one reader
 * (helpers/zohoTime.ts). Module Parameters arrive as text (form fields, query parameters) or as
 * JSON values, and Zoho documents no single shape for a time in them (see
 * WEBHOOK_TIME_FIELD_SUFFIXES in constants.ts): a date-time object (also as JSON text), epoch
 * seconds or milliseconds, or ISO 8601 text. Each becomes ISO 8601 in the offset Zoho showed (its
 * own suffix, or the organisation's offset a date-time object shows; UTC for epoch time), as
 * Simplify writes date-time objects. A local time without an offset stays as Zoho wrote it: the
 * organisation's time zone is unknown here, and none is invented. Anything else is left alone.
 */
import { DATE_TIME_OBJECT } from '../ZohoIot/constants';
import { isJsonObject } from '../ZohoIot/helpers/values';
import {
	isoInOffset,
	organisationOffsetOf,
	readZohoTime,
	writtenOffsetMs,
} from '../ZohoIot/helpers/zohoTime';

/** A date-time object sent as JSON text (a form field), or the value itself. */
function decoded(value: unknown): unknown {
	if (typeof value !== 'string' || !value.trim().startsWith('{')) return value;
	try {
		return JSON.parse(value) as unknown;
	} catch {
		return value;
	}
}

export function zohoTimeToIso(value: unknown): unknown {
	const time = decoded(value);
	const instant = readZohoTime(time);
	if (!instant || instant.local) return value;
	const written = isJsonObject(time) ? time[DATE_TIME_OBJECT.value] : time;
	const offsetMs =
		(typeof written === 'string' ? writtenOffsetMs(written) : undefined) ??
		organisationOffsetOf(time) ??
		0;
	return isoInOffset(instant.ms, offsetMs);
}
