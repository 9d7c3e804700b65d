/**
 * What the record operations share: the checks and conversions between n8n parameters and Zoho
 * records. Which resource maps to which Zoho module is actions/registry.ts's. No HTTP here.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	DATE_TIME_OBJECT,
	JSON_LIMITS,
	MAX_RECORD_ID_DIGITS,
	MODEL_LOOKUP_FIELDS,
	RECORD_ID_PATTERN,
	MAX_SIMPLIFIED_FIELDS,
	SIMPLIFIED_RECORD_FIELDS,
} from '../constants';
import { isJsonObject, shown } from './values';
import { isoInOffset, organisationOffsetOf, readZohoTime, writtenOffsetMs } from './zohoTime';

/**
 * What the record helpers need to know of a resource. The registry's entries (actions/registry.ts)
 * have these and more; helpers name only what they use, so they never import from actions/.
 */
export interface ResourceNames {
	/** The Zoho module: path segment and body key, e.g. "devices". */
	module: string;
	/** Lowercase singular for messages, e.g. "device". */
	singular: string;
	/** The resource locator parameter of Get, Update and Delete, e.g. "deviceId". */
	idParameter: string;
}

const recordIdPattern = new RegExp(RECORD_ID_PATTERN);

/** What an expression produced, in words, for errors: "an object", "null", "NaN"... */
export function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'number')
		return Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? 'a number' : String(value);
	if (typeof value === 'boolean') return `a boolean (${value})`;
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

/**
 * Text from a string parameter: a string (trimmed), or a finite number written as digits. null,
 * objects, lists, booleans and NaN from expressions are refused, never sent as "null",
 * "[object Object]" or "a,b".
 */
export function toText(
	node: INode,
	value: unknown,
	{
		valueName,
		itemIndex,
		howToFix,
		allowEmpty = false,
	}: { valueName: string; itemIndex: number; howToFix: string; allowEmpty?: boolean },
): string {
	let text: string;
	if (typeof value === 'string') text = value.trim();
	else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
	else {
		throw new NodeOperationError(node, `The ${valueName} must be text, not ${kindOf(value)}`, {
			description: `${howToFix} If it comes from an expression, make the expression give text, e.g. {{ $json.name }}.`,
			itemIndex,
		});
	}
	if (!text && !allowEmpty) {
		throw new NodeOperationError(node, `The ${valueName} is empty`, {
			description: howToFix,
			itemIndex,
		});
	}
	return text;
}

/**
 * A Zoho record ID from whatever a parameter or expression produced: digits as a string.
 * Whitespace around it is forgiven (webhook payloads carry it); anything else is a clear error
 * before a request is made.
 */
export function toRecordId(
	node: INode,
	value: unknown,
	{ valueName, itemIndex, howToFix }: { valueName: string; itemIndex: number; howToFix: string },
): string {
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) {
			throw new NodeOperationError(node, `The ${valueName} must be digits, not ${kindOf(value)}`, {
				description: howToFix,
				itemIndex,
			});
		}
		// A JSON number above 2^53 has already lost digits: sending it would hit another record.
		if (!Number.isSafeInteger(value) || value < 0) {
			throw new NodeOperationError(node, `The ${valueName} ${value} is not exact`, {
				description: `Zoho IoT IDs can be longer than a JavaScript number holds exactly, so this one was rounded before it reached the node and would point at another record. Map the ID from a field that holds it as text (in quotes in the JSON), not as a number. ${howToFix}`,
				itemIndex,
			});
		}
		return String(value);
	}
	if (value === undefined || value === null || value === '') {
		throw new NodeOperationError(node, `No ${valueName} given`, {
			description: howToFix,
			itemIndex,
		});
	}
	if (typeof value !== 'string') {
		throw new NodeOperationError(node, `The ${valueName} must be digits, not ${kindOf(value)}`, {
			description: `A Zoho IoT ID contains only digits, e.g. 4417000000100000001. ${howToFix}`,
			itemIndex,
		});
	}
	const text = value.trim();
	if (text === '')
		throw new NodeOperationError(node, `No ${valueName} given`, {
			description: howToFix,
			itemIndex,
		});
	if (!recordIdPattern.test(text) || text.length > MAX_RECORD_ID_DIGITS) {
		throw new NodeOperationError(node, `"${shown(text)}" is not a valid ${valueName}`, {
			description: `A Zoho IoT ID contains only digits, at most ${MAX_RECORD_ID_DIGITS}, e.g. 4417000000100000001. ${howToFix}`,
			itemIndex,
		});
	}
	return text;
}

/**
 * Why a JSON value is beyond what the node sends, or undefined when it is within bounds: depth,
 * number of values, and values JSON cannot carry (NaN, Infinity, functions). Walked without
 * recursion, so no input can overflow the stack.
 */
export function jsonBoundsProblem(
	value: unknown,
	maxCharacters = JSON_LIMITS.maxCharacters,
): string | undefined {
	const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
	let values = 0;
	let characters = 0;
	while (pending.length > 0) {
		const { value: current, depth } = pending.pop()!;
		if (++values > JSON_LIMITS.maxValues)
			return `it holds more than ${JSON_LIMITS.maxValues.toLocaleString('en-US')} values`;
		if (current === null || current === undefined || typeof current === 'boolean') continue;
		if (typeof current === 'string') {
			characters += current.length;
			if (characters > maxCharacters)
				return `it is longer than ${maxCharacters.toLocaleString('en-US')} characters`;
			continue;
		}
		if (typeof current === 'number') {
			if (!Number.isFinite(current)) return `it holds ${String(current)}, which JSON cannot carry`;
			continue;
		}
		if (typeof current !== 'object') return `it holds ${kindOf(current)}, which JSON cannot carry`;
		if (current instanceof Date) continue;
		if (depth >= JSON_LIMITS.maxDepth)
			return `it is nested deeper than ${JSON_LIMITS.maxDepth} levels`;
		const entries = Array.isArray(current)
			? current.map((entry) => ['', entry] as const)
			: Object.entries(current);
		for (const [key, entry] of entries) {
			characters += key.length;
			pending.push({ value: entry, depth: depth + 1 });
		}
	}
	return undefined;
}

/** The deepest nesting of brackets in a JSON text, counted without parsing it (strings skipped). */
function jsonTextDepth(text: string): number {
	let depth = 0;
	let deepest = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (inString) {
			if (char === '\\') i++;
			else if (char === '"') inString = false;
		} else if (char === '"') inString = true;
		else if (char === '{' || char === '[') deepest = Math.max(deepest, ++depth);
		else if (char === '}' || char === ']') depth--;
	}
	return deepest;
}

/**
 * A JSON object from a JSON parameter: its text parsed, or the object an expression produced.
 * Empty text means "nothing". Anything but a JSON object is a clear error, and so is JSON
 * beyond the node's bounds (JSON_LIMITS): too deep, too big, or holding NaN or Infinity.
 */
export function parseJsonObject(
	node: INode,
	value: unknown,
	{
		valueName,
		itemIndex,
		example,
		maxCharacters = JSON_LIMITS.maxCharacters,
	}: { valueName: string; itemIndex: number; example: string; maxCharacters?: number },
): IDataObject {
	const tooBig = (problem: string) =>
		new NodeOperationError(node, `${valueName} is too large or too deep: ${problem}`, {
			description: `The node sends at most ${maxCharacters.toLocaleString('en-US')} characters nested at most ${JSON_LIMITS.maxDepth} levels deep here. Enter a smaller JSON object, e.g. ${example}`,
			itemIndex,
		});
	if (value === undefined || value === null) return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return {};
		if (value.length > maxCharacters)
			throw tooBig(`it is ${value.length.toLocaleString('en-US')} characters long`);
		if (jsonTextDepth(value) > JSON_LIMITS.maxDepth + 1)
			throw tooBig(`it is nested deeper than ${JSON_LIMITS.maxDepth} levels`);
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			throw new NodeOperationError(node, `${valueName} is not valid JSON`, {
				description: `${(error as Error).message}. Enter a JSON object, e.g. ${example}`,
				itemIndex,
			});
		}
	}
	if (!isJsonObject(parsed)) {
		throw new NodeOperationError(
			node,
			`${valueName} must be a JSON object, not ${kindOf(parsed)}`,
			{
				description: `Enter a JSON object with field names as keys, e.g. ${example}`,
				itemIndex,
			},
		);
	}
	const problem = jsonBoundsProblem(parsed, maxCharacters);
	if (problem) throw tooBig(problem);
	return parsed;
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
	resource: ResourceNames,
	input: RecordFieldsInput,
	itemIndex: number,
): IDataObject {
	const fields: IDataObject = {};
	// A key that is present (create always passes name and model) must hold a value: an
	// expression that gave nothing is an error, not a field left out.
	if ('name' in input) {
		fields.name = toText(node, input.name, {
			valueName: `${resource.singular} name`,
			itemIndex,
			howToFix: `Enter a name, or map one from the input, e.g. {{ $json.name }}.`,
		});
	}
	if ('modelId' in input) {
		fields.model_id = toRecordId(node, input.modelId, {
			valueName: 'model ID',
			itemIndex,
			howToFix: `Choose the ${resource.singular} model from the list, or map a model ID from the input. The list shows every ${resource.singular} model of your Zoho IoT application.`,
		});
	}
	if (input.description !== undefined) {
		fields.description = toText(node, input.description, {
			valueName: 'description',
			itemIndex,
			howToFix: 'Enter the description as text.',
			allowEmpty: true,
		});
	}
	for (const [position, pair] of (Array.isArray(input.customFields?.field)
		? input.customFields.field
		: []
	).entries()) {
		const howToFix =
			"Enter the field's API name as Zoho IoT shows it in the model's field settings, e.g. asset_tag, or remove the empty row.";
		const name = toText(node, pair?.name ?? '', {
			valueName: `name of custom field ${position + 1}`,
			itemIndex,
			howToFix,
			allowEmpty: true,
		});
		if (!name)
			throw new NodeOperationError(node, `Custom field ${position + 1} has no name`, {
				description: howToFix,
				itemIndex,
			});
		fields[name] = pair.value as IDataObject[string];
	}
	Object.assign(
		fields,
		parseJsonObject(node, input.fieldsJson, {
			valueName: 'Fields (JSON)',
			itemIndex,
			example: '{"serial_number": "SN-1042", "location": "Pune Warehouse"}',
		}),
	);
	const problem = jsonBoundsProblem(fields);
	if (problem) {
		throw new NodeOperationError(
			node,
			`The ${resource.singular}'s fields are too large or too deep: ${problem}`,
			{
				description: `The node sends at most ${JSON_LIMITS.maxCharacters.toLocaleString('en-US')} characters nested at most ${JSON_LIMITS.maxDepth} levels deep. Check the custom field values mapped from the input.`,
				itemIndex,
			},
		);
	}
	return fields;
}

/** The record inside a wrapper: the first element of an array, or the object itself. */
function unwrapped(value: unknown): unknown {
	return Array.isArray(value) ? value[0] : value;
}

/**
 * The one record in Zoho's response to `GET /{module}/{id}`, in any shape Zoho may use.
 * Assumed: Zoho wraps it as the list does, `{"<module>": [record]}` (Zoho CRM's shape). No Zoho
 * IoT page shows this response, so `{"<module>": {record}}`, a bare `[record]` and a bare record
 * object are accepted too.
 */
export function recordFromResponse(
	node: INode,
	resource: ResourceNames,
	body: unknown,
	itemIndex: number,
): IDataObject {
	let record = unwrapped(body);
	if (isJsonObject(record) && resource.module in record)
		record = unwrapped(record[resource.module]);
	if (isJsonObject(record) && record.id !== undefined) return record;
	// A summary, not Zoho's body: the response may echo what it was sent.
	throw new NodeApiError(
		node,
		{ message: `no "${resource.module}" record in the answer` },
		{
			message: `Zoho IoT answered without the ${resource.singular}`,
			description: `The answer had no "${resource.module}" record. Check the ID; if it is right, this Zoho IoT answer is one this node does not know yet: please report it.`,
			itemIndex,
		},
	);
}

/** A lookup field's value: an object naming another record by id and name, e.g. a location. */
function isLookup(value: unknown): value is IDataObject {
	return (
		isJsonObject(value) &&
		value.id !== undefined &&
		('name' in value || 'display_name' in value) &&
		!isDateTime(value)
	);
}

/** Zoho's date-time object `{millis_in_gmt, formatted, value}`. */
function isDateTime(value: unknown): value is IDataObject {
	return (
		isJsonObject(value) &&
		(typeof value[DATE_TIME_OBJECT.millis] === 'number' ||
			(typeof value[DATE_TIME_OBJECT.value] === 'string' &&
				Array.isArray(value[DATE_TIME_OBJECT.formatted])))
	);
}

/**
 * A date-time object as an ISO 8601 string with offset (see DATE_TIME_OBJECT and ZOHO_TIME in
 * constants.ts for the rules; helpers/zohoTime.ts reads it). Anything else is returned unchanged.
 */
export function dateTimeToIso(value: unknown): unknown {
	if (!isDateTime(value)) return value;
	const instant = readZohoTime(value);
	const text = value[DATE_TIME_OBJECT.value];
	if (instant && typeof value[DATE_TIME_OBJECT.millis] === 'number') {
		// In the organisation's offset when `value` shows it (its own suffix, or its difference
		// to millis), else in UTC.
		const written = typeof text === 'string' ? writtenOffsetMs(text) : undefined;
		const offsetMs = written ?? organisationOffsetOf(value) ?? 0;
		return isoInOffset(instant.ms, offsetMs);
	}
	// Only `value`: with its offset it is already ISO 8601; without, no offset is invented.
	return instant && typeof text === 'string' ? text : value;
}

/**
 * The fields people use, flat, each only when Zoho sent it, and never more than the module's
 * list names (at most MAX_SIMPLIFIED_FIELDS: n8n's UX guidelines cap Simplify at 10). A field
 * comes from the record as it is, date-time objects as ISO 8601 strings; `<field>_id` and
 * `<field>_name` come from the lookup `<field>` (e.g. `location` {id, name}); model_id/model_name
 * from whichever model shape Zoho used (flat fields, a `layout` or a `model` lookup). Lookups the
 * list does not name are left out: Simplify off returns them. A pure function: the record itself
 * is not changed.
 */
export function simplifyRecord(
	record: IDataObject,
	fields: readonly string[] = SIMPLIFIED_RECORD_FIELDS,
): IDataObject {
	const modelLookup = MODEL_LOOKUP_FIELDS.map((field) => record[field]).find(isLookup);
	const source: IDataObject = {
		...record,
		model_id: record.model_id ?? modelLookup?.id,
		model_name: record.model_name ?? modelLookup?.display_name ?? modelLookup?.name,
	};
	const simplified: IDataObject = {};
	for (const field of fields.slice(0, MAX_SIMPLIFIED_FIELDS)) {
		const value = source[field] === undefined ? fromLookup(record, field) : source[field];
		if (value !== undefined && !isLookup(value))
			simplified[field] = dateTimeToIso(value) as IDataObject[string];
	}
	return simplified;
}

/** `location_id` / `location_name` from the lookup `location`, or undefined. */
function fromLookup(record: IDataObject, field: string): unknown {
	const parts = /^(.+)_(id|name)$/.exec(field);
	const lookup = parts ? record[parts[1]] : undefined;
	if (!parts || !isLookup(lookup)) return undefined;
	return parts[2] === 'id' ? lookup.id : (lookup.display_name ?? lookup.name);
}

/** The ID of the record an operation works on, from the resource locator, checked. */
export function recordIdParameter(
	this: IExecuteFunctions,
	resource: ResourceNames,
	itemIndex: number,
): string {
	const value = this.getNodeParameter(resource.idParameter, itemIndex, '', { extractValue: true });
	return toRecordId(this.getNode(), value, {
		valueName: `${resource.singular} ID`,
		itemIndex,
		howToFix: `Choose the ${resource.singular} from the list, or switch to "By ID" and enter or map its ID.`,
	});
}
