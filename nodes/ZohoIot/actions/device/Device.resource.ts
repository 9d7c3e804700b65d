import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteOperation from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

/** The device operations by their `operation` value. */
export const operations = { create, delete: deleteOperation, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['device'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a device',
				action: 'Create a device',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a device',
				action: 'Delete a device',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a device',
				action: 'Get a device',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many devices',
				action: 'Get many devices',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update a device',
				action: 'Update a device',
			},
		],
		default: 'get',
	},
	...create.description,
	...deleteOperation.description,
	...get.description,
	...getAll.description,
	...update.description,
];
