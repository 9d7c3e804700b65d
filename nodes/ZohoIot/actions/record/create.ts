import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { zohoIotWriteRequest } from '../../transport';
import { modelField, recordFieldOptions, scoped } from '../common.descriptions';
import { isJsonObject, recordFieldsFrom, type RecordFieldsInput, type RecordResource } from '../records';

export function createDescription(resource: RecordResource): INodeProperties[] {
	return scoped(resource, 'create', [
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			placeholder: resource.resource === 'device' ? 'e.g. TS-0042 Pune Warehouse' : 'e.g. Chiller CH-042',
			description: `The name of the new ${resource.singular}`,
		},
		{ ...modelField(resource), required: true },
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: recordFieldOptions(resource, { withNameAndModel: false }),
		},
	]);
}

/**
 * `POST /{module}` with `{"<module>": {...}}`. Answers the new record's ID with Zoho's result:
 * `{ id, ...details, code, message, status }`.
 */
export async function createRecord(
	this: IExecuteFunctions,
	resource: RecordResource,
	itemIndex: number,
): Promise<IDataObject> {
	const additionalFields = this.getNodeParameter('additionalFields', itemIndex, {}) as RecordFieldsInput;
	const fields = recordFieldsFrom(
		this.getNode(),
		resource,
		{
			name: this.getNodeParameter('name', itemIndex, '') as string,
			modelId: this.getNodeParameter('modelId', itemIndex, '') as string,
			description: additionalFields.description,
			customFields: additionalFields.customFields,
			fieldsJson: additionalFields.fieldsJson,
		},
		itemIndex,
	);

	const result = await zohoIotWriteRequest.call(this, {
		method: 'POST',
		path: resource.module,
		body: { [resource.module]: fields },
		module: resource.module,
		itemIndex,
	});
	const { details, ...outcome } = result;
	const detailFields = isJsonObject(details) ? details : {};
	return { id: outcome.id ?? detailFields.id, ...detailFields, ...outcome };
}
