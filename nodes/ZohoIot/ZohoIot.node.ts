import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './actions/description';
import { router } from './actions/router';
import { listSearch } from './methods/listSearch';
import { loadOptions } from './methods/loadOptions';

export class ZohoIot implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoho IoT',
		name: 'zohoIot',
		icon: { light: 'file:../../icons/zohoIot.svg', dark: 'file:../../icons/zohoIot.dark.svg' },
		group: ['transform'],
		// 1.1: Sort By and Sort Order in their own Sort collection (n8n's UX guidelines); version 1
		// workflows keep them inside Filters, where they were saved.
		version: [1, 1.1],
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Read and write Zoho IoT devices, assets, locations, alarms and every other module, and read datapoint values',
		defaults: { name: 'Zoho IoT' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zohoIotOAuth2Api', required: true }],
		hints: [
			{
				message:
					'Return All reads 200 records per request, each request counted against your daily Zoho IoT API quota (1,000 calls on Free). On a large fleet, set a Limit or use a filter or custom view.',
				type: 'warning',
				location: 'outputPane',
				whenToDisplay: 'always',
				displayCondition:
					'={{ $parameter["operation"] === "getAll" && $parameter["returnAll"] === true }}',
			},
		],
		properties,
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
