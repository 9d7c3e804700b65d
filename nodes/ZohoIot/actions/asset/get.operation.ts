import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getDescription, getRecord } from '../record/get';
import { ASSET } from '../records';

export const description = getDescription(ASSET);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await getRecord.call(this, ASSET, itemIndex);
}
