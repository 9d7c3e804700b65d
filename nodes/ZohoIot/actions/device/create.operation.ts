import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { createDescription, createRecord } from '../record/create';
import { DEVICE } from '../records';

export const description = createDescription(DEVICE);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await createRecord.call(this, DEVICE, itemIndex);
}
