/**
 * The operation kinds: how each one is labelled, which parameters it shows and what it runs.
 * Every kind is one file (record/*.ts, datapoint/*.ts) and one line here; a resource offers a
 * kind by naming it in its registry entry.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DATAPOINT_VALUES_SCOPE } from '../constants';
import { getValues, getValuesDescription } from './datapoint/getValues';
import type { OperationName } from './node.type';
import { createDescription, createRecord } from './record/create';
import { deleteDescription, deleteRecord } from './record/delete';
import { getDescription, getRecord } from './record/get';
import { getAllDescription, getAllRecords } from './record/getAll';
import { updateDescription, updateRecord } from './record/update';
import type { RecordResource } from './registry';

export interface OperationKind {
	/** The dropdown label, e.g. "Get Many". */
	name: string;
	/**
	 * n8n's action text in the nodes panel, e.g. "Create device": sentence case, naming the
	 * resource, without articles (n8n's UX guidelines, "Naming action").
	 */
	action: (resource: RecordResource) => string;
	/** The sub-text under the operation's name, e.g. "Create a new device". */
	summary: (resource: RecordResource) => string;
	/** The parameters of this operation for this resource, each shown only for both. */
	description: (resource: RecordResource) => INodeProperties[];
	/** One item's work: data for output items, never the items themselves (the router's job). */
	execute: (
		this: IExecuteFunctions,
		resource: RecordResource,
		itemIndex: number,
	) => Promise<IDataObject | IDataObject[]>;
	/** The scope the operation needs when it is not the module's own. */
	scope?: string;
}

/** What one record of the resource is called in an action: "device", "custom module record". */
const recordNoun = (r: RecordResource) => (r.custom ? `${r.singular} record` : r.singular);

export const OPERATION_KINDS: Record<OperationName, OperationKind> = {
	create: {
		name: 'Create',
		action: (r) => `Create ${recordNoun(r)}`,
		summary: (r) => `Create a new ${recordNoun(r)}`,
		description: createDescription,
		execute: createRecord,
	},
	delete: {
		name: 'Delete',
		action: (r) => `Delete ${recordNoun(r)}`,
		summary: (r) => `Delete ${r.custom ? `a ${recordNoun(r)}` : r.withArticle}`,
		description: deleteDescription,
		execute: deleteRecord,
	},
	get: {
		name: 'Get',
		action: (r) => `Get ${recordNoun(r)}`,
		summary: (r) => `Retrieve ${r.custom ? `a ${recordNoun(r)}` : r.withArticle}`,
		description: getDescription,
		execute: getRecord,
	},
	getAll: {
		name: 'Get Many',
		action: (r) => `Get many ${r.plural}`,
		summary: (r) => `Retrieve a list of ${r.plural}`,
		description: getAllDescription,
		execute: getAllRecords,
	},
	getValues: {
		name: 'Get Values',
		action: () => 'Get datapoint values',
		summary: () => 'Retrieve the values of datapoints over a period',
		description: getValuesDescription,
		execute: getValues,
		scope: DATAPOINT_VALUES_SCOPE,
	},
	update: {
		name: 'Update',
		action: (r) => `Update ${recordNoun(r)}`,
		summary: (r) => `Update ${r.custom ? `a ${recordNoun(r)}` : r.withArticle}`,
		description: updateDescription,
		execute: updateRecord,
	},
};

/** The scope a resource's operation needs. */
export function scopeFor(resource: RecordResource, operation: string): string {
	return (
		(Object.prototype.hasOwnProperty.call(OPERATION_KINDS, operation) &&
			OPERATION_KINDS[operation as OperationName].scope) ||
		resource.scope
	);
}
