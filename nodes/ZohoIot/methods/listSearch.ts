/**
 * "From List" of every record locator: Zoho's records page by page, so even a fleet of thousands
 * opens at once and loads more as the user scrolls. One method per registry entry, named by it
 * (searchDevices, searchLocations, searchCustomModuleRecords, ...).
 */
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { MAX_PAGE_SIZE, type ZohoModule } from '../constants';
import { customModuleForEditor } from '../actions/customModule';
import { explainForResource } from '../actions/errorHints';
import { RESOURCES, type RecordResource } from '../actions/registry';
import { zohoIotListPage } from '../transport';

/**
 * Zoho IoT documents no name search, so a search term is matched here, page by page. Pages
 * without a match are skipped up to this many per call, so a rare name still shows up without
 * the user scrolling through empty pages; the rest of the fleet is one "load more" away.
 */
export const SEARCH_MAX_PAGES_PER_CALL = 5;

type ListSearchMethod = (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) => Promise<INodeListSearchResult>;

/** The label of a record: its name, else a custom module's "Name", else a user's email, else its ID. */
function labelOf(record: IDataObject): string {
	for (const field of [record.name, record.Name, record.datapoint_name, record.email]) {
		if (typeof field === 'string' && field.trim()) return field;
	}
	return String(record.id);
}

function matches(record: IDataObject, term: string): boolean {
	return [labelOf(record), record.id].some((value) =>
		String(value ?? '')
			.toLowerCase()
			.includes(term),
	);
}

async function searchRecords(
	this: ILoadOptionsFunctions,
	module: ZohoModule,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const term = (filter ?? '').trim().toLowerCase();
	const firstPage = Math.max(1, Number.parseInt(paginationToken ?? '1', 10) || 1);
	const results: INodeListSearchItems[] = [];
	for (let page = firstPage; ; page++) {
		const { records, moreRecords } = await zohoIotListPage.call(this, module, {
			page,
			perPage: MAX_PAGE_SIZE,
		});
		for (const record of records) {
			if (record.id !== undefined && (!term || matches(record, term))) {
				results.push({ name: labelOf(record), value: String(record.id) });
			}
		}
		if (!moreRecords || records.length < MAX_PAGE_SIZE) return { results };
		if (results.length > 0 || page - firstPage + 1 >= SEARCH_MAX_PAGES_PER_CALL) {
			return { results, paginationToken: String(page + 1) };
		}
	}
}

function searchMethod(resource: RecordResource): ListSearchMethod {
	return async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
		const module = resource.custom ? customModuleForEditor.call(this) : resource.module;
		try {
			return await searchRecords.call(this, module, filter, paginationToken);
		} catch (error) {
			throw explainForResource(error, resource, { operation: 'getAll', scope: resource.scope });
		}
	};
}

/** The node's listSearch methods, one per resource. */
export const listSearch: Record<string, ListSearchMethod> = Object.fromEntries(
	RESOURCES.map((resource) => [resource.searchListMethod, searchMethod(resource)]),
);

export const { searchDevices, searchAssets } = listSearch;
