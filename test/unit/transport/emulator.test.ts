/**
 * The transport against the bundled Zoho IoT emulator instead of nock: real HTTP on loopback,
 * Zoho's token endpoint behaviour (errors with HTTP 200, the 10-per-10-minutes throttle,
 * revocation) and its counters, inside n8n-core's real execution context.
 */
import type { INodeParameters } from 'n8n-workflow';

import { simplifyRecord } from '../../../nodes/ZohoIot/helpers/records';
import { forgetDeleteRoute } from '../../../nodes/ZohoIot/actions/record/delete';
import { zohoIotApiRequest, zohoIotApiRequestAllItems } from '../../../nodes/ZohoIot/transport';
import { ZohoIot } from '../../../nodes/ZohoIot/ZohoIot.node';
import {
	DEFAULT_CLIENT,
	startEmulator,
	type ProfileName,
	type RunningEmulator,
} from '../../emulator';
import { executeContext, runNode } from '../../helpers/n8n';
import { emulatorCredentialStore } from '../../helpers/emulator-credential';
import { schemeAlreadyAccepted, shortBackoff, TransportFixture } from './fixture';
import { failureOf } from '../../helpers/failure';

shortBackoff();

describe.each<ProfileName>(['default', 'documented'])('profile %s', (profile) => {
	let emulator: RunningEmulator;

	beforeAll(async () => {
		// Seed 3's fault stream fails the first two attempts of page 1 (5xx) and of page 2 (429, 5xx).
		emulator = await startEmulator({
			profile,
			devices: 450,
			assets: 10,
			acceptedSchemes: ['Zoho-authtoken'],
			seed: 3,
		});
	});
	afterAll(async () => {
		await emulator.stop();
	});
	beforeEach(() => {
		// Settings too: a test's faults must not leak into the next one.
		emulator.reset({ settings: true });
		forgetDeleteRoute();
	});

	function connect({
		expired = true,
		headerScheme,
	}: { expired?: boolean; headerScheme?: string } = {}) {
		schemeAlreadyAccepted(headerScheme);
		const tokens = emulator.issueTokens({ accessTokenExpired: expired });
		const store = emulatorCredentialStore(emulator, tokens, headerScheme ? { headerScheme } : {});
		return {
			tokens,
			store,
			context: executeContext(new TransportFixture(), { parameters: {}, store }),
		};
	}

	it('refreshes an expired token once through the credential and reads every page', async () => {
		const { context, store, tokens } = connect();
		const devices = await zohoIotApiRequestAllItems.call(context, 'devices', {});
		expect(devices.map((d) => d.id)).toEqual(emulator.records('devices').map((d) => d.id));
		const counters = emulator.counters();
		expect(counters.tokenRequests.refresh_token).toBe(1);
		expect(counters.tokenExchanges[0]).toMatchObject({
			grantType: 'refresh_token',
			clientSecretInBody: true,
		});
		expect(counters.apiRequests.byRoute['GET /devices']).toBe(Math.ceil(450 / 200) + 1);
		expect(store.saved).toHaveLength(1);
		expect(store.saved[0].access_token).not.toBe(tokens.access_token);
		expect(counters.schemesSeen).toEqual({ 'Zoho-authtoken': 4 });
	});

	it('shares one refresh between 20 concurrent requests', async () => {
		const { context } = connect();
		const ids = emulator.records('assets').map((a) => String(a.id));
		await Promise.all(
			Array.from(
				{ length: 20 },
				async (_, i) =>
					await zohoIotApiRequest.call(context, {
						method: 'GET',
						path: `assets/${ids[i % ids.length]}`,
					}),
			),
		);
		expect(emulator.counters().tokenRequests.refresh_token).toBe(1);
	});

	it('explains a revoked refresh token instead of retrying it', async () => {
		const { context, tokens } = connect();
		emulator.revokeRefreshToken(tokens.refresh_token);
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		expect(error.message).toBe('The Zoho IoT credential needs to be reconnected');
		expect(emulator.counters().tokenRequests.refresh_token).toBe(1);
	});

	it('explains the token endpoint throttle instead of asking again', async () => {
		const { context, tokens } = connect();
		// Spend this refresh token's allowance, as another system refreshing with it would.
		emulator.configure({ tokenThrottle: { max: 1, windowSeconds: 600 } });
		try {
			await fetch(`${emulator.url}/oauth/v2/token`, {
				method: 'POST',
				body: new URLSearchParams({
					grant_type: 'refresh_token',
					refresh_token: tokens.refresh_token,
					client_id: DEFAULT_CLIENT.clientId,
					client_secret: DEFAULT_CLIENT.clientSecret,
				}),
			});
			const error = await failureOf(
				zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
			);
			expect(error.message).toBe(
				'Zoho refused to issue a new access token: too many token requests',
			);
			expect(emulator.counters().tokenRequests.refresh_token).toBe(2);
		} finally {
			emulator.configure({ tokenThrottle: { max: 10, windowSeconds: 600 } });
		}
	});

	it('tells the user to check the header scheme when Zoho keeps rejecting a fresh token', async () => {
		const { context } = connect({ expired: false, headerScheme: 'Bearer' });
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		expect(error.message).toBe(
			'Zoho IoT rejected a freshly refreshed access token (INVALID_OAUTHTOKEN)',
		);
		expect(String(error.description)).toContain('Authorization Header Scheme (now "Bearer"');
		expect(emulator.counters().rejectedSchemes).toBe(2);
	});

	it('retries through seeded 5xx and 429 faults and still returns every record once', async () => {
		emulator.configure({ faults: { serverErrorRate: 0.2, throttleRate: 0.1 } });
		try {
			const { context } = connect({ expired: false });
			const devices = await zohoIotApiRequestAllItems.call(context, 'devices', {});
			expect(new Set(devices.map((d) => d.id)).size).toBe(450);
			expect(devices).toHaveLength(450);
			const counters = emulator.counters();
			expect(counters.serverErrors5xx).toBe(3);
			expect(counters.throttled429).toBe(1);
			expect(counters.apiRequests.byRoute['GET /devices']).toBe(3 + 4);
		} finally {
			emulator.configure({ faults: {} });
		}
	});

	it('simplifies every record to the stored flat fields, whatever shape the profile serves', async () => {
		const { context } = connect({ expired: false });
		const devices = await zohoIotApiRequestAllItems.call(context, 'devices', {});
		const stored = emulator.records('devices');
		const simplified = devices.map((device) => simplifyRecord(device));
		expect(simplified.map((d) => [d.id, d.name, d.model_id, d.model_name, d.status])).toEqual(
			stored.map((d) => [d.id, d.name, d.model_id, d.model_name, d.status]),
		);
		// The same instants, written in the organisation's offset when Zoho shows it.
		expect(simplified.map((d) => Date.parse(String(d.created_time)))).toEqual(
			stored.map((d) => Date.parse(String(d.created_time))),
		);
		expect(String(simplified[0].modified_time)).toMatch(
			profile === 'documented' ? /\+05:30$/ : /\+00:00$/,
		);
		if (profile === 'documented')
			expect(simplified[0]).toMatchObject({ location_name: stored[0].location });
	});

	it('deletes through the route the profile has, spending one request per delete once learnt', async () => {
		const { store } = connect({ expired: false });
		const ids = emulator
			.records('devices')
			.slice(0, 3)
			.map((d) => String(d.id));
		const output = await runNode(new ZohoIot(), {
			parameters: {
				resource: 'device',
				operation: 'delete',
				deviceId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
			} as INodeParameters,
			items: ids.map((id) => ({ json: { id } })),
			store,
		});
		expect(output[0].map((item) => item.json)).toEqual(ids.map((id) => ({ deleted: true, id })));
		const byRoute = emulator.counters().apiRequests.byRoute;
		expect(byRoute).toEqual(
			profile === 'documented'
				? { 'DELETE /devices/:id': 3 }
				: { 'DELETE (unmatched)': 1, 'GET /devices/:id/actions/delete': 3 },
		);
		expect(emulator.records('devices').map((d) => String(d.id))).not.toContain(ids[2]);
	});
});
