/**
 * Datapoint → Get Values: `POST /datapoints/data` with `metrics` blocks, Zoho IoT's read of
 * telemetry (history, aggregates, grouped series). One request per item; lists of more than 5 IDs
 * are split into blocks of 5, as Zoho allows at most 5 per block.
 */
import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	CUSTOM_RANGE_PERIOD,
	DATAPOINT_AGGREGATIONS,
	DATAPOINT_PERIODS,
	DATAPOINT_TIME_GROUPINGS,
	DATAPOINT_VALUES_PATH,
	MAX_IDS_PER_METRICS_BLOCK,
	SORT_ORDERS,
} from '../../constants';
import { toRecordId } from '../../helpers/records';
import { isJsonObject, isOneOf } from '../../helpers/values';
import { organisationOffsetIn, zohoTimeToIso } from '../../helpers/zohoTime';
import { zohoIotApiRequest } from '../../transport';
import { shownOnlyFor } from '../common.descriptions';
import type { RecordResource } from '../registry';

type IdentifyBy = 'datapointIds' | 'names' | 'templateIds';

export function getValuesDescription(resource: RecordResource): INodeProperties[] {
	const by = (identifyBy: IdentifyBy) => ({
		displayOptions: { show: { identifyBy: [identifyBy] } },
	});
	return shownOnlyFor(resource, 'getValues', [
		{
			displayName: 'Datapoints By',
			name: 'identifyBy',
			type: 'options',
			options: [
				{
					name: 'Datapoint IDs',
					value: 'datapointIds',
					description: 'The IDs of datapoints of device or asset instances',
				},
				{
					name: 'Names and Instance',
					value: 'names',
					description: 'Datapoint names of one instance, e.g. Temperature of TS-0042',
				},
				{
					name: 'Template IDs',
					value: 'templateIds',
					description: 'The IDs of datapoint templates of a model',
				},
			],
			default: 'datapointIds',
			description: 'How to name the datapoints to read',
		},
		{
			displayName: 'Datapoint IDs',
			name: 'datapointIds',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 4417000000600000001, 4417000000600000002',
			description:
				'The instance datapoint IDs, comma-separated or as an array from an expression. More than 5 are sent in blocks of 5, in one request.',
			...by('datapointIds'),
		},
		{
			displayName: 'Template IDs',
			name: 'templateIds',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 4417000000600000101',
			description:
				'The datapoint template IDs, comma-separated or as an array from an expression. More than 5 are sent in blocks of 5, in one request.',
			...by('templateIds'),
		},
		{
			displayName: 'Datapoint Names',
			name: 'datapointNames',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Temperature, Humidity',
			description:
				'The datapoint names as Zoho IoT shows them, comma-separated or as an array from an expression. More than 5 are sent in blocks of 5, in one request.',
			...by('names'),
		},
		{
			displayName: 'Instance Name',
			name: 'instanceName',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. TS-0042 Pune Warehouse',
			description: 'The name of the device or asset the datapoints belong to',
			...by('names'),
		},
		{
			displayName: 'Period',
			name: 'period',
			type: 'options',
			options: DATAPOINT_PERIODS.map(([name, value]) => ({ name, value })),
			default: 'last24hours',
			description: 'The time range to read',
		},
		{
			displayName: 'From',
			name: 'from',
			type: 'dateTime',
			required: true,
			default: '',
			description: 'Start of the range (inclusive), e.g. {{ $now.minus({ days: 2 }) }}',
			displayOptions: { show: { period: [CUSTOM_RANGE_PERIOD] } },
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'dateTime',
			required: true,
			default: '',
			description: 'End of the range, e.g. {{ $now }}',
			displayOptions: { show: { period: [CUSTOM_RANGE_PERIOD] } },
		},
		{
			displayName: 'Aggregation',
			name: 'aggregation',
			type: 'options',
			options: [
				...DATAPOINT_AGGREGATIONS.map(([name, value]) => ({ name, value })),
				{ name: 'None (Raw Values)', value: '' },
			].sort((a, b) => a.name.localeCompare(b.name)),
			default: '',
			description:
				'How Zoho IoT combines the values of each time group (or of the whole period without Time Grouping)',
		},
		{
			displayName: 'Time Grouping',
			name: 'timeGrouping',
			type: 'options',
			options: [
				...DATAPOINT_TIME_GROUPINGS.map(([name, value]) => ({ name, value })),
				{ name: 'None', value: '' },
			].sort((a, b) => a.name.localeCompare(b.name)),
			default: '',
			description: 'One aggregated value per hour, day, week or month',
			displayOptions: { hide: { aggregation: [''] } },
		},
		{
			displayName: 'Sort Order',
			name: 'sortOrder',
			type: 'options',
			options: [
				{ name: 'Newest First', value: 'desc' },
				{ name: 'Oldest First', value: 'asc' },
			],
			default: 'asc',
			description: 'The order of the values in time',
		},
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{
					name: 'One Item per Data Point',
					value: 'points',
					description: 'Each value as an item: datapoint, instance, time, value',
				},
				{
					name: 'One Item per Series',
					value: 'series',
					description: 'Each datapoint as an item, its values in a list',
				},
			],
			default: 'points',
			description: 'How the values become items',
		},
	]);
}

/** A list parameter: comma-separated text, or an array (or one value) from an expression. */
function listFrom(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (typeof value === 'string')
		return value
			.split(',')
			.map((part) => part.trim())
			.filter((part) => part !== '');
	return value === undefined || value === null || value === '' ? [] : [value];
}

function chunks<T>(list: T[]): T[][] {
	const blocks: T[][] = [];
	for (let start = 0; start < list.length; start += MAX_IDS_PER_METRICS_BLOCK) {
		blocks.push(list.slice(start, start + MAX_IDS_PER_METRICS_BLOCK));
	}
	return blocks;
}

/**
 * A date-time parameter as Zoho's custom range wants it: UTC, seconds, no offset. Assumed: Zoho
 * reads an offset-less range value in a request as UTC (its documented sample shows the format,
 * not the zone); the times Zoho sends back are read by helpers/zohoTime.ts.
 */
function rangeValue(node: INode, value: unknown, valueName: string, itemIndex: number): string {
	const raw =
		typeof value === 'string'
			? value.trim()
			: value instanceof Date
				? value.toISOString()
				: String((value as { toISO?: () => string })?.toISO?.() ?? value ?? '');
	const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(raw);
	const date = new Date(hasZone || raw === '' ? raw : `${raw}Z`);
	if (raw === '' || Number.isNaN(date.getTime())) {
		throw new NodeOperationError(
			node,
			`${valueName} is not a date and time: ${JSON.stringify(raw)}`,
			{
				description: `Pick ${valueName} in the date picker, or map an ISO 8601 value, e.g. 2026-03-01T00:00:00Z.`,
				itemIndex,
			},
		);
	}
	return date.toISOString().slice(0, 19);
}

/** The metrics blocks for this item, checked before any request. */
export function metricsBlocks(this: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const node = this.getNode();
	const identifyBy = this.getNodeParameter('identifyBy', itemIndex, 'datapointIds') as IdentifyBy;
	const common: IDataObject = {};
	const period = this.getNodeParameter('period', itemIndex, 'last24hours') as string;
	if (!DATAPOINT_PERIODS.some(([, value]) => value === period)) {
		throw new NodeOperationError(node, `"${period}" is not a period`, {
			description: `Use one of: ${DATAPOINT_PERIODS.map(([, value]) => value).join(', ')}.`,
			itemIndex,
		});
	}
	common.period = period;
	if (period === CUSTOM_RANGE_PERIOD) {
		const from = rangeValue(node, this.getNodeParameter('from', itemIndex, ''), 'From', itemIndex);
		const to = rangeValue(node, this.getNodeParameter('to', itemIndex, ''), 'To', itemIndex);
		if (from > to) {
			throw new NodeOperationError(node, `From (${from}) is after To (${to})`, {
				description: 'Swap the two, or pick a From before To.',
				itemIndex,
			});
		}
		common.custom_range = { from: { value: from }, to: { value: to } };
	}
	const aggregation = this.getNodeParameter('aggregation', itemIndex, '') as string;
	if (aggregation) {
		if (!DATAPOINT_AGGREGATIONS.some(([, value]) => value === aggregation)) {
			throw new NodeOperationError(node, `"${aggregation}" is not an aggregation`, {
				description: `Use one of: ${DATAPOINT_AGGREGATIONS.map(([, value]) => value).join(', ')}, or none.`,
				itemIndex,
			});
		}
		common.aggregation = aggregation;
		const timeGrouping = this.getNodeParameter('timeGrouping', itemIndex, '') as string;
		if (timeGrouping) {
			if (!DATAPOINT_TIME_GROUPINGS.some(([, value]) => value === timeGrouping)) {
				throw new NodeOperationError(node, `"${timeGrouping}" is not a time grouping`, {
					description: `Use one of: ${DATAPOINT_TIME_GROUPINGS.map(([, value]) => value).join(', ')}, or none.`,
					itemIndex,
				});
			}
			common.time_grouping = timeGrouping;
		}
	}
	const sortOrder = this.getNodeParameter('sortOrder', itemIndex, 'asc') as string;
	if (!isOneOf(sortOrder, SORT_ORDERS)) {
		throw new NodeOperationError(node, `"${sortOrder}" is not a sort order`, {
			description: `Use one of: ${SORT_ORDERS.join(', ')}.`,
			itemIndex,
		});
	}
	common.sort_order = sortOrder;

	if (identifyBy === 'names') {
		const names = listFrom(this.getNodeParameter('datapointNames', itemIndex, ''))
			.map((name) => String(name).trim())
			.filter(Boolean);
		const instance = String(this.getNodeParameter('instanceName', itemIndex, '') ?? '').trim();
		if (names.length === 0) {
			throw new NodeOperationError(node, 'No datapoint names given', {
				description:
					'Enter one or more datapoint names, comma-separated, e.g. Temperature, Humidity.',
				itemIndex,
			});
		}
		if (!instance) {
			throw new NodeOperationError(node, 'No instance name given', {
				description:
					'Enter the name of the device or asset the datapoints belong to, e.g. TS-0042 Pune Warehouse.',
				itemIndex,
			});
		}
		return chunks(names).map((block) => ({
			datapoint_names: block,
			instance_name: instance,
			...common,
		}));
	}
	const parameter = identifyBy === 'templateIds' ? 'templateIds' : 'datapointIds';
	const valueName = identifyBy === 'templateIds' ? 'datapoint template ID' : 'datapoint ID';
	const ids = listFrom(this.getNodeParameter(parameter, itemIndex, '')).map((value) =>
		toRecordId(node, value, {
			valueName,
			itemIndex,
			howToFix: `Enter ${valueName}s separated by commas, e.g. 4417000000600000001, 4417000000600000002.`,
		}),
	);
	if (ids.length === 0) {
		throw new NodeOperationError(node, `No ${valueName}s given`, {
			description: `Enter one or more ${valueName}s, comma-separated, or map an array of them.`,
			itemIndex,
		});
	}
	// IDs stay strings: Zoho's are longer than a JSON number holds exactly.
	const key = identifyBy === 'templateIds' ? 'datapoint_template_ids' : 'datapoint_ids';
	return chunks([...new Set(ids)]).map((block) => ({ [key]: block, ...common }));
}

interface Series {
	datapoint_id?: unknown;
	datapoint: unknown;
	instance: unknown;
	unit?: unknown;
	values: Array<{ time: string | null; value: unknown }>;
}

/**
 * The series in Zoho's response, read defensively. Assumed (Zoho's page shows the request, not
 * the response): each block comes back with its series, `{"metrics": [{..., "datapoints":
 * [{"datapoint_id", "datapoint_name", "instance_name", "unit", "values": [{"time":
 * {"millis_in_gmt", "formatted", "value"}, "value": 21.5}]}]}]}`. A time may also be a plain
 * string, epoch seconds or milliseconds or a `[time, value]` pair, and `unit` may be missing. A
 * 204 or an empty body is "no values" ([3P] client code), not an error. Times are read by the
 * package's one rule (helpers/zohoTime.ts); an offset-less time is the organisation's local time,
 * converted when any date-time object in the same answer shows the organisation's offset.
 */
export function seriesFromResponse(body: unknown): Series[] {
	const metrics = isJsonObject(body) && Array.isArray(body.metrics) ? body.metrics : [];
	const offsetMs = organisationOffsetIn(metrics);
	const isoTime = (time: unknown) => zohoTimeToIso(time, offsetMs);
	const series: Series[] = [];
	for (const block of metrics) {
		if (!isJsonObject(block)) continue;
		const list = Array.isArray(block.datapoints)
			? block.datapoints
			: Array.isArray(block.data)
				? block.data
				: [];
		for (const entry of list) {
			if (!isJsonObject(entry)) continue;
			const rawValues = Array.isArray(entry.values)
				? entry.values
				: Array.isArray(entry.data)
					? entry.data
					: [];
			const values = rawValues.map((point) => {
				if (Array.isArray(point)) return { time: isoTime(point[0]), value: point[1] };
				if (isJsonObject(point))
					return { time: isoTime(point.time ?? point.timestamp), value: point.value };
				return { time: null, value: point };
			});
			series.push({
				...((entry.datapoint_id ?? entry.id)
					? { datapoint_id: entry.datapoint_id ?? entry.id }
					: {}),
				datapoint: entry.datapoint_name ?? entry.name ?? null,
				instance: entry.instance_name ?? block.instance_name ?? null,
				...(entry.unit !== undefined && entry.unit !== null
					? { unit: isJsonObject(entry.unit) ? (entry.unit.name ?? entry.unit) : entry.unit }
					: {}),
				values,
			});
		}
	}
	return series;
}

/** Reads the values of one item's datapoints; a 204 or empty response is zero items. */
export async function getValues(
	this: IExecuteFunctions,
	_resource: RecordResource,
	itemIndex: number,
): Promise<IDataObject[]> {
	const metrics = metricsBlocks.call(this, itemIndex);
	const output = this.getNodeParameter('output', itemIndex, 'points') as string;
	const body = await zohoIotApiRequest.call(this, {
		method: 'POST',
		path: DATAPOINT_VALUES_PATH,
		body: { metrics },
		itemIndex,
		read: true,
	});
	const series = seriesFromResponse(body);
	if (output === 'series') return series as unknown as IDataObject[];
	return series.flatMap(
		({ values, ...about }) =>
			values.map(({ time, value }) => ({
				datapoint: about.datapoint,
				instance: about.instance,
				time,
				value,
				...(about.unit !== undefined ? { unit: about.unit } : {}),
				...(about.datapoint_id !== undefined ? { datapoint_id: about.datapoint_id } : {}),
			})) as IDataObject[],
	);
}
