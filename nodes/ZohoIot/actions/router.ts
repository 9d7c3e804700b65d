/**
 * The item loop, in one place: which operation runs, how many items are in flight at once,
 * `pairedItem` on every output item, and what a failure does (continue-on-fail or stop).
 * Operations only turn one item into data.
 */
import type { IExecuteFunctions, INode, INodeExecutionData, NodeApiError } from 'n8n-workflow';
import { ExecutionBaseError, NodeOperationError } from 'n8n-workflow';

import {
	DEFAULT_ZOHO_PLAN,
	MAX_CONCURRENT_REQUESTS,
	ZOHO_PLANS,
	type ZohoPlan,
} from '../constants';
import { runPool } from '../helpers/pool';
import { concurrencyGate } from '../transport/concurrencyGate';
import { isOneOf, numberOrDigits, shown } from '../helpers/values';
import { resolveResource } from './customModule';
import { explainForResource } from './errorHints';
import type { OperationName } from './node.type';
import { OPERATION_KINDS, scopeFor, type OperationKind } from './operations';
import { RESOURCES, resourceEntry, type RecordResource } from './registry';
import { checkStructuredParameters } from './typedParameters';

/** A value from a parameter, as it may appear in a message: JSON, at most 40 characters. */
function shownChoice(value: unknown): string {
	return shown(value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value)));
}

/** The registry entry and operation kind the parameters name, or a clear error. */
function operationFor(
	node: INode,
	resource: unknown,
	operation: unknown,
): { entry: RecordResource; kind: OperationKind; operation: OperationName } {
	const howToFix =
		'Choose a resource and an operation from the lists; this workflow may come from a newer version of the node.';
	const entry = typeof resource === 'string' ? resourceEntry(resource) : undefined;
	if (!entry) {
		throw new NodeOperationError(node, `The resource ${shownChoice(resource)} is not supported`, {
			description: `${howToFix} This node works with: ${RESOURCES.map((known) => known.resource).join(', ')}.`,
		});
	}
	if (!isOneOf(operation, entry.operations)) {
		throw new NodeOperationError(
			node,
			`The operation ${shownChoice(operation)} is not supported for the resource "${entry.resource}"`,
			{
				description: howToFix,
			},
		);
	}
	return {
		entry,
		kind: OPERATION_KINDS[operation as OperationName],
		operation: operation as OperationName,
	};
}

/**
 * A node-wide choice (resource, operation) as stored, or undefined: never n8n's raw "Could not
 * get parameter", which it throws when the operation belongs to no known resource.
 */
function choice(this: IExecuteFunctions, name: string): unknown {
	try {
		return this.getNodeParameter(name, 0, null);
	} catch {
		return this.getNode().parameters[name];
	}
}

/**
 * How many items run at once: Max Concurrent Requests if set, else the Zoho IoT Plan's limit.
 * Read from the first item: it bounds the whole run, so it cannot differ per item. A number or
 * digits as text; a list such as [5] is refused.
 */
function maxConcurrentRequests(this: IExecuteFunctions): number {
	const plan = this.getNodeParameter('options.zohoPlan', 0, DEFAULT_ZOHO_PLAN) as unknown;
	if (typeof plan !== 'string' || !Object.prototype.hasOwnProperty.call(ZOHO_PLANS, plan)) {
		throw new NodeOperationError(
			this.getNode(),
			`The Zoho IoT Plan ${shownChoice(plan)} is not one this node knows`,
			{
				description: `Choose one of: ${Object.keys(ZOHO_PLANS).join(', ')} (or remove the option to use ${DEFAULT_ZOHO_PLAN}).`,
				itemIndex: 0,
			},
		);
	}
	const planLimit = ZOHO_PLANS[plan as ZohoPlan].concurrency;
	const value = this.getNodeParameter('options.maxConcurrentRequests', 0, planLimit) as unknown;
	const limit = numberOrDigits(value);
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CONCURRENT_REQUESTS) {
		throw new NodeOperationError(
			this.getNode(),
			`Max Concurrent Requests must be a whole number from 1 to ${MAX_CONCURRENT_REQUESTS}, not ${shownChoice(value)}`,
			{
				description: `Zoho IoT allows 5 to ${MAX_CONCURRENT_REQUESTS} concurrent requests per client, depending on the plan. Enter your plan's limit or less.`,
				itemIndex: 0,
			},
		);
	}
	return limit;
}

/**
 * The error as n8n should show it, naming the item it belongs to. n8n's own errors (from the
 * transport, the operations, or an expression that failed) keep their type and words.
 */
function asItemError(node: INode, error: unknown, itemIndex: number): ExecutionBaseError {
	if (error instanceof ExecutionBaseError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/**
 * Whether the node runs as an AI agent's tool. n8n 1.x and 2.x both load a node that is
 * `usableAsTool` a second time under its type plus "Tool" (n8n-nodes-zoho-iot.zohoIotTool), and
 * an agent's tool node carries that type.
 */
export function runsAsTool(node: INode): boolean {
	return typeof node.type === 'string' && node.type.endsWith('Tool');
}

/**
 * An AI agent is handed only an error's message, not its description: as a tool, the message
 * also says how to fix it, so the model can correct the call (e.g. use a numeric ID).
 */
export function toldToTheModel(error: unknown): unknown {
	if (!(error instanceof ExecutionBaseError) || !error.description) return error;
	if (!error.message.includes(error.description)) {
		error.message = `${error.message.replace(/[.\s]+$/, '')}. ${error.description}`;
	}
	return error;
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	try {
		return await runItems.call(this);
	} catch (error) {
		throw runsAsTool(this.getNode()) ? toldToTheModel(error) : error;
	}
}

/** Every input item through the chosen operation, a few at a time (see below). */
async function runItems(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	if (items.length === 0) return [[]];
	const node = this.getNode();
	const { entry, kind, operation } = operationFor(
		node,
		choice.call(this, 'resource'),
		choice.call(this, 'operation'),
	);
	const scope = scopeFor(entry, operation);
	const continueOnFail = this.continueOnFail();

	// Zoho limits requests in flight, and the transport's gate holds the run to that limit. One
	// item more runs at once: its parameters are evaluated and its request built while the others
	// wait for Zoho, and the request leaves the moment an answer frees a slot (pool.ts says why it
	// leaves first). Measured in real n8n 2.41 at 5 in flight and 50 ms answers: 93 requests a
	// second against 87 without the item prepared ahead (docs/benchmarks.md).
	const limit = maxConcurrentRequests.call(this);
	concurrencyGate.call(this).limitTo(limit);
	const outcomes = await runPool(
		items.length,
		limit + 1,
		async (itemIndex) => {
			const target = resolveResource.call(this, entry, itemIndex);
			try {
				checkStructuredParameters.call(this, itemIndex);
				return await kind.execute.call(this, target, itemIndex);
			} catch (error) {
				throw explainForResource(error, target, { operation, scope });
			}
		},
		// Without continue-on-fail the run ends at the first failure: start no more items (the one
		// already prepared may still be sent, like the ones in flight).
		{ stopOnFailure: !continueOnFail },
	);

	const output: INodeExecutionData[] = [];
	for (const [itemIndex, outcome] of outcomes.entries()) {
		if (outcome.status === 'fulfilled') {
			const records = Array.isArray(outcome.value) ? outcome.value : [outcome.value];
			// One pairing object for all the items of an input item: Return All makes tens of
			// thousands, and n8n only reads it.
			const pairedItem = { item: itemIndex };
			for (const json of records) output.push({ json, pairedItem });
		} else if (outcome.status === 'rejected') {
			const error = asItemError(node, outcome.reason, itemIndex);
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
