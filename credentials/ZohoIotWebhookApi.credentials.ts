import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The shared secret Zoho IoT sends with each webhook delivery (as a Custom Parameter), so the
 * Zoho IoT Webhook Trigger can refuse anyone else. A credential rather than a node parameter:
 * n8n stores credentials encrypted and never copies them into execution data, while node
 * parameters travel with every saved execution.
 */
export class ZohoIotWebhookApi implements ICredentialType {
	name = 'zohoIotWebhookApi';

	displayName = 'Zoho IoT Webhook API';

	icon: Icon = { light: 'file:../icons/zohoIot.svg', dark: 'file:../icons/zohoIot.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-zoho-iot/n8n-nodes-zoho-iot/blob/main/README.md#trigger-zoho-iot-webhook-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'A long random value (at least 24 characters) that Zoho IoT sends as a Custom Parameter. Paste the same value into the webhook action in Zoho IoT.',
		},
	];
}
