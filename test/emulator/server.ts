/**
 * One node:http server on one port for everything; the paths are disjoint:
 *   /oauth/v2/...   Zoho Accounts   (accounts.ts)
 *   /iot/v1/...     Zoho IoT REST   (iot.ts)
 *   /__emulator/... control API     (control.ts)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { handleAccounts } from './accounts';
import { CONTROL_PREFIX, handleControl } from './control';
import { sendJson } from './http-util';
import { API_PREFIX, handleIot } from './iot';
import type { EmulatorState } from './state';

export interface Listening {
	server: Server;
	port: number;
	host: string;
	url: string;
	close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

async function route(
	state: EmulatorState,
	req: IncomingMessage,
	res: ServerResponse,
	listening: { port: number; host: string },
): Promise<void> {
	const url = new URL(req.url ?? '/', 'http://emulator.invalid');
	const path = url.pathname;
	if (path.startsWith('/oauth/v2/')) {
		if (await handleAccounts(state, req, res, url)) return;
	} else if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) {
		return handleIot(state, req, res, url);
	} else if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
		return handleControl(state, req, res, url, listening);
	} else if (path === '/' && req.method === 'GET') {
		return sendJson(
			res,
			200,
			{
				name: 'zoho-iot-emulator',
				accounts: `${state.baseUrl}/oauth/v2/auth`,
				token: `${state.baseUrl}/oauth/v2/token`,
				api: `${state.baseUrl}${API_PREFIX}`,
				control: `${state.baseUrl}${CONTROL_PREFIX}/counters`,
			},
			JSON_TYPE,
		);
	}
	sendJson(res, 404, { error: `not found: ${req.method} ${path}` }, JSON_TYPE);
}

/** The URL clients use: a wildcard bind address is reached through loopback. */
function publicHost(host: string): string {
	if (host === '0.0.0.0' || host === '') return '127.0.0.1';
	if (host === '::') return '[::1]';
	return host.includes(':') ? `[${host}]` : host;
}

export function listen(state: EmulatorState, port: number, host: string): Promise<Listening> {
	const sockets = new Set<Socket>();
	const where = { port, host };
	const server = createServer((req, res) => {
		const started = Date.now();
		if (state.log) {
			// Method, path and status only: query strings can carry codes, tokens and secrets.
			const path = (req.url ?? '/').split('?')[0];
			res.once('close', () => {
				const status = res.writableFinished ? String(res.statusCode) : 'dropped';
				state.log?.(`${req.method} ${path} ${status} ${Date.now() - started}ms`);
			});
		}
		route(state, req, res, where).catch((error: unknown) => {
			// A bug in the emulator must not look like a Zoho answer: say so plainly.
			sendJson(
				res,
				500,
				{ error: 'emulator failure', message: (error as Error)?.message ?? String(error) },
				JSON_TYPE,
			);
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			const actualPort = (server.address() as AddressInfo).port;
			where.port = actualPort;
			const url = `http://${publicHost(host)}:${actualPort}`;
			let closing: Promise<void> | undefined;
			resolve({
				server,
				port: actualPort,
				host,
				url,
				close() {
					closing ??= new Promise<void>((done) => {
						state.cancelTimers();
						server.close(() => done());
						server.closeAllConnections();
						for (const socket of sockets) socket.destroy();
					});
					return closing;
				},
			});
		});
	});
}
