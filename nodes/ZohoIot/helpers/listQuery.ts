/**
 * Zoho's list query (filters and sort) from n8n parameters, checked before any request. Get Many
 * and the polling trigger both build their query here, so the trigger sends what Get Many sends.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FILTER_QUERY_PARAMETER, JSON_LIMITS, SORT_ORDERS } from '../constants';
import { kindOf, parseJsonObject, toRecordId, toText, type ResourceNames } from './records';
import { isOneOf, shown } from './values';

export interface ListSort {
	sortBy?: unknown;
	sortOrder?: unknown;
}

export interface ListFilters extends ListSort {
	cvid?: unknown;
	entityId?: unknown;
	relationId?: unknown;
	filter?: unknown;
}

/** A field's API name as Zoho writes them (letters, digits, underscores), e.g. created_time. */
const fieldApiName = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;

/**
 * Zoho's list query parameters from the Filters collection and the sort (the Sort collection;
 * version 1 nodes kept it inside Filters, the default), checked before any request: each value
 * must have its type (an expression giving null, an object or a list is refused, never sent as
 * "null" or "[object Object]"), and the filter JSON stays within bounds.
 */
export function listQuery(
	node: INode,
	resource: Pick<ResourceNames, 'singular'>,
	filters: ListFilters,
	itemIndex: number,
	sort: ListSort = filters,
): IDataObject {
	const qs: IDataObject = {};
	if (filters === null || typeof filters !== 'object' || Array.isArray(filters)) {
		throw new NodeOperationError(
			node,
			`Filters must be a collection of filters, not ${kindOf(filters)}`,
			{
				description: 'Add filters with "Add Filter", or remove the expression on Filters.',
				itemIndex,
			},
		);
	}
	// Documented "long" IDs: digits as text, or a JSON number that is a safe integer.
	const ids: Array<[keyof ListFilters, string, string, string]> = [
		[
			'cvid',
			'cvid',
			'custom view ID',
			`Copy the ID of the ${resource.singular}s view from Zoho IoT, or remove the Custom View ID filter.`,
		],
		[
			'entityId',
			'entity_id',
			'entity ID',
			'Enter the entity ID as digits, or remove the Entity ID filter.',
		],
		[
			'relationId',
			'relation_id',
			'relation ID',
			'Enter the relation ID as digits, or remove the Relation ID filter.',
		],
	];
	for (const [parameter, query, valueName, howToFix] of ids) {
		const value = filters[parameter];
		if (value === undefined || (typeof value === 'string' && value.trim() === '')) continue;
		qs[query] = toRecordId(node, value, { valueName, itemIndex, howToFix });
	}
	if (sort === null || typeof sort !== 'object' || Array.isArray(sort)) {
		throw new NodeOperationError(node, `Sort must be a collection, not ${kindOf(sort)}`, {
			description:
				'Add Sort By or Sort Order with "Add Sort Option", or remove the expression on Sort.',
			itemIndex,
		});
	}
	const sortBy =
		sort.sortBy === undefined
			? ''
			: toText(node, sort.sortBy, {
					valueName: 'Sort By field',
					itemIndex,
					howToFix:
						'Enter the API name of the field to sort by, e.g. created_time, or remove Sort By.',
					allowEmpty: true,
				});
	if (sortBy) {
		if (!fieldApiName.test(sortBy)) {
			throw new NodeOperationError(node, `"${shown(sortBy)}" is not a field's API name`, {
				description:
					'Sort By takes the API name of one field: letters, digits and underscores, e.g. created_time.',
				itemIndex,
			});
		}
		// Documented (Get Records): `cvid` cannot be combined with `sort_by`.
		if (qs.cvid !== undefined) {
			throw new NodeOperationError(node, 'Custom View ID and Sort By cannot be used together', {
				description:
					'Zoho IoT does not sort a custom view: the view has an order of its own. Remove Custom View ID or Sort By.',
				itemIndex,
			});
		}
		qs.sort_by = sortBy;
	}
	if (sort.sortOrder !== undefined) {
		if (!isOneOf(sort.sortOrder, SORT_ORDERS)) {
			throw new NodeOperationError(
				node,
				`${typeof sort.sortOrder === 'string' ? `"${shown(sort.sortOrder)}"` : kindOf(sort.sortOrder)} is not a sort order`,
				{ description: `Use one of: ${SORT_ORDERS.join(', ')}.`, itemIndex },
			);
		}
		qs.sort_order = sort.sortOrder;
	}
	const filter = parseJsonObject(node, filters.filter, {
		valueName: 'Filter (JSON)',
		itemIndex,
		example: '{"status": "active"}',
		maxCharacters: JSON_LIMITS.maxFilterCharacters,
	});
	if (Object.keys(filter).length > 0) {
		const text = JSON.stringify(filter);
		if (text.length > JSON_LIMITS.maxFilterCharacters) {
			throw new NodeOperationError(
				node,
				`Filter (JSON) is too large: ${text.length.toLocaleString('en-US')} characters`,
				{
					description: `The filter travels in the request's address, so the node sends at most ${JSON_LIMITS.maxFilterCharacters.toLocaleString('en-US')} characters. Narrow the filter, or use a custom view.`,
					itemIndex,
				},
			);
		}
		qs[FILTER_QUERY_PARAMETER] = text;
	}
	return qs;
}
