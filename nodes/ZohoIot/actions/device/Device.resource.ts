import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../common.descriptions';
import { DEVICE } from '../records';
import * as create from './create.operation';
import * as deleteOperation from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

/** The device operations by their `operation` value. */
export const operations = { create, delete: deleteOperation, get, getAll, update };

export const description: INodeProperties[] = [
	operationSelector(DEVICE),
	...create.description,
	...deleteOperation.description,
	...get.description,
	...getAll.description,
	...update.description,
];
