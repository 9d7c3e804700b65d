import { RETRY, THROTTLED_CODES, THROTTLED_STATUS } from '../constants';
import type { ZohoResponse } from './types';

/** Connection failures after which the request may be sent again. */
const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'ECONNREFUSED',
	'EAI_AGAIN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/**
 * Connection failures where the request certainly never reached the server, so even a create
 * can be sent again without risking a duplicate.
 */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN']);

export function networkErrorCode(error: unknown): string | undefined {
	const candidate = error as { code?: unknown; cause?: { code?: unknown }; message?: unknown };
	const code = candidate?.code ?? candidate?.cause?.code;
	if (typeof code === 'string') return code;
	if (typeof candidate?.message === 'string' && /socket hang up/i.test(candidate.message)) return 'ECONNRESET';
	return undefined;
}

export function isTransientNetworkError(code: string | undefined): boolean {
	return code !== undefined && TRANSIENT_NETWORK_CODES.has(code);
}

export function wasNeverSent(code: string | undefined): boolean {
	return code !== undefined && NEVER_SENT_CODES.has(code);
}

export function isThrottled(response: ZohoResponse): boolean {
	const code = (response.body as { code?: unknown } | undefined)?.code;
	return response.statusCode === THROTTLED_STATUS || (typeof code === 'string' && THROTTLED_CODES.includes(code));
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
export function backoffDelayMs(retry: number, retryAfterMs: number | undefined, random = Math.random): number {
	const ceiling = Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** retry);
	const jittered = Math.floor(random() * ceiling);
	return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}
