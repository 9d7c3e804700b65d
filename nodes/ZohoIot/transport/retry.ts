import { sleep } from 'n8n-workflow';

import { RETRY, THROTTLED_CODES, THROTTLED_STATUS } from '../constants';
import type { ZohoIotRequest, ZohoResponse } from './types';

/**
 * Connection failures by error code: what happened, in plain words (n8n rewrites messages that
 * contain the raw code); whether the request may be sent again (`resend`); and whether it
 * certainly never reached the server (`neverSent`), so even a create can be sent again without
 * risking a duplicate. A code not listed is not retried.
 */
const NETWORK_FAILURES: Record<string, { words: string; resend: boolean; neverSent?: true }> = {
	ECONNRESET: { words: 'the connection was dropped', resend: true },
	EPIPE: { words: 'the connection was dropped', resend: true },
	ETIMEDOUT: { words: 'the request timed out', resend: true },
	ECONNABORTED: { words: 'the request timed out', resend: true },
	ESOCKETTIMEDOUT: { words: 'the request timed out', resend: true },
	ERR_SOCKET_CONNECTION_TIMEOUT: { words: 'the request timed out', resend: true },
	ECONNREFUSED: { words: 'the connection was refused', resend: true, neverSent: true },
	ENOTFOUND: { words: 'the host was not found', resend: false },
	EAI_AGAIN: { words: 'the host was not found', resend: true, neverSent: true },
};

function networkFailure(code: string | undefined) {
	return code !== undefined && Object.prototype.hasOwnProperty.call(NETWORK_FAILURES, code)
		? NETWORK_FAILURES[code]
		: undefined;
}

export function networkErrorCode(error: unknown): string | undefined {
	const candidate = error as { code?: unknown; cause?: { code?: unknown }; message?: unknown };
	const code = candidate?.code ?? candidate?.cause?.code;
	if (typeof code === 'string') return code;
	if (typeof candidate?.message === 'string' && /socket hang up/i.test(candidate.message))
		return 'ECONNRESET';
	return undefined;
}

/** A connection failure in words, for the error message; undefined for a code not listed. */
export function networkFailureWords(code: string | undefined): string | undefined {
	return networkFailure(code)?.words;
}

export function wasNeverSent(code: string | undefined): boolean {
	return networkFailure(code)?.neverSent === true;
}

/** A POST that creates: never sent twice. A read sent as POST (`read`) is safe to repeat. */
export function isCreate(request: ZohoIotRequest): boolean {
	return request.method === 'POST' && request.read !== true;
}

/**
 * Whether a request whose connection failed with `code` may be sent again: a transient failure,
 * and, for a create, only when Zoho certainly did not receive it, so it never lands twice.
 */
export function mayResendAfter(code: string | undefined, request: ZohoIotRequest): boolean {
	return networkFailure(code)?.resend === true && (!isCreate(request) || wasNeverSent(code));
}

export function isThrottled(response: ZohoResponse): boolean {
	const code = (response.body as { code?: unknown } | undefined)?.code;
	return (
		response.statusCode === THROTTLED_STATUS ||
		(typeof code === 'string' && THROTTLED_CODES.includes(code))
	);
}

/**
 * Whether Zoho's response is one to send again after a wait: throttling, or a 5xx of a request
 * that is safe to repeat (a create's 5xx is never sent again: Zoho may have created the record).
 */
export function isRetryableResponse(response: ZohoResponse, request: ZohoIotRequest): boolean {
	return isThrottled(response) || (response.statusCode >= 500 && !isCreate(request));
}

/** Retry-After in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const trimmed = String(text).trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before retry number `retry` (0-based): exponential backoff with full jitter,
 * and never less than the server's Retry-After when it sent one.
 */
export function backoffDelayMs(
	retry: number,
	retryAfterMs: number | undefined,
	random = Math.random,
): number {
	const ceiling = Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** retry);
	const jittered = Math.floor(random() * ceiling);
	return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}

/**
 * The retries of one request: at most RETRY.maxRetries after the first attempt, and every
 * attempt, wait and retry within RETRY.maxRequestTimeMs (docs/operations.md#time-limits).
 */
export class RetryBudget {
	/** Retries made so far. */
	retries = 0;

	private readonly deadline = Date.now() + RETRY.maxRequestTimeMs;

	/** The timeout of the next attempt: the per-attempt limit, or what is left of the budget. */
	attemptTimeoutMs(): number {
		return Math.max(1, Math.min(RETRY.requestTimeoutMs, this.deadline - Date.now()));
	}

	/** Waits before the next attempt when the budget allows it; false when it does not. */
	async waitToRetry(retryAfterMs: number | undefined): Promise<boolean> {
		if (this.retries >= RETRY.maxRetries) return false;
		const delay = backoffDelayMs(this.retries, retryAfterMs);
		if (Date.now() + delay >= this.deadline) return false;
		this.retries++;
		await sleep(delay);
		return true;
	}
}
