import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FILTER_QUERY_PARAMETER, JSON_LIMITS, MAX_PAGE_SIZE, SORT_ORDERS } from '../../constants';
import {
	kindOf,
	parseJsonObject,
	shown,
	simplifyRecord,
	toRecordId,
	toText,
	type RecordResource,
} from '../../helpers/records';
import { zohoIotApiRequestAllItems, zohoIotApiRequestPage } from '../../transport';
import {
	listFilters,
	returnAllAndLimit,
	shownOnlyFor,
	simplifyField,
	sortCollection,
} from '../common.descriptions';

/** Return All and Limit do not apply page by page: one run returns one page. */
const unlessPageByPage = (property: INodeProperties): INodeProperties => ({
	...property,
	displayOptions: {
		...property.displayOptions,
		hide: { ...property.displayOptions?.hide, pageByPage: [true] },
	},
});

/**
 * Page by Page: one page per run and the token for the next, for syncs larger than one execution
 * can hold. A loop that runs a sub-workflow per page keeps memory flat in the number of records
 * (docs/examples.md#syncing-any-number-of-devices-page-by-page; examples/device-sync-page-by-page.json).
 */
function pageByPageFields(resource: RecordResource): INodeProperties[] {
	return [
		{
			displayName: 'Page by Page',
			name: 'pageByPage',
			type: 'boolean',
			default: false,
			description: `Whether to return one page of up to ${MAX_PAGE_SIZE} ${resource.singular}s per run, as one item with the token for the next page: for syncs too large for one execution`,
		},
		{
			displayName: 'Page Token',
			name: 'continueFrom',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.nextPageToken }}',
			description:
				"Where to continue: the Next Page Token of the previous page's output. Leave empty to start at the first page.",
			displayOptions: { show: { pageByPage: [true] } },
		},
	];
}

export function getAllDescription(resource: RecordResource): INodeProperties[] {
	return shownOnlyFor(resource, 'getAll', [
		...returnAllAndLimit.map(unlessPageByPage),
		simplifyField(resource),
		listFilters(resource),
		...pageByPageFields(resource),
	]);
}

/** Get Many's Sort collection, placed below Options by description.ts. */
export function sortDescription(resource: RecordResource): INodeProperties[] {
	return shownOnlyFor(resource, 'getAll', [sortCollection(resource)]);
}

/** The first version whose Sort By and Sort Order sit in the Sort collection, not in Filters. */
const SORT_COLLECTION_VERSION = 1.1;

interface ListSort {
	sortBy?: unknown;
	sortOrder?: unknown;
}

interface ListFilters extends ListSort {
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
	resource: RecordResource,
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
		if (
			typeof sort.sortOrder !== 'string' ||
			!(SORT_ORDERS as readonly string[]).includes(sort.sortOrder)
		) {
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

function limitFrom(node: INode, value: unknown, itemIndex: number): number {
	// A number, or digits as text; a list such as [5] is not a number, even if JavaScript agrees.
	const limit =
		typeof value === 'number'
			? value
			: typeof value === 'string' && /^\s*\d+\s*$/.test(value)
				? Number(value)
				: NaN;
	if (!Number.isSafeInteger(limit) || limit < 1) {
		throw new NodeOperationError(
			node,
			`The limit ${typeof value === 'string' || typeof value === 'number' ? JSON.stringify(value) : `(${kindOf(value)})`} is not a whole number of 1 or more`,
			{
				description: 'Enter how many records to return, e.g. 50, or turn on Return All.',
				itemIndex,
			},
		);
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
	const filters = this.getNodeParameter('filters', itemIndex, {}) as ListFilters;
	const sort =
		node.typeVersion < SORT_COLLECTION_VERSION
			? filters
			: (this.getNodeParameter('sort', itemIndex, {}) as ListSort);
	const qs = listQuery(node, resource, filters, itemIndex, sort);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const mapRecord = simplify
		? (record: IDataObject) => simplifyRecord(record, resource.simplifiedFields)
		: undefined;

	if (this.getNodeParameter('pageByPage', itemIndex, false) === true) {
		const pageToken = toText(node, this.getNodeParameter('continueFrom', itemIndex, ''), {
			valueName: 'Page Token',
			itemIndex,
			howToFix:
				"Map the Next Page Token from the previous page's output, e.g. {{ $json.nextPageToken }}, or leave it empty to start at the first page.",
			allowEmpty: true,
		});
		const page = await zohoIotApiRequestPage.call(this, resource.module, {
			qs,
			pageToken: pageToken || undefined,
			itemIndex,
			mapRecord,
		});
		return [
			{
				recordCount: page.records.length,
				nextPageToken: page.nextPageToken,
				records: page.records,
			},
		];
	}

	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll
		? undefined
		: limitFrom(node, this.getNodeParameter('limit', itemIndex, 50), itemIndex);
	return await zohoIotApiRequestAllItems.call(this, resource.module, {
		qs,
		limit,
		itemIndex,
		mapRecord,
	});
}
