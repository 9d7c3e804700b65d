/**
 * A local emulator of Zoho Accounts (OAuth) and Zoho IoT REST (/iot/v1), for the demo,
 * the end-to-end tests and the benchmarks. See README.md.
 *
 *   const emulator = await startEmulator({ devices: 1000 });
 *   ... point a credential at emulator.url ...
 *   await emulator.stop();
 */
import { chatMessages } from './chat';
import { listen } from './server';
import { EmulatorState, validatePatch } from './state';
import type { EmulatorCounters, EmulatorOptions, RunningEmulator } from './types';

export { DEFAULT_CLIENT, DEFAULT_SCOPE } from './state';
export { ZOHO_BEHAVIOUR, type ZohoBehaviour, type ApiError } from './zoho-behaviour';
export { CUSTOM_VIEWS, MODELS } from './data';
export { PROFILES, PROFILE_NAMES, type ProfileName } from './profiles';
export type {
	EmulatorClient,
	EmulatorCounters,
	EmulatorOptions,
	FaultOptions,
	IssuedTokens,
	IssueTokensOptions,
	ResetOptions,
	RunningEmulator,
	TokenExchange,
} from './types';

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
	const host = options.host ?? '127.0.0.1';
	const port = options.port ?? 0;
	const problems = validatePatch(options, { port, host });
	if (problems.length > 0) throw new Error(`invalid emulator options: ${problems.join('; ')}`);

	const state = new EmulatorState(options);
	const listening = await listen(state, port, host);
	state.baseUrl = listening.url;

	return {
		url: listening.url,
		// The credential needs the scheme: plain http is only accepted when written out, for loopback.
		applicationDomain: listening.url,
		stop: () => listening.close(),
		counters: () => state.snapshotCounters(),
		reset: (o) => state.reset(o),
		configure(patch) {
			const problems = validatePatch(patch, { port: listening.port, host });
			if (problems.length > 0) throw new Error(`invalid emulator settings: ${problems.join('; ')}`);
			state.configure(patch);
		},
		issueTokens: (o) => state.issueTokens(o),
		revokeRefreshToken: (token) => state.revokeRefreshToken(token),
		expireAccessTokens: () => state.expireAccessTokens(),
		accessTokenUse: (token) => state.accessTokenUse(token),
		records: (module) => state.records(module),
		chat: (channel) =>
			chatMessages(state, channel).map(({ body, at }) => ({
				body: body as Record<string, unknown>,
				at,
			})),
	};
}

/** How many requests of `route` (e.g. `GET /devices`) Zoho answered between two counter snapshots. */
export function requestsBetween(
	before: EmulatorCounters,
	after: EmulatorCounters,
	route: string,
): number {
	return (after.apiRequests.byRoute[route] ?? 0) - (before.apiRequests.byRoute[route] ?? 0);
}
