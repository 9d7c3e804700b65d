/**
 * Emulator profiles: which reading of Zoho IoT the REST side serves.
 *
 *   default                    the project's first reading: flat model_id/model_name, string
 *                              date-times, `details` in write results, `info.more_records`,
 *                              delete only through GET /{module}/{id}/actions/delete.
 *   documented                 the shapes Zoho's own pages show (CONTRIBUTING.md, D2-D11):
 *                              `layout` lookups, date-time objects, `location` lookups, write
 *                              results without `details`, `page_context.has_more_page`, HTTP DELETE.
 *   documented-action-delete   documented, but only the action route deletes.
 *
 * A profile is a set of ZOHO_BEHAVIOUR entries (each explained in zoho-behaviour.ts); the
 * `behaviour` option still overrides any of them, e.g. `{ listMetadata: 'none' }`. Records are
 * stored flat either way; the functions below present them in the profile's shape.
 */
import type { ZohoBehaviour } from './zoho-behaviour';

export const PROFILES = {
	default: {},
	documented: {
		recordShape: 'documented',
		writeResultShape: 'documented',
		deleteRoutes: ['http-delete'],
		listMetadata: 'page_context',
		getShape: 'object',
	},
	'documented-action-delete': {
		recordShape: 'documented',
		writeResultShape: 'documented',
		deleteRoutes: ['action'],
		listMetadata: 'page_context',
		getShape: 'object',
	},
} as const satisfies Record<string, Partial<ZohoBehaviour>>;

export type ProfileName = keyof typeof PROFILES;
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

export function isProfileName(value: unknown): value is ProfileName {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PROFILES, value);
}

type StoredRecord = Record<string, unknown> & { id: string };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Zoho's date-time object for a stored `2024-03-12T10:15:00+00:00`, `value` in the org's time. */
export function dateTimeObject(text: string, offsetMinutes: number) {
	const millis = Date.parse(text);
	const local = new Date(millis + offsetMinutes * 60_000);
	const hours = local.getUTCHours();
	const minutes = String(local.getUTCMinutes()).padStart(2, '0');
	const formatted = `${MONTHS[local.getUTCMonth()]} ${local.getUTCDate()}, ${local.getUTCFullYear()} ${String(hours % 12 || 12).padStart(2, '0')}:${minutes} ${hours < 12 ? 'AM' : 'PM'}`;
	return { millis_in_gmt: millis, formatted: [formatted], value: local.toISOString().slice(0, 19) };
}

/** A stable 19-digit id for a location name (the emulator keeps locations as names). */
export function locationId(name: string): string {
	let hash = 0;
	for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) % 100_000_000;
	return `44170000009${String(hash).padStart(8, '0')}`;
}

const DATE_TIME_FIELDS = ['created_time', 'modified_time'];

/** A stored record as the profile serves it. */
export function presentRecord(
	record: StoredRecord,
	behaviour: ZohoBehaviour,
	module: string,
): Record<string, unknown> {
	if (behaviour.recordShape === 'flat') return record;
	const { model_id: modelId, model_name: modelName, ...rest } = record;
	const presented: Record<string, unknown> = { ...rest };
	if (modelId !== undefined) {
		presented.layout = {
			settings: { show_instance_dashboard: false, default_location_preference: 'field' },
			name: modelName,
			icon: module.replace(/s$/, ''),
			id: modelId,
		};
	}
	for (const field of DATE_TIME_FIELDS) {
		if (typeof record[field] === 'string')
			presented[field] = dateTimeObject(record[field] as string, behaviour.orgUtcOffsetMinutes);
	}
	if (typeof record.location === 'string')
		presented.location = { id: locationId(record.location), name: record.location };
	return presented;
}

/** A record's success entry in a write answer. */
export function writeSuccess(
	record: { id: unknown; created_time?: unknown; modified_time?: unknown },
	message: string,
	behaviour: ZohoBehaviour,
): Record<string, unknown> {
	if (behaviour.writeResultShape === 'documented')
		return { code: 'SUCCESS', id: record.id, message, status: 'success' };
	const details: Record<string, unknown> = { id: record.id };
	if (record.created_time !== undefined) details.created_time = record.created_time;
	if (record.modified_time !== undefined) details.modified_time = record.modified_time;
	return { code: 'SUCCESS', details, id: record.id, message, status: 'success' };
}

/** The paging metadata of a list answer. */
export function pagingMetadata(
	behaviour: ZohoBehaviour,
	{ page, perPage, count, more }: { page: number; perPage: number; count: number; more: boolean },
): Record<string, unknown> {
	switch (behaviour.listMetadata) {
		case 'info':
			return { info: { page, per_page: perPage, count, more_records: more } };
		case 'page_context':
			return { page_context: { page, per_page: perPage, has_more_page: more } };
		case 'none':
			return {};
	}
}
