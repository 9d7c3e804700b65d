/**
 * What the transport's tests share (one file per concern in this folder): a connected credential
 * with tokens of its own, the smallest node that uses it, short backoff, a scripted loopback
 * server and a counting token endpoint. Strict nock: test/unit/nock.ts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import nock from 'nock';
import type { IDataObject, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { DEFAULT_HEADER_SCHEME, RETRY, type HeaderScheme } from '../../../nodes/ZohoIot/constants';
import {
	forgetLearnedSchemes,
	schemeAccepted,
} from '../../../nodes/ZohoIot/transport/headerScheme';
import {
	CREDENTIAL_ID,
	CredentialStore,
	defaultCredential,
	executeContext,
	type CredentialInput,
} from '../../helpers/n8n';

/** The default credential's application domain and its data centre's accounts server. */
export const API = 'https://app1234.zohoiot.com';
export const ACCOUNTS = 'https://accounts.zoho.com';

/**
 * As in a process that already sent requests with the credential: Zoho accepted its header scheme,
 * so a rejected token is an expiry and is refreshed without first trying the other scheme
 * (transport/headerScheme.ts). Tests of that first try start from forgetLearnedSchemes() instead.
 */
export function schemeAlreadyAccepted(scheme: string = DEFAULT_HEADER_SCHEME): void {
	forgetLearnedSchemes();
	schemeAccepted(CREDENTIAL_ID, scheme as HeaderScheme, scheme as HeaderScheme);
}

/**
 * The smallest node that uses the Zoho IoT credential, so transport tests run inside a real
 * n8n-core ExecuteContext without depending on the Zoho IoT node's parameters.
 */
export class TransportFixture implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Transport Fixture',
		name: 'transportFixture',
		group: ['transform'],
		version: 1,
		description: 'Test fixture',
		defaults: { name: 'Transport Fixture' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'zohoIotOAuth2Api', required: true }],
		properties: [],
	} as unknown as INodeTypeDescription;
}

let connections = 0;
/**
 * A connected credential with tokens of its own (the transport remembers refreshes per token,
 * so tests must not share them), and the fixture's execution context: `context` for the first
 * run, `newRun()` for another run of the same credential. `tokenData` adds to what n8n stored
 * with the tokens (an expiry it recorded, Zoho's callback query).
 */
export function connectedFixture(overrides: CredentialInput = {}, tokenData: IDataObject = {}) {
	connections++;
	schemeAlreadyAccepted(overrides.headerScheme as string | undefined);
	const id = connections.toString(16).padStart(4, '0');
	const access = `1000.${`a${id}`.repeat(8).slice(0, 32)}.${'b'.repeat(32)}`;
	const refresh = `1000.${`c${id}`.repeat(8).slice(0, 32)}.${'d'.repeat(32)}`;
	const fresh = `1000.${`f${id}`.repeat(8).slice(0, 32)}.${'e'.repeat(32)}`;
	const store = new CredentialStore(
		defaultCredential({
			...overrides,
			oauthTokenData: {
				access_token: access,
				refresh_token: refresh,
				expires_in: 3600,
				...tokenData,
			},
		}),
	);
	const newRun = () => executeContext(new TransportFixture(), { parameters: {}, store });
	return { context: newRun(), newRun, store, access, refresh, fresh };
}

/** RETRY as the node ships it, for tests that change one bound and put it back. */
export const RETRY_AS_SHIPPED = Object.freeze({ ...RETRY });

/**
 * Backoff stays exponential with jitter, but from a base so small that the suite does not sleep
 * through it; put back as shipped after the file or describe it is called in.
 */
export function shortBackoff({ baseDelayMs = 1, maxDelayMs = 5 } = {}): void {
	beforeAll(() => Object.assign(RETRY, { baseDelayMs, maxDelayMs }));
	afterAll(() => Object.assign(RETRY, RETRY_AS_SHIPPED));
}

/** What a scripted server does with one request: drop the connection, or answer. */
export type ScriptStep = 'reset' | { status: number; body: unknown };

/**
 * A real HTTP server on loopback that answers from a script, one step per request (then 500
 * NO_MORE_STEPS): nock cannot drop a connection the way n8n's HTTP client sees it, this can.
 * `credential` points a Custom credential at it; `seen` lists "METHOD /path" per request.
 */
export async function scriptedServer(steps: ScriptStep[]) {
	const seen: string[] = [];
	const server = http.createServer((req, res) => {
		seen.push(`${req.method} ${req.url}`);
		const step = steps.shift() ?? { status: 500, body: { code: 'NO_MORE_STEPS' } };
		if (step === 'reset') {
			req.socket.destroy();
			return;
		}
		res.writeHead(step.status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(step.body));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		seen,
		credential: {
			dataCenter: 'custom',
			customAccountsServer: `http://127.0.0.1:${port}`,
			applicationDomain: `http://127.0.0.1:${port}`,
		} satisfies CredentialInput,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/**
 * Zoho's token endpoint for `times` requests, answering `status` and what `body(n)` gives for
 * the n-th request; `count` tells how many came.
 */
export function tokenEndpoint(
	times: number,
	status: number,
	body: (n: number) => string | IDataObject,
) {
	const requests = { count: 0 };
	nock(ACCOUNTS)
		.post('/oauth/v2/token')
		.times(times)
		.reply(status, () => body(++requests.count));
	return requests;
}
