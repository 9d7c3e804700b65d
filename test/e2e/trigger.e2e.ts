/**
 * The Zoho IoT Trigger in a real n8n, one n8n server per line: two ACTIVE workflows poll the
 * emulator while the test changes records through Zoho IoT's API and raises an alarm. Each change
 * must reach the workflow exactly once, in order; the alarm must reach the chat channel of the
 * alarms example. The workflows report what they saw to the emulator's stand-in chat channels.
 *
 * Poll interval: the shortest each line accepts. n8n refuses sub-minute polling, but checks it
 * differently per line (read in n8n's source): 2.x refuses any 6-field cron whose seconds field
 * is not a plain number, so once a minute is the floor; 1.x only refuses a `*` in the seconds
 * field, so a custom cron listing seconds (`0,5,...,55 * * * * *`) polls every 5 seconds.
 *
 * The same n8n also runs the Zoho IoT Webhook Trigger (webhook-fixtures.ts): Zoho's side is a
 * second emulator whose webhook actions send alarms and record changes to n8n's production URLs.
 *
 * The tests share that n8n, its active workflows and the emulators, but none relies on what an
 * earlier one did: each reads the chat channels, deliveries and counters as deltas around its own
 * changes, so each passes alone (`-t '<its name>'`) as well as in order. A sequence that is the
 * point (round 1, then round 2 of the same trigger) stays inside one test.
 */
import { startEmulator, type RunningEmulator } from '../emulator';
import { emulatorCredential, exampleWorkflow } from './fixtures';
import { installer, prepareN8n, type N8nInstance } from './n8n';
import {
	ALARMS_WEBHOOK_WORKFLOW_ID,
	alarmsWebhookWorkflow,
	RECORDS_WEBHOOK_WORKFLOW_ID,
	recordsWebhookWorkflow,
	secondsToOutput,
	sleep,
	waitFor,
	WEBHOOK_SECRET,
	webhookCredential,
	ZohoWebhookSide,
} from './webhook-fixtures';

const lines = (process.env.N8N_LINES ?? Object.keys(installer().versions.lines).join(','))
	.split(',')
	.map((line) => line.trim())
	.filter(Boolean);

const SCOPE = 'ZohoIOT.modules.devices.ALL,ZohoIOT.modules.assets.ALL,ZohoIOT.modules.alarms.READ';
const CHANGES_WORKFLOW_ID = 'zohoIotDeviceChanges';
/** The trigger's type name: the harness installs the packed package, as users do. */
const TRIGGER_TYPE = 'n8n-nodes-zoho-iot.zohoIotTrigger';
const ALARMS_WORKFLOW_ID = 'zohoIotAlarmsToChat';
const ASSETS_WORKFLOW_ID = 'zohoIotAssetsCreated';

/** The shortest poll interval each line accepts (see the header). */
function pollTimesFor(line: string) {
	return line === '1.x'
		? { item: [{ mode: 'custom', cronExpression: '0,5,10,15,20,25,30,35,40,45,50,55 * * * * *' }] }
		: { item: [{ mode: 'everyMinute' }] };
}

/** Record Updated on devices, posting each emitted device to the `device-changes` channel. */
function deviceChangesWorkflow(emulator: RunningEmulator, line: string) {
	return {
		id: CHANGES_WORKFLOW_ID,
		name: 'Zoho IoT: device changes',
		active: false,
		nodes: [
			{
				id: 'd1',
				name: 'Device Changed',
				type: TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: pollTimesFor(line),
					event: 'recordUpdated',
					module: 'devices',
					simplify: true,
					filters: {},
				},
				credentials: { zohoIotOAuth2Api: { id: 'zohoIotAccount01', name: 'Zoho IoT account' } },
			},
			{
				id: 'd2',
				name: 'Report',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [240, 0],
				parameters: {
					method: 'POST',
					url: `${emulator.url}/__emulator/chat/device-changes`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody:
						'={{ JSON.stringify({ id: $json.id, name: $json.name, modified_time: $json.modified_time }) }}',
					options: {},
				},
			},
		],
		connections: { 'Device Changed': { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Record Created on assets, posting each emitted asset to the `asset-created` channel: the
 * hostile-timing test's workflow (late commits, a future stamp, ties of more than a page).
 */
function assetCreatedWorkflow(emulator: RunningEmulator, line: string) {
	const workflow = deviceChangesWorkflow(emulator, line);
	const [trigger, report] = workflow.nodes;
	return {
		...workflow,
		id: ASSETS_WORKFLOW_ID,
		name: 'Zoho IoT: assets created',
		nodes: [
			{
				...trigger,
				name: 'Asset Created',
				parameters: { ...trigger.parameters, event: 'recordCreated', module: 'assets' },
			},
			{
				...report,
				parameters: {
					...report.parameters,
					url: `${emulator.url}/__emulator/chat/asset-created`,
					jsonBody: '={{ JSON.stringify({ id: $json.id, name: $json.name }) }}',
				},
			},
		],
		connections: { 'Asset Created': { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
	};
}

/** The alarms example as shipped, with its chat URL pointed at the emulator's `alarms` channel. */
function alarmsWorkflow(emulator: RunningEmulator, line: string) {
	const text = JSON.stringify(exampleWorkflow('new-alarms-to-chat.json'))
		.split('https://chat.example.com/hooks/zoho-iot-alarms')
		.join(`${emulator.url}/__emulator/chat/alarms`);
	const workflow = JSON.parse(text) as {
		nodes: Array<{ type: string; parameters: Record<string, unknown> }>;
	};
	for (const node of workflow.nodes) {
		if (node.type === TRIGGER_TYPE) node.parameters.pollTimes = pollTimesFor(line);
	}
	return workflow;
}

describe.each(lines)('n8n %s: Zoho IoT Trigger in an active workflow', (line) => {
	let emulator: RunningEmulator;
	let n8n: N8nInstance;
	let token: string;
	let started = 0;
	let zohoSide: ZohoWebhookSide;
	/** What existed before activation: what the trigger must never emit. */
	const old = {
		assetIds: new Set<string>(),
		alarmIds: new Set<string>(),
		deviceModified: new Map<string, number>(),
	};

	const api = async (method: string, path: string, body?: unknown) => {
		const response = await fetch(`${emulator.url}/iot/v1${path}`, {
			method,
			headers: { authorization: `Zoho-authtoken ${token}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const answer = (await response.json()) as Record<string, Array<Record<string, unknown>>>;
		if (!response.ok)
			throw new Error(`${method} ${path}: HTTP ${response.status} ${JSON.stringify(answer)}`);
		return answer;
	};
	const chat = (channel: string) => emulator.chat(channel).map((m) => m.body);
	const listRequests = (module = 'devices') =>
		emulator.counters().apiRequests.byRoute[`GET /${module}`] ?? 0;
	/** Records written as Zoho would on its own: stamped `at` (epoch ms) but listed from now on. */
	const writeRecords = async (
		module: string,
		fields: Record<string, unknown>,
		count?: number,
		at?: number,
	) => {
		const query = new URLSearchParams({
			...(count === undefined ? {} : { count: String(count) }),
			...(at === undefined ? {} : { at: String(at) }),
		});
		const response = await fetch(`${emulator.url}/__emulator/records/${module}?${query}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(fields),
		});
		const answer = (await response.json()) as Record<string, unknown> & {
			records?: Array<Record<string, unknown>>;
		};
		return answer.records ?? [answer];
	};
	const assetModel = () => emulator.records('assets')[0]?.model_id;
	const model = () => emulator.records('devices')[0].model_id;
	/** Zoho's times have one-second resolution: changes a second apart have a defined order. */
	const nextSecond = () => sleep(1100);

	beforeAll(async () => {
		started = Date.now();
		emulator = await startEmulator({
			devices: 40,
			assets: 0,
			seed: 11,
			acceptedSchemes: ['Zoho-authtoken'],
		});
		token = emulator.issueTokens({ scope: SCOPE }).access_token;
		zohoSide = await ZohoWebhookSide.start();
		n8n = await prepareN8n(line);
		await n8n.importCredentials([
			emulatorCredential(emulator, emulator.issueTokens({ scope: SCOPE }), { scope: SCOPE }),
			webhookCredential(),
		]);
		// 250 assets share the newest second before activation: more than one page.
		await writeRecords('assets', { name: 'Before activation', model_id: assetModel() }, 250);
		for (const asset of emulator.records('assets')) old.assetIds.add(String(asset.id));
		for (const alarm of emulator.records('alarms')) old.alarmIds.add(String(alarm.id));
		for (const device of emulator.records('devices'))
			old.deviceModified.set(String(device.id), Date.parse(String(device.modified_time)));
		await n8n.importWorkflows([
			deviceChangesWorkflow(emulator, line),
			alarmsWorkflow(emulator, line),
			alarmsWebhookWorkflow(zohoSide.zoho),
			recordsWebhookWorkflow(zohoSide.zoho),
			assetCreatedWorkflow(emulator, line),
		]);
		await n8n.activateWorkflow(CHANGES_WORKFLOW_ID);
		await n8n.activateWorkflow(ALARMS_WORKFLOW_ID);
		await n8n.activateWorkflow(ALARMS_WEBHOOK_WORKFLOW_ID);
		await n8n.activateWorkflow(RECORDS_WEBHOOK_WORKFLOW_ID);
		await n8n.activateWorkflow(ASSETS_WORKFLOW_ID);
		await n8n.start();
		await zohoSide.configure(n8n.baseUrl);
		// Activation polls each trigger once: that only places the cursors.
		await waitFor('the activation polls', () => {
			const routes = emulator.counters().apiRequests.byRoute;
			return routes['GET /devices'] >= 1 && routes['GET /alarms'] >= 1 && routes['GET /assets'] >= 1
				? true
				: undefined;
		});
	}, 900_000);

	afterAll(async () => {
		await n8n?.dispose();
		await emulator?.stop();
		await zohoSide?.stop();
		process.stderr.write(
			`Zoho IoT Trigger e2e on n8n ${line}: ${Math.round((Date.now() - started) / 1000)} s wall time\n`,
		);
	});

	it('emitted nothing old on activation, also not a tie of 250 records in the newest second', async () => {
		// Whatever later changes reached the channels, none is a record as it was before activation.
		expect(old.assetIds.size).toBeGreaterThanOrEqual(250);
		expect(old.deviceModified.size).toBe(40);
		expect(chat('asset-created').filter((message) => old.assetIds.has(String(message.id)))).toEqual(
			[],
		);
		expect(chat('alarms').filter((message) => old.alarmIds.has(String(message.alarm_id)))).toEqual(
			[],
		);
		expect(
			chat('device-changes').filter(
				(message) =>
					old.deviceModified.has(String(message.id)) &&
					Date.parse(String(message.modified_time)) <= old.deviceModified.get(String(message.id))!,
			),
		).toEqual([]);
	});

	it('emits a 250-record tie, a record stamped 2099, then a late commit behind them and a new record, each once', async () => {
		const since = chat('asset-created').length;
		const newMessages = async () => chat('asset-created').slice(since);
		// Round 1: 250 assets in one second, and one stamped in 2099.
		const tie = await writeRecords('assets', { name: 'Tie', model_id: assetModel() }, 250);
		const [future] = await writeRecords(
			'assets',
			{ name: 'From 2099', model_id: assetModel() },
			undefined,
			Date.UTC(2099, 0, 1),
		);
		const ids = (records: Array<Record<string, unknown>>) => records.map((r) => String(r.id));
		const round1 = await waitFor('251 assets', async () => {
			const messages = await newMessages();
			return messages.length >= 251 ? messages : undefined;
		});
		expect(new Set(ids(round1)).size).toBe(251);
		expect(ids(round1).sort()).toEqual([...ids(tie), String(future.id)].sort());

		// Round 2: a commit stamped 30 s before the tie it lands after, and an ordinary new asset.
		// The 2099 stamp must not have silenced the trigger; nothing of round 1 comes again.
		const tieTime = Date.parse(String(tie[0].created_time));
		const [late] = await writeRecords(
			'assets',
			{ name: 'Late', model_id: assetModel() },
			undefined,
			tieTime - 30_000,
		);
		const [fresh] = await writeRecords('assets', { name: 'Fresh', model_id: assetModel() });
		await waitFor('the late and the fresh asset', async () => {
			const messages = await newMessages();
			return messages.length >= 253 ? true : undefined;
		});
		// That poll re-read the window (tie, 2099, late): a repeat would come in the same run.
		await sleep(5000);
		const all = ids(await newMessages());
		expect(all.slice(251)).toEqual([String(late.id), String(fresh.id)]);
		expect(all).toHaveLength(253);
	});

	it('sees devices created and updated while it runs, each exactly once, in order; a raised alarm reaches the chat channel', async () => {
		const devicesSince = chat('device-changes').length;
		const alarmsSince = chat('alarms').length;
		const deviceChanges = async () => chat('device-changes').slice(devicesSince);
		const alarmMessages = async () => chat('alarms').slice(alarmsSince);
		const expected: string[] = [];
		const existing = emulator.records('devices')[3];
		await api('PUT', `/devices/${existing.id}`, { devices: [{ name: 'Renamed while active' }] });
		expected.push(String(existing.id));
		for (const name of ['Probe A', 'Probe B', 'Probe C']) {
			await nextSecond();
			const created = await api('POST', '/devices', { devices: { name, model_id: model() } });
			expected.push(String(created.devices[0].id));
		}
		const alarm = (await (
			await fetch(`${emulator.url}/__emulator/records/alarms`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ name: 'Cold room above 8 °C', severity: 'critical' }),
			})
		).json()) as { id: string };

		const seen = await waitFor('4 device changes', async () => {
			const messages = await deviceChanges();
			return messages.length >= 4 ? messages : undefined;
		});
		expect(seen.map((m) => m.id)).toEqual(expected);
		expect(seen[0]).toMatchObject({ name: 'Renamed while active' });

		const alarms = await waitFor('the alarm in the chat channel', async () => {
			const messages = await alarmMessages();
			return messages.length ? messages : undefined;
		});
		expect(alarms).toEqual([
			{
				text: expect.stringMatching(/^Zoho IoT alarm: Cold room above 8 °C \(critical\) at /),
				alarm_id: alarm.id,
			},
		]);

		// A second round: a device from the first round changes again, and one more is created.
		await nextSecond();
		await api('PUT', `/devices/${expected[1]}`, { devices: [{ name: 'Probe A, moved' }] });
		await nextSecond();
		const late = await api('POST', '/devices', { devices: { name: 'Probe D', model_id: model() } });
		const all = await waitFor('6 device changes', async () => {
			const messages = await deviceChanges();
			return messages.length >= 6 ? messages : undefined;
		});
		expect(all.map((m) => m.id)).toEqual([...expected, expected[1], String(late.devices[0].id)]);
		expect(all[4]).toMatchObject({ name: 'Probe A, moved' });

		// One more poll with nothing new: nothing is emitted again.
		const polled = listRequests();
		await waitFor('one more poll', () => (listRequests() > polled ? true : undefined));
		await sleep(2000);
		expect(await deviceChanges()).toHaveLength(6);
		expect(await alarmMessages()).toHaveLength(1);
	});

	describe('Zoho IoT Webhook Trigger', () => {
		const CHANNELS = ['webhook-alarms', 'webhook-devices', 'webhook-assets'] as const;
		/** How many messages each webhook channel holds now. */
		const channelCounts = () =>
			Object.fromEntries(
				CHANNELS.map((channel) => [channel, zohoSide.chat(channel).length]),
			) as Record<(typeof CHANNELS)[number], number>;
		/** Messages of `channel` after the first `since`, once there are at least `count` of them. */
		const newMessages = async (channel: string, since: number, count: number) =>
			(await zohoSide.messagesAtLeast(channel, since + count)).slice(since);
		/** Nothing reaches a channel while requests that must start no execution settle. */
		const expectNoExecutionSince = async (counts: Record<string, number>) => {
			await sleep(3000);
			expect(channelCounts()).toEqual(counts);
		};

		beforeAll(async () => {
			// n8n 2.x registers the webhooks of published workflows after it reports ready.
			await zohoSide.untilRegistered(n8n.baseUrl);
		}, 300_000);

		it('refuses a delivery without the secret or with a wrong one (401), starting no execution', async () => {
			const counts = channelCounts();
			expect(await zohoSide.intruder(n8n.baseUrl, undefined, 'intruder-no-secret')).toBe(401);
			expect(
				await zohoSide.intruder(n8n.baseUrl, `${WEBHOOK_SECRET.slice(0, -1)}x`, 'intruder-wrong'),
			).toBe(401);
			await expectNoExecutionSince(counts);
		});

		it('refuses a broken or oversized body with a clear 4xx, starting no execution', async () => {
			const counts = channelCounts();
			const broken = await zohoSide.badBody(n8n.baseUrl, 'text/plain', '{"alarm_id": "broken"');
			expect(broken.status).toBe(400);
			expect(broken.text).toMatch(/not valid JSON/);
			// With a JSON content type n8n parses the body itself, before the node, and refuses it.
			const brokenJson = await zohoSide.badBody(n8n.baseUrl, 'application/json', '{"alarm_id":');
			expect(brokenJson.status).toBe(422);
			const big = JSON.stringify({ alarm_id: 'oversized', note: 'x'.repeat(70 * 1024) });
			const oversized = await zohoSide.badBody(n8n.baseUrl, 'application/json', big);
			expect(oversized.status).toBe(413);
			expect(oversized.text).toMatch(/Max Body Size/);
			await expectNoExecutionSince(counts);
		});

		it('receives each alarm and record change exactly once, within seconds, with no Zoho API call', async () => {
			const counts = channelCounts();
			const deliveriesBefore = (await zohoSide.deliveries()).length;
			const zohoCallsBefore = zohoSide.zohoCalls();
			const alarm = (await zohoSide.raiseAlarm('Cold room above 8 °C (webhook)')) as {
				id: string;
			};
			const device = (await zohoSide.createRecord('devices', 'Probe W')) as { id: string };
			await zohoSide.editRecord('devices', device.id, 'Probe W, moved');
			const asset = (await zohoSide.createRecord('assets', 'Pump W')) as { id: string };

			const [alarms, devices, assets] = await Promise.all([
				newMessages('webhook-alarms', counts['webhook-alarms'], 1),
				newMessages('webhook-devices', counts['webhook-devices'], 2),
				newMessages('webhook-assets', counts['webhook-assets'], 1),
			]);
			const deliveries = (await zohoSide.settled()).slice(deliveriesBefore);
			expect(deliveries.map((d) => [d.event, d.status])).toEqual([
				['alarm raised', 200],
				['record created', 200],
				['record edited', 200],
				['record created', 200],
			]);

			expect(alarms.map((m) => m.body)).toEqual([
				{
					text: expect.stringMatching(
						/^Zoho IoT alarm: Cold room above 8 °C \(webhook\) \(critical\) at \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/,
					),
					alarm_id: alarm.id,
				},
			]);
			// The create and the edit are sent a moment apart and run side by side: either may finish first.
			const byName = [...devices].sort((a, b) =>
				String(a.body.record_name).localeCompare(String(b.body.record_name)),
			);
			expect(byName.map((m) => [m.body.record_id, m.body.record_name])).toEqual([
				[device.id, 'Probe W'],
				[device.id, 'Probe W, moved'],
			]);
			expect(byName[1].body.modified_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
			expect(assets.map((m) => m.body)).toEqual([
				{
					asset_id: asset.id,
					asset_name: 'Pump W',
					raw_payload: {
						method: 'GET',
						contentType: '',
						query: { asset_id: asset.id, asset_name: 'Pump W' },
						body: {},
					},
				},
			]);

			const latencies = secondsToOutput(deliveries, [...alarms, ...devices, ...assets]);
			process.stderr.write(
				`Zoho IoT Webhook Trigger on n8n ${line}: from the first delivery to each workflow output ${latencies.join(', ')} s\n`,
			);
			for (const seconds of latencies) expect(seconds).toBeLessThan(15);

			// Exactly once: nothing more arrives, and Zoho's side answered no API or token request
			// (none was made).
			await sleep(3000);
			expect(channelCounts()).toEqual({
				'webhook-alarms': counts['webhook-alarms'] + 1,
				'webhook-devices': counts['webhook-devices'] + 2,
				'webhook-assets': counts['webhook-assets'] + 1,
			});
			expect(zohoSide.zohoCalls()).toBe(zohoCallsBefore);
		});

		it('runs a delivery Zoho repeats inside the de-duplication window once', async () => {
			// An alarm and a record edit, each delivered and run once.
			const counts = channelCounts();
			const deliveriesBefore = (await zohoSide.deliveries()).length;
			await zohoSide.raiseAlarm('Door open (repeated)');
			const [device] = zohoSide.zoho.records('devices');
			await zohoSide.editRecord('devices', String(device.id), `${String(device.name)}, repeated`);
			await Promise.all([
				newMessages('webhook-alarms', counts['webhook-alarms'], 1),
				newMessages('webhook-devices', counts['webhook-devices'], 1),
			]);
			const deliveries = (await zohoSide.settled()).slice(deliveriesBefore);
			expect(deliveries.map((d) => [d.event, d.status])).toEqual([
				['alarm raised', 200],
				['record edited', 200],
			]);

			// Zoho sends both again: answered, not run.
			for (const delivery of deliveries) await zohoSide.repeat(delivery.n);
			const after = (await zohoSide.settled()).slice(deliveriesBefore);
			expect(after.slice(2).map((d) => [d.event, d.status])).toEqual([
				['alarm raised', 200],
				['record edited', 200],
			]);
			await sleep(3000);
			expect(channelCounts()).toEqual({
				...counts,
				'webhook-alarms': counts['webhook-alarms'] + 1,
				'webhook-devices': counts['webhook-devices'] + 1,
			});
		});

		it('keeps the secret out of execution data and logs', async () => {
			// A delivery whose execution n8n stores: the data the scan below reads.
			const counts = channelCounts();
			const alarm = (await zohoSide.raiseAlarm('Freezer door open (stored)')) as { id: string };
			await newMessages('webhook-alarms', counts['webhook-alarms'], 1);
			await waitFor('the execution stored', () =>
				n8n.databaseText().includes(alarm.id) ? true : undefined,
			);
			expect(n8n.log).not.toContain(WEBHOOK_SECRET);
			expect(n8n.databaseText()).not.toContain(WEBHOOK_SECRET);
		});
	});
});
