/**
 * `POST /iot/v1/datapoints/data`: datapoint values, as Zoho's current "Get Datapoint Value" page
 * describes the request (`metrics` blocks of at most 5 IDs each; DOCUMENTED) and as the node
 * assumes the answer (each block echoed with its series; ASSUMED, Zoho shows no answer).
 *
 * Every seeded datapoint has a deterministic series: one value every 15 minutes (coarser over
 * long periods), a daily sine wave around a base that depends on the datapoint. Aggregation
 * (avg, sum, min, max, first_value, last_value) combines the whole period, or each hour, day,
 * week or month with `time_grouping`. No values in any block is HTTP 204 with no body.
 */

export const DATAPOINT_VALUES_ROUTE = 'datapoints/data';
/** DOCUMENTED: the read needs this scope (or full access). */
export const DATAPOINT_VALUES_SCOPE = 'ZohoIOT.modules.datapoints.data.CREATE';
/** DOCUMENTED: at most 5 template IDs and 5 datapoint IDs per block. */
export const MAX_IDS_PER_BLOCK = 5;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type DatapointRecord = Record<string, unknown> & { id: string };

export type ValuesAnswer =
	| { status: 200; body: { metrics: unknown[] } }
	| { status: 204 }
	| { invalid: Record<string, unknown> };

const AGGREGATIONS = ['sum', 'avg', 'max', 'min', 'last_value', 'first_value'];
const GROUPINGS = ['hour', 'day', 'week', 'month'];

function startOfUtcDay(ms: number): number {
	return Math.floor(ms / DAY) * DAY;
}
function startOfUtcWeek(ms: number): number {
	const day = startOfUtcDay(ms);
	const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
	return day - weekday * DAY;
}
function startOfUtcMonth(ms: number, monthsBack = 0): number {
	const d = new Date(ms);
	return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsBack, 1);
}
function startOfUtcYear(ms: number, yearsBack = 0): number {
	return Date.UTC(new Date(ms).getUTCFullYear() - yearsBack, 0, 1);
}

/** DOCUMENTED period names (deprecated GET page); the window each covers, ASSUMED in UTC. */
export function periodWindow(
	period: unknown,
	nowMs: number,
	customRange?: unknown,
): [number, number] | undefined {
	switch (period) {
		case undefined:
			return [nowMs - 15 * MINUTE, nowMs]; // DOCUMENTED default: the last 15 minutes
		case 'lasthour':
			return [nowMs - HOUR, nowMs];
		case 'last24hours':
			return [nowMs - DAY, nowMs];
		case 'today':
			return [startOfUtcDay(nowMs), nowMs];
		case 'yesterday':
			return [startOfUtcDay(nowMs) - DAY, startOfUtcDay(nowMs)];
		case 'thisweek':
			return [startOfUtcWeek(nowMs), nowMs];
		case 'last7days':
			return [nowMs - 7 * DAY, nowMs];
		case 'lastweek':
			return [startOfUtcWeek(nowMs) - 7 * DAY, startOfUtcWeek(nowMs)];
		case 'thismonth':
			return [startOfUtcMonth(nowMs), nowMs];
		case 'lastmonth':
			return [startOfUtcMonth(nowMs, 1), startOfUtcMonth(nowMs)];
		case 'last30days':
			return [nowMs - 30 * DAY, nowMs];
		case 'thisyear':
			return [startOfUtcYear(nowMs), nowMs];
		case 'lastyear':
			return [startOfUtcYear(nowMs, 1), startOfUtcYear(nowMs)];
		case 'custom_range': {
			const range = customRange as
				| { from?: { value?: unknown }; to?: { value?: unknown } }
				| undefined;
			const parse = (value: unknown) =>
				typeof value === 'string'
					? Date.parse(/(?:Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`)
					: NaN;
			const from = parse(range?.from?.value);
			const to = parse(range?.to?.value);
			return Number.isNaN(from) || Number.isNaN(to) || from > to ? undefined : [from, to];
		}
		default:
			return undefined;
	}
}

/** The value of a datapoint at an instant: deterministic, so tests can recompute it. */
export function datapointValue(datapoint: DatapointRecord, ms: number): number {
	const seq = Number(datapoint.id.slice(-6));
	const base = 10 + (seq % 4) * 15;
	const wave = 5 * Math.sin((2 * Math.PI * (ms % DAY)) / DAY + seq);
	return Math.round((base + wave) * 100) / 100;
}

function sampleStep(spanMs: number): number {
	if (spanMs <= 7 * DAY) return 15 * MINUTE;
	if (spanMs <= 62 * DAY) return HOUR;
	return DAY;
}

function bucketStart(ms: number, grouping: string | undefined): number {
	switch (grouping) {
		case 'hour':
			return Math.floor(ms / HOUR) * HOUR;
		case 'day':
			return startOfUtcDay(ms);
		case 'week':
			return startOfUtcWeek(ms);
		case 'month':
			return startOfUtcMonth(ms);
		default:
			return Number.NEGATIVE_INFINITY;
	}
}

function aggregate(values: number[], how: string): number {
	switch (how) {
		case 'sum':
			return Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;
		case 'avg':
			return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
		case 'max':
			return Math.max(...values);
		case 'min':
			return Math.min(...values);
		case 'first_value':
			return values[0];
		default:
			return values[values.length - 1];
	}
}

/** Zoho's date-time object (DOCUMENTED in the KB for record fields; ASSUMED here). */
function zohoDateTime(ms: number) {
	const value = new Date(ms).toISOString().slice(0, 19);
	return { millis_in_gmt: ms, formatted: [value.replace('T', ' ')], value };
}

const idList = (value: unknown): string[] | undefined =>
	value === undefined ? [] : Array.isArray(value) ? value.map(String) : undefined;

/** The answer to one request body, or what is invalid about it. */
export function answerDatapointValues(
	body: unknown,
	datapoints: DatapointRecord[],
	nowMs: number,
): ValuesAnswer {
	const metrics = (body as { metrics?: unknown } | undefined)?.metrics;
	if (!Array.isArray(metrics) || metrics.length === 0)
		return { invalid: { param: 'metrics', expected: 'a non-empty array' } };
	const answered: unknown[] = [];
	let anyValue = false;
	for (const [index, raw] of metrics.entries()) {
		if (!raw || typeof raw !== 'object' || Array.isArray(raw))
			return { invalid: { param: `metrics[${index}]`, expected: 'an object' } };
		const block = raw as Record<string, unknown>;
		const ids = idList(block.datapoint_ids);
		const templates = idList(block.datapoint_template_ids);
		const names = idList(block.datapoint_names);
		if (!ids || !templates || !names)
			return { invalid: { param: `metrics[${index}]`, expected: 'arrays of IDs or names' } };
		if (ids.length > MAX_IDS_PER_BLOCK)
			return { invalid: { param: `metrics[${index}].datapoint_ids`, maximum: MAX_IDS_PER_BLOCK } };
		if (templates.length > MAX_IDS_PER_BLOCK)
			return {
				invalid: { param: `metrics[${index}].datapoint_template_ids`, maximum: MAX_IDS_PER_BLOCK },
			};
		if (
			names.length > 0 &&
			typeof block.instance_name !== 'string' &&
			typeof block.model_name !== 'string'
		) {
			return {
				invalid: {
					param: `metrics[${index}].instance_name`,
					reason: 'mandatory with datapoint_names',
				},
			};
		}
		const window = periodWindow(block.period, nowMs, block.custom_range);
		if (!window) return { invalid: { param: `metrics[${index}].period` } };
		const how = block.aggregation;
		if (how !== undefined && !AGGREGATIONS.includes(String(how)))
			return { invalid: { param: `metrics[${index}].aggregation` } };
		const grouping = block.time_grouping;
		if (grouping !== undefined && !GROUPINGS.includes(String(grouping)))
			return { invalid: { param: `metrics[${index}].time_grouping` } };
		const descending = String(block.sort_order ?? 'asc').toLowerCase() === 'desc';

		const matched = datapoints.filter(
			(dp) =>
				ids.includes(dp.id) ||
				templates.includes(String(dp.template_id)) ||
				(names.includes(String(dp.datapoint_name)) && dp.instance_name === block.instance_name),
		);
		const [from, to] = window;
		const step = sampleStep(to - from);
		const series = matched.map((dp) => {
			let points: Array<[number, number]> = [];
			for (let t = Math.ceil(from / step) * step; t <= to; t += step)
				points.push([t, datapointValue(dp, t)]);
			if (how !== undefined) {
				const groups = new Map<number, Array<[number, number]>>();
				for (const point of points) {
					const key = bucketStart(point[0], grouping as string | undefined);
					groups.set(key, [...(groups.get(key) ?? []), point]);
				}
				points = [...groups.entries()].map(([key, group]) => [
					Number.isFinite(key) ? key : group[0][0],
					aggregate(
						group.map(([, v]) => v),
						String(how),
					),
				]);
			}
			if (descending) points.reverse();
			if (points.length > 0) anyValue = true;
			return {
				datapoint_id: dp.id,
				datapoint_name: dp.datapoint_name,
				instance_name: dp.instance_name,
				...(dp.unit !== undefined ? { unit: dp.unit } : {}),
				values: points.map(([t, value]) => ({ time: zohoDateTime(t), value })),
			};
		});
		answered.push({ ...block, datapoints: series });
	}
	return anyValue ? { status: 200, body: { metrics: answered } } : { status: 204 };
}
