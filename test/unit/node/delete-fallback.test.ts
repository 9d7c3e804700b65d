/**
 * Delete when the route is unknown (no Zoho IoT page shows one: CONTRIBUTING.md, D2): HTTP DELETE first; when Zoho
 * says the route or method does not exist, the record action route, remembered for the process
 * so each later delete costs one request. Every request is counted by strict nock scopes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import nock from 'nock';
import { NodeApiError } from 'n8n-workflow';

import { forgetDeleteRoute } from '../../../nodes/ZohoIot/actions/record/delete';
import { defaultCredential } from '../../helpers/n8n';
import { inputItems, locator, recordId, run, runError, setUpNock, zoho } from './helpers';

setUpNock();
beforeEach(() => forgetDeleteRoute());

const ids = [recordId(1, 3), recordId(1, 4), recordId(1, 5)];
const deleted = (id: string) => ({
	devices: [{ code: 'SUCCESS', id, message: 'record deleted', status: 'success' }],
});
const remove = (id: string) => ({ resource: 'device', operation: 'delete', deviceId: locator(id) });
const invalidUrl = {
	code: 'INVALID_URL_PATTERN',
	message: 'Please check if the URL trying to access is a correct one',
	status: 'error',
};
const html404 =
	'<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>';
const html405 = '<html><head><title>405 Method Not Allowed</title></head><body></body></html>';

describe.each([
	['404 INVALID_URL_PATTERN', 404, invalidUrl, {}],
	[
		'405 with a JSON body',
		405,
		{ code: 'METHOD_NOT_ALLOWED', message: 'method not allowed', status: 'error' },
		{},
	],
	['405 as an HTML page', 405, html405, { 'content-type': 'text/html' }],
	['404 as an HTML page', 404, html404, { 'content-type': 'text/html' }],
	[
		'400 INVALID_REQUEST_METHOD',
		400,
		{ code: 'INVALID_REQUEST_METHOD', message: 'invalid request method', status: 'error' },
		{},
	],
])('Zoho answers HTTP DELETE with %s', (_answer, status, body, headers) => {
	it('uses the action route, then spends exactly one request on each further delete', async () => {
		const refused = zoho()
			.delete(`/iot/v1/devices/${ids[0]}`)
			.reply(status, body as nock.ReplyBody, headers);
		const first = zoho()
			.get(`/iot/v1/devices/${ids[0]}/actions/delete`)
			.reply(200, deleted(ids[0]));
		const second = zoho()
			.get(`/iot/v1/devices/${ids[1]}/actions/delete`)
			.reply(200, deleted(ids[1]));

		const one = await run(remove(ids[0]));
		const two = await run(remove(ids[1]));

		expect(refused.isDone()).toBe(true);
		expect(first.isDone()).toBe(true);
		expect(second.isDone()).toBe(true);
		expect(nock.pendingMocks()).toEqual([]);
		expect([...one, ...two].map((item) => item.json)).toEqual([
			{ deleted: true, id: ids[0] },
			{ deleted: true, id: ids[1] },
		]);
	});
});

describe('HTTP DELETE accepted', () => {
	it('sends one DELETE per record, never the action route', async () => {
		const scope = zoho()
			.delete(`/iot/v1/devices/${ids[0]}`)
			.reply(200, deleted(ids[0]))
			.delete(`/iot/v1/devices/${ids[1]}`)
			.reply(200, deleted(ids[1]));
		const action = zoho()
			.get(/actions\/delete/)
			.reply(200, deleted(ids[0]));

		await run(remove(ids[0]));
		await run(remove(ids[1]));

		expect(scope.isDone()).toBe(true);
		expect(action.isDone()).toBe(false);
	});

	it("a missing record is Zoho's error, not a reason to try the action route", async () => {
		const scope = zoho().delete(`/iot/v1/devices/${ids[0]}`).reply(404, {
			code: 'RECORD_NOT_FOUND',
			message: 'The requested record does not exist',
			status: 'error',
		});
		const action = zoho()
			.get(/actions\/delete/)
			.reply(200, deleted(ids[0]));

		const error = await runError(remove(ids[0]));

		expect(scope.isDone()).toBe(true);
		expect(action.isDone()).toBe(false);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('RECORD_NOT_FOUND');
	});
});

describe('Many items in one run', () => {
	it('learns the route on the first item and uses it for the others: 1 + 3 requests for 3 deletes', async () => {
		const refused = zoho().delete(`/iot/v1/devices/${ids[0]}`).reply(404, invalidUrl);
		const actions = ids.map((id) =>
			zoho().get(`/iot/v1/devices/${id}/actions/delete`).reply(200, deleted(id)),
		);

		const output = await run(
			{ resource: 'device', operation: 'delete', deviceId: locator('={{ $json.id }}') },
			{ items: inputItems(3, (i) => ({ id: ids[i] })) },
		);

		expect(refused.isDone()).toBe(true);
		for (const action of actions) expect(action.isDone()).toBe(true);
		expect(output.map((item) => item.json.id)).toEqual(ids);
	});
});

describe('When the remembered route stops existing', () => {
	it('tries HTTP DELETE again and remembers it', async () => {
		zoho().delete(`/iot/v1/devices/${ids[0]}`).reply(404, invalidUrl);
		zoho().get(`/iot/v1/devices/${ids[0]}/actions/delete`).reply(200, deleted(ids[0]));
		await run(remove(ids[0]));

		const action = zoho().get(`/iot/v1/devices/${ids[1]}/actions/delete`).reply(404, invalidUrl);
		const method = zoho().delete(`/iot/v1/devices/${ids[1]}`).reply(200, deleted(ids[1]));
		const next = zoho().delete(`/iot/v1/devices/${ids[2]}`).reply(200, deleted(ids[2]));
		await run(remove(ids[1]));
		await run(remove(ids[2]));

		expect(action.isDone()).toBe(true);
		expect(method.isDone()).toBe(true);
		expect(next.isDone()).toBe(true);
	});

	it("reports Zoho's first answer when neither route exists, in two requests", async () => {
		const method = zoho()
			.delete(`/iot/v1/devices/${ids[0]}`)
			.reply(405, html405, { 'content-type': 'text/html' });
		const action = zoho().get(`/iot/v1/devices/${ids[0]}/actions/delete`).reply(404, invalidUrl);

		const error = await runError(remove(ids[0]));

		expect(method.isDone()).toBe(true);
		expect(action.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('405');
	});
});

describe('a delete that fails before Zoho answers', () => {
	it('teaches nothing and holds up no later delete', async () => {
		// nock cannot drop a connection the way n8n's HTTP client sees it: a loopback server does.
		// The first delete loses its connection on every attempt, so the route stays unknown; the
		// deletes after it must go ahead, not wait on that failed probe for ever.
		const seen: string[] = [];
		const server = http.createServer((req, res) => {
			seen.push(`${req.method} ${req.url}`);
			if (req.url?.includes(ids[0])) {
				req.socket.destroy();
				return;
			}
			const id = ids.find((candidate) => req.url?.includes(candidate));
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(deleted(String(id))));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		nock.enableNetConnect('127.0.0.1');
		try {
			const { port } = server.address() as AddressInfo;
			const output = await run(
				{
					resource: 'device',
					operation: 'delete',
					deviceId: locator('={{ $json.id }}'),
					options: { maxConcurrentRequests: 1 },
				},
				{
					continueOnFail: true,
					items: inputItems(3, (index) => ({ id: ids[index] })),
					credential: defaultCredential({
						dataCenter: 'custom',
						customAccountsServer: `http://127.0.0.1:${port}`,
						applicationDomain: `http://127.0.0.1:${port}`,
					}),
				},
			);

			expect(output.map((item) => item.json)).toEqual([
				expect.objectContaining({ error: expect.stringContaining('did not answer') }),
				{ deleted: true, id: ids[1] },
				{ deleted: true, id: ids[2] },
			]);
			expect(seen.filter((line) => line.includes(ids[1]))).toEqual([
				`DELETE /iot/v1/devices/${ids[1]}`,
			]);
			expect(seen.filter((line) => line.includes(ids[2]))).toEqual([
				`DELETE /iot/v1/devices/${ids[2]}`,
			]);
		} finally {
			nock.disableNetConnect();
			await new Promise((resolve) => server.close(resolve));
		}
	}, 60_000);
});
