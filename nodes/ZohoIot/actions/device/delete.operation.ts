import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { deleteDescription, deleteRecord } from '../record/delete';
import { DEVICE } from '../records';

export const description = deleteDescription(DEVICE);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await deleteRecord.call(this, DEVICE, itemIndex);
}
