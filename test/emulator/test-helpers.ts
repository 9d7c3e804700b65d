/** Helpers shared by the emulator's own tests (real HTTP over loopback with Node's fetch). */
import { DEFAULT_CLIENT } from './state';
import type { RunningEmulator } from './types';

export const CLIENT_ID = DEFAULT_CLIENT.clientId;
export const CLIENT_SECRET = DEFAULT_CLIENT.clientSecret;
export const REDIRECT_URI = 'http://localhost:5678/rest/oauth2-credential/callback';

export interface AuthorizeParams {
	client_id?: string;
	redirect_uri?: string;
	scope?: string;
	response_type?: string;
	state?: string;
	access_type?: string;
	prompt?: string;
}

export function authorizeUrl(emulator: RunningEmulator, params: AuthorizeParams = {}): string {
	const query = new URLSearchParams({
		client_id: CLIENT_ID,
		redirect_uri: REDIRECT_URI,
		scope: 'ZohoIOT.modules.devices.ALL,ZohoIOT.modules.assets.ALL',
		response_type: 'code',
		access_type: 'offline',
		prompt: 'consent',
		state: 'state-123',
		...params,
	});
	return `${emulator.url}/oauth/v2/auth?${query}`;
}

/**
 * Walks the consent flow like a browser: opens the authorize URL and, when the consent page
 * shows, submits its form with the Accept button. Returns the URL Zoho redirects back to.
 */
export async function consent(
	emulator: RunningEmulator,
	params: AuthorizeParams = {},
	decision = 'accept',
): Promise<URL> {
	const first = await fetch(authorizeUrl(emulator, params), { redirect: 'manual' });
	if (first.status === 302) return new URL(first.headers.get('location')!);
	const html = await first.text();
	if (first.status !== 200) throw new Error(`authorize failed: ${first.status} ${html}`);
	const requestId = /name="request" value="([^"]+)"/.exec(html)?.[1];
	if (!requestId) throw new Error('no consent form in the page');
	const approve = await fetch(`${emulator.url}/oauth/v2/auth/approve`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ request: requestId, decision }).toString(),
		redirect: 'manual',
	});
	if (approve.status !== 302) throw new Error(`approve failed: ${approve.status}`);
	return new URL(approve.headers.get('location')!);
}

export async function tokenRequest(
	emulator: RunningEmulator,
	params: Record<string, string>,
	where: 'body' | 'query' = 'body',
): Promise<{ status: number; body: Record<string, unknown> }> {
	const form = new URLSearchParams(params).toString();
	const response =
		where === 'body'
			? await fetch(`${emulator.url}/oauth/v2/token`, {
					method: 'POST',
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					body: form,
				})
			: await fetch(`${emulator.url}/oauth/v2/token?${form}`, { method: 'POST' });
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function exchangeCode(
	emulator: RunningEmulator,
	code: string,
	extra: Record<string, string> = {},
) {
	return tokenRequest(emulator, {
		grant_type: 'authorization_code',
		code,
		client_id: CLIENT_ID,
		client_secret: CLIENT_SECRET,
		redirect_uri: REDIRECT_URI,
		...extra,
	});
}

export async function refresh(
	emulator: RunningEmulator,
	refreshToken: string,
	extra: Record<string, string> = {},
) {
	return tokenRequest(emulator, {
		grant_type: 'refresh_token',
		refresh_token: refreshToken,
		client_id: CLIENT_ID,
		client_secret: CLIENT_SECRET,
		...extra,
	});
}

export interface ApiAnswer {
	status: number;
	headers: Headers;
	// The tests check answers field by field with expect(); typing each Zoho body buys nothing here.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any;
}

/** One /iot/v1 call; `token` undefined sends no Authorization header. */
export async function api(
	emulator: RunningEmulator,
	method: string,
	path: string,
	token: string | undefined,
	options: { scheme?: string; body?: unknown } = {},
): Promise<ApiAnswer> {
	const headers: Record<string, string> = {};
	if (token !== undefined) headers.authorization = `${options.scheme ?? 'Zoho-authtoken'} ${token}`;
	if (options.body !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(`${emulator.url}/iot/v1${path}`, {
		method,
		headers,
		body: options.body === undefined ? undefined : JSON.stringify(options.body),
	});
	const text = await response.text();
	return {
		status: response.status,
		headers: response.headers,
		body: text ? JSON.parse(text) : undefined,
	};
}

export async function control(
	emulator: RunningEmulator,
	method: 'GET' | 'POST',
	path: string,
	body?: unknown,
): Promise<ApiAnswer> {
	const response = await fetch(`${emulator.url}/__emulator${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, headers: response.headers, body: await response.json() };
}
