/**
 * Checks on values of unknown shape, and how a value appears in a message: one of each, shared by
 * the nodes and the transport. Imports nothing of the package, so anything may import it.
 */
import type { IDataObject } from 'n8n-workflow';

/**
 * A JSON object (not null, not a list), as Zoho's records, results and bodies are. Raw bytes are
 * not: n8n hands over a Buffer for a body it could not read as JSON.
 */
export function isJsonObject(value: unknown): value is IDataObject {
	return (
		typeof value === 'object' &&
		value !== null &&
		!Array.isArray(value) &&
		!(value instanceof Uint8Array)
	);
}

/** Whether `value` is one of `choices` (a dropdown's values, Zoho's codes...). */
export function isOneOf<T extends string>(value: unknown, choices: readonly T[]): value is T {
	return typeof value === 'string' && (choices as readonly string[]).includes(value);
}

/**
 * A number parameter as an expression may give it: a number, or digits as text (" 50 "); NaN
 * for anything else. A list such as [5] is not a number, even if JavaScript agrees.
 */
export function numberOrDigits(value: unknown): number {
	if (typeof value === 'number') return value;
	return typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
}

/** Control characters and the two separators JavaScript reads as line ends. */
const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/gu;

/** Whether text holds a control character or a line separator. */
export function hasControlCharacters(text: string): boolean {
	return text.search(CONTROL_CHARACTERS) !== -1;
}

/**
 * Text as it may appear in a message: on one line (each control character replaced by
 * `replacement`), at most `maxLength` characters, a longer text cut and ending in "...".
 */
export function forMessage(text: string, maxLength: number, replacement: string): string {
	const line = text.replace(CONTROL_CHARACTERS, replacement);
	return line.length > maxLength ? `${line.slice(0, maxLength - 3)}...` : line;
}

/** A value the user gave, as it may appear in a message: at most 40 characters, one line. */
export function shown(value: string): string {
	return forMessage(value, 40, ' ');
}
