/**
 * Paging through a module's records: the page sizes Zoho's numbered pages allow, what a list
 * response holds, Return All, page by page with a token, and the guards against a Zoho that sends
 * a page it already sent. The requests themselves are the transport's (index.ts), handed in as
 * `readPage`, so paging holds no HTTP and no credential.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { MAX_PAGE_SIZE, PAGING_METADATA, type ZohoModule } from '../constants';
import { pageTokenError, repeatedPageError } from './errors';
import { decodePageToken, encodePageToken, listingFingerprint } from './pageToken';
import { isJsonObject } from '../helpers/values';
import { isEmptyResponse } from './responses';
import type { ZohoResponse } from './types';

/** One page of a module's records as zohoIotListPage reads it. */
export interface ListedPage {
	records: IDataObject[];
	moreRecords: boolean;
	/** What Zoho's metadata says about more pages (undefined without any). */
	saidMore?: boolean;
}

/** Reads one page: its number and size (zohoIotListPage, with the module and query bound). */
export type ReadPage = (page: number, perPage: number) => Promise<ListedPage>;

/** What Return All and page by page take besides the module. */
export interface ListingOptions {
	qs?: IDataObject;
	itemIndex?: number;
	mapRecord?: (record: IDataObject) => IDataObject;
}

/**
 * Zoho pages by number (offset = (page - 1) * per_page), so the page size can only change at an
 * offset it divides. The smallest size that both covers what is still wanted and divides the
 * offset is chosen; 200 always divides it, because every page before the last one was full.
 */
export function pageSizeFor(offset: number, wanted: number): number {
	const target = Math.min(MAX_PAGE_SIZE, wanted);
	if (offset === 0) return target;
	for (let size = target; size < MAX_PAGE_SIZE; size++) {
		if (offset % size === 0) return size;
	}
	return MAX_PAGE_SIZE;
}

/**
 * The records of one list response, or an error when the response is not a list: an empty body or
 * HTTP 204 is the end of the list (no records); a JSON object without the module's key is no
 * records as well; anything else under that key, or a response that is not a JSON object, is not.
 */
export function listPageRecords(
	module: ZohoModule,
	response: ZohoResponse,
): { records: IDataObject[]; body: IDataObject } | string {
	if (isEmptyResponse(response)) return { records: [], body: {} };
	if (!isJsonObject(response.body)) return '';
	const value = response.body[module];
	if (value === undefined) return { records: [], body: response.body };
	if (!Array.isArray(value))
		return `with "${module}" holding a JSON ${value === null ? 'null' : typeof value} instead of a list of records`;
	if (!value.every(isJsonObject)) return `with "${module}" holding entries that are not records`;
	return { records: value as IDataObject[], body: response.body };
}

/**
 * Whether Zoho's paging metadata says more pages follow: true or false when a convention in
 * PAGING_METADATA answers (any "false" wins), undefined when the response carries none.
 */
export function moreRecordsFromMetadata(body: IDataObject): boolean | undefined {
	let more: boolean | undefined;
	for (const { object, flag } of PAGING_METADATA) {
		const value = (body[object] as IDataObject | undefined)?.[flag];
		if (typeof value === 'boolean') more = (more ?? true) && value;
	}
	return more;
}

/** What identifies a record when checking for a page Zoho already sent: its id, else its JSON. */
function recordKey(record: IDataObject): string {
	return record.id !== undefined && record.id !== null
		? `id:${String(record.id)}`
		: `json:${JSON.stringify(record)}`;
}

/**
 * Whether a page is one Zoho already sent in this listing, the sign of a Zoho that ignores `page`
 * (every page is page 1) or repeats its last page: a page that starts with the record an earlier
 * page started with, or that starts and ends as the page before did. Two keys per page are kept
 * and compared, not every record's: a set of every record's key cost 3 MB per 50,000 records and,
 * measured in real n8n 1.x, more than 40 MB of peak memory (docs/benchmarks.md).
 */
class RepeatedPages {
	private readonly pageStarts = new Set<string>();
	private previousEnd?: string;

	/** Records this page; true when it is one sent before. */
	isRepeated(page: IDataObject[]): boolean {
		if (page.length === 0) return false;
		const first = recordKey(page[0]);
		const last = recordKey(page[page.length - 1]);
		const repeated = this.pageStarts.has(first) || (page.length > 1 && last === this.previousEnd);
		this.pageStarts.add(first);
		this.previousEnd = last;
		return repeated;
	}
}

/**
 * A module's records up to `limit` (all when undefined), in Zoho's order. Stops as soon as the
 * limit is reached or a page says it is the last (zohoIotListPage): Return All over N records
 * costs ceil(N / 200) requests, one more only when N is a multiple of 200 and Zoho sends no
 * metadata saying the last full page was the last. A page Zoho already sent (RepeatedPages) means
 * Zoho ignores `page`: that ends with an error instead of looping forever.
 * `mapRecord` (e.g. Simplify) is applied page by page, so the raw records of a page are dropped
 * as soon as it is read instead of being held, all of them, next to their mapped copies.
 */
export async function readAllPages(
	node: INode,
	module: ZohoModule,
	readPage: ReadPage,
	{ limit, itemIndex, mapRecord }: ListingOptions & { limit?: number },
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	const repeated = new RepeatedPages();
	let offset = 0;
	for (;;) {
		const wanted = limit === undefined ? MAX_PAGE_SIZE : limit - records.length;
		if (wanted <= 0) return records;
		const perPage = pageSizeFor(offset, wanted);
		const pageNumber = offset / perPage + 1;
		const { records: page, moreRecords } = await readPage(pageNumber, perPage);
		if (repeated.isRepeated(page)) {
			throw repeatedPageError(node, module, pageNumber, itemIndex);
		}
		const kept = Math.min(wanted, page.length);
		for (let i = 0; i < kept; i++) records.push(mapRecord ? mapRecord(page[i]) : page[i]);
		offset += page.length;
		if (!moreRecords) return records;
	}
}

/** One page of a listing and the token for the next one (null after the last page). */
export interface ListingPage {
	records: IDataObject[];
	nextPageToken: string | null;
}

/**
 * One page of up to 200 records, from where `pageToken` says the previous run stopped (the first
 * page without one), and the token for the page after it: Get Many's "Page by Page" mode, for
 * syncs too large for one execution. The run holds one page, whatever the size of the module.
 *
 * Zoho pages by position, so a record created in front of the position already read pushes the
 * records behind it one place on: the first records of the next page would be ones the previous
 * page returned. The token carries the ID of the last record returned, and whatever precedes it
 * on the next page is dropped (pageToken.ts). A page holding nothing but records already returned
 * means Zoho ignores `page`: an error, as in Return All, instead of a loop that never ends.
 */
export async function readOnePage(
	node: INode,
	module: ZohoModule,
	readPage: ReadPage,
	{ qs = {}, pageToken, itemIndex, mapRecord }: ListingOptions & { pageToken?: string },
): Promise<ListingPage> {
	const fingerprint = listingFingerprint(module, qs);
	const position = pageToken ? decodePageToken(pageToken, fingerprint) : { page: 1 };
	if (typeof position === 'string') throw pageTokenError(node, module, position, itemIndex);
	const { records: page, moreRecords } = await readPage(position.page, MAX_PAGE_SIZE);
	const alreadyReturned =
		position.lastId === undefined
			? 0
			: page.findIndex((record) => String(record.id) === position.lastId) + 1;
	if (page.length > 0 && alreadyReturned === page.length)
		throw repeatedPageError(node, module, position.page, itemIndex);
	const records = page.slice(alreadyReturned);
	const last = page[page.length - 1]?.id;
	return {
		records: mapRecord ? records.map(mapRecord) : records,
		nextPageToken: moreRecords
			? encodePageToken(
					{
						page: position.page + 1,
						lastId: last === undefined || last === null ? undefined : String(last),
					},
					fingerprint,
				)
			: null,
	};
}
