/**
 * Runs node code inside n8n-core's real execution context, so `getNodeParameter`,
 * `continueOnFail`, `helpers.httpRequest` and `helpers.refreshOAuth2Token` are n8n's own code,
 * not mocks. Only the credential store is in memory (n8n keeps it in its database): it hands
 * out the decrypted credential, with the credential type's defaults and `$self` expressions
 * resolved as n8n does, and records every token n8n saves after a refresh.
 */
import { ExecuteContext, LoadOptionsContext, PollContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IPollFunctions,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { ZohoIotOAuth2Api } from '../../credentials/ZohoIotOAuth2Api.credentials';

export const CREDENTIAL_ID = 'cred-zoho-1';

/** A Zoho IoT credential as a user fills it in (hidden fields come from the credential type). */
export interface CredentialInput extends IDataObject {
	dataCenter?: string;
	customAccountsServer?: string;
	applicationDomain?: string;
	headerScheme?: string;
	clientId?: string;
	clientSecret?: string;
	scope?: string;
	oauthTokenData?: IDataObject;
}

/** Obviously fake, Zoho-shaped tokens (1000.<hex>.<hex>). */
const fakeAccessToken = `1000.${'a'.repeat(32)}.${'b'.repeat(32)}`;
const fakeRefreshToken = `1000.${'c'.repeat(32)}.${'d'.repeat(32)}`;

export const defaultCredential = (overrides: CredentialInput = {}): CredentialInput => ({
	dataCenter: 'us',
	applicationDomain: 'app1234.zohoiot.com',
	clientId: '1000.CLIENTID',
	clientSecret: 'client-secret-value',
	oauthTokenData: {
		access_token: fakeAccessToken,
		refresh_token: fakeRefreshToken,
		expires_in: 3600,
		token_type: 'Bearer',
	},
	...overrides,
});

const credentialType = new ZohoIotOAuth2Api();

/**
 * In-memory stand-in for n8n's credentials table. `saved` lists every oauthTokenData n8n wrote
 * back (one entry per refresh that reached the store).
 */
export class CredentialStore {
	saved: IDataObject[] = [];

	reads = 0;

	constructor(public data: CredentialInput) {}

	/** The credential as n8n hands it to a node: defaults applied, expressions resolved. */
	decrypted(): ICredentialDataDecryptedObject {
		const withDefaults = NodeHelpers.getNodeParameters(
			credentialType.properties,
			this.data as INodeParameters,
			true,
			false,
			null,
			null,
		) as IDataObject;
		const merged = { ...withDefaults, ...this.data };
		const workflow = new Workflow({
			nodes: [],
			connections: {},
			active: false,
			nodeTypes: emptyNodeTypes,
		});
		const resolved = workflow.expression.getParameterValue(
			merged as INodeParameters,
			null,
			0,
			0,
			'credential',
			[],
			'internal',
			{},
			undefined,
			false,
			merged,
		) as IDataObject;
		return JSON.parse(JSON.stringify(resolved)) as ICredentialDataDecryptedObject;
	}
}

const emptyNodeTypes: INodeTypes = {
	getByName: () => undefined as unknown as INodeType,
	getByNameAndVersion: () => undefined as unknown as INodeType,
	getKnownTypes: () => ({}),
} as INodeTypes;

function additionalDataFor(store: CredentialStore): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: {
			getDecrypted: async () => {
				store.reads++;
				return store.decrypted();
			},
			updateCredentialsOauthTokenData: async (
				_ref: unknown,
				_type: string,
				data: ICredentialDataDecryptedObject,
			) => {
				store.data = { ...store.data, oauthTokenData: data.oauthTokenData as IDataObject };
				store.saved.push(data.oauthTokenData as IDataObject);
			},
			updateCredentials: async () => {},
			runPreAuthentication: async () => undefined,
			getParentTypes: () => ['oAuth2Api'],
			isCredentialUsableByNode: () => true,
			getCredentialsProperties: () => credentialType.properties,
			authenticate: async (_c: unknown, _t: unknown, options: unknown) => options,
		},
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		variables: {},
		userId: 'user-1',
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface NodeRun {
	parameters: INodeParameters;
	items?: INodeExecutionData[];
	store?: CredentialStore;
	continueOnFail?: boolean;
	nodeName?: string;
	/** The node's type, when not the node's own (e.g. n8n's "...Tool" type for an AI agent). */
	nodeType?: string;
	/** The node's version, as a saved workflow holds it; the newest by default. */
	typeVersion?: number;
}

function workflowFor(nodeType: INodeType, node: INode): Workflow {
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as INodeTypes;
	return new Workflow({ id: 'wf-1', nodes: [node], connections: {}, active: false, nodeTypes });
}

function nodeFor(nodeType: INodeType, run: NodeRun): INode {
	const description = nodeType.description;
	return {
		id: 'node-1',
		name: run.nodeName ?? 'Zoho IoT',
		type: run.nodeType ?? `CUSTOM.${description.name}`,
		typeVersion:
			run.typeVersion ??
			(Array.isArray(description.version) ? description.version.at(-1)! : description.version),
		position: [0, 0],
		parameters: run.parameters,
		credentials: { zohoIotOAuth2Api: { id: CREDENTIAL_ID, name: 'Zoho IoT account' } },
		...(run.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
}

/** A real n8n-core ExecuteContext for a node with these parameters and input items. */
export function executeContext(nodeType: INodeType, run: NodeRun): IExecuteFunctions {
	const store = run.store ?? new CredentialStore(defaultCredential());
	const node = nodeFor(nodeType, run);
	const workflow = workflowFor(nodeType, node);
	const items = run.items ?? [{ json: {} }];
	const runExecutionData = {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			nodeExecutionStack: [],
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	} as unknown as IRunExecutionData;
	const executeData = { node, data: { main: [items] }, source: null };
	return new ExecuteContext(
		workflow,
		node,
		additionalDataFor(store),
		'manual',
		runExecutionData,
		0,
		items,
		{ main: [items] },
		executeData,
		[],
	) as unknown as IExecuteFunctions;
}

/** Runs the node's `execute` in a real ExecuteContext and returns its output. */
export async function runNode(nodeType: INodeType, run: NodeRun): Promise<INodeExecutionData[][]> {
	const context = executeContext(nodeType, run);
	const output = await nodeType.execute!.call(context);
	return output as INodeExecutionData[][];
}

/** A real n8n-core LoadOptionsContext, as list search and dropdowns get it. */
export function loadOptionsContext(nodeType: INodeType, run: NodeRun): ILoadOptionsFunctions {
	const store = run.store ?? new CredentialStore(defaultCredential());
	const node = nodeFor(nodeType, run);
	const workflow = workflowFor(nodeType, node);
	const additionalData = additionalDataFor(store);
	(additionalData as { currentNodeParameters?: INodeParameters }).currentNodeParameters =
		run.parameters;
	return new LoadOptionsContext(
		workflow,
		node,
		additionalData,
		'parameters',
	) as unknown as ILoadOptionsFunctions;
}

/**
 * A polling node as n8n runs it: one workflow whose static data survives between polls (as in an
 * active workflow), and a real n8n-core PollContext for each poll, in `trigger` mode (active) or
 * `manual` mode (a test in the editor).
 */
export function poller(nodeType: INodeType, run: NodeRun & { mode?: 'trigger' | 'manual' }) {
	const store = run.store ?? new CredentialStore(defaultCredential());
	const node = nodeFor(nodeType, run);
	const workflow = workflowFor(nodeType, node);
	const additionalData = additionalDataFor(store);
	/** What the node logged as warnings, across polls. */
	const warnings: string[] = [];
	const context = () => {
		const poll = new PollContext(workflow, node, additionalData, run.mode ?? 'trigger', 'activate');
		// Defined before n8n-core's memoized getter is first read, so this one is used.
		const quiet = () => undefined;
		Object.defineProperty(poll, 'logger', {
			value: {
				error: quiet,
				info: quiet,
				debug: quiet,
				warn: (message: string) => void warnings.push(message),
			},
		});
		return poll as unknown as IPollFunctions;
	};
	return {
		store,
		warnings,
		/** One poll: what the node returns (null = nothing to emit). */
		poll: async () => await nodeType.poll!.call(context()),
		/** Puts this into the node's static data, as n8n would load it after a restart. */
		seedStaticData: (data: IDataObject) =>
			Object.assign(workflow.getStaticData('node', node), data),
		/** The node's static data as n8n would save it. */
		staticData: () =>
			JSON.parse(JSON.stringify(workflow.getStaticData('node', node))) as IDataObject,
	};
}
