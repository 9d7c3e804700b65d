/**
 * The workflows the queue-mode tests run: the user-facing examples from examples/, with the one
 * change queue mode needs for a test to start them through the queue.
 */
import { CREDENTIAL_ID, CREDENTIAL_NAME, syncWorkflow, webhookWorkflow } from '../e2e/fixtures';

export { SYNC_WORKFLOW_ID, WEBHOOK_WORKFLOW_ID } from '../e2e/fixtures';

export const SYNC_WEBHOOK_PATH = 'zoho-iot-nightly-sync';
export const UPDATE_WEBHOOK_PATH = 'zoho-iot-asset-update';
export const CREATE_WEBHOOK_PATH = 'zoho-iot-asset-create';
export const CREATE_WORKFLOW_ID = 'zohoIotAssetCreateHook';

type Workflow = Record<string, unknown> & {
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
};

/**
 * The nightly device sync, started by an HTTP call instead of its 02:00 schedule: in queue mode
 * a production trigger is what puts an execution on the queue (`n8n execute` runs in its own
 * process), and a schedule must not fire in the middle of a test. It answers with the count.
 */
export function syncThroughQueueWorkflow(): Record<string, unknown> {
	const workflow = syncWorkflow() as Workflow;
	const schedule = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger')!;
	const trigger = {
		id: 'q-sync-webhook',
		name: 'Run Now over HTTP',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: schedule.position,
		webhookId: '0d6f3c9a-7d35-4a57-9f0e-5b2f1d6c8e11',
		parameters: {
			httpMethod: 'POST',
			path: SYNC_WEBHOOK_PATH,
			responseMode: 'lastNode',
			options: {},
		},
	};
	const connections = { ...workflow.connections };
	connections[trigger.name] = connections[schedule.name as string];
	delete connections[schedule.name as string];
	return {
		...workflow,
		nodes: [...workflow.nodes.filter((node) => node !== schedule), trigger],
		connections,
	};
}

/** The asset-update example as shipped: POST JSON, update the asset, answer with it. */
export const updateThroughQueueWorkflow = (): Record<string, unknown> => webhookWorkflow();

/**
 * The same shape for a create: another system reports a new asset, the workflow creates it and
 * answers with its ID. A create is the write that must never land twice.
 */
export function createThroughQueueWorkflow(modelId: string): Record<string, unknown> {
	return {
		id: CREATE_WORKFLOW_ID,
		name: 'Zoho IoT: create an asset from a webhook',
		active: false,
		nodes: [
			{
				id: 'q-create-1',
				name: 'Asset Reported',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '3b8e2f41-1c5d-4e9a-8f27-6d0c9b4a2e73',
				parameters: {
					httpMethod: 'POST',
					path: CREATE_WEBHOOK_PATH,
					responseMode: 'responseNode',
					options: {},
				},
			},
			{
				id: 'q-create-2',
				name: 'Create Asset',
				type: 'n8n-nodes-zoho-iot.zohoIot',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'asset',
					operation: 'create',
					name: '={{ $json.body.name }}',
					modelId,
					additionalFields: {},
				},
				credentials: { zohoIotOAuth2Api: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
			},
			{
				id: 'q-create-3',
				name: 'Respond with New Asset',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				position: [440, 0],
				parameters: { respondWith: 'firstIncomingItem', options: {} },
			},
		],
		connections: {
			'Asset Reported': { main: [[{ node: 'Create Asset', type: 'main', index: 0 }]] },
			'Create Asset': { main: [[{ node: 'Respond with New Asset', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}
