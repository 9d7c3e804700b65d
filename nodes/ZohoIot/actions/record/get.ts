import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { recordFromAnswer, recordIdParameter, simplifyRecord, type RecordResource } from '../../helpers/records';
import { zohoIotRecordRequest } from '../../transport';
import { recordLocator, scoped, simplifyField } from '../common.descriptions';

export function getDescription(resource: RecordResource): INodeProperties[] {
	return scoped(resource, 'get', [recordLocator(resource, 'get'), simplifyField(resource)]);
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
	const record = recordFromAnswer(this.getNode(), resource, body, itemIndex);
	return simplify ? simplifyRecord(record, resource.simplifiedFields) : record;
}
