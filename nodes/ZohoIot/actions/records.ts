/**
 * What the Device and Asset operations share: which resource maps to which Zoho module, and the
 * checks and conversions between n8n parameters and Zoho records. No HTTP here.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	DATE_TIME_OBJECT,
	MODEL_LOOKUP_FIELDS,
	RECORD_ID_PATTERN,
	SIMPLIFIED_RECORD_FIELDS,
	type ZohoModule,
} from '../constants';

export interface RecordResource {
	/** The value of the node's `resource` parameter. */
	resource: 'device' | 'asset';
	/** The Zoho module behind it: path segment and body key. */
	module: ZohoModule;
	/** Lowercase singular for messages, e.g. "device". */
	singular: string;
	/** The singular with its article, e.g. "an asset". */
	withArticle: string;
	/** Title Case singular for labels, e.g. "Device". */
	label: string;
	/** The resource locator parameter of Get, Update and Delete. */
	idParameter: 'deviceId' | 'assetId';
	/** The list search method behind the locator's "From List" mode. */
	searchListMethod: 'searchDevices' | 'searchAssets';
	/** The load options method behind the model dropdown. */
	modelsMethod: 'getDeviceModels' | 'getAssetModels';
}

export const DEVICE: RecordResource = {
	resource: 'device',
	module: 'devices',
	singular: 'device',
	withArticle: 'a device',
	label: 'Device',
	idParameter: 'deviceId',
	searchListMethod: 'searchDevices',
	modelsMethod: 'getDeviceModels',
};

export const ASSET: RecordResource = {
	resource: 'asset',
	module: 'assets',
	singular: 'asset',
	withArticle: 'an asset',
	label: 'Asset',
	idParameter: 'assetId',
	searchListMethod: 'searchAssets',
	modelsMethod: 'getAssetModels',
};

const recordIdPattern = new RegExp(RECORD_ID_PATTERN);

/** A JSON object (not null, not an array), as Zoho's records and result details are. */
export function isJsonObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A Zoho record ID from whatever a parameter or expression produced: digits as a string.
 * Whitespace around it is forgiven (webhook payloads carry it); anything else is a clear error
 * before a request is made.
 */
export function toRecordId(
	node: INode,
	value: unknown,
	{ what, itemIndex, fix }: { what: string; itemIndex: number; fix: string },
): string {
	if (typeof value === 'number') {
		// A JSON number above 2^53 has already lost digits: sending it would hit another record.
		if (!Number.isSafeInteger(value) || value < 0) {
			throw new NodeOperationError(node, `The ${what} ${value} is not exact`, {
				description: `Zoho IoT IDs can be longer than a JavaScript number holds exactly, so this one was rounded before it reached the node and would point at another record. Map the ID from a field that holds it as text (in quotes in the JSON), not as a number. ${fix}`,
				itemIndex,
			});
		}
		return String(value);
	}
	const text = typeof value === 'string' ? value.trim() : '';
	if (typeof value !== 'string' || text === '') {
		throw new NodeOperationError(node, `No ${what} given`, { description: fix, itemIndex });
	}
	if (!recordIdPattern.test(text)) {
		throw new NodeOperationError(node, `"${text}" is not a valid ${what}`, {
			description: `A Zoho IoT ID contains only digits, e.g. 4417000000100000001. ${fix}`,
			itemIndex,
		});
	}
	return text;
}

/**
 * A JSON object from a JSON parameter: its text parsed, or the object an expression produced.
 * Empty text means "nothing". Anything but a JSON object is a clear error.
 */
export function parseJsonObject(
	node: INode,
	value: unknown,
	{ what, itemIndex, example }: { what: string; itemIndex: number; example: string },
): IDataObject {
	if (value === undefined || value === null) return {};
	if (isJsonObject(value)) return value;
	if (typeof value !== 'string') {
		throw new NodeOperationError(node, `${what} must be a JSON object`, {
			description: `Enter a JSON object, e.g. ${example}`,
			itemIndex,
		});
	}
	if (value.trim() === '') return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(value);
	} catch (error) {
		throw new NodeOperationError(node, `${what} is not valid JSON`, {
			description: `${(error as Error).message}. Enter a JSON object, e.g. ${example}`,
			itemIndex,
		});
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new NodeOperationError(node, `${what} must be a JSON object`, {
			description: `Enter a JSON object with field names as keys, e.g. ${example}`,
			itemIndex,
		});
	}
	return parsed as IDataObject;
}

/** The record fields the node's field collections can set, as n8n stores them. */
export interface RecordFieldsInput {
	name?: string;
	modelId?: string | number;
	description?: string;
	customFields?: { field?: Array<{ name?: string; value?: unknown }> };
	fieldsJson?: string | IDataObject;
}

/**
 * The Zoho record fields for a create or an update: the named fields, then the custom
 * name/value pairs, then the JSON fields, each later one winning over an earlier one.
 */
export function recordFieldsFrom(
	node: INode,
	resource: RecordResource,
	input: RecordFieldsInput,
	itemIndex: number,
): IDataObject {
	const fields: IDataObject = {};
	if (input.name !== undefined) {
		const name = String(input.name).trim();
		if (!name) {
			throw new NodeOperationError(node, `The ${resource.singular} name is empty`, {
				description: `Enter a name, or map one from the input, e.g. {{ $json.name }}.`,
				itemIndex,
			});
		}
		fields.name = name;
	}
	if (input.modelId !== undefined) {
		fields.model_id = toRecordId(node, input.modelId, {
			what: 'model ID',
			itemIndex,
			fix: `Choose the ${resource.singular} model from the list, or map a model ID from the input. The list shows every ${resource.singular} model of your Zoho IoT application.`,
		});
	}
	if (input.description !== undefined) fields.description = input.description;
	for (const [position, pair] of (input.customFields?.field ?? []).entries()) {
		const name = String(pair.name ?? '').trim();
		if (!name) {
			throw new NodeOperationError(node, `Custom field ${position + 1} has no name`, {
				description: 'Enter the field\'s API name as Zoho IoT shows it in the model\'s field settings, e.g. asset_tag, or remove the empty row.',
				itemIndex,
			});
		}
		fields[name] = pair.value as IDataObject[string];
	}
	Object.assign(
		fields,
		parseJsonObject(node, input.fieldsJson, {
			what: 'Fields (JSON)',
			itemIndex,
			example: '{"serial_number": "SN-1042", "location": "Pune Warehouse"}',
		}),
	);
	return fields;
}

/** The record inside a wrapper: the first element of an array, or the object itself. */
function unwrapped(value: unknown): unknown {
	return Array.isArray(value) ? value[0] : value;
}

/**
 * The one record in Zoho's answer to `GET /{module}/{id}`, in any shape Zoho may use:
 * `{"<module>": [record]}`, `{"<module>": {record}}`, `[record]` or the record itself.
 */
export function recordFromAnswer(
	node: INode,
	resource: RecordResource,
	body: unknown,
	itemIndex: number,
): IDataObject {
	let record = unwrapped(body);
	if (isJsonObject(record) && resource.module in record) record = unwrapped(record[resource.module]);
	if (isJsonObject(record) && record.id !== undefined) return record;
	throw new NodeApiError(node, (isJsonObject(body) ? body : { body }) as never, {
		message: `Zoho IoT answered without the ${resource.singular}`,
		description: `The answer had no "${resource.module}" record. Check the ID; if it is right, this Zoho IoT answer is one this node does not know yet: please report it.`,
		itemIndex,
	});
}

/** A lookup field's value: an object naming another record by id and name, e.g. a location. */
function isLookup(value: unknown): value is IDataObject {
	return isJsonObject(value) && value.id !== undefined && ('name' in value || 'display_name' in value) && !isDateTime(value);
}

/** Zoho's date-time object `{millis_in_gmt, formatted, value}`. */
function isDateTime(value: unknown): value is IDataObject {
	return (
		isJsonObject(value) &&
		(typeof value[DATE_TIME_OBJECT.millis] === 'number' ||
			(typeof value[DATE_TIME_OBJECT.value] === 'string' && Array.isArray(value[DATE_TIME_OBJECT.formatted])))
	);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;
const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;
const OFFSET_PARTS = /([+-])(\d{2}):?(\d{2})$/;
const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_OFFSET_MS = 14 * 3_600_000;

/** `2025-10-29T16:34:16+05:30`: the instant `millis` written in the given offset. */
function isoWithOffset(millis: number, offsetMs: number): string {
	const local = new Date(millis + offsetMs).toISOString();
	const seconds = local.slice(0, 19);
	const fraction = local.slice(19, 23) === '.000' ? '' : local.slice(19, 23);
	const minutes = Math.round(offsetMs / 60_000);
	const sign = minutes < 0 ? '-' : '+';
	return `${seconds}${fraction}${sign}${pad(Math.trunc(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * A date-time object as an ISO 8601 string with offset (see DATE_TIME_OBJECT in constants.ts for
 * the rules). Anything else is returned unchanged.
 */
export function dateTimeToIso(value: unknown): unknown {
	if (!isDateTime(value)) return value;
	const millis = value[DATE_TIME_OBJECT.millis];
	const text = value[DATE_TIME_OBJECT.value];
	if (typeof millis === 'number' && Number.isFinite(millis)) {
		// The offset `value` is written in: the difference to millis, or its own suffix.
		const local = typeof text === 'string' ? text.replace(HAS_OFFSET, '') : '';
		const suffix = typeof text === 'string' ? OFFSET_PARTS.exec(text) : null;
		const offsetMs = suffix
			? (suffix[1] === '-' ? -1 : 1) * (Number(suffix[2]) * 60 + Number(suffix[3])) * 60_000
			: Date.parse(`${local}Z`) - millis;
		if (LOCAL_DATE_TIME.test(local) && offsetMs % QUARTER_HOUR_MS === 0 && Math.abs(offsetMs) <= MAX_OFFSET_MS) {
			return isoWithOffset(millis, offsetMs);
		}
		return isoWithOffset(millis, 0);
	}
	// Only `value`: with its offset it is already ISO 8601; without, no offset is invented.
	return typeof text === 'string' && (HAS_OFFSET.test(text) || LOCAL_DATE_TIME.test(text)) ? text : value;
}

/**
 * The fields people use, flat (each only when Zoho sent it): the given fields (by default
 * SIMPLIFIED_RECORD_FIELDS), with model_id/model_name from whichever model shape Zoho used
 * (flat fields, a `layout` or a `model` lookup) and date-time objects as ISO 8601 strings; then
 * every other lookup field flattened to `<field>_id`/`<field>_name`. A pure function: the record
 * itself is not changed.
 */
export function simplifyRecord(record: IDataObject, fields: readonly string[] = SIMPLIFIED_RECORD_FIELDS): IDataObject {
	const modelLookup = MODEL_LOOKUP_FIELDS.map((field) => record[field]).find(isLookup);
	const source: IDataObject = {
		...record,
		model_id: record.model_id ?? modelLookup?.id,
		model_name: record.model_name ?? modelLookup?.display_name ?? modelLookup?.name,
	};
	const simplified: IDataObject = {};
	for (const field of fields) {
		const value = source[field];
		if (value !== undefined && !isLookup(value)) simplified[field] = dateTimeToIso(value) as IDataObject[string];
	}
	for (const [field, value] of Object.entries(record)) {
		if ((MODEL_LOOKUP_FIELDS as readonly string[]).includes(field) || !isLookup(value)) continue;
		simplified[`${field}_id`] = value.id;
		simplified[`${field}_name`] = value.display_name ?? value.name;
	}
	return simplified;
}

/** The ID of the record an operation works on, from the resource locator, checked. */
export function recordIdParameter(this: IExecuteFunctions, resource: RecordResource, itemIndex: number): string {
	const value = this.getNodeParameter(resource.idParameter, itemIndex, '', { extractValue: true });
	return toRecordId(this.getNode(), value, {
		what: `${resource.singular} ID`,
		itemIndex,
		fix: `Choose the ${resource.singular} from the list, or switch to "By ID" and enter or map its ID.`,
	});
}
