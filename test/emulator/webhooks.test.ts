/**
 * The emulator's webhook actions (Zoho's side of the Zoho IoT Webhook Trigger): what each kind of
 * action sends, and when, to a plain node:http receiver standing in for n8n.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startEmulator, type RunningEmulator } from './index';
import { api, control } from './test-helpers';

interface Received {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: IncomingMessage['headers'];
	body: string;
}

describe('emulator webhook actions', () => {
	let emulator: RunningEmulator;
	let receiver: Server;
	let receiverUrl: string;
	let received: Received[] = [];
	let answerStatus = 200;

	beforeAll(async () => {
		emulator = await startEmulator({ devices: 5, assets: 2, seed: 4 });
		receiver = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const url = new URL(req.url ?? '/', 'http://receiver');
				received.push({
					method: req.method ?? '',
					path: url.pathname,
					query: Object.fromEntries(url.searchParams),
					headers: req.headers,
					body: Buffer.concat(chunks).toString('utf8'),
				});
				res.statusCode = answerStatus;
				res.end('{}');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await emulator.stop();
		await new Promise((resolve) => receiver.close(resolve));
	});
	beforeEach(async () => {
		received = [];
		answerStatus = 200;
		await control(emulator, 'POST', '/webhooks/clear');
	});

	const settle = async () =>
		(await control(emulator, 'POST', '/webhooks/settled')) &&
		((await control(emulator, 'GET', '/webhooks')).body.deliveries as Array<
			Record<string, unknown>
		>);

	const alarmAction = (extra: Record<string, unknown>) =>
		control(emulator, 'POST', '/webhooks', {
			on: 'alarm',
			url: `${receiverUrl}/hook`,
			headers: { 'n8n-secret': 's3cret' },
			moduleParameters: [
				{ name: 'alarm_id', field: 'id' },
				{ name: 'alarm_name', field: 'name' },
			],
			...extra,
		});

	it('sends Raw Data as one JSON object with the Header parameters when an alarm is raised', async () => {
		await alarmAction({ body: 'raw' });
		const alarm = (await control(emulator, 'POST', '/records/alarms', { name: 'Hot' })).body;
		const deliveries = await settle();
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({ method: 'POST', path: '/hook' });
		expect(received[0].headers).toMatchObject({
			'content-type': 'application/json',
			'n8n-secret': 's3cret',
		});
		expect(JSON.parse(received[0].body)).toEqual({ alarm_id: alarm.id, alarm_name: 'Hot' });
		expect(deliveries).toEqual([
			expect.objectContaining({ n: 1, event: 'alarm raised', recordId: alarm.id, status: 200 }),
		]);
		expect(JSON.stringify(deliveries)).not.toContain('s3cret');
	});

	it('sends Form-Data as multipart, or url-encoded on request', async () => {
		await alarmAction({ body: 'form-data' });
		await alarmAction({ body: 'form-urlencoded' });
		const alarm = (await control(emulator, 'POST', '/records/alarms', { name: 'Hot & dry' })).body;
		await settle();
		const [multipart, urlencoded] = received;
		expect(multipart.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(multipart.body).toContain(`name="alarm_id"\r\n\r\n${alarm.id}\r\n`);
		expect(multipart.body).toContain('name="alarm_name"\r\n\r\nHot & dry\r\n');
		expect(urlencoded.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(Object.fromEntries(new URLSearchParams(urlencoded.body))).toEqual({
			alarm_id: alarm.id,
			alarm_name: 'Hot & dry',
		});
	});

	it('sends Raw Data from a text template with #name# placeholders', async () => {
		await alarmAction({ body: 'raw', rawTemplate: 'Alarm #alarm_name# (#alarm_id#) #unknown#' });
		const alarm = (await control(emulator, 'POST', '/records/alarms', { name: 'Hot' })).body;
		await settle();
		expect(received[0].headers['content-type']).toBe('text/plain; charset=utf-8');
		expect(received[0].body).toBe(`Alarm Hot (${alarm.id}) #unknown#`);
	});

	it('puts parameters in the query for GET and for a POST with body None', async () => {
		await alarmAction({ method: 'GET', customParameters: { 'n8n-secret': 'q' }, headers: {} });
		await alarmAction({ body: 'none' });
		const alarm = (await control(emulator, 'POST', '/records/alarms', { name: 'Hot' })).body;
		await settle();
		expect(received.map((r) => [r.method, r.query, r.body])).toEqual([
			['GET', { alarm_id: alarm.id, alarm_name: 'Hot', 'n8n-secret': 'q' }, ''],
			['POST', { alarm_id: alarm.id, alarm_name: 'Hot' }, ''],
		]);
	});

	it('fires a workflow rule on records created and edited, whichever way (API or Zoho UI), and only for its module and actions', async () => {
		await control(emulator, 'POST', '/webhooks', {
			on: 'record',
			module: 'devices',
			actions: ['edited'],
			url: `${receiverUrl}/edited`,
			body: 'raw',
			moduleParameters: [
				{ name: 'record_id', field: 'id' },
				{ name: 'record_name', field: 'name' },
			],
		});
		const device = emulator.records('devices')[0];
		const token = emulator.issueTokens({ scope: 'ZohoIOT.modules.devices.ALL' }).access_token;
		await api(emulator, 'PUT', `/devices/${device.id}`, token, {
			body: { devices: [{ name: 'Edited by the API' }] },
		});
		await control(emulator, 'POST', `/records/devices/${device.id}`, { name: 'Edited in Zoho' });
		await control(emulator, 'POST', '/records/devices', { name: 'Created, not edited' });
		await control(emulator, 'POST', `/records/assets/${emulator.records('assets')[0].id}`, {
			name: 'Another module',
		});
		await settle();
		expect(received.map((r) => JSON.parse(r.body))).toEqual([
			{ record_id: device.id, record_name: 'Edited by the API' },
			{ record_id: device.id, record_name: 'Edited in Zoho' },
		]);
	});

	it('sends nothing more on its own when the receiver fails (retries are undocumented), and repeats a delivery byte for byte on request', async () => {
		answerStatus = 500;
		await alarmAction({ body: 'raw' });
		await control(emulator, 'POST', '/records/alarms', { name: 'Hot' });
		const [first] = await settle();
		expect(first.status).toBe(500);
		expect(received).toHaveLength(1);
		answerStatus = 200;
		const repeat = await control(emulator, 'POST', '/webhooks/repeat', { n: 1 });
		expect(repeat.status).toBe(202);
		const deliveries = await settle();
		expect(deliveries[1]).toMatchObject({ n: 2, repeatOf: 1, status: 200 });
		expect(received[1].body).toBe(received[0].body);
		expect(received[1].headers['n8n-secret']).toBe('s3cret');
	});

	it('refuses an action it cannot send, naming the problem', async () => {
		const answer = await control(emulator, 'POST', '/webhooks', { on: 'record', url: 'ftp://x' });
		expect(answer.status).toBe(400);
		expect(answer.body.problems).toEqual([
			'module (string) is required for on: record',
			'url must be an http(s) URL',
		]);
	});
});
