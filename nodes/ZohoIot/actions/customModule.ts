/**
 * Custom Module: a module the user names. Its API name is a parameter (expressions allowed), and
 * is checked to be an API name before any request, so a mapped value can never steer a request
 * to another path.
 */
import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INode,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CUSTOM_MODULE_API_NAME_PATTERN } from '../constants';
import type { RecordResource } from './registry';

export const CUSTOM_MODULE_PARAMETER = 'customModule';

const apiNamePattern = new RegExp(CUSTOM_MODULE_API_NAME_PATTERN);

/** The Module API Name parameter, shown for every Custom Module operation. */
export function customModuleParameter(resource: RecordResource): INodeProperties {
	return {
		displayName: 'Module API Name',
		name: CUSTOM_MODULE_PARAMETER,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. service_orders',
		description:
			"The API name of the custom module, as Zoho IoT shows it in the module's settings (letters, digits and underscores). The credential needs the scope ZohoIOT.modules.ALL for custom modules.",
		displayOptions: { show: { resource: [resource.resource] } },
	};
}

/** The API name, checked: letters, digits and underscores, starting with a letter. */
export function toModuleApiName(node: INode, value: unknown, itemIndex?: number): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) {
		throw new NodeOperationError(node, 'No module API name given', {
			description:
				"Enter the custom module's API name, e.g. service_orders, or map it from the input.",
			itemIndex,
		});
	}
	if (!apiNamePattern.test(text)) {
		throw new NodeOperationError(node, `"${text}" is not a module API name`, {
			description:
				"A Zoho IoT module API name contains only letters, digits and underscores and starts with a letter, e.g. service_orders. Copy it from the module's settings in Zoho IoT.",
			itemIndex,
		});
	}
	return text;
}

/** The entry as one custom module's operations need it: module and wording filled in. */
export function forCustomModule(resource: RecordResource, module: string): RecordResource {
	const singular = `${module} record`;
	return {
		...resource,
		module,
		singular,
		plural: `${module} records`,
		withArticle: `a ${singular}`,
	};
}

/** The concrete resource an item works on: the entry itself, or the custom module it names. */
export function resolveResource(
	this: IExecuteFunctions,
	resource: RecordResource,
	itemIndex: number,
): RecordResource {
	if (!resource.custom) return resource;
	const module = toModuleApiName(
		this.getNode(),
		this.getNodeParameter(CUSTOM_MODULE_PARAMETER, itemIndex, ''),
		itemIndex,
	);
	return forCustomModule(resource, module);
}

/** The custom module the editor's list search works on (no item: the parameter as it stands). */
export function customModuleForEditor(this: ILoadOptionsFunctions): string {
	return toModuleApiName(this.getNode(), this.getCurrentNodeParameter(CUSTOM_MODULE_PARAMETER));
}
