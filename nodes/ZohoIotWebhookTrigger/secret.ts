/**
 * The shared-secret check. Both values are hashed first so the comparison always looks at 32
 * bytes: `timingSafeEqual` then takes the same time whatever the caller sent, and the time does
 * not even reveal the secret's length.
 */
import { createHash, timingSafeEqual } from 'crypto';

/** Shorter secrets are refused by the credential test: guessable by brute force over HTTP. */
export const MIN_SECRET_LENGTH = 24;

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Whether `received` is exactly the configured secret. A repeated parameter (an array) is not. */
export function secretMatches(expected: string, received: unknown): boolean {
	const candidate = typeof received === 'string' ? received : '';
	const same = timingSafeEqual(digest(expected), digest(candidate));
	return same && expected.length > 0 && typeof received === 'string';
}

/** Why a secret is too weak to guard a public URL, or undefined when it is fine. */
export function secretWeakness(secret: unknown): string | undefined {
	if (typeof secret !== 'string' || secret.trim() === '') return 'The secret is empty.';
	if (secret !== secret.trim()) return 'The secret starts or ends with a space.';
	if (secret.length < MIN_SECRET_LENGTH)
		return `The secret has ${secret.length} characters; use at least ${MIN_SECRET_LENGTH} random ones.`;
	return undefined;
}
