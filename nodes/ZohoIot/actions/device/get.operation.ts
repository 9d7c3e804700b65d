import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getDescription, getRecord } from '../record/get';
import { DEVICE } from '../records';

export const description = getDescription(DEVICE);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await getRecord.call(this, DEVICE, itemIndex);
}
