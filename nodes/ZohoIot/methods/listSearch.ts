/**
 * "From List" of the Device and Asset locators: Zoho's records page by page, so even a fleet of
 * thousands opens at once and loads more as the user scrolls.
 */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import type { ZohoModule } from '../constants';
import { zohoIotListPage } from '../transport';

/** Records per list page: Zoho's maximum, so a search scans the most records per request. */
export const SEARCH_PAGE_SIZE = 200;

/**
 * Zoho IoT documents no name search, so a search term is matched here, page by page. Pages
 * without a match are skipped up to this many per call, so a rare name still shows up without
 * the user scrolling through empty pages; the rest of the fleet is one "load more" away.
 */
export const SEARCH_MAX_PAGES_PER_CALL = 5;

function matches(record: IDataObject, term: string): boolean {
	return [record.name, record.id].some((value) => String(value ?? '').toLowerCase().includes(term));
}

function toItem(record: IDataObject): INodeListSearchItems {
	const id = String(record.id);
	const name = typeof record.name === 'string' && record.name.trim() ? record.name : id;
	return { name, value: id };
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
		const { records, moreRecords } = await zohoIotListPage.call(this, module, { page, perPage: SEARCH_PAGE_SIZE });
		for (const record of records) {
			if (record.id !== undefined && (!term || matches(record, term))) results.push(toItem(record));
		}
		if (!moreRecords || records.length < SEARCH_PAGE_SIZE) return { results };
		if (results.length > 0 || page - firstPage + 1 >= SEARCH_MAX_PAGES_PER_CALL) {
			return { results, paginationToken: String(page + 1) };
		}
	}
}

export async function searchDevices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchRecords.call(this, 'devices', filter, paginationToken);
}

export async function searchAssets(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchRecords.call(this, 'assets', filter, paginationToken);
}
