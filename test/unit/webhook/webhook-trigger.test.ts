import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { ICredentialTestFunctions, IDataObject } from 'n8n-workflow';

import { ZohoIotWebhookApi } from '../../../credentials/ZohoIotWebhookApi.credentials';
import { WEBHOOK_METHODS } from '../../../nodes/ZohoIot/constants';

import {
	deliveryKey,
	isRepeat,
	MAX_REMEMBERED_KEYS,
} from '../../../nodes/ZohoIotWebhookTrigger/dedupe';
import { deliver, jsonPost, node, SECRET } from './helpers';

const alarm = {
	alarm_id: '4417000009000000001',
	alarm_name: 'Cold room above 8 °C',
	severity: 'critical',
};

describe('refusals: answered at once, no execution, the secret never echoed', () => {
	const refused = (answer: Awaited<ReturnType<typeof deliver>>, status: number) => {
		expect(answer.result).toEqual({ noWebhookResponse: true });
		expect(answer.result.workflowData).toBeUndefined();
		expect(answer.written?.status).toBe(status);
		expect(JSON.stringify(answer.written)).not.toContain(SECRET);
	};

	it('refuses a delivery without the secret with 401', async () => {
		refused(await deliver({ headers: { 'content-type': 'application/json' }, body: alarm }), 401);
	});

	it('refuses a wrong secret of the same length with 401', async () => {
		const wrong = `${SECRET.slice(0, -1)}!`;
		refused(await deliver(jsonPost(alarm, { 'n8n-secret': wrong })), 401);
	});

	it('refuses the right secret in the wrong place (query when the header is expected)', async () => {
		const answer = await deliver({
			headers: { 'content-type': 'application/json' },
			query: { 'n8n-secret': SECRET },
			body: alarm,
		});
		refused(answer, 401);
		expect(answer.written?.body.message).toMatch(/"n8n-secret" as a header/);
	});

	it('refuses a secret given twice (a list), even when one of them is right', async () => {
		const answer = await deliver(
			{ method: 'GET', query: { 'n8n-secret': [SECRET, SECRET], ...alarm } },
			{ parameters: { secretLocation: 'query' } },
		);
		refused(answer, 401);
	});

	it('refuses everything with 403 while the credential holds no secret', async () => {
		refused(await deliver(jsonPost(alarm), { secret: '' }), 403);
		refused(await deliver(jsonPost(alarm), { secret: null }), 403);
	});

	it('refuses a body over the size limit with 413, and takes it once the limit is raised', async () => {
		const big = { ...alarm, note: 'x'.repeat(70 * 1024) };
		refused(await deliver(jsonPost(big)), 413);
		const raised = await deliver(jsonPost(big), { parameters: { options: { maxBodyKb: 128 } } });
		expect(raised.item).toMatchObject(alarm);
	});

	it('refuses a Raw body that looks like JSON but is broken, or JSON that is not an object, with 400', async () => {
		const broken = await deliver({
			headers: { 'content-type': 'text/plain', 'n8n-secret': SECRET },
			body: '{"alarm_id": "1",',
			rawBody: '{"alarm_id": "1",',
		});
		refused(broken, 400);
		expect(broken.written?.body.message).toMatch(/not valid JSON/);
		refused(
			await deliver({
				headers: { 'content-type': 'application/json', 'n8n-secret': SECRET },
				body: [alarm],
				rawBody: JSON.stringify([alarm]),
			}),
			400,
		);
	});
});

describe('what Zoho IoT can send becomes one item of fields', () => {
	it('reads Form-Data sent as multipart (n8n hands {data, files}, values as lists)', async () => {
		const answer = await deliver({
			headers: { 'content-type': 'multipart/form-data; boundary=x', 'n8n-secret': SECRET },
			body: {
				data: {
					alarm_id: [alarm.alarm_id],
					alarm_name: [alarm.alarm_name],
					severity: ['critical'],
				},
				files: {},
			},
		});
		expect(answer.item).toEqual(alarm);
	});

	it('reads Form-Data sent url-encoded', async () => {
		const answer = await deliver({
			headers: { 'content-type': 'application/x-www-form-urlencoded', 'n8n-secret': SECRET },
			body: { ...alarm },
			rawBody: new URLSearchParams(alarm).toString(),
		});
		expect(answer.item).toEqual(alarm);
	});

	it('reads Raw Data as JSON, keeping nested values and 19-digit IDs as text', async () => {
		const body = { ...alarm, source: { id: '4417000001000000007', name: 'Probe 7' } };
		expect((await deliver(jsonPost(body))).item).toEqual(body);
	});

	it('reads Raw Data sent as text/plain holding JSON', async () => {
		const text = JSON.stringify(alarm);
		const answer = await deliver({
			headers: { 'content-type': 'text/plain', 'n8n-secret': SECRET },
			body: text,
			rawBody: text,
		});
		expect(answer.item).toEqual(alarm);
	});

	it('keeps Raw Data text that is not JSON whole, as `text`', async () => {
		const text = 'Alarm Cold room above 8 °C on Probe 7';
		const answer = await deliver({
			headers: { 'content-type': 'text/plain', 'n8n-secret': SECRET },
			body: text,
			rawBody: text,
		});
		expect(answer.item).toEqual({ text });
	});

	it('reads a body n8n did not parse (no content type) from its raw bytes', async () => {
		const answer = await deliver({
			headers: { 'n8n-secret': SECRET },
			rawBody: JSON.stringify(alarm),
		});
		expect(answer.item).toEqual(alarm);
	});

	it('reads GET query parameters, and a POST without a body from its query', async () => {
		const get = await deliver(
			{ method: 'GET', query: { ...alarm, 'n8n-secret': SECRET } },
			{ parameters: { secretLocation: 'query' } },
		);
		expect(get.item).toEqual(alarm);
		const post = await deliver({ headers: { 'n8n-secret': SECRET }, query: alarm });
		expect(post.item).toEqual(alarm);
	});

	it('takes the secret from a body field when told to, and leaves it out of the item and the raw payload', async () => {
		const answer = await deliver(
			{
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: { ...alarm, 'n8n-secret': SECRET },
			},
			{ parameters: { secretLocation: 'body', options: { includeRaw: true } } },
		);
		expect(answer.item).toMatchObject(alarm);
		expect(JSON.stringify(answer.result)).not.toContain(SECRET);
	});

	it('leaves a query secret out of the item and the raw payload', async () => {
		const answer = await deliver(
			{ method: 'GET', query: { ...alarm, 'n8n-secret': SECRET } },
			{ parameters: { secretLocation: 'query', options: { includeRaw: true } } },
		);
		expect(answer.item).toEqual({
			...alarm,
			raw_payload: { method: 'GET', contentType: '', query: alarm, body: {} },
		});
		expect(JSON.stringify(answer.result)).not.toContain(SECRET);
	});

	it('adds the raw payload only on request', async () => {
		expect((await deliver(jsonPost(alarm))).item).not.toHaveProperty('raw_payload');
		const answer = await deliver(jsonPost(alarm), {
			parameters: { options: { includeRaw: true } },
		});
		expect(answer.item?.raw_payload).toEqual({
			method: 'POST',
			contentType: 'application/json',
			query: {},
			body: alarm,
		});
	});
});

describe('times come out as ISO 8601, like the other nodes', () => {
	it.each([
		['epoch seconds as text', '1688471523', '2023-07-04T11:52:03+00:00'],
		['epoch milliseconds as text', '1688471523000', '2023-07-04T11:52:03+00:00'],
		[
			"Zoho's date-time object as JSON text",
			'{"millis_in_gmt":1761735856000,"formatted":["10 minutes ago"],"value":"2025-10-29T16:34:16"}',
			'2025-10-29T16:34:16+05:30',
		],
		['ISO text with offset, as written', '2025-10-29T16:34:16+05:30', '2025-10-29T16:34:16+05:30'],
		['ISO text with Z', '2025-10-29T11:04:16Z', '2025-10-29T11:04:16+00:00'],
		[
			'text without an offset, unchanged (no zone is invented)',
			'2025-10-29 16:34:16',
			'2025-10-29 16:34:16',
		],
	])('%s', async (_what, sent, expected) => {
		const answer = await deliver(jsonPost({ ...alarm, alarm_time: sent }));
		expect(answer.item?.alarm_time).toBe(expected);
	});

	it("converts a date-time object in Raw JSON, in the organisation's offset, and leaves other fields alone", async () => {
		const answer = await deliver(
			jsonPost({
				record_id: '4417000001000000003',
				modified_time: {
					millis_in_gmt: 1761735856000,
					formatted: ['now'],
					value: '2025-10-29T16:34:16',
				},
				reading: '1688471523',
			}),
			{ parameters: { event: 'recordChanged' } },
		);
		expect(answer.item).toEqual({
			record_id: '4417000001000000003',
			modified_time: '2025-10-29T16:34:16+05:30',
			reading: '1688471523',
		});
	});
});

describe('de-duplication window', () => {
	const dedupe = { deduplicate: true };

	it('runs a repeated alarm once, answering the repeat 200 without an execution', async () => {
		const staticData: IDataObject = {};
		const first = await deliver(jsonPost(alarm), { parameters: dedupe, staticData });
		const repeat = await deliver(jsonPost(alarm), { parameters: dedupe, staticData });
		expect(first.item).toEqual(alarm);
		expect(repeat.result.workflowData).toBeUndefined();
		expect(repeat.result.webhookResponse).toMatchObject({ code: 200 });
		const other = await deliver(jsonPost({ ...alarm, alarm_id: '4417000009000000002' }), {
			parameters: dedupe,
			staticData,
		});
		expect(other.item).toBeDefined();
	});

	it('runs the same alarm again once the window has passed', async () => {
		const staticData: IDataObject = {};
		const now = jest.spyOn(Date, 'now');
		try {
			now.mockReturnValue(1_000_000);
			const setup = { parameters: { ...dedupe, dedupeMinutes: 1 }, staticData, nodeId: 'window' };
			expect((await deliver(jsonPost(alarm), setup)).item).toBeDefined();
			now.mockReturnValue(1_000_000 + 59_000);
			expect((await deliver(jsonPost(alarm), setup)).item).toBeUndefined();
			now.mockReturnValue(1_000_000 + 61_000);
			expect((await deliver(jsonPost(alarm), setup)).item).toBeDefined();
		} finally {
			now.mockRestore();
		}
	});

	it('keys on the whole payload by default: a record created and edited within one second runs twice, a repeat once', async () => {
		const staticData: IDataObject = {};
		const setup = { parameters: { ...dedupe, event: 'recordChanged' }, staticData, nodeId: 'rec' };
		const change = (name: string) =>
			jsonPost({
				record_id: '4417000001000000003',
				record_name: name,
				modified_time: '2026-01-01T00:00:01+00:00',
			});
		expect((await deliver(change('Probe 3'), setup)).item).toBeDefined();
		expect((await deliver(change('Probe 3, moved'), setup)).item).toBeDefined();
		expect((await deliver(change('Probe 3, moved'), setup)).item).toBeUndefined();
	});

	it('uses the fields the user picks', async () => {
		const staticData: IDataObject = {};
		const setup = {
			parameters: { ...dedupe, event: 'custom', dedupeFields: 'severity' },
			staticData,
			nodeId: 'picked',
		};
		expect((await deliver(jsonPost(alarm), setup)).item).toBeDefined();
		const sameSeverity = { ...alarm, alarm_id: '4417000009000000005' };
		expect((await deliver(jsonPost(sameSeverity), setup)).item).toBeUndefined();
	});

	it('runs every delivery that lacks the key field (an event is never dropped on a guess)', async () => {
		const staticData: IDataObject = {};
		const setup = {
			parameters: { ...dedupe, dedupeFields: 'alarm_id' },
			staticData,
			nodeId: 'nokey',
		};
		const noId = { alarm_name: 'No ID sent' };
		expect((await deliver(jsonPost(noId), setup)).item).toBeDefined();
		expect((await deliver(jsonPost(noId), setup)).item).toBeDefined();
	});

	it('catches a repeat through static data alone (after a restart, or on another webhook processor)', () => {
		const staticData: IDataObject = {};
		const key = deliveryKey(alarm, ['alarm_id'])!;
		expect(isRepeat(staticData, 'process-a', key, 60_000, 1000)).toBe(false);
		expect(isRepeat(staticData, 'process-b', key, 60_000, 2000)).toBe(true);
	});

	it('stores digests, never field values, and at most MAX_REMEMBERED_KEYS of them', () => {
		const staticData: IDataObject = {};
		for (let i = 0; i < MAX_REMEMBERED_KEYS + 50; i++)
			isRepeat(
				staticData,
				'bounded',
				deliveryKey({ alarm_id: `id-${i}` }, ['alarm_id'])!,
				60_000,
				i,
			);
		const stored = JSON.stringify(staticData);
		expect(stored).not.toContain('id-1');
		expect(Object.keys(staticData.seen as IDataObject)).toHaveLength(MAX_REMEMBERED_KEYS);
	});
});

describe('the credential test', () => {
	const test = (secret: string) =>
		node.methods.credentialTest.secretStrength.call({} as ICredentialTestFunctions, {
			id: '1',
			name: 'secret',
			type: 'zohoIotWebhookApi',
			data: { secret },
		});

	it('refuses a short or padded secret and accepts a long one', async () => {
		expect(await test('short')).toMatchObject({ status: 'Error' });
		expect(await test(` ${SECRET}`)).toMatchObject({ status: 'Error' });
		expect(await test(SECRET)).toMatchObject({ status: 'OK' });
	});
});

describe('the description', () => {
	const { description } = node;

	it("listens for exactly the methods Zoho's webhook form offers, on one path", () => {
		expect(description.webhooks?.map((hook) => hook.httpMethod)).toEqual([...WEBHOOK_METHODS]);
	});

	it('listens for POST and GET on one path and answers as soon as the request is received', () => {
		expect(
			description.webhooks?.map((hook) => [hook.httpMethod, hook.responseMode, hook.path]),
		).toEqual([
			['POST', 'onReceived', 'zoho-iot'],
			['GET', 'onReceived', 'zoho-iot'],
		]);
	});

	it('tells the user, for each preset, which Module Parameters to add in Zoho IoT', () => {
		const alarmNotice = description.properties.find((p) => p.name === 'alarmRaisedNotice')!;
		const recordNotice = description.properties.find((p) => p.name === 'recordChangedNotice')!;
		for (const name of ['alarm_id', 'alarm_name', 'severity', 'alarm_time'])
			expect(alarmNotice.displayName).toContain(name);
		for (const name of ['record_id', 'modified_time'])
			expect(recordNotice.displayName).toContain(name);
	});
});

describe('registration in the package', () => {
	const root = path.resolve(__dirname, '../../..');
	const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
	const nodeDir = path.join(root, 'nodes/ZohoIotWebhookTrigger');

	it('is listed in package.json with its credential, and its codex names the node', () => {
		expect(pkg.n8n.nodes).toContain(
			'dist/nodes/ZohoIotWebhookTrigger/ZohoIotWebhookTrigger.node.js',
		);
		expect(pkg.n8n.credentials).toContain('dist/credentials/ZohoIotWebhookApi.credentials.js');
		const codex = JSON.parse(
			readFileSync(path.join(nodeDir, 'ZohoIotWebhookTrigger.node.json'), 'utf8'),
		);
		expect(codex.node).toBe(`${pkg.name}.${node.description.name}`);
	});

	it("reuses the package's icons and documents itself in a README section that exists", () => {
		for (const icon of Object.values(node.description.icon as Record<string, string>))
			expect(existsSync(path.resolve(nodeDir, icon.replace('file:', '')))).toBe(true);
		const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
		expect(readme).toContain('## Trigger: Zoho IoT Webhook Trigger');
		expect(new ZohoIotWebhookApi().documentationUrl).toMatch(/#trigger-zoho-iot-webhook-trigger$/);
	});
});
