import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { updateDescription, updateRecord } from '../record/update';
import { DEVICE } from '../records';

export const description = updateDescription(DEVICE);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await updateRecord.call(this, DEVICE, itemIndex);
}
