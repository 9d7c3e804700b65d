import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	recordFieldsFrom,
	recordIdParameter,
	toRecordId,
	type RecordFieldsInput,
} from '../../helpers/records';
import { isJsonObject } from '../../helpers/values';
import { zohoIotWriteRequest } from '../../transport';
import type { RecordResource } from '../registry';
import { recordFieldOptions, recordLocator, shownOnlyFor } from '../common.descriptions';

export function updateDescription(resource: RecordResource): INodeProperties[] {
	return shownOnlyFor(resource, 'update', [
		recordLocator(resource, 'update'),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: recordFieldOptions(resource, { withNameAndModel: true }),
		},
	]);
}

/**
 * `PUT /{module}/{id}` with `{"<module>": {"id": ..., ...changed fields}}`. Returns the updated
 * record as far as this request knows it: its ID, the fields sent and what Zoho reported back in
 * `details` (e.g. modified_time), Zoho's word winning.
 */
export async function updateRecord(
	this: IExecuteFunctions,
	resource: RecordResource,
	itemIndex: number,
): Promise<IDataObject> {
	const node = this.getNode();
	const id = recordIdParameter.call(this, resource, itemIndex);
	const fields = recordFieldsFrom(
		node,
		resource,
		this.getNodeParameter('updateFields', itemIndex, {}) as RecordFieldsInput,
		itemIndex,
	);
	if (fields.id !== undefined) {
		const fieldsId = toRecordId(node, fields.id, {
			valueName: 'id in Fields (JSON)',
			itemIndex,
			howToFix: `Remove "id" from Fields (JSON); the ${resource.label} field decides which ${resource.singular} is updated.`,
		});
		if (fieldsId !== id) {
			throw new NodeOperationError(
				node,
				`Fields (JSON) sets the id ${JSON.stringify(fields.id)}, but the ${resource.singular} to update is ${id}`,
				{
					description: `A ${resource.singular}'s ID cannot change. Remove "id" from Fields (JSON); the ${resource.label} field decides which ${resource.singular} is updated.`,
					itemIndex,
				},
			);
		}
		delete fields.id;
	}
	if (Object.keys(fields).length === 0) {
		throw new NodeOperationError(node, `Nothing to update on ${resource.singular} ${id}`, {
			description:
				'Add at least one field under Update Fields, e.g. Name, Description or a custom field, with its new value.',
			itemIndex,
		});
	}

	const result = await zohoIotWriteRequest.call(this, {
		method: 'PUT',
		path: `${resource.module}/${id}`,
		body: { [resource.module]: { id, ...fields } },
		module: resource.module,
		itemIndex,
	});
	// No GET to re-read the record: it would double the API calls of every update, and the
	// daily quota is per organisation. The fields sent are what changed; Zoho's details add the
	// server-side values it reports (such as modified_time).
	const details = isJsonObject(result.details) ? result.details : {};
	return { id, ...fields, ...details };
}
