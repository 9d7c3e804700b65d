/**
 * Every scope error names the scope the request lacks and says to reconnect, whoever sent the
 * request (an operation, a list search, a dropdown, the trigger): the transport reads the scope
 * from the request, and says so at once, without spending a token refresh.
 */
import nock from 'nock';
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { zohoIotApiRequest } from '../../../nodes/ZohoIot/transport';
import { scopeNeeded } from '../../../nodes/ZohoIot/transport/scopes';
import { failureOf } from '../../helpers/failure';
import { setUpNock } from '../nock';
import { API, connectedFixture } from './fixture';

setUpNock();

describe('the scope a request needs', () => {
	it.each<[IHttpRequestMethods, string, IDataObject | undefined, string]>([
		['GET', 'alarms', undefined, 'ZohoIOT.modules.alarms.READ'],
		['GET', 'devices/123', undefined, 'ZohoIOT.modules.devices.READ'],
		['POST', 'devices', undefined, 'ZohoIOT.modules.devices.CREATE'],
		['PUT', 'assets/1', undefined, 'ZohoIOT.modules.assets.UPDATE'],
		['DELETE', 'locations/1', undefined, 'ZohoIOT.modules.locations.DELETE'],
		['POST', 'datapoints/data', undefined, 'ZohoIOT.modules.datapoints.data.CREATE'],
		['GET', 'settings/models', { module: 'locations' }, 'ZohoIOT.modules.locations.READ'],
		['GET', 'service_order', undefined, 'ZohoIOT.modules.ALL'],
	])('%s %s needs %s', (method, path, qs, scope) => {
		expect(scopeNeeded({ method, path, qs })).toBe(scope);
	});

	it.each<[IHttpRequestMethods, string, string, string]>([
		['GET', 'alarms', 'ZohoIOT.modules.alarms.READ', 'Alarms'],
		['POST', 'datapoints/data', 'ZohoIOT.modules.datapoints.data.CREATE', 'Datapoint Values'],
		['GET', 'service_order', 'ZohoIOT.modules.ALL', 'Custom Modules'],
	])(
		'a scope error of %s %s names %s in the message, and the form choice and Reconnect in the description',
		async (method, path, scope, choice) => {
			const { context } = connectedFixture();
			nock(API).intercept(`/iot/v1/${path}`, method).reply(401, {
				code: 'OAUTH_SCOPE_MISMATCH',
				message: 'invalid oauth scope to access this URL',
				status: 'error',
			});
			const error = await failureOf(
				zohoIotApiRequest.call(context, { method, path, read: method === 'POST' }),
			);
			expect(error.message).toContain(`lacks the scope ${scope}`);
			expect(error.message).toContain('reconnect');
			expect(String(error.description)).toContain(choice);
			expect(String(error.description)).toContain('"Reconnect"');
		},
	);

	it("reports a scope mismatch at once, in Zoho's words too, without spending a refresh", async () => {
		const { context } = connectedFixture();
		// No token request is mocked: with the network disabled, a refresh would fail differently.
		const zoho = nock(API).get('/iot/v1/assets').reply(401, {
			code: 'OAUTH_SCOPE_MISMATCH',
			message: 'invalid oauth scope to access this URL',
			status: 'error',
		});
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'assets' }),
		);
		expect(zoho.isDone()).toBe(true);
		expect(error.message).toBe(
			'The Zoho IoT credential lacks the scope ZohoIOT.modules.assets.READ: add it in the credential and reconnect (Zoho IoT error OAUTH_SCOPE_MISMATCH: invalid oauth scope to access this URL)',
		);
		expect(String(error.description)).toContain('ZohoIOT.modules.assets.ALL');
		expect(String(error.description)).toContain('"Reconnect"');
	});
});
