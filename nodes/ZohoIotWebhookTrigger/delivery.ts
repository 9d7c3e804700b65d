/**
 * One Zoho IoT webhook delivery, as n8n hands it over, turned into the item's fields. Zoho sends
 * Module and Custom Parameters as a GET query, or a POST with no body (parameters in the query),
 * Form-Data (multipart or url-encoded) or Raw Data (JSON or text). n8n has parsed the body by the
 * time the node runs: JSON, url-encoded and text/plain into `body`, multipart into `{data, files}`;
 * anything else is only in the raw bytes.
 */
import type { IDataObject } from 'n8n-workflow';

import { WEBHOOK_TIME_FIELD_SUFFIXES } from '../ZohoIot/constants';
import { isJsonObject } from '../ZohoIot/helpers/values';
import { zohoTimeToIso } from './time';

/** Zoho's parameters make small bodies; anything far larger is not a Zoho delivery. */
export const DEFAULT_MAX_BODY_KB = 64;

export interface Delivery {
	method: string;
	contentType: string;
	contentLength: number | undefined;
	query: IDataObject;
	body: unknown;
	rawBody: Buffer | undefined;
}

export type Refusal = { status: number; message: string };

export type ReadDelivery =
	| { fields: IDataObject; raw: IDataObject; bodySecret: unknown; refusal?: undefined }
	| { refusal: Refusal };

/** A form or query field given once is a value, not a one-element list (formidable's habit). */
function flatten(fields: IDataObject): IDataObject {
	const flat: IDataObject = {};
	for (const [name, value] of Object.entries(fields)) {
		flat[name] = Array.isArray(value) && value.length === 1 ? value[0] : value;
	}
	return flat;
}

const NOT_AN_OBJECT: Refusal = {
	status: 400,
	message:
		'The body is JSON but not an object. Write the Raw Data of the webhook action as one JSON object, e.g. {"alarm_id": "..."}.',
};

/** A raw body's text: a JSON object becomes fields, other text is kept whole as `text`. */
function fromText(text: string): { fields: IDataObject } | { refusal: Refusal } {
	const trimmed = text.trim();
	if (trimmed === '') return { fields: {} };
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(trimmed);
		} catch (error) {
			return {
				refusal: {
					status: 400,
					message: `The body looks like JSON but is not valid JSON (${(error as Error).message}). Check the Raw Data of the webhook action in Zoho IoT.`,
				},
			};
		}
		if (!isJsonObject(parsed)) return { refusal: NOT_AN_OBJECT };
		return { fields: parsed };
	}
	return { fields: { text } };
}

function bodyFields(delivery: Delivery): { fields: IDataObject } | { refusal: Refusal } {
	const { body, contentType } = delivery;
	if (contentType.startsWith('multipart/form-data')) {
		const data = isJsonObject(body) && isJsonObject(body.data) ? body.data : body;
		return { fields: isJsonObject(data) ? flatten(data) : {} };
	}
	if (typeof body === 'string') return fromText(body);
	if (Array.isArray(body) || (body !== undefined && body !== null && !isJsonObject(body)))
		return { refusal: NOT_AN_OBJECT };
	if (isJsonObject(body) && Object.keys(body).length > 0) {
		return {
			fields: contentType.startsWith('application/x-www-form-urlencoded') ? flatten(body) : body,
		};
	}
	// Not parsed by n8n (no or an unusual content type): read the bytes.
	if (delivery.rawBody && delivery.rawBody.length > 0)
		return fromText(delivery.rawBody.toString('utf8'));
	return { fields: {} };
}

/** Whether a field holds a time, by its name: `created_time`, `alarm_time`, `time`, `Time`... */
export function isTimeField(name: string): boolean {
	const lower = name.toLowerCase();
	return lower === 'time' || WEBHOOK_TIME_FIELD_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

/** Times as ISO 8601, in nested objects too; everything else as Zoho sent it. */
export function typed(fields: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [name, value] of Object.entries(fields)) {
		if (isTimeField(name)) out[name] = zohoTimeToIso(value) as IDataObject[string];
		else if (isJsonObject(value)) out[name] = typed(value);
		else out[name] = value;
	}
	return out;
}

function withoutSecret(fields: IDataObject, secretName: string): IDataObject {
	const lower = secretName.toLowerCase();
	return Object.fromEntries(
		Object.entries(fields).filter(([name]) => name.toLowerCase() !== lower),
	);
}

/** The size of what was sent, as well as n8n lets us know it. */
function sizeOf(delivery: Delivery): number {
	if (delivery.rawBody) return delivery.rawBody.length;
	if (delivery.contentLength !== undefined) return delivery.contentLength;
	return typeof delivery.body === 'string'
		? Buffer.byteLength(delivery.body)
		: Buffer.byteLength(JSON.stringify(delivery.body ?? ''));
}

export function readDelivery(
	delivery: Delivery,
	{ maxBytes, secretName }: { maxBytes: number; secretName: string },
): ReadDelivery {
	const size = Math.max(sizeOf(delivery), delivery.contentLength ?? 0);
	if (size > maxBytes)
		return {
			refusal: {
				status: 413,
				message: `The body has ${size} bytes; this trigger accepts up to ${maxBytes} (Options > Max Body Size). Send fewer Module Parameters, or raise the limit.`,
			},
		};
	const query = withoutSecret(flatten(delivery.query), secretName);
	let body: IDataObject = {};
	let bodySecret: unknown;
	if (delivery.method !== 'GET') {
		const read = bodyFields(delivery);
		if ('refusal' in read) return { refusal: read.refusal };
		bodySecret = read.fields[secretName];
		body = withoutSecret(read.fields, secretName);
	}
	return {
		fields: typed({ ...query, ...body }),
		raw: { method: delivery.method, contentType: delivery.contentType, query, body },
		bodySecret,
	};
}
