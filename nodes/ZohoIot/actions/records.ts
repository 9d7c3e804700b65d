/**
 * What the record operations share: the checks and conversions between n8n parameters and Zoho
 * records. Which resource maps to which Zoho module is registry.ts's. No HTTP here.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { RECORD_ID_PATTERN, SIMPLIFIED_RECORD_FIELDS } from '../constants';
import type { RecordResource } from './registry';

export type { RecordResource } from './registry';

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

/** The one record in Zoho's answer to `GET /{module}/{id}`, in either shape Zoho may use. */
export function recordFromAnswer(
	node: INode,
	resource: RecordResource,
	body: IDataObject,
	itemIndex: number,
): IDataObject {
	const value = body[resource.module];
	const record = Array.isArray(value) ? value[0] : value;
	if (isJsonObject(record)) return record;
	throw new NodeApiError(node, body as never, {
		message: `Zoho IoT answered without the ${resource.singular}`,
		description: `The answer had no "${resource.module}" record. Check the ID; if it is right, this Zoho IoT answer is one this node does not know yet: please report it.`,
		itemIndex,
	});
}

/**
 * The fields people use, flat: id, name, model_id, model_name, description, status,
 * created_time, modified_time (each only when Zoho sent it). A lookup `model: {id, name}` is
 * flattened so both shapes Zoho may use give the same output.
 */
export function simplifyRecord(record: IDataObject, fields: readonly string[] = SIMPLIFIED_RECORD_FIELDS): IDataObject {
	const model = isJsonObject(record.model) ? record.model : undefined;
	const source: IDataObject = {
		...record,
		model_id: record.model_id ?? model?.id,
		model_name: record.model_name ?? model?.display_name ?? model?.name,
	};
	const simplified: IDataObject = {};
	for (const field of fields) {
		if (source[field] !== undefined) simplified[field] = source[field];
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
