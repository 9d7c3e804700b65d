/**
 * Zoho IoT's side of the webhook route: webhook actions, configured through the control API,
 * that send an HTTP request when an alarm is raised (a record added to `alarms`) or a record of a
 * module is created or edited, as an alarm rule or a workflow rule with a webhook action does.
 *
 * Documented (help centre, "Configuring Webhooks"): Method POST or GET; URL to Notify; Header
 * (custom and module parameters); Custom Parameters (static name/value); Module Parameters (values
 * from the record or alarm); Body None, Form-Data or Raw Data.
 * Assumed (README.md, "Webhook actions"): where parameters go for GET and for a body of None (the
 * query string), Form-Data as multipart (url-encoded on request), Raw Data as a JSON object of the
 * parameters (or a text template with #name# placeholders), times as the record holds them, one
 * delivery per event, no retries (a repeat is sent only when a test asks for one).
 */
import type { EmulatorState } from './state';
import type { ZohoRecord } from './data';

export type WebhookBody = 'none' | 'form-data' | 'form-urlencoded' | 'raw';

export interface WebhookActionConfig {
	name?: string;
	/** `alarm`: an alarm is raised. `record`: a record of `module` is created and/or edited. */
	on: 'alarm' | 'record';
	module?: string;
	actions?: Array<'created' | 'edited'>;
	method?: 'POST' | 'GET';
	url: string;
	/** Custom Parameters in the Header section (e.g. the shared secret). */
	headers?: Record<string, string>;
	/** Custom Parameters sent with the module parameters (query or body). */
	customParameters?: Record<string, string>;
	/** Module Parameters: the name in the request, and the record field it takes its value from. */
	moduleParameters?: Array<{ name: string; field: string }>;
	body?: WebhookBody;
	/** Raw Data as text with #name# placeholders; without it, Raw Data is a JSON object. */
	rawTemplate?: string;
}

export interface WebhookAction
	extends Required<Omit<WebhookActionConfig, 'module' | 'rawTemplate'>> {
	id: string;
	module?: string;
	rawTemplate?: string;
}

export interface SentRequest {
	method: string;
	url: string;
	headers: Record<string, string>;
	body?: string;
}

export interface WebhookDelivery {
	n: number;
	webhook: string;
	event: string;
	recordId: string;
	at: string;
	/** HTTP status of the answer, 'pending' while it is on its way, 'failed' if it never got one. */
	status: number | 'pending' | 'failed';
	request: SentRequest;
	repeatOf?: number;
}

interface Registry {
	actions: WebhookAction[];
	deliveries: WebhookDelivery[];
	inFlight: Set<Promise<void>>;
	nextId: number;
}

const registries = new WeakMap<EmulatorState, Registry>();

function registryOf(state: EmulatorState): Registry {
	let registry = registries.get(state);
	if (!registry) {
		registry = { actions: [], deliveries: [], inFlight: new Set(), nextId: 1 };
		registries.set(state, registry);
	}
	return registry;
}

/** Problems with a webhook action's configuration; empty when it is fine. */
export function webhookProblems(config: Partial<WebhookActionConfig>): string[] {
	const problems: string[] = [];
	if (config.on !== 'alarm' && config.on !== 'record') problems.push('on must be alarm or record');
	if (config.on === 'record' && typeof config.module !== 'string')
		problems.push('module (string) is required for on: record');
	if (config.method !== undefined && config.method !== 'POST' && config.method !== 'GET')
		problems.push('method must be POST or GET');
	if (typeof config.url !== 'string' || !/^https?:\/\//.test(config.url))
		problems.push('url must be an http(s) URL');
	if (
		config.body !== undefined &&
		!['none', 'form-data', 'form-urlencoded', 'raw'].includes(config.body)
	)
		problems.push('body must be none, form-data, form-urlencoded or raw');
	return problems;
}

export function addWebhookAction(state: EmulatorState, config: WebhookActionConfig): WebhookAction {
	const registry = registryOf(state);
	const action: WebhookAction = {
		id: `wh${registry.nextId++}`,
		name: config.name ?? `webhook ${registry.nextId - 1}`,
		on: config.on,
		module: config.on === 'alarm' ? 'alarms' : config.module,
		actions: config.actions ?? ['created', 'edited'],
		method: config.method ?? 'POST',
		url: config.url,
		headers: { ...(config.headers ?? {}) },
		customParameters: { ...(config.customParameters ?? {}) },
		moduleParameters: [...(config.moduleParameters ?? [])],
		body: config.body ?? (config.method === 'GET' ? 'none' : 'form-data'),
		rawTemplate: config.rawTemplate,
	};
	registry.actions.push(action);
	return action;
}

export function webhookActions(state: EmulatorState): WebhookAction[] {
	return registryOf(state).actions;
}

export function webhookDeliveries(state: EmulatorState): WebhookDelivery[] {
	return registryOf(state).deliveries;
}

/** A delivery as the control API shows it: without its request, which carries the secret. */
export function publicDelivery(delivery: WebhookDelivery): Omit<WebhookDelivery, 'request'> {
	const shown: Partial<WebhookDelivery> = { ...delivery };
	delete shown.request;
	return shown as Omit<WebhookDelivery, 'request'>;
}

export function clearWebhooks(state: EmulatorState): void {
	const registry = registryOf(state);
	registry.actions = [];
	registry.deliveries = [];
}

/** Waits until every delivery sent so far has its answer. */
export async function webhooksSettled(state: EmulatorState): Promise<void> {
	while (registryOf(state).inFlight.size > 0) await Promise.all(registryOf(state).inFlight);
}

const asText = (value: unknown): string =>
	value === undefined || value === null
		? ''
		: typeof value === 'object'
			? JSON.stringify(value)
			: String(value);

/** What a webhook action sends for this record. */
export function buildRequest(action: WebhookAction, record: ZohoRecord): SentRequest {
	const values: Array<[string, unknown]> = [
		...action.moduleParameters.map(({ name, field }) => [name, record[field]] as [string, unknown]),
		...Object.entries(action.customParameters),
	];
	const url = new URL(action.url);
	const headers: Record<string, string> = { ...action.headers, 'user-agent': 'zoho-iot-emulator' };
	const inQuery = action.method === 'GET' || action.body === 'none';
	if (inQuery) {
		for (const [name, value] of values) url.searchParams.append(name, asText(value));
		return { method: action.method, url: url.toString(), headers };
	}
	if (action.body === 'form-urlencoded') {
		headers['content-type'] = 'application/x-www-form-urlencoded';
		const form = new URLSearchParams(
			values.map(([name, value]): [string, string] => [name, asText(value)]),
		);
		return { method: action.method, url: url.toString(), headers, body: form.toString() };
	}
	if (action.body === 'form-data') {
		const boundary = `----zohoIotEmulator${Math.random().toString(16).slice(2)}`;
		headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
		const parts = values.map(
			([name, value]) =>
				`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${asText(value)}\r\n`,
		);
		const body = `${parts.join('')}--${boundary}--\r\n`;
		return { method: action.method, url: url.toString(), headers, body };
	}
	if (action.rawTemplate !== undefined) {
		headers['content-type'] = 'text/plain; charset=utf-8';
		const lookup = new Map(values);
		const body = action.rawTemplate.replace(/#([A-Za-z0-9_.-]+)#/g, (all, name: string) =>
			lookup.has(name) ? asText(lookup.get(name)) : all,
		);
		return { method: action.method, url: url.toString(), headers, body };
	}
	headers['content-type'] = 'application/json';
	return {
		method: action.method,
		url: url.toString(),
		headers,
		body: JSON.stringify(Object.fromEntries(values)),
	};
}

function send(state: EmulatorState, delivery: WebhookDelivery): void {
	const registry = registryOf(state);
	const { method, url, headers, body } = delivery.request;
	const sending = fetch(url, { method, headers, body })
		.then(async (response) => {
			await response.arrayBuffer();
			delivery.status = response.status;
		})
		.catch(() => {
			delivery.status = 'failed';
		})
		.finally(() => registry.inFlight.delete(sending));
	registry.inFlight.add(sending);
}

/** Called by the data store for every record created or edited, whichever way. */
export function recordChanged(
	state: EmulatorState,
	module: string,
	change: 'created' | 'edited',
	record: ZohoRecord,
): void {
	const registry = registries.get(state);
	if (!registry) return;
	for (const action of registry.actions) {
		const fires =
			action.on === 'alarm'
				? module === 'alarms' && change === 'created'
				: action.module === module && action.actions.includes(change);
		if (!fires) continue;
		const delivery: WebhookDelivery = {
			n: registry.deliveries.length + 1,
			webhook: action.id,
			event: action.on === 'alarm' ? 'alarm raised' : `record ${change}`,
			recordId: record.id,
			at: new Date(state.now()).toISOString(),
			status: 'pending',
			request: buildRequest(action, structuredClone(record)),
		};
		registry.deliveries.push(delivery);
		send(state, delivery);
	}
}

/** Sends delivery `n` again, byte for byte, as a retrying sender would. */
export function repeatDelivery(state: EmulatorState, n: number): WebhookDelivery | undefined {
	const registry = registryOf(state);
	const original = registry.deliveries.find((delivery) => delivery.n === n);
	if (!original) return undefined;
	const repeat: WebhookDelivery = {
		...original,
		n: registry.deliveries.length + 1,
		at: new Date(state.now()).toISOString(),
		status: 'pending',
		repeatOf: n,
	};
	registry.deliveries.push(repeat);
	send(state, repeat);
	return repeat;
}
