/** The Model dropdowns: the models (types) of the modules that have them (registry.ts). */
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { explainForResource } from '../actions/errorHints';
import { RESOURCES, type RecordResource } from '../actions/registry';
import { MODELS_PATH } from '../constants';
import { zohoIotApiRequest } from '../transport';

type LoadOptionsMethod = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;

async function modelOptions(
	this: ILoadOptionsFunctions,
	resource: RecordResource,
): Promise<INodePropertyOptions[]> {
	let body: IDataObject;
	try {
		body = await zohoIotApiRequest.call(this, {
			method: 'GET',
			path: MODELS_PATH,
			qs: { module: resource.module },
		});
	} catch (error) {
		throw explainForResource(error, resource, { operation: 'get', scope: resource.scope });
	}
	const models = Array.isArray(body.models) ? (body.models as IDataObject[]) : [];
	return models
		.filter((model) => model.id !== undefined && model.id !== null)
		.map((model) => {
			const label = String(model.display_name || model.name || model.id);
			// The API name helps tell apart two models shown with the same label.
			const apiName =
				typeof model.name === 'string' && model.name !== label ? model.name : undefined;
			return { name: label, value: String(model.id), ...(apiName ? { description: apiName } : {}) };
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The node's loadOptions methods: one Model dropdown per module with models. */
export const loadOptions: Record<string, LoadOptionsMethod> = Object.fromEntries(
	RESOURCES.filter((resource) => resource.models).map((resource) => [
		resource.modelsMethod,
		async function (this: ILoadOptionsFunctions) {
			return await modelOptions.call(this, resource);
		},
	]),
);

export const { getDeviceModels, getAssetModels, getLocationModels } = loadOptions;
