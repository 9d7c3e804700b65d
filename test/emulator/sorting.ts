/**
 * How the emulated list sorts (`sort_by`, `sort_order`). ASSUMED (zoho-behaviour.ts, list
 * sorting): any field sorts; times sort as instants whether a record holds them as ISO text or
 * as a date-time object `{millis_in_gmt, formatted, value}`; records with no value come last;
 * equal values keep their stored (creation) order, in both directions.
 */

/** A time as milliseconds, when the value is one: ISO text or a date-time object. */
function instant(value: unknown): number | undefined {
	if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
		const ms = Date.parse(value);
		return Number.isFinite(ms) ? ms : undefined;
	}
	if (typeof value === 'object' && value !== null && 'millis_in_gmt' in value) {
		const ms = Number((value as { millis_in_gmt: unknown }).millis_in_gmt);
		return Number.isFinite(ms) ? ms : undefined;
	}
	return undefined;
}

function missing(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

/** Ascending comparison of two field values. */
export function compareFieldValues(a: unknown, b: unknown): number {
	const [ta, tb] = [instant(a), instant(b)];
	if (ta !== undefined && tb !== undefined) return ta - tb;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	const as = typeof a === 'object' ? JSON.stringify(a) : String(a);
	const bs = typeof b === 'object' ? JSON.stringify(b) : String(b);
	return as < bs ? -1 : as > bs ? 1 : 0;
}

/** The records sorted by `field` in `order`; missing values last in both orders; stable. */
export function sortRecords<T extends Record<string, unknown>>(
	records: T[],
	field: string,
	order: 'asc' | 'desc',
): T[] {
	const direction = order === 'desc' ? -1 : 1;
	return [...records].sort((x, y) => {
		const [a, b] = [x[field], y[field]];
		if (missing(a) || missing(b)) return missing(a) === missing(b) ? 0 : missing(a) ? 1 : -1;
		return direction * compareFieldValues(a, b);
	});
}
