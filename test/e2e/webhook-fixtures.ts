/**
 * The Zoho IoT Webhook Trigger in real n8n, shared by the end-to-end suite (one n8n per line) and
 * the queue-mode suite (a webhook processor receives, a worker runs): the credential, the
 * workflows (the alarms example as shipped, plus record changes and a GET action), the emulator's
 * webhook actions that point at them, and the checks both suites make.
 *
 * Zoho's side runs on an emulator of its own, with no credential pointing at it: every API or
 * token request it counts would have come from the webhook workflows, and there must be none.
 */
import { startEmulator, type RunningEmulator } from '../emulator';
import { exampleWorkflow } from './fixtures';
import type { CredentialExport } from './n8n';

// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- a throw-away test secret
export const WEBHOOK_SECRET = 'e2e-webhook-secret-4b1f9c2a7d5e8f3a6c0b';
export const ALARMS_WEBHOOK_WORKFLOW_ID = 'zohoIotWebhookAlarmsToChat';
export const RECORDS_WEBHOOK_WORKFLOW_ID = 'zohoIotWebhookRecords';
const ALARMS_WEBHOOK_ID = '5b0e7c1a-3f2d-4a6b-8c9e-1d2f3a4b5c6d';
const RECORDS_WEBHOOK_ID = '6c1f8d2b-4a3e-4b7c-9d0f-2e3a4b5c6d7e';
const ASSETS_WEBHOOK_ID = '7d2a9e3c-5b4f-4c8d-8e1a-3f4b5c6d7e8f';
const TRIGGER = 'n8n-nodes-zoho-iot.zohoIotWebhookTrigger';
const CREDENTIAL = {
	zohoIotWebhookApi: { id: 'zohoIotWebhook01', name: 'Zoho IoT webhook secret' },
};

export const webhookCredential = (): CredentialExport => ({
	id: 'zohoIotWebhook01',
	name: 'Zoho IoT webhook secret',
	type: 'zohoIotWebhookApi',
	data: { secret: WEBHOOK_SECRET },
});

const productionUrl = (n8nBaseUrl: string, webhookId: string) =>
	`${n8nBaseUrl}/webhook/${webhookId}/zoho-iot`;

/** The shipped example, its chat URL pointed at the emulator's `webhook-alarms` channel. */
export function alarmsWebhookWorkflow(zoho: RunningEmulator): Record<string, unknown> {
	const text = JSON.stringify(exampleWorkflow('webhook-alarms-to-chat.json'))
		.split('https://chat.example.com/hooks/zoho-iot-alarms')
		.join(`${zoho.url}/__emulator/chat/webhook-alarms`);
	return JSON.parse(text) as Record<string, unknown>;
}

function reportTo(zoho: RunningEmulator, name: string, channel: string, position: number[]) {
	return {
		id: `report-${channel}`,
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		parameters: {
			method: 'POST',
			url: `${zoho.url}/__emulator/chat/${channel}`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify($json) }}',
			options: {},
		},
	};
}

/**
 * Two triggers in one workflow (one activation): device changes from a workflow rule (POST,
 * multipart Form-Data, secret in a header, de-duplicated) and new assets (GET, secret in the query).
 */
export function recordsWebhookWorkflow(zoho: RunningEmulator): Record<string, unknown> {
	return {
		id: RECORDS_WEBHOOK_WORKFLOW_ID,
		name: 'Zoho IoT: record changes through webhooks',
		active: false,
		nodes: [
			{
				id: 'w1',
				name: 'Device Changed',
				type: TRIGGER,
				typeVersion: 1,
				position: [0, 0],
				webhookId: RECORDS_WEBHOOK_ID,
				parameters: {
					event: 'recordChanged',
					secretLocation: 'header',
					customParameterName: 'n8n-secret',
					deduplicate: true,
					dedupeMinutes: 10,
					options: {},
				},
				credentials: CREDENTIAL,
			},
			reportTo(zoho, 'Report Device', 'webhook-devices', [240, 0]),
			{
				id: 'w2',
				name: 'Asset Added',
				type: TRIGGER,
				typeVersion: 1,
				position: [0, 200],
				webhookId: ASSETS_WEBHOOK_ID,
				parameters: {
					event: 'custom',
					secretLocation: 'query',
					customParameterName: 'n8n-secret',
					options: { includeRaw: true },
				},
				credentials: CREDENTIAL,
			},
			reportTo(zoho, 'Report Asset', 'webhook-assets', [240, 200]),
		],
		connections: {
			'Device Changed': { main: [[{ node: 'Report Device', type: 'main', index: 0 }]] },
			'Asset Added': { main: [[{ node: 'Report Asset', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

async function control(zoho: RunningEmulator, method: string, path: string, body?: unknown) {
	const response = await fetch(`${zoho.url}/__emulator${path}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const answer = (await response.json()) as Record<string, unknown>;
	if (!response.ok)
		throw new Error(`${method} ${path}: HTTP ${response.status} ${JSON.stringify(answer)}`);
	return answer;
}

export interface Delivery {
	n: number;
	webhook: string;
	event: string;
	recordId: string;
	at: string;
	status: number | string;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks `probe` every 250 ms until it returns a value. */
export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined> | T | undefined,
	timeoutMs = 200_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const value = await probe();
		if (value !== undefined) return value;
		await sleep(250);
	}
	throw new Error(`Timed out waiting for ${what}`);
}

/** Zoho's side for one n8n: an emulator whose webhook actions point at the n8n's URLs. */
export class ZohoWebhookSide {
	constructor(readonly zoho: RunningEmulator) {}

	static async start(): Promise<ZohoWebhookSide> {
		return new ZohoWebhookSide(await startEmulator({ devices: 5, assets: 3, seed: 23 }));
	}

	/** Webhook actions as a user sets them up in Zoho IoT, aimed at `n8nBaseUrl`. */
	async configure(n8nBaseUrl: string): Promise<void> {
		/** Module Parameters named as the presets say, each taken from a record field. */
		const parameters = (pairs: Array<[string, string]>) =>
			pairs.map(([name, field]) => ({ name, field }));
		const secretHeader = { headers: { 'n8n-secret': WEBHOOK_SECRET } };
		await control(this.zoho, 'POST', '/webhooks/clear');
		for (const action of [
			{
				name: 'alarm rule: cold room',
				on: 'alarm',
				url: productionUrl(n8nBaseUrl, ALARMS_WEBHOOK_ID),
				...secretHeader,
				body: 'raw',
				moduleParameters: parameters([
					['alarm_id', 'id'],
					['alarm_name', 'name'],
					['severity', 'severity'],
					['alarm_time', 'created_time'],
				]),
			},
			{
				name: 'workflow rule: devices created or edited',
				on: 'record',
				module: 'devices',
				actions: ['created', 'edited'],
				url: productionUrl(n8nBaseUrl, RECORDS_WEBHOOK_ID),
				...secretHeader,
				body: 'form-data',
				moduleParameters: parameters([
					['record_id', 'id'],
					['record_name', 'name'],
					['created_time', 'created_time'],
					['modified_time', 'modified_time'],
				]),
			},
			{
				name: 'workflow rule: assets created (GET)',
				on: 'record',
				module: 'assets',
				actions: ['created'],
				method: 'GET',
				url: productionUrl(n8nBaseUrl, ASSETS_WEBHOOK_ID),
				customParameters: { 'n8n-secret': WEBHOOK_SECRET },
				moduleParameters: parameters([
					['asset_id', 'id'],
					['asset_name', 'name'],
				]),
			},
		])
			await control(this.zoho, 'POST', '/webhooks', action);
	}

	/**
	 * Waits until n8n has registered the three webhooks (2.x publishes them in the background
	 * after it reports ready): a request without the secret is then refused with 401, not 404.
	 */
	async untilRegistered(n8nBaseUrl: string): Promise<void> {
		for (const id of [ALARMS_WEBHOOK_ID, RECORDS_WEBHOOK_ID, ASSETS_WEBHOOK_ID]) {
			await waitFor(`webhook ${id} registered`, async () => {
				const response = await fetch(productionUrl(n8nBaseUrl, id), { method: 'POST' });
				await response.arrayBuffer();
				return response.status === 404 ? undefined : response.status;
			});
		}
	}

	/** A request from anyone but Zoho: no secret, or a wrong one. Returns the HTTP status. */
	async intruder(n8nBaseUrl: string, secret: string | undefined, marker: string): Promise<number> {
		const response = await fetch(productionUrl(n8nBaseUrl, ALARMS_WEBHOOK_ID), {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				...(secret === undefined ? {} : { 'n8n-secret': secret }),
			},
			body: JSON.stringify({ alarm_id: marker, alarm_name: 'intruder', severity: 'critical' }),
		});
		await response.arrayBuffer();
		return response.status;
	}

	/** A delivery with the right secret but a body of the given type: returns status and message. */
	async badBody(
		n8nBaseUrl: string,
		contentType: string,
		body: string,
	): Promise<{ status: number; text: string }> {
		const response = await fetch(productionUrl(n8nBaseUrl, ALARMS_WEBHOOK_ID), {
			method: 'POST',
			headers: { 'content-type': contentType, 'n8n-secret': WEBHOOK_SECRET },
			body,
		});
		return { status: response.status, text: await response.text() };
	}

	raiseAlarm(name: string) {
		return control(this.zoho, 'POST', '/records/alarms', { name, severity: 'critical' });
	}

	createRecord(module: string, name: string) {
		return control(this.zoho, 'POST', `/records/${module}`, { name });
	}

	editRecord(module: string, id: string, name: string) {
		return control(this.zoho, 'POST', `/records/${module}/${id}`, { name });
	}

	async deliveries(): Promise<Delivery[]> {
		return (await control(this.zoho, 'GET', '/webhooks')).deliveries as Delivery[];
	}

	async settled(): Promise<Delivery[]> {
		await control(this.zoho, 'POST', '/webhooks/settled');
		return await this.deliveries();
	}

	repeat(n: number) {
		return control(this.zoho, 'POST', '/webhooks/repeat', { n });
	}

	chat(channel: string): Array<{ body: Record<string, unknown>; at: string }> {
		return this.zoho.chat(channel);
	}

	async messagesAtLeast(channel: string, count: number) {
		return await waitFor(`${count} message(s) in ${channel}`, async () => {
			const messages = this.chat(channel);
			return messages.length >= count ? messages : undefined;
		});
	}

	/** API and token requests Zoho's side has seen: the webhook route must make none. */
	zohoCalls(): number {
		const counters = this.zoho.counters();
		const tokens = counters.tokenRequests;
		return (
			counters.apiRequests.total +
			tokens.authorization_code +
			tokens.refresh_token +
			tokens.revoke +
			tokens.other
		);
	}

	stop() {
		return this.zoho.stop();
	}
}

/**
 * Seconds from Zoho sending the first of a batch of deliveries to each workflow output (chat
 * message), by the emulator's clock: an upper bound for each delivery, whatever order they ran in.
 */
export const secondsToOutput = (deliveries: Delivery[], messages: Array<{ at: string }>) => {
	const first = Math.min(...deliveries.map((delivery) => Date.parse(delivery.at)));
	return messages.map((message) => Number(((Date.parse(message.at) - first) / 1000).toFixed(2)));
};
