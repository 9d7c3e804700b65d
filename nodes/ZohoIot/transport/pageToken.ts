/**
 * The Page Token of Get Many's "Page by Page" mode: what the next run needs to read the next page
 * of the same listing, and nothing else (no secret, no record data besides one ID).
 *
 * Zoho IoT pages by number (`page`, `per_page`): there is no cursor to hand on, so the token is
 * the node's own. Its text is `zp1.<next page>.<ID of the last record returned>.<listing>`:
 * - the next page number, read with `per_page` 200 (MAX_PAGE_SIZE);
 * - the ID of the last record returned, so that records that moved forward since the last page
 *   (created in front of the position read so far) are not returned twice;
 * - a fingerprint of the module and the query (filters, sort), so that a token is not used with
 *   another listing, where its page number would mean other records.
 */
import type { IDataObject } from 'n8n-workflow';

const PREFIX = 'zp1';
const TOKEN_PATTERN = /^zp1\.([1-9]\d{0,8})\.(\d{0,30})\.([0-9a-f]{8})$/;

export interface PagePosition {
	/** The page to read next (1 for the first page). */
	page: number;
	/** The ID of the last record already returned, when it had one. */
	lastId?: string;
}

/** FNV-1a, 32 bits: enough to tell listings apart, with no import (crypto is not allowed). */
function fnv1a(text: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(16).padStart(8, '0');
}

/** The listing a token belongs to: the module and the query, keys in a fixed order. */
export function listingFingerprint(module: string, qs: IDataObject): string {
	const query = Object.keys(qs)
		.sort()
		.map((key) => [key, qs[key]]);
	return fnv1a(JSON.stringify([module, query]));
}

export function encodePageToken(position: PagePosition, fingerprint: string): string {
	const lastId =
		position.lastId !== undefined && /^\d{1,30}$/.test(position.lastId) ? position.lastId : '';
	return `${PREFIX}.${position.page}.${lastId}.${fingerprint}`;
}

/**
 * The position a token names, or why it cannot be used: `'malformed'` when it is not a token of
 * this node, `'otherListing'` when it belongs to another module or other filters.
 */
export function decodePageToken(
	token: string,
	fingerprint: string,
): PagePosition | 'malformed' | 'otherListing' {
	const match = TOKEN_PATTERN.exec(token.trim());
	if (!match) return 'malformed';
	if (match[3] !== fingerprint) return 'otherListing';
	return { page: Number(match[1]), lastId: match[2] || undefined };
}
