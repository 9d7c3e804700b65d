/**
 * What the end-to-end tests and the demo give n8n: the credential (Custom data centre pointing at
 * the emulator) and the workflows, the user-facing ones read straight from examples/.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { RunningEmulator } from '../emulator';
import { DEFAULT_CLIENT } from '../emulator';
import type { CredentialExport } from './n8n';
import { projectRoot } from './n8n';

/** The credential the example workflows refer to. */
export const CREDENTIAL_ID = 'zohoIotAccount01';
export const CREDENTIAL_NAME = 'Zoho IoT account';

export const SYNC_WORKFLOW_ID = 'zohoIotNightlySync';
export const WEBHOOK_WORKFLOW_ID = 'zohoIotAssetWebhook';
export const BULK_UPDATE_WORKFLOW_ID = 'zohoIotBulkUpdate01';
export const LOCATIONS_ALARMS_WORKFLOW_ID = 'zohoIotLocationsAlarms';
export const DATAPOINT_VALUES_WORKFLOW_ID = 'zohoIotDatapointLast24h';
export const PAGE_SYNC_WORKFLOW_ID = 'zohoIotPageByPageSync';
/** Where the page-by-page example writes each page; tests point it at a stand-in endpoint. */
export const PAGE_SYNC_DESTINATION = 'https://destination.example.com/bulk/devices';

export function exampleWorkflow(file: string): Record<string, unknown> {
	return JSON.parse(readFileSync(path.join(projectRoot, 'examples', file), 'utf8')) as Record<
		string,
		unknown
	>;
}

export const syncWorkflow = () => exampleWorkflow('nightly-device-sync.json');
export const webhookWorkflow = () => exampleWorkflow('webhook-asset-update.json');
export const locationsAlarmsWorkflow = () => exampleWorkflow('locations-and-alarms.json');
export const datapointValuesWorkflow = () => exampleWorkflow('datapoint-last-24-hours.json');

/** The page-by-page sync example as shipped, writing each page to `destination` instead. */
export function pageSyncWorkflow(destination: string): Record<string, unknown> {
	return JSON.parse(
		JSON.stringify(exampleWorkflow('device-sync-page-by-page.json'))
			.split(PAGE_SYNC_DESTINATION)
			.join(destination),
	) as Record<string, unknown>;
}

/**
 * The page-by-page example started by a POST to a production webhook instead of by hand or at
 * 02:00: n8n runs a sub-workflow only in its published version, which a running server makes
 * (2.x), so tests start it the way a live workflow starts. `lastNode` answers when the loop ends.
 */
export function pageSyncWebhookWorkflow(
	destination: string,
	webhookPath: string,
	responseMode: 'lastNode' | 'onReceived',
): Record<string, unknown> {
	const workflow = pageSyncWorkflow(destination) as {
		nodes: Array<Record<string, unknown>>;
		connections: Record<string, unknown>;
	};
	const nodes = workflow.nodes.filter(
		(node) => node.type !== 'n8n-nodes-base.scheduleTrigger' && node.name !== 'Run Now',
	);
	nodes.push({
		id: `${webhookPath}-hook`,
		name: 'Run Now',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 200],
		webhookId: `5e0f6a1b-2c3d-4e5f-8a9b-${Buffer.from(webhookPath).toString('hex').slice(0, 12).padEnd(12, '0')}`,
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode, options: {} },
	});
	const connections = { ...workflow.connections };
	delete connections['Every Night at 02:00'];
	return { ...workflow, nodes, connections };
}

/**
 * A second credential and copies of the example workflows for an emulator with the
 * `documented` profile, imported into the same n8n as the first set: one n8n per line serves
 * both profiles.
 */
export const DOCUMENTED = {
	credentialId: 'zohoIotDocumented01',
	credentialName: 'Zoho IoT documented shapes',
	syncWorkflowId: 'zohoIotNightlySyncDoc',
	webhookWorkflowId: 'zohoIotAssetWebhookDoc',
	webhookPath: 'zoho-iot-asset-update-documented',
	webhookId: '7a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d',
} as const;

/** An example workflow rewired to the documented-profile credential, with its own id and webhook. */
export function documentedCopy(
	workflow: Record<string, unknown>,
	id: string,
): Record<string, unknown> {
	const nodes = (workflow.nodes as Array<Record<string, unknown>>).map((node) => {
		const copy: Record<string, unknown> = { ...node };
		if (copy.credentials)
			copy.credentials = {
				zohoIotOAuth2Api: { id: DOCUMENTED.credentialId, name: DOCUMENTED.credentialName },
			};
		if (node.type === 'n8n-nodes-base.webhook') {
			copy.webhookId = DOCUMENTED.webhookId;
			copy.parameters = { ...(node.parameters as object), path: DOCUMENTED.webhookPath };
		}
		return copy;
	});
	return { ...workflow, id, name: `${String(workflow.name)} (documented shapes)`, nodes };
}

export const documentedSyncWorkflow = () =>
	documentedCopy(syncWorkflow(), DOCUMENTED.syncWorkflowId);
export const documentedWebhookWorkflow = () =>
	documentedCopy(webhookWorkflow(), DOCUMENTED.webhookWorkflowId);

/** The credential of the documented-profile emulator. */
export function documentedCredential(
	emulator: RunningEmulator,
	oauthTokenData: object,
): CredentialExport {
	return {
		...emulatorCredential(emulator, oauthTokenData),
		id: DOCUMENTED.credentialId,
		name: DOCUMENTED.credentialName,
	};
}

/** A Zoho IoT credential for the emulator, holding the given token data. */
export function emulatorCredential(
	emulator: RunningEmulator,
	oauthTokenData: object,
	overrides: Record<string, unknown> = {},
): CredentialExport {
	return {
		id: CREDENTIAL_ID,
		name: CREDENTIAL_NAME,
		type: 'zohoIotOAuth2Api',
		data: {
			dataCenter: 'custom',
			customAccountsServer: emulator.url,
			applicationDomain: emulator.applicationDomain,
			clientId: DEFAULT_CLIENT.clientId,
			clientSecret: DEFAULT_CLIENT.clientSecret,
			headerScheme: 'Zoho-authtoken',
			scope: 'ZohoIOT.modules.devices.ALL,ZohoIOT.modules.assets.ALL',
			oauthTokenData,
			...overrides,
		},
	};
}

/**
 * Many items through one Zoho IoT node: a list of asset updates split into one item each, the
 * way a workflow fans out rows from a spreadsheet or a database.
 */
export function bulkUpdateWorkflow(
	updates: Array<{ id: string; name: string }>,
): Record<string, unknown> {
	return {
		id: BULK_UPDATE_WORKFLOW_ID,
		name: 'Zoho IoT: update many assets',
		active: false,
		nodes: [
			{
				id: 'b1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'b2',
				name: 'Asset Updates',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ updates }), options: {} },
			},
			{
				id: 'b3',
				name: 'One Item per Asset',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [400, 0],
				parameters: { fieldToSplitOut: 'updates', options: {} },
			},
			{
				id: 'b4',
				name: 'Update Asset',
				type: 'n8n-nodes-zoho-iot.zohoIot',
				typeVersion: 1,
				position: [600, 0],
				parameters: {
					resource: 'asset',
					operation: 'update',
					assetId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
					updateFields: { name: '={{ $json.name }}' },
					options: {},
				},
				credentials: { zohoIotOAuth2Api: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Asset Updates', type: 'main', index: 0 }]] },
			'Asset Updates': { main: [[{ node: 'One Item per Asset', type: 'main', index: 0 }]] },
			'One Item per Asset': { main: [[{ node: 'Update Asset', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * A new user's first day: a credential created with every default (scopes, header scheme) and
 * the trigger and Get Values as they come, against an emulator that, like Zoho's API pages,
 * takes only `Zoho-oauthtoken`. The credential's accounts server is a separate sentinel, so a
 * token request, or anything else sent away from the application domain, would show there.
 */
export const FIRST_DAY = {
	credentialId: 'zohoIotFirstDay01',
	credentialName: 'Zoho IoT first day',
	triggerWorkflowId: 'zohoIotFirstDayAlarms',
	valuesWorkflowId: 'zohoIotFirstDayValues',
	webhookPath: 'zoho-iot-first-day-values',
	webhookId: '3d1c9b7e-2f4a-4e6b-9c8d-7a6b5c4d3e2f',
} as const;

/** The first-day credential: nothing but what a user must type, and the tokens of the connect. */
export function firstDayCredential(
	emulator: RunningEmulator,
	accountsServer: string,
	oauthTokenData: object,
): CredentialExport {
	return {
		id: FIRST_DAY.credentialId,
		name: FIRST_DAY.credentialName,
		type: 'zohoIotOAuth2Api',
		data: {
			dataCenter: 'custom',
			customAccountsServer: accountsServer,
			applicationDomain: emulator.applicationDomain,
			clientId: DEFAULT_CLIENT.clientId,
			clientSecret: DEFAULT_CLIENT.clientSecret,
			oauthTokenData,
		},
	};
}

const firstDayCredentialRef = {
	zohoIotOAuth2Api: { id: FIRST_DAY.credentialId, name: FIRST_DAY.credentialName },
};

/** The Zoho IoT Trigger with every parameter at its default (the event: a raised alarm). */
export function firstDayTriggerWorkflow(): Record<string, unknown> {
	return {
		id: FIRST_DAY.triggerWorkflowId,
		name: 'Zoho IoT: first day, default trigger',
		active: false,
		nodes: [
			{
				id: 'f1',
				name: 'Zoho IoT Trigger',
				type: 'n8n-nodes-zoho-iot.zohoIotTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyHour' }] } },
				credentials: firstDayCredentialRef,
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

/** Datapoint -> Get Values behind a webhook, answering with the values it read. */
export function firstDayValuesWorkflow(): Record<string, unknown> {
	return {
		id: FIRST_DAY.valuesWorkflowId,
		name: 'Zoho IoT: first day, Get Values',
		active: false,
		nodes: [
			{
				id: 'v1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: FIRST_DAY.webhookId,
				parameters: {
					httpMethod: 'POST',
					path: FIRST_DAY.webhookPath,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				id: 'v2',
				name: 'Get Values',
				type: 'n8n-nodes-zoho-iot.zohoIot',
				typeVersion: 1,
				position: [240, 0],
				parameters: {
					resource: 'datapoint',
					operation: 'getValues',
					identifyBy: 'names',
					datapointNames: 'Temperature',
					instanceName: 'TS-0001 Pune Warehouse',
					period: 'last24hours',
					options: {},
				},
				credentials: firstDayCredentialRef,
			},
		],
		connections: { Webhook: { main: [[{ node: 'Get Values', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}
