import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as asset from './actions/asset/Asset.resource';
import { nodeOptions } from './actions/common.descriptions';
import * as device from './actions/device/Device.resource';
import { router } from './actions/router';
import { getAssetModels, getDeviceModels } from './methods/loadOptions';
import { searchAssets, searchDevices } from './methods/listSearch';

export class ZohoIot implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoho IoT',
		name: 'zohoIot',
		icon: { light: 'file:../../icons/zohoIot.svg', dark: 'file:../../icons/zohoIot.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Create, get, update and delete devices and assets in Zoho IoT',
		defaults: { name: 'Zoho IoT' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zohoIotOAuth2Api', required: true }],
		hints: [
			{
				message:
					'Return All reads every record, 200 per request, and each request counts against your organisation\'s daily Zoho IoT API quota (1,000 calls a day on the Free plan). On a large fleet, set a Limit or narrow the list with a custom view or filter.',
				type: 'warning',
				location: 'outputPane',
				whenToDisplay: 'always',
				displayCondition: '={{ $parameter["operation"] === "getAll" && $parameter["returnAll"] === true }}',
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Asset', value: 'asset' },
					{ name: 'Device', value: 'device' },
				],
				default: 'device',
			},
			...asset.description,
			...device.description,
			nodeOptions,
		],
	};

	methods = {
		listSearch: { searchAssets, searchDevices },
		loadOptions: { getAssetModels, getDeviceModels },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
