import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getAllDescription, getAllRecords } from '../record/getAll';
import { DEVICE } from '../records';

export const description = getAllDescription(DEVICE);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await getAllRecords.call(this, DEVICE, itemIndex);
}
