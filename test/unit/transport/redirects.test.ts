/**
 * Redirects, over real loopback HTTP through n8n-core's own HTTP client (nock would not show
 * what the client follows): a 3xx from the application domain is never followed, so the
 * Authorization header and a create's body reach no other host. The target host is named in the
 * error, nothing else of the Location is shown, and a create is sent exactly once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';

import nock from 'nock';

import { zohoIotApiRequest, zohoIotWriteRequest } from '../../../nodes/ZohoIot/transport';
import { CredentialStore, defaultCredential, executeContext } from '../../helpers/n8n';
import { TransportFixture } from './fixture';
import { failureOf } from '../../helpers/failure';

interface Recorder {
	port: number;
	seen: Array<{ method?: string; url?: string; authorization?: string; body: string }>;
	close: () => Promise<void>;
}

/** A loopback server that records every request it gets and answers 200 {}. */
async function server(
	answer?: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<Recorder> {
	const seen: Recorder['seen'] = [];
	const instance = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			seen.push({
				method: req.method,
				url: req.url,
				authorization: req.headers.authorization,
				body,
			});
			if (answer) return answer(req, res);
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"devices":[]}');
		});
	});
	await new Promise<void>((resolve) => instance.listen(0, '127.0.0.1', resolve));
	return {
		port: (instance.address() as AddressInfo).port,
		seen,
		close: async () => await new Promise<void>((resolve) => instance.close(() => resolve())),
	};
}

let target: Recorder;
let counter = 0;

beforeAll(async () => {
	nock.disableNetConnect();
	nock.enableNetConnect('127.0.0.1');
	target = await server();
});
afterAll(async () => {
	await target.close();
	nock.enableNetConnect();
});

function contextFor(port: number) {
	counter++;
	const access = `1000.${String(counter).padStart(32, '7')}.${'9'.repeat(32)}`;
	const store = new CredentialStore(
		defaultCredential({
			dataCenter: 'custom',
			customAccountsServer: `http://127.0.0.1:${port}`,
			applicationDomain: `http://127.0.0.1:${port}`,
			oauthTokenData: {
				access_token: access,
				refresh_token: `1000.${'r'.repeat(32)}.${'s'.repeat(32)}`,
			},
		}),
	);
	return { context: executeContext(new TransportFixture(), { parameters: {}, store }), access };
}

describe.each([301, 302, 303, 307, 308])('HTTP %s', (status) => {
	it('is not followed: the other host receives nothing, and the error names it', async () => {
		const before = target.seen.length;
		const redirector = await server((_req, res) => {
			res.writeHead(status, {
				location: `http://127.0.0.1:${target.port}/steal?token=abc`,
				'content-type': 'text/html',
			});
			res.end('<a href="elsewhere">moved</a>');
		});
		try {
			const { context, access } = contextFor(redirector.port);
			const error = await failureOf(
				zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
			);
			expect(redirector.seen).toHaveLength(1);
			expect(target.seen.length - before).toBe(0);
			expect(error.message).toBe(
				`Zoho IoT answered with a redirect (HTTP ${status}) to the host 127.0.0.1:${target.port}`,
			);
			expect(String(error.description)).toContain('does not follow redirects');
			expect(error.httpCode).toBe(String(status));
			const everything = `${error.message}${String(error.description)}${inspect(error, { depth: 10 })}`;
			expect(everything).not.toContain(access);
			expect(everything).not.toContain('token=abc');
		} finally {
			await redirector.close();
		}
	});
});

it('sends a create once and never to the redirect target', async () => {
	const before = target.seen.length;
	const redirector = await server((_req, res) => {
		res.writeHead(307, { location: `http://127.0.0.1:${target.port}/iot/v1/devices` });
		res.end();
	});
	try {
		const { context } = contextFor(redirector.port);
		const error = await failureOf(
			zohoIotWriteRequest.call(context, {
				method: 'POST',
				path: 'devices',
				module: 'devices',
				body: { devices: { name: 'Pump' } },
			}),
		);
		expect(redirector.seen.map((r) => r.method)).toEqual(['POST']);
		expect(target.seen.length - before).toBe(0);
		expect(String(error.description)).toContain('the create was not sent again');
	} finally {
		await redirector.close();
	}
});

it('names a redirect to the same host by path only, and one to a link-local address by host', async () => {
	const redirector = await server((req, res) => {
		res.writeHead(302, {
			location:
				req.url === '/iot/v1/devices'
					? '/login?user=admin:pw'
					: 'http://169.254.169.254/latest/meta-data',
		});
		res.end();
	});
	try {
		const { context } = contextFor(redirector.port);
		const same = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		expect(same.message).toBe(
			'Zoho IoT answered with a redirect (HTTP 302) to another path on the same host',
		);
		expect(same.message).not.toContain('admin');
		const metadata = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'assets' }),
		);
		expect(metadata.message).toBe(
			'Zoho IoT answered with a redirect (HTTP 302) to the host 169.254.169.254',
		);
	} finally {
		await redirector.close();
	}
});

it('never shows a user:password@ from the Location', async () => {
	const redirector = await server((_req, res) => {
		res.writeHead(302, { location: 'https://admin:hunter2secret@evil.example/' });
		res.end();
	});
	try {
		const { context } = contextFor(redirector.port);
		const error = await failureOf(
			zohoIotApiRequest.call(context, { method: 'GET', path: 'devices' }),
		);
		expect(error.message).toBe(
			'Zoho IoT answered with a redirect (HTTP 302) to the host evil.example',
		);
		expect(inspect(error, { depth: 10 })).not.toContain('hunter2secret');
	} finally {
		await redirector.close();
	}
});
