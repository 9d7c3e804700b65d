import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

/**
 * The smallest node that uses the Zoho IoT credential, so transport tests run inside a real
 * n8n-core ExecuteContext without depending on the Zoho IoT node's parameters.
 */
export class TransportFixture implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Transport Fixture',
		name: 'transportFixture',
		group: ['transform'],
		version: 1,
		description: 'Test fixture',
		defaults: { name: 'Transport Fixture' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'zohoIotOAuth2Api', required: true }],
		properties: [],
	} as unknown as INodeTypeDescription;
}
