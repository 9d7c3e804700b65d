import type { IDataObject } from 'n8n-workflow';

/** The error a call fails with; the test fails when the call succeeds instead. */
export async function failureOf(promise: Promise<unknown>): Promise<Error & IDataObject> {
	try {
		await promise;
	} catch (error) {
		return error as Error & IDataObject;
	}
	throw new Error('expected the call to fail, but it succeeded');
}
