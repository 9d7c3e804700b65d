/**
 * The node's parameters, derived from the registry: the Resource dropdown, then per resource its
 * Operation dropdown, its own parameters (Custom Module's API name) and each operation's.
 */
import type { INodeProperties } from 'n8n-workflow';

import { nodeOptions, operationSelector } from './common.descriptions';
import { sortDescription } from './record/getAll';
import { customModuleParameter } from './customModule';
import { OPERATION_KINDS } from './operations';
import { RESOURCES, type RecordResource } from './registry';

function resourceProperties(resource: RecordResource): INodeProperties[] {
	const kinds = resource.operations.map((operation) => ({
		operation,
		kind: OPERATION_KINDS[operation],
	}));
	return [
		operationSelector(
			resource,
			kinds.map(({ operation, kind }) => ({
				name: kind.name,
				value: operation,
				action: kind.action(resource),
				description: kind.summary(resource),
			})),
		),
		...(resource.custom ? [customModuleParameter(resource)] : []),
		...kinds.flatMap(({ kind }) => kind.description(resource)),
	];
}

export const resourceSelector: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: RESOURCES.map((resource) => ({ name: resource.label, value: resource.resource })).sort(
		(a, b) => a.name.localeCompare(b.name),
	),
	default: 'device',
};

export const properties: INodeProperties[] = [
	resourceSelector,
	...RESOURCES.flatMap(resourceProperties),
	nodeOptions,
	// Below Options, as n8n's UX guidelines place a Get Many's sorting.
	...RESOURCES.filter((resource) => resource.operations.includes('getAll')).flatMap(
		sortDescription,
	),
];
