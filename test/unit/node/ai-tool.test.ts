/**
 * As an AI agent's tool, the node's errors reach the model as their message alone (n8n drops the
 * description): each message then carries how to fix it. Outside a tool nothing changes.
 */
import nock from 'nock';

import { locator, runError, zoho } from './helpers';

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

const getDevice = (id: unknown) => ({
	resource: 'device',
	operation: 'get',
	deviceId: locator(id),
	simplify: true,
});

describe('errors as an AI agent tool', () => {
	it('puts the fix for a bad ID into the message the model sees', async () => {
		const plain = await runError(getDevice('TS-0042'));
		const asTool = await runError(getDevice('TS-0042'), { asTool: true });
		expect(plain.message).not.toContain(String(plain.description));
		expect(String(plain.description).length).toBeGreaterThan(10);
		expect(asTool.message).toContain(plain.message.replace(/[.\s]+$/, ''));
		expect(asTool.message).toContain(String(plain.description));
	});

	it('explains a 404 by its status, in the message, even when Zoho adds INVALID_DATA', async () => {
		zoho().get('/iot/v1/devices/4417000000100000001').reply(404, {
			code: 'INVALID_DATA',
			message: 'the id given seems to be invalid',
			status: 'error',
		});
		const error = await runError(getDevice('4417000000100000001'), { asTool: true });
		expect(error.message).toContain('Zoho IoT has no such record or address');
		expect(error.message).not.toContain('rejected a value');
	});

	it('names the missing scope and the reconnect in the message', async () => {
		zoho().get('/iot/v1/devices/4417000000100000001').reply(401, {
			code: 'OAUTH_SCOPE_MISMATCH',
			message: 'invalid oauth scope to access this URL',
			status: 'error',
		});
		const error = await runError(getDevice('4417000000100000001'), { asTool: true });
		expect(error.message).toContain('ZohoIOT.modules.devices.READ');
		expect(error.message).toContain('"Reconnect"');
	});

	it('leaves the message alone outside a tool', async () => {
		zoho()
			.get('/iot/v1/devices/4417000000100000001')
			.reply(404, { code: 'RECORD_NOT_FOUND', message: 'record not found', status: 'error' });
		const error = await runError(getDevice('4417000000100000001'));
		expect(error.message).toBe('Zoho IoT error RECORD_NOT_FOUND: record not found');
	});
});
