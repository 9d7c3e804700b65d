/**
 * The package in a real n8n, on each pinned line, against the bundled Zoho IoT emulator.
 * What users meet and unit tests cannot show: n8n loads the package, the header on the wire is
 * the credential's scheme, a refreshed token is saved so the next run does not refresh again,
 * many items share one refresh, and the errors users will meet are explained without secrets.
 * The sync and the webhook also run against a second emulator with the `documented` profile
 * (Zoho's own record, write and paging shapes), through a second credential in the same n8n.
 *
 * The tests share one n8n and the emulators, but none relies on what an earlier one left: each
 * imports the credential state it needs (an expired token, a valid one, a revoked refresh token),
 * measures the emulators' counters and chat channels as deltas around its own runs, and puts back
 * any emulator setting it changes. Each passes alone (`-t '<its name>'`) as well as in order.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { DEFAULT_SCOPES } from '../../nodes/ZohoIot/constants';
import {
	requestsBetween,
	startEmulator,
	type EmulatorCounters,
	type RunningEmulator,
} from '../emulator';
import { datapointValue } from '../emulator/datapoints';
import {
	BULK_UPDATE_WORKFLOW_ID,
	bulkUpdateWorkflow,
	CREDENTIAL_ID,
	DATAPOINT_VALUES_WORKFLOW_ID,
	datapointValuesWorkflow,
	DOCUMENTED,
	documentedCredential,
	documentedSyncWorkflow,
	documentedWebhookWorkflow,
	emulatorCredential,
	FIRST_DAY,
	firstDayCredential,
	firstDayTriggerWorkflow,
	firstDayValuesWorkflow,
	LOCATIONS_ALARMS_WORKFLOW_ID,
	locationsAlarmsWorkflow,
	PAGE_SYNC_WORKFLOW_ID,
	pageSyncWebhookWorkflow,
	SYNC_WORKFLOW_ID,
	syncWorkflow,
	WEBHOOK_WORKFLOW_ID,
	webhookWorkflow,
} from './fixtures';
import { installer, nodeOutput, prepareN8n, type CredentialExport, type N8nInstance } from './n8n';

const DEVICES = 1000;
const ASSETS = 60;
const lines = (process.env.N8N_LINES ?? Object.keys(installer().versions.lines).join(','))
	.split(',')
	.map((line) => line.trim())
	.filter(Boolean);

describe.each(lines)('n8n %s', (line) => {
	let emulator: RunningEmulator;
	/** The same organisation as Zoho's own pages show it (profile `documented`). */
	let documented: RunningEmulator;
	let n8n: N8nInstance;
	/** A new user's organisation: Zoho-oauthtoken only, as Zoho's API pages show it. */
	let firstDay: RunningEmulator;
	/** The first-day credential's accounts server: records anything sent to it. */
	let sentinel: { url: string; seen: string[]; close: () => Promise<void> };
	/** Every secret this run handed out or minted, for the leak scan at the end. */
	const secrets = new Set<string>();

	const storedCredential = async (): Promise<CredentialExport> => {
		const [credential] = (await n8n.exportCredentials()).filter((c) => c.id === CREDENTIAL_ID);
		const tokenData = credential.data.oauthTokenData as Record<string, string>;
		if (tokenData?.access_token) secrets.add(tokenData.access_token);
		if (tokenData?.refresh_token) secrets.add(tokenData.refresh_token);
		return credential;
	};

	/** Tokens as Zoho hands them out at connect time, with the access token already expired. */
	const expiredTokens = () => {
		const tokens = emulator.issueTokens({ accessTokenExpired: true });
		secrets.add(tokens.access_token);
		secrets.add(tokens.refresh_token);
		return tokens;
	};
	/** Tokens as Zoho hands them out at connect time, the access token still valid. */
	const validTokens = (target: RunningEmulator = emulator) => {
		const tokens = target.issueTokens();
		secrets.add(tokens.access_token);
		secrets.add(tokens.refresh_token);
		return tokens;
	};
	/** The main credential, connected a while ago: its access token expired, its refresh token live. */
	const connectExpired = async () => {
		const tokens = expiredTokens();
		await n8n.importCredentials([emulatorCredential(emulator, tokens)]);
		return tokens;
	};
	/** How many requests went out under `scheme` between two snapshots. */
	const schemeDelta = (after: EmulatorCounters, before: EmulatorCounters, scheme: string) =>
		(after.schemesSeen[scheme] ?? 0) - (before.schemesSeen[scheme] ?? 0);

	beforeAll(async () => {
		emulator = await startEmulator({
			devices: DEVICES,
			assets: ASSETS,
			acceptedSchemes: ['Zoho-authtoken'],
			seed: 7,
		});
		secrets.add(emulator.issueTokens().refresh_token);
		n8n = await prepareN8n(line);
		await n8n.importCredentials([emulatorCredential(emulator, expiredTokens())]);
		await n8n.importWorkflows([
			syncWorkflow(),
			webhookWorkflow(),
			locationsAlarmsWorkflow(),
			datapointValuesWorkflow(),
			pageSyncWebhookWorkflow(
				`${emulator.url}/__emulator/chat/page-sync`,
				'zoho-iot-page-sync',
				'lastNode',
			),
		]);
		// It runs itself as a sub-workflow, and n8n runs only a published (1.x: active) one.
		await n8n.activateWorkflow(PAGE_SYNC_WORKFLOW_ID);

		documented = await startEmulator({
			profile: 'documented',
			devices: DEVICES,
			assets: ASSETS,
			seed: 7,
		});
		const documentedTokens = documented.issueTokens({ accessTokenExpired: true });
		secrets.add(documentedTokens.access_token);
		secrets.add(documentedTokens.refresh_token);
		await n8n.importCredentials([documentedCredential(documented, documentedTokens)]);
		await n8n.importWorkflows([documentedSyncWorkflow(), documentedWebhookWorkflow()]);

		firstDay = await startEmulator({
			devices: 20,
			assets: 0,
			acceptedSchemes: ['Zoho-oauthtoken'],
			seed: 5,
		});
		sentinel = await recordingServer();
		// What Zoho issues on Connect for a credential left at its default scopes.
		const firstDayTokens = firstDay.issueTokens({ scope: DEFAULT_SCOPES });
		secrets.add(firstDayTokens.access_token);
		secrets.add(firstDayTokens.refresh_token);
		await n8n.importCredentials([firstDayCredential(firstDay, sentinel.url, firstDayTokens)]);
		await n8n.importWorkflows([firstDayTriggerWorkflow(), firstDayValuesWorkflow()]);
	}, 900_000);

	afterAll(async () => {
		await n8n?.dispose();
		await emulator?.stop();
		await documented?.stop();
		await firstDay?.stop();
		await sentinel?.close();
	});

	it('syncs every device exactly once in ceil(N/200) list requests, refreshing the expired token once', async () => {
		await connectExpired();
		const before = emulator.counters();
		const run = await n8n.execute(SYNC_WORKFLOW_ID);
		expect(run.ok).toBe(true);

		const devices = nodeOutput(run.runData, 'Get All Devices');
		expect(devices).toHaveLength(DEVICES);
		expect(new Set(devices.map((d) => d.id)).size).toBe(DEVICES);
		expect(devices.map((d) => d.id)).toEqual(emulator.records('devices').map((d) => d.id));
		expect(nodeOutput(run.runData, 'Count Synced Devices')).toEqual([
			{ count_id: DEVICES, unique_count_id: DEVICES },
		]);

		const after = emulator.counters();
		const listRequests = requestsBetween(before, after, 'GET /devices');
		const rejections = after.expiredTokenRejections - before.expiredTokenRejections;
		// One extra request: the first answer was 401 for the expired token.
		expect(listRequests - rejections).toBeLessThanOrEqual(Math.ceil(DEVICES / 200) + 1);
		expect(listRequests - rejections).toBeGreaterThanOrEqual(Math.ceil(DEVICES / 200));
		expect(after.tokenRequests.refresh_token - before.tokenRequests.refresh_token).toBe(1);
		// Zoho-oauthtoken once: the run met the expired token and tried the other scheme once before
		// refreshing (this emulator takes only Zoho-authtoken); every other request went as the
		// credential says.
		expect(schemeDelta(after, before, 'Zoho-oauthtoken')).toBe(1);
		expect(after.rejectedSchemes - before.rejectedSchemes).toBe(1);
		expect(schemeDelta(after, before, 'Zoho-authtoken')).toBe(
			after.apiRequests.total - before.apiRequests.total - 1,
		);
	});

	it('syncs every device exactly once page by page: one sub-execution, one write and one list request per page of 200', async () => {
		await n8n.importCredentials([emulatorCredential(emulator, validTokens())]);
		const before = emulator.counters();
		const messagesBefore = emulator.chat('page-sync').length;

		await n8n.start();
		let answer: unknown;
		try {
			const response = await n8n.postToProductionWebhook('zoho-iot-page-sync', {});
			answer = await response.json();
		} finally {
			await n8n.stop();
		}

		// The loop's last item: no page left.
		expect(answer).toMatchObject({ pageToken: '' });
		const messages = emulator.chat('page-sync').slice(messagesBefore);
		const written = messages.flatMap((message) =>
			(message.body.devices as Array<{ id: string }>).map((d) => d.id),
		);
		expect(written).toEqual(emulator.records('devices').map((d) => String(d.id)));
		const pages = Math.ceil(DEVICES / 200);
		expect(messages).toHaveLength(pages);
		// The token is valid: no request was rejected, one list request per page.
		const after = emulator.counters();
		expect(after.expiredTokenRejections - before.expiredTokenRejections).toBe(0);
		expect(requestsBetween(before, after, 'GET /devices')).toBe(pages);
	});

	it('documented shapes: syncs every device once in ceil(N/200) list requests, simplified from layout lookups and date-time objects', async () => {
		const tokens = documented.issueTokens({ accessTokenExpired: true });
		secrets.add(tokens.access_token);
		secrets.add(tokens.refresh_token);
		await n8n.importCredentials([documentedCredential(documented, tokens)]);
		const before = documented.counters();
		const run = await n8n.execute(DOCUMENTED.syncWorkflowId);
		expect(run.ok).toBe(true);

		const devices = nodeOutput(run.runData, 'Get All Devices');
		const stored = documented.records('devices');
		expect(devices.map((d) => d.id)).toEqual(stored.map((d) => d.id));
		// Simplify turned `layout` into model_id/model_name, the date-time objects into ISO strings
		// in the organisation's offset, and the `location` lookup into location_id/location_name.
		expect(devices[0]).toEqual({
			id: stored[0].id,
			name: stored[0].name,
			model_id: stored[0].model_id,
			model_name: stored[0].model_name,
			description: stored[0].description,
			status: stored[0].status,
			created_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:30$/),
			modified_time: expect.stringMatching(/\+05:30$/),
			location_id: expect.stringMatching(/^\d{19}$/),
			location_name: stored[0].location,
		});
		expect(Date.parse(String(devices[0].created_time))).toBe(
			Date.parse(String(stored[0].created_time)),
		);
		expect(nodeOutput(run.runData, 'Count Synced Devices')).toEqual([
			{ count_id: DEVICES, unique_count_id: DEVICES },
		]);

		const after = documented.counters();
		const rejections = after.expiredTokenRejections - before.expiredTokenRejections;
		// page_context.has_more_page: false on the fifth page ends the listing. Two 401s for the
		// expired token: the process's first request, and the same token under the other header
		// scheme (this emulator takes every scheme), tried once before the refresh.
		expect(requestsBetween(before, after, 'GET /devices') - rejections).toBe(
			Math.ceil(DEVICES / 200),
		);
		expect(rejections).toBe(2);
		expect(after.tokenRequests.refresh_token - before.tokenRequests.refresh_token).toBe(1);
	});

	it('saved the refreshed token in n8n, so the next run refreshes nothing', async () => {
		// The first run meets the expired token and refreshes it once.
		const connected = await connectExpired();
		const start = emulator.counters();
		const first = await n8n.execute(SYNC_WORKFLOW_ID);
		expect(first.ok).toBe(true);
		const refreshed = emulator.counters();
		expect(refreshed.tokenRequests.refresh_token - start.tokenRequests.refresh_token).toBe(1);
		const lastExchange = refreshed.tokenExchanges.at(-1)!;
		expect(lastExchange).toMatchObject({
			grantType: 'refresh_token',
			clientSecretInBody: true,
			outcome: 'success',
		});

		// n8n saved what Zoho minted in that refresh.
		const credential = await storedCredential();
		const tokenData = credential.data.oauthTokenData as Record<string, string>;
		expect(tokenData.access_token).toMatch(/^1000\./);
		expect(tokenData.access_token).not.toBe(connected.access_token);
		expect(emulator.accessTokenUse(tokenData.access_token)?.newest).toBe(true);
		// n8n merges the refresh answer into the stored data: the refresh token survives.
		expect(tokenData.refresh_token).toBe(connected.refresh_token);

		// The next run sends the saved token: no refresh, no rejection, no probe of the other scheme.
		const usesBefore = emulator.accessTokenUse(tokenData.access_token)!.uses;
		const before = emulator.counters();
		const run = await n8n.execute(SYNC_WORKFLOW_ID);
		expect(run.ok).toBe(true);
		const after = emulator.counters();
		expect(after.tokenRequests.refresh_token).toBe(before.tokenRequests.refresh_token);
		expect(after.expiredTokenRejections).toBe(before.expiredTokenRejections);
		expect(after.rejectedSchemes).toBe(before.rejectedSchemes);
		expect(requestsBetween(before, after, 'GET /devices')).toBe(Math.ceil(DEVICES / 200));
		expect(emulator.accessTokenUse(tokenData.access_token)!.uses - usesBefore).toBe(
			Math.ceil(DEVICES / 200),
		);
	});

	it("sends the credential's header scheme on the wire, Zoho-authtoken by default", async () => {
		// A valid token, so nothing is rejected and nothing probed: every request shows the scheme.
		const tokens = validTokens();
		const credential = emulatorCredential(emulator, tokens);
		expect(credential.data.headerScheme).toBe('Zoho-authtoken');
		await n8n.importCredentials([credential]);
		const before = emulator.counters();
		const run = await n8n.execute(SYNC_WORKFLOW_ID);
		expect(run.ok).toBe(true);
		const counters = emulator.counters();
		expect(schemeDelta(counters, before, 'Zoho-authtoken')).toBe(Math.ceil(DEVICES / 200));
		expect(schemeDelta(counters, before, 'Zoho-authtoken')).toBe(
			counters.apiRequests.total - before.apiRequests.total,
		);
		expect(schemeDelta(counters, before, 'Zoho-oauthtoken')).toBe(0);
		expect(counters.rejectedSchemes).toBe(before.rejectedSchemes);

		// Switch the credential to Zoho-oauthtoken and make the emulator accept only that.
		await n8n.importCredentials([
			{ ...credential, data: { ...credential.data, headerScheme: 'Zoho-oauthtoken' } },
		]);
		emulator.configure({ acceptedSchemes: ['Zoho-oauthtoken'] });
		try {
			const switched = await n8n.execute(SYNC_WORKFLOW_ID);
			expect(switched.ok).toBe(true);
			const after = emulator.counters();
			expect(schemeDelta(after, counters, 'Zoho-oauthtoken')).toBe(Math.ceil(DEVICES / 200));
			expect(after.schemesSeen['Zoho-authtoken']).toBe(counters.schemesSeen['Zoho-authtoken']);
			expect(after.rejectedSchemes).toBe(counters.rejectedSchemes);
		} finally {
			// Back to what the emulator was started with, whatever happened above.
			emulator.configure({ acceptedSchemes: ['Zoho-authtoken'] });
		}
	});

	it('refreshes once for 50 items that meet one expired token', async () => {
		const assets = emulator.records('assets').slice(0, 50);
		const updates = assets.map((asset, i) => ({
			id: String(asset.id),
			name: `Renamed asset ${i + 1}`,
		}));
		await n8n.importWorkflows([bulkUpdateWorkflow(updates)]);
		await n8n.importCredentials([emulatorCredential(emulator, expiredTokens())]);
		const before = emulator.counters();

		const run = await n8n.execute(BULK_UPDATE_WORKFLOW_ID);
		expect(run.ok).toBe(true);
		const output = nodeOutput(run.runData, 'Update Asset');
		expect(output.map((item) => item.id)).toEqual(updates.map((u) => u.id));

		const after = emulator.counters();
		expect(after.tokenRequests.refresh_token - before.tokenRequests.refresh_token).toBe(1);
		// The process's first request met the expired token and tried the other scheme once.
		expect(after.rejectedSchemes - before.rejectedSchemes).toBe(1);
		expect(requestsBetween(before, after, 'PUT /assets/:id')).toBe(
			50 +
				(after.expiredTokenRejections - before.expiredTokenRejections) +
				(after.rejectedSchemes - before.rejectedSchemes),
		);
		expect(after.peakAdmittedConcurrency).toBeLessThanOrEqual(5);
		const renamed = new Map(emulator.records('assets').map((a) => [String(a.id), a.name]));
		for (const update of updates) expect(renamed.get(update.id)).toBe(update.name);
	});

	it('updates an asset from a POST to the production webhook and answers with it, in both profiles', async () => {
		// Both credentials connected, their access tokens valid.
		await n8n.importCredentials([
			emulatorCredential(emulator, validTokens()),
			documentedCredential(documented, validTokens(documented)),
		]);
		const documentedBefore = documented.counters();
		await n8n.activateWorkflow(WEBHOOK_WORKFLOW_ID);
		await n8n.activateWorkflow(DOCUMENTED.webhookWorkflowId);
		await n8n.start();
		try {
			for (const [target, webhookPath] of [
				[emulator, 'zoho-iot-asset-update'],
				[documented, DOCUMENTED.webhookPath],
			] as const) {
				const asset = target.records('assets')[55];
				const response = await n8n.postToProductionWebhook(webhookPath, {
					id: asset.id,
					name: 'Pump 7',
					description: 'Moved to hall B',
				});
				const { status } = response;
				const text = await response.text();
				const activation = n8n.log
					.split('\n')
					.filter((line) => /activat|webhook/i.test(line))
					.slice(-10)
					.join('\n');
				expect(`${status} ${webhookPath}: ${text.slice(0, 200)}\n${activation}`).toMatch(/^200 /);
				const answer = JSON.parse(text) as Record<string, unknown>;
				// The documented write answer has no `details`: the output is the id and the fields sent.
				expect(answer).toMatchObject({
					id: asset.id,
					name: 'Pump 7',
					description: 'Moved to hall B',
				});
				const stored = target.records('assets').find((a) => a.id === asset.id)!;
				expect(stored).toMatchObject({ name: 'Pump 7', description: 'Moved to hall B' });
			}
			expect(
				requestsBetween(documentedBefore, documented.counters(), 'PUT /assets/:id'),
			).toBeGreaterThanOrEqual(1);
		} finally {
			await n8n.stop();
		}
	});

	it("first day: the default trigger and Get Values work on a new credential's default scopes and scheme, with one extra request and no token request", async () => {
		await n8n.activateWorkflow(FIRST_DAY.triggerWorkflowId);
		await n8n.activateWorkflow(FIRST_DAY.valuesWorkflowId);
		// Everything below is measured from here: this server process is the one whose first
		// request may try the other scheme.
		const before = firstDay.counters();
		const sentinelBefore = sentinel.seen.length;
		await n8n.start();
		try {
			// Activation polls the trigger once: its default event reads the alarms.
			const deadline = Date.now() + 120_000;
			while (
				requestsBetween(before, firstDay.counters(), 'GET /alarms') === 0 &&
				Date.now() < deadline
			)
				await new Promise((resolve) => setTimeout(resolve, 500));
			const response = await n8n.postToProductionWebhook(FIRST_DAY.webhookPath, {});
			const text = await response.text();
			expect(`${response.status} ${text.slice(0, 300)}`).toMatch(/^200 /);
			const values = JSON.parse(text) as Array<Record<string, unknown>>;
			expect(values.length).toBeGreaterThanOrEqual(96);
			expect(values[0]).toMatchObject({ datapoint: 'Temperature' });

			const counters = firstDay.counters();
			expect(requestsBetween(before, counters, 'GET /alarms')).toBeGreaterThanOrEqual(1);
			expect(counters.scopeMismatches - before.scopeMismatches).toBe(0);
			// Zoho-authtoken was tried once, by the first request of the process; every other
			// request, the trigger's and the node's, went with Zoho-oauthtoken.
			expect(schemeDelta(counters, before, 'Zoho-authtoken')).toBe(1);
			expect(counters.rejectedSchemes - before.rejectedSchemes).toBe(1);
			expect(schemeDelta(counters, before, 'Zoho-oauthtoken')).toBe(
				counters.apiRequests.total - before.apiRequests.total - 1,
			);
			expect(counters.tokenRequests).toMatchObject({
				authorization_code: before.tokenRequests.authorization_code,
				refresh_token: before.tokenRequests.refresh_token,
				other: before.tokenRequests.other,
			});
			// Nothing went anywhere but the application domain.
			expect(sentinel.seen.slice(sentinelBefore)).toEqual([]);
			// The user is told which scheme to set (the trigger's polls say it in n8n's log).
			expect(n8n.log).toContain('set Authorization Header Scheme to "Zoho-oauthtoken"');
		} finally {
			await n8n.stop();
		}
	});

	it('names the scope to add when the token cannot read alarms', async () => {
		const tokens = emulator.issueTokens(); // devices and assets only: the credential's default
		secrets.add(tokens.access_token);
		secrets.add(tokens.refresh_token);
		await n8n.importCredentials([emulatorCredential(emulator, tokens)]);
		const run = await n8n.execute(LOCATIONS_ALARMS_WORKFLOW_ID);
		expect(run.ok).toBe(false);
		expect(run.raw).toContain('ZohoIOT.modules.locations.ALL');
	});

	it('reads every location and every alarm with the scopes added', async () => {
		const tokens = emulator.issueTokens({
			scope:
				'ZohoIOT.modules.devices.ALL,ZohoIOT.modules.assets.ALL,ZohoIOT.modules.locations.ALL,ZohoIOT.modules.alarms.ALL',
		});
		secrets.add(tokens.access_token);
		secrets.add(tokens.refresh_token);
		await n8n.importCredentials([emulatorCredential(emulator, tokens)]);
		const run = await n8n.execute(LOCATIONS_ALARMS_WORKFLOW_ID);
		expect(run.ok).toBe(true);
		const ids = (records: Array<Record<string, unknown>>) => records.map((record) => record.id);
		expect(ids(nodeOutput(run.runData, 'Get All Locations'))).toEqual(
			ids(emulator.records('locations')),
		);
		const alarms = nodeOutput(run.runData, 'Get All Alarms');
		expect(ids(alarms)).toEqual(ids(emulator.records('alarms')));
		expect(Object.keys(alarms[0])).toEqual([
			'id',
			'name',
			'severity',
			'status',
			'message',
			'source_name',
			'created_time',
			'modified_time',
		]);
	});

	it('reads the last 24 hours of a datapoint into one item per value', async () => {
		const tokens = emulator.issueTokens({ scope: 'ZohoIOT.modules.datapoints.data.CREATE' });
		secrets.add(tokens.access_token);
		secrets.add(tokens.refresh_token);
		await n8n.importCredentials([emulatorCredential(emulator, tokens)]);
		const before = emulator.counters();
		const started = Date.now();
		const run = await n8n.execute(DATAPOINT_VALUES_WORKFLOW_ID);
		expect(run.ok).toBe(true);
		const values = nodeOutput(run.runData, 'Get Temperature Values');
		// One value every 15 minutes over 24 hours: 96, or 97 when the window starts on a quarter hour.
		expect(values.length === 96 || values.length === 97).toBe(true);
		const datapoint = emulator
			.records('datapoints')
			.find(
				(record) =>
					record.datapoint_name === 'Temperature' &&
					record.instance_name === 'TS-0001 Pune Warehouse',
			)!;
		for (const value of values) {
			expect(value).toMatchObject({
				datapoint: 'Temperature',
				instance: 'TS-0001 Pune Warehouse',
				unit: '°C',
			});
			const time = Date.parse(String(value.time));
			expect(time).toBeGreaterThanOrEqual(started - 86_400_000 - 60_000);
			expect(value.value).toBe(
				datapointValue(datapoint as Record<string, unknown> & { id: string }, time),
			);
		}
		expect(requestsBetween(before, emulator.counters(), 'POST /datapoints/data')).toBe(1);
	});

	it('explains a revoked refresh token: reconnect the credential', async () => {
		const tokens = expiredTokens();
		emulator.revokeRefreshToken(tokens.refresh_token);
		await n8n.importCredentials([emulatorCredential(emulator, tokens)]);
		const run = await n8n.execute(SYNC_WORKFLOW_ID);
		expect(run.ok).toBe(false);
		expect(run.raw).toContain('The Zoho IoT credential needs to be reconnected');
	});

	it('explains a throttled token endpoint: wait, do not loop', async () => {
		const tokens = expiredTokens();
		// Spend the refresh token's 10 tokens per 10 minutes, as a runaway script would.
		for (let i = 0; i < 10; i++) {
			const response = await fetch(`${emulator.url}/oauth/v2/token`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({
					grant_type: 'refresh_token',
					refresh_token: tokens.refresh_token,
					client_id: emulatorCredential(emulator, {}).data.clientId as string,
					client_secret: emulatorCredential(emulator, {}).data.clientSecret as string,
				}),
			});
			const minted = (await response.json()) as { access_token?: string };
			if (minted.access_token) secrets.add(minted.access_token);
		}
		await n8n.importCredentials([emulatorCredential(emulator, tokens)]);
		const before = emulator.counters();
		const run = await n8n.execute(SYNC_WORKFLOW_ID);
		expect(run.ok).toBe(false);
		expect(run.raw).toContain('Zoho refused to issue a new access token: too many token requests');
		// One refused refresh, no retry loop.
		expect(
			emulator.counters().tokenRequests.refresh_token - before.tokenRequests.refresh_token,
		).toBe(1);
	});

	it("leaks no token or client secret into n8n's output, logs or stored executions", async () => {
		// A run that sends the token to Zoho and then the refresh token and client secret to the
		// token endpoint, and fails there: the path where a secret could end up in an error.
		const tokens = expiredTokens();
		emulator.revokeRefreshToken(tokens.refresh_token);
		await n8n.importCredentials([emulatorCredential(emulator, tokens)]);
		const run = await n8n.execute(SYNC_WORKFLOW_ID);
		expect(run.ok).toBe(false);
		const stored = n8n.databaseText();
		// The scan reads real data: this run's error is in the output and in the stored execution.
		expect(run.raw).toContain('The Zoho IoT credential needs to be reconnected');
		expect(n8n.output).toContain('The Zoho IoT credential needs to be reconnected');
		expect(stored).toContain('The Zoho IoT credential needs to be reconnected');
		const haystack = `${n8n.output}\n${stored}`;
		secrets.add(emulatorCredential(emulator, {}).data.clientSecret as string);
		expect(secrets.size).toBeGreaterThan(5);
		for (const secret of secrets) {
			expect(haystack.includes(secret) ? `leaked: ${secret.slice(0, 8)}...` : 'clean').toBe(
				'clean',
			);
		}
	});
	it('does not follow a redirect: the other host receives nothing, and the error names it', async () => {
		const http = await import('node:http');
		const listen = async (
			handler: (
				req: import('node:http').IncomingMessage,
				res: import('node:http').ServerResponse,
			) => void,
		) => {
			const server = http.createServer(handler);
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			return { server, port: (server.address() as import('node:net').AddressInfo).port };
		};
		const received: string[] = [];
		const target = await listen((req, res) => {
			received.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"devices":[]}');
		});
		const redirector = await listen((_req, res) => {
			res.writeHead(307, { location: `http://127.0.0.1:${target.port}/iot/v1/devices?stolen=1` });
			res.end();
		});
		const tokens = emulator.issueTokens();
		secrets.add(tokens.access_token);
		secrets.add(tokens.refresh_token);
		await n8n.importCredentials([
			emulatorCredential(emulator, tokens, {
				applicationDomain: `http://127.0.0.1:${redirector.port}`,
			}),
		]);
		try {
			const run = await n8n.execute(SYNC_WORKFLOW_ID);
			expect(run.ok).toBe(false);
			expect(run.raw).toContain(
				`Zoho IoT answered with a redirect (HTTP 307) to the host 127.0.0.1:${target.port}`,
			);
			expect(received).toEqual([]);
		} finally {
			await new Promise<void>((resolve) => redirector.server.close(() => resolve()));
			await new Promise<void>((resolve) => target.server.close(() => resolve()));
		}
	});

	it('leaks no secret in any encoded form, refreshed tokens included', async () => {
		// A run that refreshes: the fresh token n8n saved joins the scan.
		const connected = await connectExpired();
		const run = await n8n.execute(SYNC_WORKFLOW_ID);
		expect(run.ok).toBe(true);
		const refreshed = (await storedCredential()).data.oauthTokenData as Record<string, string>;
		expect(refreshed.access_token).not.toBe(connected.access_token);
		expect(emulator.accessTokenUse(refreshed.access_token)?.newest).toBe(true);
		expect(secrets.has(refreshed.access_token)).toBe(true);

		const { secretForms } = await import('../../nodes/ZohoIot/transport/secrets');
		const client = emulatorCredential(emulator, {}).data as Record<string, string>;
		secrets.add(client.clientSecret);
		const haystack = `${n8n.output}\n${n8n.databaseText()}`;
		const forms = new Set<string>([
			Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64'),
		]);
		for (const secret of secrets) for (const form of secretForms(secret)) forms.add(form);
		expect(forms.size).toBeGreaterThan(secrets.size * 3);
		const leaked = [...forms]
			.filter((form) => form.length >= 12 && haystack.includes(form))
			.map((form) => `${form.slice(0, 6)}...`);
		expect(leaked).toEqual([]);
	});
});

/** A server on loopback that records every request and answers 500: nothing should reach it. */
async function recordingServer(): Promise<{
	url: string;
	seen: string[];
	close: () => Promise<void>;
}> {
	const seen: string[] = [];
	const server = http.createServer((req, res) => {
		seen.push(`${req.method} ${req.url}`);
		res.writeHead(500).end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		seen,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
