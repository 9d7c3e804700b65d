/**
 * Get Many, Page by Page: the contract a sync loop relies on, over a strict nock list endpoint
 * whose records can change between runs. One run = one request = one item holding up to 200
 * records and the token for the next page; the tokens walk the module to its end, every record
 * exactly once, in ceil(N/200) requests; records created while the sync runs are never returned
 * twice; a token is refused with a clear error where it cannot continue.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { zohoIot, HOST, recordId, run, runError, setUpNock, zoho, zohoRecord } from './helpers';

setUpNock();

/**
 * A list endpoint over `records` (changed in place by the test between runs), answering exactly
 * `expected` requests with Zoho's page/per_page paging and info.more_records.
 */
function liveServer(records: IDataObject[], expected: number, { ignorePage = false } = {}) {
	const requests: IDataObject[] = [];
	const scope = zoho()
		.get('/iot/v1/devices')
		.query(true)
		.times(expected)
		.reply(200, (uri) => {
			const query = Object.fromEntries(new URL(uri, HOST).searchParams) as IDataObject;
			requests.push(query);
			const perPage = Number(query.per_page);
			const start = ignorePage ? 0 : (Number(query.page) - 1) * perPage;
			const page = records.slice(start, start + perPage);
			return {
				devices: page,
				info: {
					per_page: perPage,
					count: page.length,
					more_records: start + perPage < records.length,
				},
			};
		});
	return { scope, requests };
}

const devices = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => zohoRecord(1, from + i));

const pageByPage = (pageToken = '', extra: IDataObject = {}) => ({
	resource: 'device',
	operation: 'getAll',
	pageByPage: true,
	continueFrom: pageToken,
	simplify: false,
	...extra,
});

interface PageItem {
	recordCount: number;
	nextPageToken: string | null;
	records: IDataObject[];
}

/** Runs page after page as a sync loop does, `between` changing the records after each page. */
async function syncAll(
	parameters: IDataObject = {},
	between: (pageIndex: number) => void = () => {},
): Promise<{ ids: string[]; pages: PageItem[] }> {
	const pages: PageItem[] = [];
	let token = '';
	do {
		const [item, ...rest] = await run(pageByPage(token, parameters));
		expect(rest).toHaveLength(0);
		const page = item.json as unknown as PageItem;
		pages.push(page);
		between(pages.length - 1);
		token = page.nextPageToken ?? '';
	} while (token && pages.length < 100);
	return { ids: pages.flatMap((page) => page.records.map((record) => String(record.id))), pages };
}

describe('Get Many page by page: one page per run, the token for the next', () => {
	it.each([
		[1000, 5],
		[999, 5],
		[200, 1],
		[1, 1],
		[0, 1],
	])(
		'walks %i devices in %i runs of one request each, every device exactly once',
		async (total, requests) => {
			const server = liveServer(devices(1, total), requests);

			const { ids, pages } = await syncAll();

			expect(server.scope.isDone()).toBe(true);
			expect(server.requests).toEqual(
				Array.from({ length: requests }, (_, i) => ({ page: String(i + 1), per_page: '200' })),
			);
			expect(pages).toHaveLength(requests);
			expect(ids).toEqual(devices(1, total).map((device) => device.id));
			expect(pages.map((page) => page.recordCount)).toEqual(
				pages.map((page) => page.records.length),
			);
			expect(pages.at(-1)!.nextPageToken).toBeNull();
			for (const page of pages.slice(0, -1)) expect(page.nextPageToken).toEqual(expect.any(String));
		},
	);

	it('returns one item per input item, each continuing its own token', async () => {
		const server = liveServer(devices(1, 500), 3);
		const [first] = await run(pageByPage());
		const token = (first.json as unknown as PageItem).nextPageToken!;

		const output = await run(
			{ ...pageByPage(), continueFrom: '={{ $json.token }}' },
			{ items: [{ json: { token: '' } }, { json: { token } }] as INodeExecutionData[] },
		);

		expect(output).toHaveLength(2);
		expect((output[0].json.records as IDataObject[])[0].id).toBe(recordId(1, 1));
		expect((output[1].json.records as IDataObject[])[0].id).toBe(recordId(1, 201));
		expect(server.scope.isDone()).toBe(true);
	});

	it('simplifies the records of the page when Simplify is on', async () => {
		liveServer(devices(1, 3), 1);

		const [item] = await run(pageByPage('', { simplify: true }));

		const [record] = item.json.records as IDataObject[];
		expect(record).toEqual(
			expect.objectContaining({
				id: recordId(1, 1),
				name: 'TS-0001',
				model_name: 'Temperature Sensor',
			}),
		);
		expect(record).not.toHaveProperty('serial_number');
	});
});

describe('Get Many page by page: records that change while the sync runs', () => {
	it('returns devices created during the sync once, after the others, and no device twice', async () => {
		const records = devices(1, 450);
		// Page 1, then 30 devices created (Zoho lists them last), then the rest.
		const server = liveServer(records, 3);

		const { ids } = await syncAll({}, (pageIndex) => {
			if (pageIndex === 0) records.push(...devices(451, 480));
		});

		expect(server.scope.isDone()).toBe(true);
		expect(ids).toEqual(devices(1, 480).map((device) => device.id));
	});

	it('returns no device twice when devices created in front push the others on by a page', async () => {
		// Newest first (e.g. Sort Order desc): each new device enters at the front, and the device
		// that ended a page is at the start of the next one.
		const records = devices(1, 600).reverse();
		const server = liveServer(records, 4);

		const { ids } = await syncAll({}, (pageIndex) => {
			if (pageIndex < 2)
				records.unshift(...devices(601 + pageIndex * 7, 607 + pageIndex * 7).reverse());
		});

		expect(server.scope.isDone()).toBe(true);
		expect(new Set(ids).size).toBe(ids.length);
		for (const device of devices(1, 600)) expect(ids).toContain(device.id);
	});

	it('leaves out a device deleted before the sync reaches it, and loses no other', async () => {
		const records = devices(1, 400);
		const server = liveServer(records, 2);

		const { ids } = await syncAll({}, (pageIndex) => {
			if (pageIndex === 0) records.splice(records.length - 1, 1);
		});

		expect(server.scope.isDone()).toBe(true);
		expect(ids).toEqual(devices(1, 399).map((device) => device.id));
	});
});

describe('Get Many page by page: tokens that cannot continue', () => {
	it('refuses a token made with other filters, before any request', async () => {
		liveServer(devices(1, 400), 1);
		const [first] = await run(pageByPage());
		const token = (first.json as unknown as PageItem).nextPageToken!;

		const error = await runError(
			pageByPage(token, { sort: { sortBy: 'created_time', sortOrder: 'desc' } }),
		);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The Page Token belongs to another listing than these devices');
		expect(String(error.description)).toContain('Leave Page Token empty');
	});

	it.each(['next', 'zp1.0.1.abcdef12', 'zp1.2.x.abcdef12', '{"page":2}'])(
		'refuses the token %j as not one it gave out, and continue-on-fail makes it an error item',
		async (token) => {
			const error = await runError(pageByPage(token));
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toBe('The Page Token is not one this node gave out');

			const [item] = await run(pageByPage(token), { continueOnFail: true });
			expect(item.json).toMatchObject({ error: 'The Page Token is not one this node gave out' });
		},
	);

	it('ends with an error, not an endless loop, when Zoho ignores the page number', async () => {
		const server = liveServer(devices(1, 600), 2, { ignorePage: true });
		const [first] = await run(pageByPage());

		const error = await runError(pageByPage((first.json as unknown as PageItem).nextPageToken!));

		expect(server.scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'Zoho IoT answered page 2 of the devices with records it had already sent',
		);
	});
});

describe('Get Many page by page in the editor', () => {
	const properties = zohoIot.description.properties.filter(
		(property) =>
			property.displayOptions?.show?.operation?.includes('getAll') &&
			property.displayOptions?.show?.resource?.includes('device'),
	);
	const named = (name: string) => properties.find((property) => property.name === name)!;

	it('hides Return All and Limit, which do not apply to one page, and shows Page Token', () => {
		expect(named('returnAll').displayOptions?.hide).toEqual({ pageByPage: [true] });
		expect(named('limit').displayOptions?.hide).toEqual({ pageByPage: [true] });
		expect(named('continueFrom').displayOptions?.show).toMatchObject({ pageByPage: [true] });
		expect(named('pageByPage').default).toBe(false);
	});
});
