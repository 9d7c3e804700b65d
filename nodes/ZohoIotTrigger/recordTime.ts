/**
 * A record's time in the field the trigger watches, read by the package's one reader of Zoho time
 * (helpers/zohoTime.ts): a date-time object, ISO text or epoch seconds or milliseconds.
 */
import type { IDataObject } from 'n8n-workflow';

import { readZohoTime, type ZohoInstant } from '../ZohoIot/helpers/zohoTime';

/** The record's time in `field`, or undefined when it holds none. */
export function recordInstant(
	record: IDataObject,
	field: string,
	organisationOffsetMs?: number,
): ZohoInstant | undefined {
	return readZohoTime(record[field], organisationOffsetMs);
}

/** The record's time in `field`, in milliseconds. */
export function recordTime(
	record: IDataObject,
	field: string,
	organisationOffsetMs?: number,
): number | undefined {
	return recordInstant(record, field, organisationOffsetMs)?.ms;
}
