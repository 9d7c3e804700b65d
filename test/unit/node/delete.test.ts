import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { forgetDeleteRoute } from '../../../nodes/ZohoIot/actions/record/delete';
import { inputItems, locator, recordId, run, runError, setUpNock, zoho } from './helpers';
import { MODEL_FIXTURES } from './fixtures';

setUpNock();
beforeEach(() => forgetDeleteRoute());

const resources = MODEL_FIXTURES;

describe.each(resources)('Delete $resource', ({ resource, module, idParameter, kind }) => {
	const id = recordId(kind, 3);
	const deleted = {
		[module]: [{ code: 'SUCCESS', id, message: 'record deleted', status: 'success' }],
	};
	const remove = (value: unknown = id) => ({
		resource,
		operation: 'delete',
		[idParameter]: locator(value),
	});

	it(`sends DELETE /${module}/{id} and outputs { deleted: true, id }`, async () => {
		const scope = zoho().delete(`/iot/v1/${module}/${id}`).reply(200, deleted);

		const output = await run(remove());

		expect(scope.isDone()).toBe(true);
		expect(output).toEqual([{ json: { deleted: true, id }, pairedItem: { item: 0 } }]);
	});

	it('refuses an empty ID before any request, as fail and as continue-on-fail', async () => {
		const untouched = zoho().intercept(/.*/, 'DELETE').reply(200, deleted);

		const error = await runError(remove(''), { items: inputItems(1) });
		const output = await run(remove(''), { continueOnFail: true });

		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`No ${resource} ID given`);
		expect((error.context as { itemIndex?: number }).itemIndex).toBe(0);
		expect(output).toEqual([
			{
				json: { error: `No ${resource} ID given`, description: expect.any(String), httpCode: null },
				pairedItem: { item: 0 },
			},
		]);
		expect(untouched.isDone()).toBe(false);
	});

	const notFound = () =>
		zoho().delete(`/iot/v1/${module}/${id}`).reply(404, {
			code: 'RECORD_NOT_FOUND',
			message: 'The requested record does not exist',
			status: 'error',
		});

	it("stops the node with Zoho's explained error", async () => {
		const scope = notFound();

		const error = await runError(remove());

		expect(scope.isDone()).toBe(true);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('RECORD_NOT_FOUND');
	});

	it("turns Zoho's error into an error item with continue-on-fail", async () => {
		notFound();

		const output = await run(remove(), { continueOnFail: true });

		expect(output).toEqual([
			{
				json: {
					error: expect.stringContaining('RECORD_NOT_FOUND'),
					description: expect.any(String),
					httpCode: '404',
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});
