/** The model dropdowns: a Zoho IoT application's device and asset models (types). */
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { MODELS_PATH, type ZohoModule } from '../constants';
import { zohoIotApiRequest } from '../transport';

async function modelOptions(this: ILoadOptionsFunctions, module: ZohoModule): Promise<INodePropertyOptions[]> {
	const body = await zohoIotApiRequest.call(this, { method: 'GET', path: MODELS_PATH, qs: { module } });
	const models = Array.isArray(body.models) ? (body.models as IDataObject[]) : [];
	return models
		.filter((model) => model.id !== undefined && model.id !== null)
		.map((model) => {
			const label = String(model.display_name || model.name || model.id);
			// The API name helps tell apart two models shown with the same label.
			const apiName = typeof model.name === 'string' && model.name !== label ? model.name : undefined;
			return { name: label, value: String(model.id), ...(apiName ? { description: apiName } : {}) };
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getDeviceModels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await modelOptions.call(this, 'devices');
}

export async function getAssetModels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await modelOptions.call(this, 'assets');
}
