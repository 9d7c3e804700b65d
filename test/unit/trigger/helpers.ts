/**
 * The Zoho IoT Trigger under test: real n8n-core PollContexts (test/helpers/n8n.ts) against a
 * strict nock list endpoint that sorts and pages a fleet the test changes between polls.
 */
import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { ZohoIotTrigger } from '../../../nodes/ZohoIotTrigger/ZohoIotTrigger.node';
import { CredentialStore, defaultCredential, poller } from '../../helpers/n8n';
import { zoho, zohoRecord } from '../node/helpers';

export const trigger = new ZohoIotTrigger();

/** A Zoho timestamp `seconds` after 2026-01-01T00:00:00Z, one-second resolution like Zoho's. */
export function at(seconds: number): string {
	return new Date(Date.UTC(2026, 0, 1) + seconds * 1000)
		.toISOString()
		.replace(/\.\d{3}Z$/, '+00:00');
}

/** A device created at `created` seconds and last modified at `modified` seconds. */
export function device(sequence: number, created: number, modified = created): IDataObject {
	return zohoRecord(1, sequence, { created_time: at(created), modified_time: at(modified) });
}

/** An activated trigger (mode `trigger`) or an editor test (mode `manual`) with these parameters. */
export function triggerWith(parameters: IDataObject, mode: 'trigger' | 'manual' = 'trigger') {
	return poller(trigger, {
		parameters: parameters as INodeParameters,
		mode,
		nodeName: 'Zoho IoT Trigger',
		store: new CredentialStore(defaultCredential()),
	});
}

const timeOf = (record: IDataObject, field: string) => {
	const value = record[field] as IDataObject | string;
	return typeof value === 'object' ? Number(value.millis_in_gmt) : Date.parse(value);
};

/** Zoho's answer: the module sorted by `field`, newest first (ties keep their order), one page. */
export function sortedPage(
	records: IDataObject[],
	module: string,
	field: string,
	page: number,
	perPage: number,
): IDataObject {
	const sorted = [...records].sort((a, b) => timeOf(b, field) - timeOf(a, field));
	const slice = sorted.slice((page - 1) * perPage, page * perPage);
	return {
		[module]: slice,
		info: {
			page,
			per_page: perPage,
			count: slice.length,
			more_records: page * perPage < sorted.length,
		},
	};
}

export interface ListExpectation {
	module?: string;
	field?: string;
	page?: number;
	perPage?: number;
	/** Runs when the request arrives, before the answer is built (a change landing mid-poll). */
	before?: () => void;
}

/**
 * Exactly one list request with exactly this query: sorted by the time field, newest first. The
 * answer is built from `fleet()` when the request arrives.
 */
export function expectList(fleet: () => IDataObject[], o: ListExpectation = {}): nock.Scope {
	const { module = 'devices', field = 'modified_time', page = 1, perPage = 200 } = o;
	return zoho()
		.get(`/iot/v1/${module}`)
		.query({ page: String(page), per_page: String(perPage), sort_by: field, sort_order: 'desc' })
		.reply(200, () => {
			o.before?.();
			return sortedPage(fleet(), module, field, page, perPage);
		});
}

export function setUpStrictNock(): void {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => {
		const pending = nock.pendingMocks();
		nock.cleanAll();
		expect(pending).toEqual([]);
	});
	afterAll(() => nock.enableNetConnect());
}

/** The JSON of every item a poll emitted (none when it returned null). */
export function emitted(
	output: Awaited<ReturnType<ReturnType<typeof triggerWith>['poll']>>,
): IDataObject[] {
	return (output?.[0] ?? []).map((item) => item.json);
}
