/**
 * Paging by every metadata convention Zoho uses (CRM's `info.more_records`, Books'
 * `page_context.has_more_page`; no Zoho IoT page shows one), counted
 * request by request with strict nock scopes: Return All over N costs ceil(N/200) requests, one
 * more only when no metadata says "last page", and a server that ignores `page` ends with an
 * error instead of a loop.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import nock from 'nock';

import { zohoIotApiRequestAllItems } from '../../../nodes/ZohoIot/transport';
import { pageSizeFor } from '../../../nodes/ZohoIot/transport/paging';
import { HOST, recordId, run, runError, setUpNock, zoho, zohoRecord } from '../node/helpers';
import { connectedFixture } from './fixture';

setUpNock();

type Metadata = 'info' | 'page_context' | 'none';
type End = 'empty-array' | 'empty-body' | '204';

/** A strict list endpoint over `total` devices answering exactly `expected` requests. */
function devicesServer(
	total: number,
	expected: number,
	{ metadata, end = 'empty-array' }: { metadata: Metadata; end?: End },
) {
	const pages: number[] = [];
	const scope = zoho()
		.get('/iot/v1/devices')
		.query(true)
		.times(expected)
		.reply((uri) => {
			const query = new URL(uri, HOST).searchParams;
			const page = Number(query.get('page'));
			const perPage = Number(query.get('per_page'));
			pages.push(page);
			const start = (page - 1) * perPage;
			const devices = Array.from(
				{ length: Math.max(0, Math.min(perPage, total - start)) },
				(_, i) => zohoRecord(1, start + i + 1),
			);
			const more = start + devices.length < total;
			if (devices.length === 0 && end === '204') return [204, ''];
			if (devices.length === 0 && end === 'empty-body') return [200, ''];
			const meta: IDataObject =
				metadata === 'info'
					? { info: { page, per_page: perPage, count: devices.length, more_records: more } }
					: metadata === 'page_context'
						? { page_context: { page, per_page: perPage, has_more_page: more } }
						: {};
			return [200, { devices, ...meta }];
		});
	return { scope, pages };
}

const returnAll = { resource: 'device', operation: 'getAll', returnAll: true };

const requestsFor = (total: number, metadata: Metadata) =>
	Math.max(1, Math.ceil(total / 200)) +
	(metadata === 'none' && total > 0 && total % 200 === 0 ? 1 : 0);

describe.each<Metadata>(['info', 'page_context', 'none'])(
	'Return All with %s paging metadata',
	(metadata) => {
		it.each([0, 1, 199, 200, 201, 400, 1000])(
			'reads %i devices in the fewest requests',
			async (total) => {
				const expected = requestsFor(total, metadata);
				const server = devicesServer(total, expected, { metadata });

				const output = await run(returnAll);

				expect(server.scope.isDone()).toBe(true);
				expect(server.pages).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
				expect(output.map((item) => item.json.id)).toEqual(
					Array.from({ length: total }, (_, i) => recordId(1, i + 1)),
				);
			},
		);
	},
);

describe('Return All ends on an empty answer', () => {
	it.each<End>(['204', 'empty-body', 'empty-array'])(
		'a last page answered %s ends the listing after 400 devices in 3 requests',
		async (end) => {
			const server = devicesServer(400, 3, { metadata: 'none', end });

			const output = await run(returnAll);

			expect(server.scope.isDone()).toBe(true);
			expect(server.pages).toEqual([1, 2, 3]);
			expect(output).toHaveLength(400);
		},
	);

	it('a first page answered 204 means no devices, in one request', async () => {
		const scope = zoho().get('/iot/v1/devices').query({ page: 1, per_page: 200 }).reply(204);

		const output = await run(returnAll);

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([]);
	});
});

describe('Return All trusts "last page" over "more", never the other way round', () => {
	it('stops at a page shorter than per_page even when more_records says true', async () => {
		const scope = zoho()
			.get('/iot/v1/devices')
			.query({ page: 1, per_page: 200 })
			.reply(200, { devices: [zohoRecord(1, 1)], info: { more_records: true } });

		const output = await run(returnAll);

		expect(scope.isDone()).toBe(true);
		expect(output).toHaveLength(1);
	});

	it('stops when either convention says false, even if the other says true', async () => {
		const full = Array.from({ length: 200 }, (_, i) => zohoRecord(1, i + 1));
		const scope = zoho()
			.get('/iot/v1/devices')
			.query({ page: 1, per_page: 200 })
			.reply(200, {
				devices: full,
				info: { more_records: true },
				page_context: { has_more_page: false },
			});

		const output = await run(returnAll);

		expect(scope.isDone()).toBe(true);
		expect(output).toHaveLength(200);
	});
});

describe('A server that ignores `page`', () => {
	const samePage = () =>
		zoho()
			.get('/iot/v1/devices')
			.query(true)
			.times(2)
			.reply(200, {
				devices: Array.from({ length: 200 }, (_, i) => zohoRecord(1, i + 1)),
				info: { more_records: true },
			});

	it('ends Return All with a clear error on the second request instead of looping', async () => {
		const scope = samePage();

		const error = await runError(returnAll);

		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'Zoho IoT answered page 2 of the devices with records it had already sent',
		);
		expect(String(error.description)).toContain('ignore the "page" parameter');
	});

	it('turns it into an error item with continue-on-fail', async () => {
		const scope = samePage();

		const output = await run(returnAll, { continueOnFail: true });

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([
			{
				json: {
					error: 'Zoho IoT answered page 2 of the devices with records it had already sent',
					description: expect.any(String),
					httpCode: null,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('ends with the same error when Zoho answers every page past the end with its last page', async () => {
		// 400 devices: pages 1 and 2 are full, and page 3 is page 2 again, still claiming more.
		const scope = zoho()
			.get('/iot/v1/devices')
			.query(true)
			.times(3)
			.reply(200, (uri) => {
				const page = Math.min(2, Number(new URL(uri, HOST).searchParams.get('page')));
				const start = (page - 1) * 200;
				return {
					devices: Array.from({ length: 200 }, (_, i) => zohoRecord(1, start + i + 1)),
					info: { more_records: true },
				};
			});

		const error = await runError(returnAll);

		expect(scope.isDone()).toBe(true);
		expect(error.message).toBe(
			'Zoho IoT answered page 3 of the devices with records it had already sent',
		);
	});

	it('a Limit within the first page still works, in one request', async () => {
		const scope = zoho()
			.get('/iot/v1/devices')
			.query({ page: 1, per_page: 150 })
			.reply(200, {
				devices: Array.from({ length: 150 }, (_, i) => zohoRecord(1, i + 1)),
				info: { more_records: true },
			});

		const output = await run({
			resource: 'device',
			operation: 'getAll',
			returnAll: false,
			limit: 150,
		});

		expect(scope.isDone()).toBe(true);
		expect(output).toHaveLength(150);
	});
});

describe('page sizes', () => {
	it('keeps pages aligned when the page size shrinks for the last page', () => {
		expect(pageSizeFor(0, 50)).toBe(50);
		expect(pageSizeFor(0, 1000)).toBe(200);
		expect(pageSizeFor(200, 50)).toBe(50);
		expect(pageSizeFor(200, 30)).toBe(40);
		expect(pageSizeFor(400, 80)).toBe(80);
		expect(pageSizeFor(200, 60)).toBe(100);
		expect(pageSizeFor(600, 199)).toBe(200);
	});
});

describe('Return All through the transport', () => {
	it('fetches records 201-250 as page 5 of 50 for a limit of 250, never a duplicate', async () => {
		const { context } = connectedFixture();
		const records = Array.from({ length: 400 }, (_, i) => ({ id: String(i + 1) }));
		const scope = nock(HOST)
			.get('/iot/v1/devices')
			.query({ page: '1', per_page: '200' })
			.reply(200, { devices: records.slice(0, 200), info: { more_records: true } })
			.get('/iot/v1/devices')
			.query({ page: '5', per_page: '50' })
			.reply(200, { devices: records.slice(200, 250), info: { more_records: true } });
		const result = await zohoIotApiRequestAllItems.call(context, 'devices', { limit: 250 });
		expect(result.map((r) => r.id)).toEqual(records.slice(0, 250).map((r) => r.id));
		expect(scope.isDone()).toBe(true);
	});

	it('maps (Simplify) each page as it arrives, before asking for the next, so raw pages are not all held', async () => {
		const { context } = connectedFixture();
		const records = Array.from({ length: 300 }, (_, i) => ({
			id: String(i + 1),
			raw: 'x'.repeat(10),
		}));
		let requests = 0;
		const requestsWhenMapped: number[] = [];
		nock(HOST)
			.get('/iot/v1/devices')
			.query({ page: '1', per_page: '200' })
			.reply(() => [200, { devices: records.slice(0, 200), info: { more_records: true } }])
			.get('/iot/v1/devices')
			.query({ page: '2', per_page: '200' })
			.reply(() => [200, { devices: records.slice(200), info: { more_records: false } }])
			.on('request', () => requests++);
		const result = await zohoIotApiRequestAllItems.call(context, 'devices', {
			mapRecord: (record) => {
				requestsWhenMapped.push(requests);
				return { id: record.id };
			},
		});
		expect(result).toEqual(records.map((record) => ({ id: record.id })));
		expect(requestsWhenMapped.slice(0, 200).every((count) => count === 1)).toBe(true);
		expect(requestsWhenMapped.slice(200).every((count) => count === 2)).toBe(true);
	});
});
