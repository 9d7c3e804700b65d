import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { recordFieldsFrom, type RecordFieldsInput } from '../../helpers/records';
import { isJsonObject } from '../../helpers/values';
import { CREATE_MANDATORY_FIELDS, type RecordModule } from '../../constants';
import { zohoIotWriteRequest } from '../../transport';
import type { RecordResource } from '../registry';
import { modelField, recordFieldOptions, shownOnlyFor } from '../common.descriptions';

/**
 * System-defined fields Zoho's create page shows for the module beyond Name and Model, e.g.
 * `authentication_security` for devices (constants.ts, CREATE_MANDATORY_FIELDS).
 */
export function otherMandatoryFields(resource: RecordResource): readonly string[] {
	return (CREATE_MANDATORY_FIELDS[resource.module as RecordModule] ?? []).filter(
		(field) => field !== 'name' && field !== 'model_id',
	);
}

export function createDescription(resource: RecordResource): INodeProperties[] {
	const others = otherMandatoryFields(resource);
	const nameAndModel: INodeProperties[] = [];
	if (resource.nameOnCreate) {
		nameAndModel.push({
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			placeholder: resource.namePlaceholder,
			description: `The name of the new ${resource.singular}`,
		});
	}
	if (resource.models) nameAndModel.push({ ...modelField(resource), required: true });
	return shownOnlyFor(resource, 'create', [
		...nameAndModel,
		{
			displayName: resource.nameOnCreate ? 'Additional Fields' : 'Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			...(others.length
				? {
						hint: `Zoho's create page also shows ${others.join(', ')} for ${resource.plural}: add it under Custom Fields or Fields (JSON) if your application requires it`,
					}
				: {}),
			options: recordFieldOptions(resource, { withNameAndModel: false }),
		},
	]);
}

/**
 * `POST /{module}` with `{"<module>": {...}}`. Returns the new record's ID with Zoho's result:
 * `{ id, ...details, code, message, status }`.
 */
export async function createRecord(
	this: IExecuteFunctions,
	resource: RecordResource,
	itemIndex: number,
): Promise<IDataObject> {
	const additionalFields = this.getNodeParameter(
		'additionalFields',
		itemIndex,
		{},
	) as RecordFieldsInput;
	const fields = recordFieldsFrom(
		this.getNode(),
		resource,
		{
			// Only the keys the module has: a key that is present must hold a value (helpers/records.ts).
			...(resource.nameOnCreate
				? { name: this.getNodeParameter('name', itemIndex, '') as string }
				: {}),
			...(resource.models
				? { modelId: this.getNodeParameter('modelId', itemIndex, '') as string }
				: {}),
			description: additionalFields.description,
			customFields: additionalFields.customFields,
			fieldsJson: additionalFields.fieldsJson,
		},
		itemIndex,
	);
	if (Object.keys(fields).length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			`Nothing to create: no fields for the new ${resource.singular}`,
			{
				description:
					'Add the record\'s fields under Fields, as Custom Fields or as Fields (JSON), e.g. {"email": "ana@example.com"}.',
				itemIndex,
			},
		);
	}

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
