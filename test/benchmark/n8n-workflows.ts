/**
 * The workflows `npm run benchmark:n8n` runs in real n8n: each job twice, once with the Zoho IoT
 * node and once as users build it without this package, with the HTTP Request node and n8n's
 * generic OAuth2 credential (pagination + Split Out for lists). Every workflow starts at a
 * webhook (so one running n8n serves every run) and ends in a node that counts the items.
 */
import { randomUUID } from 'node:crypto';

import type { RunningEmulator } from '../emulator';
import { DEFAULT_CLIENT } from '../emulator';
import type { CredentialExport } from '../e2e/n8n';
import { CREDENTIAL_ID, CREDENTIAL_NAME } from '../e2e/fixtures';

export const GENERIC_CREDENTIAL_ID = 'genericOAuth2Zoho01';
const GENERIC_CREDENTIAL_NAME = 'Zoho IoT via generic OAuth2';
const SCOPE = 'ZohoIOT.modules.devices.ALL,ZohoIOT.modules.assets.ALL';

/** The webhook paths, one per workflow. */
export const PATHS = {
	zohoListAssets: 'bench-zoho-list-assets',
	zohoListDevices: 'bench-zoho-list-devices',
	httpList: 'bench-http-list',
	zohoUpdate: 'bench-zoho-update',
	httpUpdate: 'bench-http-update',
	n8nFloor: 'bench-n8n-floor',
} as const;

/** n8n's generic OAuth2 credential set up for Zoho, as a user without this package would. */
export function genericOAuth2Credential(
	emulator: RunningEmulator,
	oauthTokenData: object,
): CredentialExport {
	return {
		id: GENERIC_CREDENTIAL_ID,
		name: GENERIC_CREDENTIAL_NAME,
		type: 'oAuth2Api',
		data: {
			grantType: 'authorizationCode',
			authUrl: `${emulator.url}/oauth/v2/auth`,
			accessTokenUrl: `${emulator.url}/oauth/v2/token`,
			clientId: DEFAULT_CLIENT.clientId,
			clientSecret: DEFAULT_CLIENT.clientSecret,
			scope: SCOPE,
			authQueryParameters: 'access_type=offline&prompt=consent',
			authentication: 'body',
			oauthTokenData,
		},
	};
}

const zohoCredentials = { zohoIotOAuth2Api: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } };
const genericCredentials = {
	oAuth2Api: { id: GENERIC_CREDENTIAL_ID, name: GENERIC_CREDENTIAL_NAME },
};

/** Node names carry their chain's prefix: all chains live in one workflow, one activation. */
function webhookNode(prefix: string, path: string) {
	return {
		id: `${path}-hook`,
		name: `${prefix} Webhook`,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
	};
}

/** The last node: one item saying how many items arrived, so the answer stays small. */
const countNode = (prefix: string) => ({
	id: `${prefix}-count`,
	name: `${prefix} Count`,
	type: 'n8n-nodes-base.set',
	typeVersion: 3.4,
	position: [900, 0],
	executeOnce: true,
	parameters: { mode: 'raw', jsonOutput: '={ "count": {{ $input.all().length }} }', options: {} },
});

function splitOutNode(name: string, field: string, x: number) {
	return {
		id: `split-${name}`,
		name,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [x, 0],
		parameters: { fieldToSplitOut: field, options: {} },
	};
}

type WorkflowNode = { name: string } & Record<string, unknown>;

/** A webhook and the nodes after it, in a row. */
function chain(nodes: WorkflowNode[]): {
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
} {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { nodes, connections };
}

function zohoList(prefix: string, path: string, resource: 'asset' | 'device') {
	return chain([
		webhookNode(prefix, path),
		{
			id: `${prefix}-zoho`,
			name: `${prefix} Zoho IoT`,
			type: 'n8n-nodes-zoho-iot.zohoIot',
			typeVersion: 1,
			position: [300, 0],
			// Simplify as the call asks: off returns the same full records the HTTP Request node does.
			// Return All, unless the call names a limit (the memory job's one-record warm-up).
			parameters: {
				resource,
				operation: 'getAll',
				returnAll: '={{ $json.body.limit === undefined }}',
				limit: '={{ $json.body.limit ?? 50 }}',
				simplify: '={{ $json.body.simplify === true }}',
				filters: {},
				options: {},
			},
			credentials: zohoCredentials,
		},
		countNode(prefix),
	]);
}

/**
 * n8n alone: a Code node makes `count` copies of the record it is sent, each parsed anew as a
 * Zoho answer would be and given its own ID, and nothing else. What n8n needs to hold that many
 * items of that shape from a source this plain is the memory job's floor (n8n 2.x only:
 * n8n-benchmark.ts says why).
 */
function n8nFloor(prefix: string, path: string) {
	return chain([
		webhookNode(prefix, path),
		{
			id: `${prefix}-code`,
			name: `${prefix} Code`,
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [300, 0],
			parameters: {
				jsCode: [
					'const { record, count } = $input.first().json.body;',
					'const text = JSON.stringify(record);',
					'return Array.from({ length: count }, (_, i) => {',
					'\tconst json = JSON.parse(text);',
					// Zoho's 19-digit IDs, as the records the contenders list carry.
					'\tjson.id = String(BigInt(record.id) + BigInt(i));',
					'\treturn { json };',
					'});',
				].join('\n'),
			},
		},
		countNode(prefix),
	]);
}

export const BENCHMARK_WORKFLOW_ID = 'zohoIotBenchmark01';

/** The benchmark's workflow for one emulator: one chain per webhook path. */
export function benchmarkWorkflow(emulator: RunningEmulator): Record<string, unknown> {
	const api = `${emulator.applicationDomain}/iot/v1`;
	const body = (prefix: string) => `$('${prefix} Webhook').first().json.body`;
	const module = `${body('HTTP List')}.module`;
	const chains = [
		zohoList('Zoho List Assets', PATHS.zohoListAssets, 'asset'),
		zohoList('Zoho List Devices', PATHS.zohoListDevices, 'device'),
		n8nFloor('n8n Floor', PATHS.n8nFloor),
		chain([
			webhookNode('HTTP List', PATHS.httpList),
			{
				id: 'http-list',
				name: 'HTTP List HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [300, 0],
				parameters: {
					method: 'GET',
					url: `={{ "${api}/" + ${module} }}`,
					authentication: 'genericCredentialType',
					genericAuthType: 'oAuth2Api',
					sendQuery: true,
					queryParameters: { parameters: [{ name: 'per_page', value: '200' }] },
					options: {
						pagination: {
							pagination: {
								paginationMode: 'updateAParameterInEachRequest',
								parameters: {
									parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }],
								},
								paginationCompleteWhen: 'other',
								completeExpression: '={{ $response.body.info.more_records === false }}',
							},
						},
					},
				},
				credentials: genericCredentials,
			},
			splitOutNode('HTTP List Split Out', `={{ ${module} }}`, 600),
			countNode('HTTP List'),
		]),
		chain([
			webhookNode('Zoho Update', PATHS.zohoUpdate),
			splitOutNode('Zoho Update One Item per Asset', 'body.updates', 300),
			{
				id: 'zoho-update',
				name: 'Zoho Update Zoho IoT',
				type: 'n8n-nodes-zoho-iot.zohoIot',
				typeVersion: 1,
				position: [600, 0],
				parameters: {
					resource: 'asset',
					operation: 'update',
					assetId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
					updateFields: { name: '={{ $json.name }}' },
					options: { zohoPlan: `={{ ${body('Zoho Update')}.plan }}` },
				},
				credentials: zohoCredentials,
			},
			countNode('Zoho Update'),
		]),
		chain([
			webhookNode('HTTP Update', PATHS.httpUpdate),
			splitOutNode('HTTP Update One Item per Asset', 'body.updates', 300),
			{
				id: 'http-update',
				name: 'HTTP Update HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [600, 0],
				parameters: {
					method: 'PUT',
					url: `=${api}/assets/{{ $json.id }}`,
					authentication: 'genericCredentialType',
					genericAuthType: 'oAuth2Api',
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify({ assets: { id: $json.id, name: $json.name } }) }}',
					// batchInterval 0 = n8n's default behaviour (every item at once); > 0 spaces the batches.
					options: {
						batching: {
							batch: {
								batchSize: `={{ ${body('HTTP Update')}.batchSize }}`,
								batchInterval: `={{ ${body('HTTP Update')}.batchInterval }}`,
							},
						},
					},
				},
				credentials: genericCredentials,
			},
			countNode('HTTP Update'),
		]),
	];
	return {
		id: BENCHMARK_WORKFLOW_ID,
		name: 'Benchmark: Zoho IoT node vs HTTP Request node',
		active: false,
		nodes: chains.flatMap((c) => c.nodes),
		connections: Object.assign({}, ...chains.map((c) => c.connections)) as Record<string, unknown>,
		settings: { executionOrder: 'v1' },
	};
}
