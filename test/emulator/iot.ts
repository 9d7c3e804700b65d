/**
 * Zoho IoT REST (`/iot/v1`): devices, assets and models, behind Zoho-style auth, the
 * per-client concurrency cap, the optional daily quota and the injected faults.
 *
 * Order of checks for every request (the first that fails answers):
 *   token (scheme, live token) -> route -> scope -> concurrency slot -> daily quota
 *   -> faults (latency, drop, 429, 5xx) -> the handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { splitScopes } from './accounts';
import {
	CUSTOM_VIEWS,
	MODULES,
	findModel,
	hasModels,
	modelsOf,
	type ModuleName,
	type ZohoRecord,
} from './data';
import {
	answerDatapointValues,
	DATAPOINT_VALUES_ROUTE,
	DATAPOINT_VALUES_SCOPE,
} from './datapoints';
import { extraModule } from './modules';
import { BodyTooLargeError, readBody, sendJson } from './http-util';
import { pagingMetadata, presentRecord, writeSuccess } from './profiles';
import type { EmulatorState } from './state';
import type { AccessTokenRecord } from './tokens';
import type { ApiError, ZohoBehaviour } from './zoho-behaviour';

export const API_PREFIX = '/iot/v1';

type Operation = 'READ' | 'CREATE' | 'UPDATE' | 'DELETE';

interface Context {
	state: EmulatorState;
	req: IncomingMessage;
	res: ServerResponse;
	url: URL;
	module?: ModuleName;
	id?: string;
	body?: unknown;
}

interface Route {
	/** the counter key, e.g. 'GET /devices/:id' */
	key: string;
	module?: ModuleName;
	id?: string;
	operation: Operation;
	/** models: the module comes from the query string */
	models?: boolean;
	/** The scopes that open this route instead of the module's own (besides full access). */
	scopes?: string[];
	hasBody?: boolean;
	handle(ctx: Context): void;
}

function matchRoute(
	method: string,
	path: string,
	deleteRoutes: ZohoBehaviour['deleteRoutes'],
): Route | undefined {
	const parts = path.replace(/\/+$/, '').split('/').filter(Boolean);
	if (parts[0] === 'settings' && parts[1] === 'models' && parts.length === 2 && method === 'GET') {
		return { key: 'GET /settings/models', operation: 'READ', models: true, handle: listModels };
	}
	if (parts.join('/') === DATAPOINT_VALUES_ROUTE && method === 'POST') {
		return {
			key: `POST /${DATAPOINT_VALUES_ROUTE}`,
			operation: 'CREATE',
			scopes: [DATAPOINT_VALUES_SCOPE],
			hasBody: true,
			handle: datapointValues,
		};
	}
	const module = parts[0] as ModuleName;
	if (!MODULES.includes(module)) return undefined;
	const id = parts[1];
	if (parts.length === 1 && method === 'GET')
		return { key: `GET /${module}`, module, operation: 'READ', handle: listRecords };
	if (parts.length === 1 && method === 'POST')
		return {
			key: `POST /${module}`,
			module,
			operation: 'CREATE',
			hasBody: true,
			handle: createRecords,
		};
	if (parts.length === 2 && method === 'GET')
		return { key: `GET /${module}/:id`, module, id, operation: 'READ', handle: getRecord };
	if (parts.length === 2 && method === 'PUT')
		return {
			key: `PUT /${module}/:id`,
			module,
			id,
			operation: 'UPDATE',
			hasBody: true,
			handle: updateRecord,
		};
	if (
		parts.length === 4 &&
		parts[2] === 'actions' &&
		parts[3] === 'delete' &&
		method === 'GET' &&
		deleteRoutes.includes('action')
	)
		return {
			key: `GET /${module}/:id/actions/delete`,
			module,
			id,
			operation: 'DELETE',
			handle: deleteRecord,
		};
	if (parts.length === 2 && method === 'DELETE' && deleteRoutes.includes('http-delete'))
		return { key: `DELETE /${module}/:id`, module, id, operation: 'DELETE', handle: deleteRecord };
	return undefined;
}

function sendError(
	ctx: Pick<Context, 'state' | 'res'>,
	error: ApiError,
	details?: Record<string, unknown>,
	headers: Record<string, string> = {},
): void {
	const { code, message, status } = error.body;
	const body = details ? { code, details, message, status } : { code, message, status };
	sendJson(ctx.res, error.status, body, ctx.state.behaviour.jsonContentType, headers);
}

/** An answer refused before admission: it still travels the link (faults.linkLatencyMs). */
async function refuse(
	ctx: Context,
	error: ApiError,
	details?: Record<string, unknown>,
	headers: Record<string, string> = {},
): Promise<void> {
	const delay = ctx.state.settings.faults.linkLatencyMs;
	if (delay > 0) await ctx.state.sleep(delay);
	if (!ctx.res.destroyed) sendError(ctx, error, details, headers);
}

/** A per-record error, as it appears inside a 2xx write answer. */
function recordError(error: ApiError, details: Record<string, unknown>): Record<string, unknown> {
	return { code: error.body.code, details, message: error.body.message, status: 'error' };
}

function retryAfterHeader(state: EmulatorState): Record<string, string> {
	const seconds = state.settings.faults.retryAfterSeconds;
	return seconds === null ? {} : { 'retry-after': String(seconds) };
}

function tokenIsLive(
	state: EmulatorState,
	access: AccessTokenRecord | undefined,
): access is AccessTokenRecord {
	if (!access || access.revoked || state.now() >= access.expiresAt) return false;
	const limit = state.settings.faults.expireTokensAfterRequests;
	return limit === null || access.uses < limit;
}

function scopeAllows(
	state: EmulatorState,
	granted: string,
	route: Route,
	module: ModuleName | undefined,
): boolean {
	const b = state.behaviour;
	const norm = (s: string) => (b.scopeCaseInsensitive ? s.toLowerCase() : s);
	const have = new Set(splitScopes(granted).map(norm));
	const accepted = [...b.fullAccessScopes, ...(route.scopes ?? [])];
	// DOCUMENTED: a custom module needs ZohoIOT.modules.ALL; it has no scope of its own.
	if (module && !route.scopes && !extraModule(module)?.custom)
		accepted.push(`ZohoIOT.modules.${module}.ALL`, `ZohoIOT.modules.${module}.${route.operation}`);
	if (route.models) {
		accepted.push(...b.modelsExtraScopes);
		// Without a valid module the request is a 400 anyway; let any IoT scope through to it.
		if (!module) return [...have].some((s) => s.startsWith(norm('ZohoIOT.')));
	}
	return accepted.some((s) => have.has(norm(s)));
}

export async function handleIot(
	state: EmulatorState,
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
): Promise<void> {
	const b = state.behaviour;
	const leave = state.enterApi();
	res.once('close', leave);
	const method = req.method ?? 'GET';
	const route = matchRoute(method, url.pathname.slice(API_PREFIX.length), b.deleteRoutes);
	state.countApiRequest(route?.key ?? `${method} (unmatched)`);
	const ctx: Context = { state, req, res, url, module: route?.module, id: route?.id };

	// -- authentication
	const header = req.headers.authorization;
	if (!header) {
		state.countScheme('(none)');
		state.counters.rejectedSchemes++;
		return await refuse(ctx, b.errors.invalidToken);
	}
	const space = header.indexOf(' ');
	const scheme = space > 0 ? header.slice(0, space) : header;
	const tokenValue = space > 0 ? header.slice(space + 1).trim() : '';
	state.countScheme(scheme);
	const schemeOk = state.settings.acceptedSchemes.some((s) =>
		b.schemeCaseSensitive ? s === scheme : s.toLowerCase() === scheme.toLowerCase(),
	);
	if (!schemeOk) {
		state.counters.rejectedSchemes++;
		return await refuse(ctx, b.errors.invalidToken);
	}
	const access = state.tokens.accessTokens.get(tokenValue);
	if (!tokenIsLive(state, access)) {
		state.counters.expiredTokenRejections++;
		return await refuse(ctx, b.errors.invalidToken);
	}
	access.uses++;

	// -- route and scope
	if (!route) return await refuse(ctx, b.errors.invalidUrl);
	if (route.models) {
		const m = url.searchParams.get('module') as ModuleName;
		ctx.module = hasModels(m) ? m : undefined;
	}
	if (!scopeAllows(state, access.scope, route, ctx.module)) {
		state.counters.scopeMismatches++;
		return await refuse(ctx, b.errors.scopeMismatch);
	}

	// -- limits: the slot is held until the answer is complete (latency included)
	const release = state.acquireSlot(access.clientId);
	if (!release) {
		state.counters.throttled429++;
		state.counters.throttled429ByReason.concurrency++;
		return await refuse(ctx, b.errors.tooManyRequests, undefined, retryAfterHeader(state));
	}
	res.once('close', release);
	if (!state.takeQuota()) {
		state.counters.throttled429++;
		state.counters.throttled429ByReason.dailyQuota++;
		return sendError(ctx, b.errors.dailyLimitExceeded, undefined, retryAfterHeader(state));
	}

	// -- faults: drawn now, in arrival order, so a seed replays the same sequence
	const plan = state.faults.plan(state.settings.faults);
	if (route.hasBody) {
		try {
			const text = await readBody(req);
			ctx.body = text.length === 0 ? undefined : JSON.parse(text);
		} catch (error) {
			const reason =
				error instanceof BodyTooLargeError ? 'body too large' : 'body is not valid JSON';
			return sendError(ctx, b.errors.invalidData, { reason });
		}
	}
	if (plan.delayMs > 0) await state.sleep(plan.delayMs);
	if (res.destroyed) return;
	switch (plan.outcome) {
		case 'drop':
			state.counters.dropped++;
			req.socket.destroy();
			return;
		case 'throttle':
			state.counters.throttled429++;
			state.counters.throttled429ByReason.fault++;
			return sendError(ctx, b.errors.tooManyRequests, undefined, retryAfterHeader(state));
		case 'server-error':
			state.counters.serverErrors5xx++;
			return sendError(ctx, b.errors.serverError);
		case 'none':
			route.handle(ctx);
	}
}

// ---------------------------------------------------------------- handlers

function reply(ctx: Context, status: number, body: unknown): void {
	sendJson(ctx.res, status, body, ctx.state.behaviour.jsonContentType);
}

function positiveInt(value: string | null, fallback: number): number | undefined {
	if (value === null || value === '') return fallback;
	if (!/^\d+$/.test(value)) return undefined;
	const n = Number(value);
	return n >= 1 ? n : undefined;
}

function listRecords(ctx: Context): void {
	const { state, url } = ctx;
	const b = state.behaviour;
	const module = ctx.module!;
	const q = url.searchParams;
	const page = positiveInt(q.get('page'), 1);
	if (page === undefined)
		return sendError(ctx, b.errors.invalidData, { param: 'page', expected: 'an integer >= 1' });
	const perPage = positiveInt(q.get('per_page'), b.list.defaultPerPage);
	if (perPage === undefined || perPage > b.list.maxPerPage) {
		return sendError(ctx, b.errors.invalidData, {
			param: 'per_page',
			minimum: 1,
			maximum: b.list.maxPerPage,
		});
	}
	const sortOrder = (q.get('sort_order') ?? 'asc').toLowerCase();
	if (sortOrder !== 'asc' && sortOrder !== 'desc') {
		return sendError(ctx, b.errors.invalidData, { param: 'sort_order', expected: 'asc or desc' });
	}
	const sortBy = q.get('sort_by') || b.list.defaultSortBy;

	// Sorted before the view's filter, which keeps the order.
	let records = state.data.sorted(module, sortBy, sortOrder as 'asc' | 'desc');
	const cvid = q.get('cvid');
	if (cvid !== null) {
		if (!/^\d+$/.test(cvid)) return sendError(ctx, b.errors.invalidData, { param: 'cvid' });
		const view = CUSTOM_VIEWS.find((v) => v.id === cvid);
		if (view && view.module !== module)
			return sendError(ctx, b.errors.invalidData, {
				param: 'cvid',
				reason: `view of module ${view.module}`,
			});
		const filter = view?.filter;
		if (filter) records = records.filter((r) => r[filter.field] === filter.value);
	}
	// `filter` (JSON) is documented but its syntax is not: it is accepted and ignored.

	const start = (page - 1) * perPage;
	const slice = records.slice(start, start + perPage);
	if (slice.length === 0 && b.list.emptyPageStatus === 204) return reply(ctx, 204, undefined);
	reply(ctx, 200, {
		[module]: slice.map((record) => presentRecord(record, b, module)),
		...pagingMetadata(b, {
			page,
			perPage,
			count: slice.length,
			more: start + perPage < records.length,
		}),
	});
}

/** The record of the route, or an answer already sent (400 for a bad id, 404 for an unknown one). */
function existingRecord(ctx: Context): ZohoRecord | undefined {
	const b = ctx.state.behaviour;
	if (!/^\d+$/.test(ctx.id ?? '')) {
		sendError(ctx, b.errors.invalidData, { param: 'id', expected: 'a numeric record id' });
		return undefined;
	}
	const record = ctx.state.data.get(ctx.module!, ctx.id!);
	if (!record) sendError(ctx, b.errors.recordNotFound, { id: ctx.id });
	return record;
}

function getRecord(ctx: Context): void {
	const record = existingRecord(ctx);
	if (!record) return;
	const presented = presentRecord(record, ctx.state.behaviour, ctx.module!);
	reply(ctx, 200, {
		[ctx.module!]: ctx.state.behaviour.getShape === 'array' ? [presented] : presented,
	});
}

/** The records of a write body: {"devices": {...}} or {"devices": [{...}, ...]}. */
function bodyRecords(ctx: Context): unknown[] | undefined {
	const body = ctx.body as Record<string, unknown> | undefined;
	const value =
		body && typeof body === 'object' && !Array.isArray(body) ? body[ctx.module!] : undefined;
	const list = Array.isArray(value)
		? value
		: value !== undefined && value !== null
			? [value]
			: undefined;
	if (!list || list.length === 0) {
		sendError(ctx, ctx.state.behaviour.errors.invalidData, {
			expected: `{"${ctx.module}": {...}}`,
		});
		return undefined;
	}
	return list;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** Field checks shared by create and update; returns a per-record error or undefined. */
function fieldProblem(
	ctx: Context,
	fields: Record<string, unknown>,
	creating: boolean,
): Record<string, unknown> | undefined {
	const e = ctx.state.behaviour.errors;
	const required = extraModule(ctx.module!)?.requiredOnCreate ?? ['name', 'model_id'];
	for (const field of required) {
		const value = fields[field];
		const missing = value === undefined || value === null || value === '';
		if (creating && missing) return recordError(e.mandatoryNotFound, { api_name: field });
		if (!creating && field in fields && missing)
			return recordError(e.invalidData, { api_name: field, reason: 'cannot be empty' });
	}
	if (fields.name !== undefined && typeof fields.name !== 'string') {
		return recordError(e.invalidData, { api_name: 'name', expected_data_type: 'text' });
	}
	if (
		hasModels(ctx.module!) &&
		fields.model_id !== undefined &&
		!findModel(ctx.module!, fields.model_id)
	) {
		return recordError(e.invalidData, {
			api_name: 'model_id',
			reason: `no ${ctx.module} model with this id`,
		});
	}
	return undefined;
}

function createRecords(ctx: Context): void {
	const { state } = ctx;
	const b = state.behaviour;
	const list = bodyRecords(ctx);
	if (!list) return;
	if (list.length > b.maxRecordsPerWrite)
		return sendError(ctx, b.errors.invalidData, { maximum_records: b.maxRecordsPerWrite });
	const results = list.map((fields) => {
		if (!isPlainObject(fields))
			return recordError(b.errors.invalidData, { expected: 'a record object' });
		const problem = fieldProblem(ctx, fields, true);
		if (problem) return problem;
		return writeSuccess(state.data.create(ctx.module!, fields, state.now()), 'record added', b);
	});
	const allOk = results.every((r) => r.status === 'success');
	reply(ctx, allOk ? b.writeStatus.created : b.writeStatus.createdWithErrors, {
		[ctx.module!]: results,
	});
}

function updateRecord(ctx: Context): void {
	const { state } = ctx;
	const b = state.behaviour;
	const record = existingRecord(ctx);
	if (!record) return;
	const list = bodyRecords(ctx);
	if (!list) return;
	const fields = list[0];
	let result: Record<string, unknown>;
	if (list.length !== 1 || !isPlainObject(fields)) {
		result = recordError(b.errors.invalidData, { expected: `one record object for ${ctx.id}` });
	} else if (fields.id !== undefined && String(fields.id) !== ctx.id) {
		result = recordError(b.errors.invalidData, {
			api_name: 'id',
			reason: 'does not match the id in the URL',
		});
	} else {
		result =
			fieldProblem(ctx, fields, false) ??
			writeSuccess(
				state.data.update(ctx.module!, record.id, fields, state.now()),
				'record updated',
				b,
			);
	}
	reply(
		ctx,
		result.status === 'success' ? b.writeStatus.updated : b.writeStatus.updatedWithErrors,
		{ [ctx.module!]: [result] },
	);
}

function deleteRecord(ctx: Context): void {
	const record = existingRecord(ctx);
	if (!record) return;
	ctx.state.data.delete(ctx.module!, record.id);
	reply(ctx, ctx.state.behaviour.writeStatus.deleted, {
		[ctx.module!]: [writeSuccess({ id: record.id }, 'record deleted', ctx.state.behaviour)],
	});
}

function listModels(ctx: Context): void {
	if (!ctx.module) {
		return sendError(ctx, ctx.state.behaviour.errors.invalidData, {
			param: 'module',
			expected: MODULES.filter(hasModels).join(' or '),
		});
	}
	reply(ctx, 200, { models: modelsOf(ctx.module) });
}

function datapointValues(ctx: Context): void {
	const answer = answerDatapointValues(ctx.body, ctx.state.data.all('datapoints'), ctx.state.now());
	if ('invalid' in answer)
		return sendError(ctx, ctx.state.behaviour.errors.invalidData, answer.invalid);
	if (answer.status === 204) {
		ctx.res.writeHead(204);
		ctx.res.end();
		return;
	}
	reply(ctx, 200, answer.body);
}
