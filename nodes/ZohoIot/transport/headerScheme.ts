/**
 * Which Authorization scheme Zoho accepts for a credential, found out on the first rejection.
 *
 * Zoho IoT's OAuth guide writes `Zoho-authtoken` (the credential's default), every API reference
 * page `Zoho-oauthtoken` (constants.ts, HEADER_SCHEMES). Zoho answers a token sent under a scheme
 * it does not take exactly as it answers an expired one, so a rejection alone cannot say which it
 * was. Refreshing first would spend a token request on a token that is fine (Zoho allows 10 per
 * 10 minutes): instead the rejected request is sent once more with the other scheme and the same
 * token. If that one is accepted, the credential's scheme was the problem: the other scheme is
 * used from then on, for this credential in this process, and the user is told once per run to
 * set it. If it is rejected too, the token really expired and is refreshed as before.
 *
 * The cost: one extra request, only until Zoho has accepted a request of the credential under
 * some scheme (the usual case: a process's first request with a token that expired). From then
 * on a rejection is an expiry and nothing is probed. No token request is ever made for a probe.
 * Until then the credential's requests go one at a time (waitForFirstAnswer), so many items
 * starting together meet one rejection, not one each.
 * The memory is per process (n8n's main process, or each queue-mode worker): a worker that
 * starts learns it again at the same cost.
 */
import type { NodeExecutionHint } from 'n8n-workflow';

import { type HeaderScheme } from '../constants';
import { perExecution } from './perExecution';
import type { ZohoIotContext } from './types';

/** The scheme tried when Zoho rejects a token under the credential's own. */
export const OTHER_SCHEME: Record<HeaderScheme, HeaderScheme> = {
	'Zoho-authtoken': 'Zoho-oauthtoken',
	'Zoho-oauthtoken': 'Zoho-authtoken',
	Bearer: 'Zoho-oauthtoken',
};

interface Learned {
	/** The scheme the credential names; what was learned holds only while it stays the same. */
	configured: HeaderScheme;
	/** The scheme Zoho accepted a request of this credential with. */
	accepted: HeaderScheme;
}

/** Per credential: the scheme Zoho accepted, once it accepted one. */
const learned = new Map<string, Learned>();
/**
 * Per credential: the token last sent under the other scheme, and the probe of it still on its
 * way. Requests rejected while it is on its way wait for its answer instead of probing too.
 */
const probes = new Map<
	string,
	{ token: string; configured: HeaderScheme; settled: Promise<void>; settle: () => void }
>();

/** Per credential: the request sent while no scheme is known yet, which the others wait for. */
const firstRequests = new Map<string, { done: Promise<void>; end: () => void }>();

/**
 * Waits while another request of the credential is out with no scheme known yet; returns the
 * function that ends this request's turn when this one goes first, undefined once a scheme is
 * known (then requests go as many at a time as the node allows).
 */
export async function waitForFirstAnswer(
	key: string,
	configured: HeaderScheme,
): Promise<(() => void) | undefined> {
	for (;;) {
		if (isSettled(key, configured)) return undefined;
		const first = firstRequests.get(key);
		if (!first) break;
		await first.done;
	}
	let end = () => {};
	const done = new Promise<void>((resolve) => (end = resolve));
	const turn = { done, end };
	firstRequests.set(key, turn);
	return () => {
		if (firstRequests.get(key) === turn) firstRequests.delete(key);
		end();
	};
}

/** The scheme to send for a credential naming `configured`. */
export function schemeFor(key: string, configured: HeaderScheme): HeaderScheme {
	const entry = learned.get(key);
	return entry?.configured === configured ? entry.accepted : configured;
}

/** Whether a scheme Zoho accepted for this credential is known; then a rejection is an expiry. */
function isSettled(key: string, configured: HeaderScheme): boolean {
	return learned.get(key)?.configured === configured;
}

/**
 * Zoho accepted a request sent with `scheme` (it answered anything but a token rejection).
 * Returns true when that is news: the other scheme than the credential's works.
 */
export function schemeAccepted(
	key: string,
	configured: HeaderScheme,
	scheme: HeaderScheme,
): boolean {
	const before = learned.get(key);
	if (before?.configured === configured && before.accepted === scheme) return false;
	learned.set(key, { configured, accepted: scheme });
	// Requests waiting for the first answer may go now, with the scheme it found.
	firstRequests.get(key)?.end();
	const probe = probes.get(key);
	if (probe) {
		probes.delete(key);
		probe.settle();
	}
	return scheme !== configured;
}

/**
 * What to do when Zoho rejected `token` sent with `scheme`:
 * - `{ probe }`: send the request once more with that scheme (this request is the probe);
 * - `{ retry: true }`: another request's probe found the scheme that works: send again with it;
 * - `{}`: the token itself is rejected: refresh it.
 */
export async function afterRejection(
	key: string,
	configured: HeaderScheme,
	token: string,
	scheme: HeaderScheme,
): Promise<{ probe?: HeaderScheme; retry?: boolean }> {
	// A scheme that worked before, or a request that just was the probe: the token is the problem.
	if (isSettled(key, configured) && schemeFor(key, configured) === scheme) return {};
	if (isSettled(key, configured)) return { retry: true };
	const probe = probes.get(key);
	if (probe && probe.token === token && probe.configured === configured) {
		if (scheme !== configured) {
			// This was the probe, and Zoho rejected it too: the token expired. Let the waiting go.
			probe.settle();
			return {};
		}
		await probe.settled;
		return isSettled(key, configured) ? { retry: true } : {};
	}
	if (scheme !== configured) return {};
	let settle = () => {};
	const settled = new Promise<void>((resolve) => (settle = resolve));
	probes.set(key, { token, configured, settled, settle });
	return { probe: OTHER_SCHEME[configured] };
}

/**
 * A probe ended without an answer from Zoho (a dropped connection, a redirect): requests waiting
 * for it go on to the refresh, as they would have without it.
 */
export function probeAbandoned(key: string, token: string): void {
	const probe = probes.get(key);
	if (probe?.token === token) probe.settle();
}

const toldInRun = perExecution<true>();

/**
 * Tells the user, once per run of the node, that Zoho took the other scheme and which one to set:
 * as a hint above the node's output where n8n shows hints, and in n8n's log otherwise (the
 * trigger's polls have no output hints).
 */
export function tellSchemeLearned(
	context: ZohoIotContext,
	configured: HeaderScheme,
	accepted: HeaderScheme,
): void {
	const { key, values } = toldInRun(context);
	if (values.has(key)) return;
	values.set(key, true);
	const message = `Zoho IoT rejected the access token under the "${configured}" Authorization header scheme and accepted it under "${accepted}". The node uses "${accepted}" for this credential until n8n restarts: open the credential and set Authorization Header Scheme to "${accepted}" to skip the extra request after a restart.`;
	const withHints = context as { addExecutionHints?: (...hints: NodeExecutionHint[]) => void };
	if (typeof withHints.addExecutionHints === 'function') {
		withHints.addExecutionHints({ message, type: 'warning', location: 'outputPane' });
	} else {
		context.logger?.warn(message);
	}
}

/** For tests: forget every learned scheme and probe. */
export function forgetLearnedSchemes(): void {
	learned.clear();
	for (const first of firstRequests.values()) first.end();
	firstRequests.clear();
	for (const probe of probes.values()) probe.settle();
	probes.clear();
}
