import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { recordFromResponse, recordIdParameter, simplifyRecord } from '../../helpers/records';
import { zohoIotRecordRequest } from '../../transport';
import type { RecordResource } from '../registry';
import { recordLocator, shownOnlyFor, simplifyField } from '../common.descriptions';

export function getDescription(resource: RecordResource): INodeProperties[] {
	return shownOnlyFor(resource, 'get', [recordLocator(resource, 'get'), simplifyField(resource)]);
}

/** `GET /{module}/{id}`: the record, simplified unless Simplify is off. */
export async function getRecord(
	this: IExecuteFunctions,
	resource: RecordResource,
	itemIndex: number,
): Promise<IDataObject> {
	const id = recordIdParameter.call(this, resource, itemIndex);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;

	const body = await zohoIotRecordRequest.call(this, {
		method: 'GET',
		path: `${resource.module}/${id}`,
		itemIndex,
	});
	const record = recordFromResponse(this.getNode(), resource, body, itemIndex);
	return simplify ? simplifyRecord(record, resource.simplifiedFields) : record;
}
