import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../common.descriptions';
import { ASSET } from '../records';
import * as create from './create.operation';
import * as deleteOperation from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

/** The asset operations by their `operation` value. */
export const operations = { create, delete: deleteOperation, get, getAll, update };

export const description: INodeProperties[] = [
	operationSelector(ASSET),
	...create.description,
	...deleteOperation.description,
	...get.description,
	...getAll.description,
	...update.description,
];
