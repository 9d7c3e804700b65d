/**
 * The item loop, in one place: which operation runs, how many items are in flight at once,
 * `pairedItem` on every output item, and what a failure does (continue-on-fail or stop).
 * Operations only turn one item into data.
 */
import type { IExecuteFunctions, INode, INodeExecutionData, NodeApiError } from 'n8n-workflow';
import { ExecutionBaseError, NodeOperationError } from 'n8n-workflow';

import { DEFAULT_MAX_CONCURRENT_REQUESTS, MAX_CONCURRENT_REQUESTS } from '../constants';
import { resolveResource } from './customModule';
import { explainForResource } from './errorHints';
import type { OperationName } from './node.type';
import { OPERATION_KINDS, scopeFor, type OperationKind } from './operations';
import { resourceEntry, type RecordResource } from './registry';
import { runPool } from './pool';

/** The registry entry and operation kind the parameters name, or a clear error. */
function operationFor(node: INode, resource: string, operation: string): { entry: RecordResource; kind: OperationKind } {
	const entry = resourceEntry(resource);
	if (entry && (entry.operations as readonly string[]).includes(operation)) {
		return { entry, kind: OPERATION_KINDS[operation as OperationName] };
	}
	throw new NodeOperationError(node, `The operation "${operation}" is not supported for the resource "${resource}"`, {
		description: 'Choose a resource and an operation from the lists; this workflow may come from a newer version of the node.',
	});
}

/**
 * How many items run at once. Read from the first item: it bounds the whole run, so it cannot
 * differ per item.
 */
function maxConcurrentRequests(this: IExecuteFunctions): number {
	const value = this.getNodeParameter('options.maxConcurrentRequests', 0, DEFAULT_MAX_CONCURRENT_REQUESTS);
	const limit = Number(value);
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CONCURRENT_REQUESTS) {
		throw new NodeOperationError(this.getNode(), `Max Concurrent Requests must be a whole number from 1 to ${MAX_CONCURRENT_REQUESTS}, not ${JSON.stringify(value)}`, {
			description: `Zoho IoT allows 5 to ${MAX_CONCURRENT_REQUESTS} concurrent requests per client, depending on the plan. Enter your plan's limit or less.`,
			itemIndex: 0,
		});
	}
	return limit;
}

/**
 * The error as n8n should show it, naming the item it belongs to. n8n's own errors (from the
 * transport, the operations, or an expression that failed) keep their type and words.
 */
function forItem(node: INode, error: unknown, itemIndex: number): ExecutionBaseError {
	if (error instanceof ExecutionBaseError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	if (items.length === 0) return [[]];
	const node = this.getNode();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const { entry, kind } = operationFor(node, resource, operation);
	const scope = scopeFor(entry, operation);
	const continueOnFail = this.continueOnFail();

	const outcomes = await runPool(
		items.length,
		maxConcurrentRequests.call(this),
		async (itemIndex) => {
			const target = resolveResource.call(this, entry, itemIndex);
			try {
				return await kind.execute.call(this, target, itemIndex);
			} catch (error) {
				throw explainForResource(error, target, { operation, scope });
			}
		},
		// Without continue-on-fail the run ends at the first failure: start no more items.
		{ stopOnFailure: !continueOnFail },
	);

	const output: INodeExecutionData[] = [];
	for (const [itemIndex, outcome] of outcomes.entries()) {
		if (outcome.status === 'fulfilled') {
			const records = Array.isArray(outcome.value) ? outcome.value : [outcome.value];
			for (const json of records) output.push({ json, pairedItem: { item: itemIndex } });
		} else if (outcome.status === 'rejected') {
			const error = forItem(node, outcome.reason, itemIndex);
			// Outcomes are in input order, so this is the first failing item, as in a sequential loop.
			if (!continueOnFail) throw error;
			output.push({
				json: {
					error: error.message,
					description: error.description ?? null,
					httpCode: (error as NodeApiError).httpCode ?? null,
				},
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [output];
}
