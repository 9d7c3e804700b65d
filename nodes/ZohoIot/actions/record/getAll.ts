import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MAX_PAGE_SIZE } from '../../constants';
import { numberOrDigits } from '../../helpers/values';
import { listQuery, type ListFilters, type ListSort } from '../../helpers/listQuery';
import { kindOf, simplifyRecord, toText } from '../../helpers/records';
import { zohoIotApiRequestAllItems, zohoIotApiRequestPage } from '../../transport';
import type { RecordResource } from '../registry';
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

function limitFrom(node: INode, value: unknown, itemIndex: number): number {
	const limit = numberOrDigits(value);
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
