import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DELETE_ACTION_PATH, DELETE_METHOD, MISSING_ROUTE } from '../../constants';
import { recordIdParameter } from '../../helpers/records';
import { isOneOf } from '../../helpers/values';
import { zohoIotWriteRequest } from '../../transport';
import type { RecordResource } from '../registry';
import { recordLocator, shownOnlyFor } from '../common.descriptions';

export function deleteDescription(resource: RecordResource): INodeProperties[] {
	return shownOnlyFor(resource, 'delete', [recordLocator(resource, 'delete')]);
}

type DeleteRoute = 'method' | 'action';

/**
 * The delete route that worked last, for the whole process: both routes are assumptions
 * (constants.ts), so the node learns which one this Zoho IoT answers and then spends one request
 * per delete. Starts with HTTP DELETE, the method Zoho's REST overview names.
 */
let deleteRoute: DeleteRoute = 'method';
/** Whether a Zoho response has shown that `deleteRoute` exists. */
let routeKnown = false;
/** The delete that is finding the route out; concurrent items wait for it instead of probing too. */
let probe: Promise<unknown> | undefined;

/** Forgets the route learnt so far (tests start each case from HTTP DELETE). */
export function forgetDeleteRoute(): void {
	deleteRoute = 'method';
	routeKnown = false;
	probe = undefined;
}

/** Whether Zoho's error says the route or method does not exist (not that the record is missing). */
function isMissingRoute(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const status = Number(error.httpCode);
	const code = (error.errorResponse as { code?: unknown } | undefined)?.code;
	if (typeof code === 'string')
		return (
			isOneOf(code, MISSING_ROUTE.codes) ||
			(MISSING_ROUTE.statuses as readonly number[]).includes(status)
		);
	return (
		(MISSING_ROUTE.statuses as readonly number[]).includes(status) ||
		status === MISSING_ROUTE.bareStatus
	);
}

/** One delete request by one route; resolves to the error the transport raised, if any. */
async function sendDelete(
	this: IExecuteFunctions,
	route: DeleteRoute,
	resource: RecordResource,
	id: string,
	itemIndex: number,
): Promise<NodeApiError | NodeOperationError | undefined> {
	return await zohoIotWriteRequest
		.call(this, {
			method: route === 'method' ? DELETE_METHOD : 'GET',
			path:
				route === 'method'
					? `${resource.module}/${id}`
					: `${resource.module}/${id}/${DELETE_ACTION_PATH}`,
			module: resource.module,
			itemIndex,
		})
		.then(
			() => undefined,
			(error: NodeApiError | NodeOperationError) => error,
		);
}

/** Whether Zoho itself answered (an HTTP status), so the route the request took exists. */
const zohoResponded = (error: NodeApiError | NodeOperationError) =>
	error instanceof NodeApiError && Boolean(error.httpCode);

/** Sends the delete by the remembered route, and by the other one when Zoho says it has no such route. */
async function deleteWithFallback(
	this: IExecuteFunctions,
	resource: RecordResource,
	id: string,
	itemIndex: number,
) {
	const first = deleteRoute;
	const failure = await sendDelete.call(this, first, resource, id, itemIndex);
	if (failure && !isMissingRoute(failure)) {
		// Zoho answered about the record (e.g. RECORD_NOT_FOUND): the route exists.
		if (zohoResponded(failure)) routeKnown = true;
		throw failure;
	}
	if (failure) {
		const other: DeleteRoute = first === 'method' ? 'action' : 'method';
		const otherFailure = await sendDelete.call(this, other, resource, id, itemIndex);
		// Only a route that exists is remembered; if neither does, Zoho's first response explains more.
		if (otherFailure && isMissingRoute(otherFailure)) throw failure;
		if (!otherFailure || zohoResponded(otherFailure)) deleteRoute = other;
		if (otherFailure) {
			routeKnown = zohoResponded(otherFailure);
			throw otherFailure;
		}
	}
	routeKnown = true;
}

/**
 * `DELETE /{module}/{id}`, or `GET /{module}/{id}/actions/delete` when Zoho answers that the first
 * route does not exist; the route that worked is remembered, so each later delete costs one
 * request. If a remembered route stops existing (another Zoho IoT application in the same n8n),
 * the other one is tried again. Returns `{ deleted: true, id }`.
 */
export async function deleteRecord(
	this: IExecuteFunctions,
	resource: RecordResource,
	itemIndex: number,
): Promise<IDataObject> {
	const id = recordIdParameter.call(this, resource, itemIndex);

	// Wait once for a delete that is finding the route out, then go ahead whatever it learnt: a
	// probe that failed before Zoho answered (a dropped connection) teaches nothing, and waiting
	// on it again would spin forever.
	if (!routeKnown && probe) await probe.catch(() => undefined);
	const attempt = deleteWithFallback.call(this, resource, id, itemIndex);
	if (!routeKnown) {
		probe = attempt;
		void attempt
			.catch(() => undefined)
			.then(() => {
				if (probe === attempt) probe = undefined;
			});
	}
	await attempt;
	return { deleted: true, id };
}
