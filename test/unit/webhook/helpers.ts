/**
 * The Zoho IoT Webhook Trigger's `webhook()` with a stand-in for what n8n hands a webhook node:
 * the request as n8n has parsed it (body by content type, multipart as {data, files}, the raw
 * bytes), a response object that records what the node wrote, the node's parameters, its
 * credential and the workflow's static data. Real n8n runs the same node in test/e2e.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { ZohoIotWebhookTrigger } from '../../../nodes/ZohoIotWebhookTrigger/ZohoIotWebhookTrigger.node';

// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- a throw-away test secret
export const SECRET = 'test-secret-0123456789abcdefXYZ';

export const node = new ZohoIotWebhookTrigger();

export interface FakeRequest {
	method?: 'POST' | 'GET';
	headers?: Record<string, string>;
	query?: IDataObject;
	/** What n8n's body parser left in req.body. */
	body?: unknown;
	rawBody?: string;
}

export interface Answer {
	result: IWebhookResponseData;
	/** What the node wrote itself (refusals): status and JSON body. */
	written?: { status: number; body: IDataObject };
	/** The one item, when the workflow starts. */
	item?: IDataObject;
}

export interface Setup {
	parameters?: IDataObject;
	secret?: string | null;
	staticData?: IDataObject;
	workflowId?: string;
	nodeId?: string;
}

const DEFAULTS: IDataObject = {
	event: 'alarmRaised',
	secretLocation: 'header',
	customParameterName: 'n8n-secret',
	deduplicate: false,
	dedupeFields: '',
	dedupeMinutes: 10,
	options: {},
};

export async function deliver(request: FakeRequest, setup: Setup = {}): Promise<Answer> {
	const parameters = { ...DEFAULTS, ...(setup.parameters ?? {}) };
	const staticData = setup.staticData ?? {};
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(request.headers ?? {}))
		headers[name.toLowerCase()] = value;
	if (request.rawBody !== undefined && headers['content-length'] === undefined)
		headers['content-length'] = String(Buffer.byteLength(request.rawBody));
	let written: Answer['written'];
	const response = {
		status(code: number) {
			return {
				json(body: IDataObject) {
					written = { status: code, body };
				},
			};
		},
	};
	const context = {
		getRequestObject: () => ({
			method: request.method ?? 'POST',
			headers,
			rawBody: request.rawBody === undefined ? undefined : Buffer.from(request.rawBody),
		}),
		getResponseObject: () => response,
		getHeaderData: () => headers,
		getQueryData: () => request.query ?? {},
		getBodyData: () => request.body ?? {},
		getNodeParameter: (name: string, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
		getCredentials: async () => {
			if (setup.secret === null) throw new Error('no credential');
			return { secret: setup.secret ?? SECRET };
		},
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id: setup.workflowId ?? 'wf1' }),
		getNode: () => ({ id: setup.nodeId ?? 'node1', name: 'Zoho IoT Webhook Trigger' }),
	} as unknown as IWebhookFunctions;
	const result = await node.webhook.call(context);
	return { result, written, item: result.workflowData?.[0]?.[0]?.json };
}

/** A POST with a JSON body (n8n has parsed it) and the secret in the header. */
export const jsonPost = (body: IDataObject, headers: Record<string, string> = {}): FakeRequest => ({
	headers: { 'content-type': 'application/json', 'n8n-secret': SECRET, ...headers },
	body,
	rawBody: JSON.stringify(body),
});
