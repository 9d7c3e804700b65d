/**
 * One delivery from Zoho IoT: refuse it without starting an execution (wrong or missing secret,
 * bad or oversized body, a repeat inside the de-duplication window), or hand n8n one item. n8n
 * answers Zoho at once (response mode "on received"), before the workflow runs.
 *
 * A refusal writes its answer itself and returns `noWebhookResponse` with no `workflowData`: n8n
 * (1.x and 2.x) then starts no execution and sends nothing more, as its own Webhook node does for
 * failed authentication. A repeat is answered 200 through `webhookResponse`, so Zoho does not
 * retry it either.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { DEFAULT_WEBHOOK_DEDUPE_MINUTES } from '../ZohoIot/constants';
import { dedupeScope, deliveryKey, isRepeat } from './dedupe';
import { DEFAULT_MAX_BODY_KB, readDelivery, type Refusal } from './delivery';
import { secretMatches } from './secret';

function refuse(context: IWebhookFunctions, { status, message }: Refusal): IWebhookResponseData {
	const res = context.getResponseObject();
	res.status(status).json({ code: status, message });
	return { noWebhookResponse: true };
}

/** The secret in a header or the query (header names are case-insensitive). */
function headerOrQuerySecret(context: IWebhookFunctions, location: string, name: string): unknown {
	return location === 'header'
		? context.getHeaderData()[name.toLowerCase()]
		: (context.getQueryData() as IDataObject)[name];
}

const wrongSecret = (name: string, location: string): Refusal => ({
	status: 401,
	message: `Missing or wrong secret: send the Custom Parameter "${name}" as a ${location === 'query' ? 'query parameter' : location === 'body' ? 'body field' : 'header'} with the value in the n8n credential.`,
});

export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = this.getRequestObject();
	const secretName = (this.getNodeParameter('customParameterName', '') as string).trim();
	const location = this.getNodeParameter('secretLocation', 'header') as string;
	const options = this.getNodeParameter('options', {}) as {
		includeRaw?: boolean;
		maxBodyKb?: number;
	};

	// A credential that is missing or cannot be read leaves no secret to compare: the request is
	// refused below with 403 instead of failing as a 500 that could look like a retryable error.
	let expected = '';
	try {
		expected = String((await this.getCredentials('zohoIotWebhookApi')).secret ?? '');
	} catch {
		expected = '';
	}
	// An empty secret would let anyone in: refuse everything until one is set.
	if (expected === '' || secretName === '') {
		return refuse(this, {
			status: 403,
			message:
				'This trigger has no secret set up. Set the secret in its Zoho IoT Webhook credential.',
		});
	}
	// A secret in a header or the query is checked before the body is even looked at; one in the
	// body can only be checked once the body is read.
	if (
		location !== 'body' &&
		!secretMatches(expected, headerOrQuerySecret(this, location, secretName))
	)
		return refuse(this, wrongSecret(secretName, location));

	const contentLength = Number(req.headers['content-length']);
	const read = readDelivery(
		{
			method: (req.method ?? 'POST').toUpperCase(),
			contentType: String(req.headers['content-type'] ?? '').toLowerCase(),
			contentLength: Number.isFinite(contentLength) ? contentLength : undefined,
			query: this.getQueryData() as IDataObject,
			body: this.getBodyData() as unknown,
			rawBody: (req as unknown as { rawBody?: Buffer }).rawBody,
		},
		{ maxBytes: (options.maxBodyKb ?? DEFAULT_MAX_BODY_KB) * 1024, secretName },
	);
	if (read.refusal) return refuse(this, read.refusal);
	if (location === 'body' && !secretMatches(expected, read.bodySecret))
		return refuse(this, wrongSecret(secretName, location));

	if (this.getNodeParameter('deduplicate', false) as boolean) {
		const chosen = (this.getNodeParameter('dedupeFields', '') as string)
			.split(',')
			.map((name) => name.trim())
			.filter(Boolean);
		const key = deliveryKey(read.fields, chosen);
		const minutes = this.getNodeParameter(
			'dedupeMinutes',
			DEFAULT_WEBHOOK_DEDUPE_MINUTES,
		) as number;
		// A delivery without the key's fields cannot be told apart: it runs (never lose an event).
		if (
			key !== undefined &&
			isRepeat(
				this.getWorkflowStaticData('node'),
				dedupeScope(this.getWorkflow().id, this.getNode().id),
				key,
				minutes * 60_000,
				Date.now(),
			)
		) {
			return { webhookResponse: { code: 200, message: 'Duplicate delivery: already received' } };
		}
	}

	const json: IDataObject = options.includeRaw
		? { ...read.fields, raw_payload: read.raw }
		: read.fields;
	return { workflowData: [[{ json }]] };
}
