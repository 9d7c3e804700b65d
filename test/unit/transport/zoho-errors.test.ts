/**
 * Zoho's error answers become n8n errors a user can act on: Zoho's code and message, a hint that
 * says how to fix it, the details Zoho sent, the HTTP status and the item. A 404 is explained by
 * its status, not by whatever code Zoho adds; a record refused inside a 2xx write answer is a
 * failure. (Scope errors: scopes.test.ts; that these errors hold no secret: redaction.test.ts.)
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { zohoIotApiRequest, zohoIotWriteRequest } from '../../../nodes/ZohoIot/transport';
import { failureOf } from '../../helpers/failure';
import { setUpNock } from '../nock';
import { API, connectedFixture } from './fixture';

const setup = connectedFixture;

setUpNock();

describe('the error envelope', () => {
	it("turns the error envelope into a NodeApiError with Zoho's code, message and a fix", async () => {
		const { context } = setup();
		nock(API)
			.get('/iot/v1/devices/99')
			.reply(404, {
				code: 'RECORD_NOT_FOUND',
				message: 'The requested record does not exist',
				status: 'error',
				details: { id: '99' },
			});
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices/99', itemIndex: 3 }),
		);
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.message).toBe(
			'Zoho IoT error RECORD_NOT_FOUND: The requested record does not exist',
		);
		expect(String(error.description)).toContain('Check the ID');
		expect(String(error.description)).toContain('{"id":"99"}');
		expect(error.httpCode).toBe('404');
		expect((error.context as IDataObject).itemIndex).toBe(3);
	});

	it('treats a record with status "error" inside a 2xx write result as a failure', async () => {
		const { context } = setup();
		nock(API)
			.post('/iot/v1/assets')
			.reply(201, {
				assets: [
					{
						code: 'MANDATORY_NOT_FOUND',
						details: { api_name: 'name' },
						message: 'required field not found',
						status: 'error',
					},
				],
			});
		const error = await failureOf(
			zohoIotWriteRequest.call(context, {
				method: 'POST',
				path: 'assets',
				module: 'assets',
				body: { assets: {} },
			}),
		);
		expect(error.message).toBe('Zoho IoT error MANDATORY_NOT_FOUND: required field not found');
		expect(String(error.description)).toContain('"api_name":"name"');
		expect(error.httpCode).toBe('201');
	});
});

describe('a 404', () => {
	it('is explained by its status even when Zoho adds INVALID_DATA', async () => {
		const { context } = setup();
		nock(API).get('/iot/v1/devices/42').reply(404, {
			code: 'INVALID_DATA',
			message: 'the id given seems to be invalid',
			status: 'error',
		});
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices/42' }),
		);
		expect(String(error.description)).toMatch(/^Zoho IoT has no such record or address/);
		expect(String(error.description)).not.toContain('rejected a value');
	});

	it('keeps the hint of a code that says what was not found', async () => {
		const { context } = setup();
		nock(API)
			.get('/iot/v1/devices/42')
			.reply(404, { code: 'RECORD_NOT_FOUND', message: 'record not found', status: 'error' });
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices/42' }),
		);
		expect(String(error.description)).toMatch(/^No record has this ID/);
	});
});
