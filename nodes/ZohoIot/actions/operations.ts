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
	/** n8n's action text, e.g. "Get many devices". */
	action: (resource: RecordResource) => string;
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

export const OPERATION_KINDS: Record<OperationName, OperationKind> = {
	create: {
		name: 'Create',
		action: (r) => `Create ${r.withArticle}`,
		description: createDescription,
		execute: createRecord,
	},
	delete: {
		name: 'Delete',
		action: (r) => `Delete ${r.withArticle}`,
		description: deleteDescription,
		execute: deleteRecord,
	},
	get: {
		name: 'Get',
		action: (r) => `Get ${r.withArticle}`,
		description: getDescription,
		execute: getRecord,
	},
	getAll: {
		name: 'Get Many',
		action: (r) => `Get many ${r.plural}`,
		description: getAllDescription,
		execute: getAllRecords,
	},
	getValues: {
		name: 'Get Values',
		action: () => 'Get datapoint values',
		description: getValuesDescription,
		execute: getValues,
		scope: DATAPOINT_VALUES_SCOPE,
	},
	update: {
		name: 'Update',
		action: (r) => `Update ${r.withArticle}`,
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
