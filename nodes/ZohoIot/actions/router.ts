/**
 * The item loop, in one place: which operation runs, how many items are in flight at once,
 * `pairedItem` on every output item, and what a failure does (continue-on-fail or stop).
 * Operations only turn one item into data.
 */
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, NodeApiError } from 'n8n-workflow';
import { ExecutionBaseError, NodeOperationError } from 'n8n-workflow';

import {
	DEFAULT_MAX_CONCURRENT_REQUESTS,
	DEFAULT_ZOHO_PLAN,
	MAX_CONCURRENT_REQUESTS,
	ZOHO_PLANS,
	type ZohoPlan,
} from '../constants';
import * as asset from './asset/Asset.resource';
import * as device from './device/Device.resource';
import { runPool } from './pool';

type OperationExecute = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject | IDataObject[]>;

const resources: Record<string, Record<string, { execute: OperationExecute }>> = {
	asset: asset.operations,
	device: device.operations,
};

function operationFor(node: INode, resource: string, operation: string): OperationExecute {
	const execute = Object.prototype.hasOwnProperty.call(resources, resource)
		? resources[resource][operation]?.execute
		: undefined;
	if (!execute) {
		throw new NodeOperationError(node, `The operation "${operation}" is not supported for the resource "${resource}"`, {
			description: 'Choose a resource and an operation from the lists; this workflow may come from a newer version of the node.',
		});
	}
	return execute;
}

/**
 * How many items run at once: Max Concurrent Requests if set, else the Zoho IoT Plan's limit.
 * Read from the first item: it bounds the whole run, so it cannot differ per item.
 */
function maxConcurrentRequests(this: IExecuteFunctions): number {
	const plan = this.getNodeParameter('options.zohoPlan', 0, DEFAULT_ZOHO_PLAN) as string;
	const planLimit = Object.prototype.hasOwnProperty.call(ZOHO_PLANS, plan)
		? ZOHO_PLANS[plan as ZohoPlan].concurrency
		: DEFAULT_MAX_CONCURRENT_REQUESTS;
	const value = this.getNodeParameter('options.maxConcurrentRequests', 0, planLimit);
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
	const execute = operationFor(node, resource, operation);
	const continueOnFail = this.continueOnFail();

	const outcomes = await runPool(
		items.length,
		maxConcurrentRequests.call(this),
		async (itemIndex) => await execute.call(this, itemIndex),
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
