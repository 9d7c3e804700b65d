import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { deleteDescription, deleteRecord } from '../record/delete';
import { ASSET } from '../records';

export const description = deleteDescription(ASSET);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await deleteRecord.call(this, ASSET, itemIndex);
}
