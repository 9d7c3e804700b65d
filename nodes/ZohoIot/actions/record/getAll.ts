import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CVID_EXCLUDES_SORT_BY, FILTER_QUERY_PARAMETER, SORT_ORDERS } from '../../constants';
import { zohoIotApiRequestAllItems } from '../../transport';
import { listFilters, returnAllAndLimit, scoped, simplifyField } from '../common.descriptions';
import { parseJsonObject, simplifyRecord, toRecordId, type RecordResource } from '../records';

export function getAllDescription(resource: RecordResource): INodeProperties[] {
	return scoped(resource, 'getAll', [...returnAllAndLimit, simplifyField(resource), listFilters(resource)]);
}

interface ListFilters {
	cvid?: string;
	filter?: string | IDataObject;
	sortBy?: string;
	sortOrder?: string;
}

/** Zoho's list query parameters from the Filters collection, checked before any request. */
export function listQuery(node: INode, resource: RecordResource, filters: ListFilters, itemIndex: number): IDataObject {
	const qs: IDataObject = {};
	const cvid = String(filters.cvid ?? '').trim();
	if (cvid) {
		qs.cvid = toRecordId(node, cvid, {
			what: 'custom view ID',
			itemIndex,
			fix: `Copy the ID of the ${resource.singular}s view from Zoho IoT, or remove the Custom View ID filter.`,
		});
	}
	const sortBy = String(filters.sortBy ?? '').trim();
	if (sortBy) {
		if (qs.cvid !== undefined && CVID_EXCLUDES_SORT_BY) {
			throw new NodeOperationError(node, 'Custom View ID and Sort By cannot be used together', {
				description: 'Zoho IoT does not sort a custom view: the view has an order of its own. Remove one of the two filters.',
				itemIndex,
			});
		}
		qs.sort_by = sortBy;
	}
	if (filters.sortOrder !== undefined) {
		if (!(SORT_ORDERS as readonly string[]).includes(filters.sortOrder)) {
			throw new NodeOperationError(node, `"${filters.sortOrder}" is not a sort order`, {
				description: `Use one of: ${SORT_ORDERS.join(', ')}.`,
				itemIndex,
			});
		}
		qs.sort_order = filters.sortOrder;
	}
	const filter = parseJsonObject(node, filters.filter, {
		what: 'Filter (JSON)',
		itemIndex,
		example: '{"status": "active"}',
	});
	if (Object.keys(filter).length > 0) qs[FILTER_QUERY_PARAMETER] = JSON.stringify(filter);
	return qs;
}

function limitFrom(node: INode, value: unknown, itemIndex: number): number {
	const limit = Number(value);
	if (!Number.isInteger(limit) || limit < 1) {
		throw new NodeOperationError(node, `The limit ${JSON.stringify(value)} is not a whole number of 1 or more`, {
			description: 'Enter how many records to return, e.g. 50, or turn on Return All.',
			itemIndex,
		});
	}
	return limit;
}

/**
 * `GET /{module}?page&per_page` page by page, stopping at the limit (the transport never
 * fetches more than it needs). One output item per record, in Zoho's order.
 */
export async function getAllRecords(
	this: IExecuteFunctions,
	resource: RecordResource,
	itemIndex: number,
): Promise<IDataObject[]> {
	const node = this.getNode();
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : limitFrom(node, this.getNodeParameter('limit', itemIndex, 50), itemIndex);
	const qs = listQuery(node, resource, this.getNodeParameter('filters', itemIndex, {}) as ListFilters, itemIndex);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;

	const records = await zohoIotApiRequestAllItems.call(this, resource.module, { qs, limit, itemIndex });
	return simplify ? records.map((record) => simplifyRecord(record, resource.simplifiedFields)) : records;
}
