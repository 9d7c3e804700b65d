/**
 * The control API under /__emulator, for tests and benchmarks in another process.
 * No auth, no faults, no counting: it observes and steers the emulator.
 *
 *   GET  /__emulator/counters
 *   POST /__emulator/reset            optional JSON {tokens?: boolean, settings?: boolean}
 *   GET  /__emulator/config           current settings
 *   POST /__emulator/config           JSON patch of EmulatorOptions -> the new settings
 *   POST /__emulator/tokens           JSON {scope?, clientId?, accessTokenExpired?} -> issued tokens
 *   POST /__emulator/revoke           JSON {token}
 *   GET  /__emulator/records/:module  {module, count, records}
 *   POST /__emulator/records/:module  JSON fields -> the record as stored (e.g. raise an alarm);
 *                                     ?at=<ISO|epoch ms> stamps it at that time instead of now (a
 *                                     late commit, a future stamp), ?count=N writes N records at
 *                                     one time (a tie) -> {records: [...]}
 *   POST /__emulator/records/:module/:id  JSON fields -> the record edited (as in Zoho's own UI)
 *   POST /__emulator/chat/:channel    any JSON -> the stored message (a stand-in chat webhook)
 *   GET  /__emulator/chat/:channel    {channel, messages}
 *   GET  /__emulator/views            the seeded custom views (cvid)
 *   POST /__emulator/webhooks         JSON webhook action (webhooks.ts) -> the action as stored
 *   GET  /__emulator/webhooks         {webhooks, deliveries}  (deliveries without their requests)
 *   POST /__emulator/webhooks/clear   removes every webhook action and delivery
 *   POST /__emulator/webhooks/settled waits until every delivery sent so far has an answer
 *   POST /__emulator/webhooks/repeat  JSON {n} -> sends delivery n again, byte for byte
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { chatMessages, postChatMessage } from './chat';
import { CUSTOM_VIEWS, MODULES, type ModuleName } from './data';
import { readBody, sendJson } from './http-util';
import { validatePatch, type EmulatorState } from './state';
import {
	addWebhookAction,
	clearWebhooks,
	publicDelivery,
	repeatDelivery,
	webhookActions,
	webhookDeliveries,
	webhookProblems,
	webhooksSettled,
	type WebhookActionConfig,
} from './webhooks';
import type { EmulatorOptions, IssueTokensOptions, ResetOptions } from './types';

export const CONTROL_PREFIX = '/__emulator';

const JSON_TYPE = 'application/json; charset=utf-8';

async function jsonBody(req: IncomingMessage): Promise<unknown> {
	const text = await readBody(req);
	return text.trim() === '' ? {} : JSON.parse(text);
}

export async function handleControl(
	state: EmulatorState,
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
	listening: { port: number; host: string },
): Promise<void> {
	const path = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, '');
	const method = req.method ?? 'GET';
	const send = (status: number, body: unknown) => sendJson(res, status, body, JSON_TYPE);

	let body: Record<string, unknown> = {};
	if (method === 'POST') {
		try {
			const parsed = await jsonBody(req);
			if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
				throw new Error('not an object');
			body = parsed as Record<string, unknown>;
		} catch {
			return send(400, { error: 'the body must be a JSON object' });
		}
	}

	const route = `${method} ${path.startsWith('/records/') ? '/records/:module' : path.startsWith('/chat/') ? '/chat/:channel' : path}`;
	switch (route) {
		case 'GET /counters':
			return send(200, state.snapshotCounters());
		case 'POST /reset':
			state.reset(body as ResetOptions);
			return send(200, { status: 'reset' });
		case 'GET /config':
			return send(200, state.publicSettings());
		case 'POST /config': {
			const problems = validatePatch(body, listening);
			if (problems.length > 0) return send(400, { error: 'invalid config', problems });
			state.configure(body as Partial<EmulatorOptions>);
			return send(200, state.publicSettings());
		}
		case 'POST /tokens':
			try {
				return send(200, state.issueTokens(body as IssueTokensOptions));
			} catch (error) {
				return send(400, { error: (error as Error).message });
			}
		case 'POST /revoke':
			if (typeof body.token !== 'string') return send(400, { error: 'token (string) is required' });
			state.revokeRefreshToken(body.token);
			return send(200, { status: 'success' });
		case 'POST /expire-tokens':
			return send(200, { expired: state.expireAccessTokens() });
		case 'GET /records/:module': {
			const module = path.slice('/records/'.length) as ModuleName;
			if (!MODULES.includes(module)) return send(404, { error: `unknown module: ${module}` });
			const records = state.records(module);
			return send(200, { module, count: records.length, records });
		}
		case 'POST /records/:module': {
			// What Zoho does on its own (an alarm rule firing), or a record written elsewhere: no
			// auth, no field checks; the server assigns id, created_time and modified_time.
			const [module, id] = path.slice('/records/'.length).split('/') as [ModuleName, string?];
			if (!MODULES.includes(module)) return send(404, { error: `unknown module: ${module}` });
			if (id !== undefined) {
				if (!state.data.get(module, id)) return send(404, { error: `no ${module} record ${id}` });
				return send(200, state.data.update(module, id, body, state.now()));
			}
			// Control hooks for the trigger's hostile timing: a stamp other than now, and ties.
			const at = url.searchParams.get('at');
			const stamp = at === null ? state.now() : /^\d+$/.test(at) ? Number(at) : Date.parse(at);
			const count = Number(url.searchParams.get('count') ?? '1');
			if (!Number.isFinite(stamp) || !Number.isInteger(count) || count < 1 || count > 10_000)
				return send(400, { error: 'at must be ISO 8601 or epoch ms; count 1 to 10000' });
			if (url.searchParams.get('count') === null)
				return send(201, state.data.create(module, body, stamp));
			const records = Array.from({ length: count }, (_, i) =>
				state.data.create(
					module,
					{ ...body, ...(typeof body.name === 'string' ? { name: `${body.name} ${i + 1}` } : {}) },
					stamp,
				),
			);
			return send(201, { records });
		}
		case 'POST /chat/:channel':
			return send(200, postChatMessage(state, path.slice('/chat/'.length), body));
		case 'GET /chat/:channel': {
			const channel = path.slice('/chat/'.length);
			return send(200, { channel, messages: chatMessages(state, channel) });
		}
		case 'GET /views':
			return send(200, { views: CUSTOM_VIEWS });
		case 'POST /webhooks': {
			const problems = webhookProblems(body);
			if (problems.length > 0) return send(400, { error: 'invalid webhook action', problems });
			return send(201, addWebhookAction(state, body as unknown as WebhookActionConfig));
		}
		case 'GET /webhooks':
			return send(200, {
				webhooks: webhookActions(state),
				deliveries: webhookDeliveries(state).map(publicDelivery),
			});
		case 'POST /webhooks/clear':
			clearWebhooks(state);
			return send(200, { status: 'cleared' });
		case 'POST /webhooks/settled':
			await webhooksSettled(state);
			return send(200, { status: 'settled' });
		case 'POST /webhooks/repeat': {
			const repeat = repeatDelivery(state, Number(body.n));
			if (!repeat) return send(404, { error: `no delivery ${String(body.n)}` });
			return send(202, publicDelivery(repeat));
		}
		default:
			return send(404, { error: `no control route ${method} ${url.pathname}` });
	}
}
