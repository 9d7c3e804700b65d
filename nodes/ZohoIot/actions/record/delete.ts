import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DELETE_ACTION_PATH } from '../../constants';
import { zohoIotWriteRequest } from '../../transport';
import { recordLocator, scoped } from '../common.descriptions';
import { recordIdParameter, type RecordResource } from '../records';

export function deleteDescription(resource: RecordResource): INodeProperties[] {
	return scoped(resource, 'delete', [recordLocator(resource, 'delete')]);
}

/**
 * `GET /{module}/{id}/actions/delete`: Zoho IoT documents deleting as a record action, not as an
 * HTTP DELETE. Answers `{ deleted: true, id }`.
 */
export async function deleteRecord(
	this: IExecuteFunctions,
	resource: RecordResource,
	itemIndex: number,
): Promise<IDataObject> {
	const id = recordIdParameter.call(this, resource, itemIndex);

	await zohoIotWriteRequest.call(this, {
		method: 'GET',
		path: `${resource.module}/${id}/${DELETE_ACTION_PATH}`,
		module: resource.module,
		itemIndex,
	});
	return { deleted: true, id };
}
