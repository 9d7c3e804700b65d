/**
 * Redaction: every secret the run has seen, in every form it can take, out of every field an
 * error carries.
 *
 * A token can reach an error's text verbatim (Zoho echoes it), URL-encoded (a token endpoint
 * echoing the form body), in base64 (an HTTP Basic header, alone or as client_id:client_secret),
 * after a scheme ("Zoho-oauthtoken ..."), or cut short by a preview. And the token a run holds
 * changes when it is refreshed, so the redactor knows every secret seen for the credential, not
 * only the ones the item read.
 */
import type { INode } from 'n8n-workflow';
import { ExecutionBaseError, NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE, MIN_SECRET_FRAGMENT } from '../constants';
import type { ZohoIotCredentials, ZohoTokenData } from './types';

/** The credential a node uses, as a key for per-credential state (refreshes, seen secrets). */
export function credentialKey(node: INode): string {
	const reference = node.credentials?.[CREDENTIAL_TYPE];
	return reference?.id ?? reference?.name ?? `${node.id}:${node.name}`;
}

/** At most this many secrets are kept per credential: the newest ones, a run's worth of refreshes. */
const MAX_SECRETS_PER_CREDENTIAL = 32;
const seenSecrets = new Map<string, string[]>();

/** Remembers secrets (tokens, client secret) for this credential, e.g. a freshly refreshed token. */
export function rememberSecrets(key: string, ...values: unknown[]): void {
	const known = seenSecrets.get(key) ?? [];
	for (const value of values) {
		if (typeof value !== 'string' || value.length < 4 || known.includes(value)) continue;
		known.push(value);
	}
	seenSecrets.set(key, known.slice(-MAX_SECRETS_PER_CREDENTIAL));
}

/** Remembers what a credential (and the token data n8n returned) holds. */
export function rememberCredentialSecrets(
	key: string,
	credentials?: ZohoIotCredentials,
	tokenData?: ZohoTokenData,
): void {
	rememberSecrets(
		key,
		credentials?.clientSecret,
		credentials?.oauthTokenData?.access_token,
		credentials?.oauthTokenData?.refresh_token,
		tokenData?.access_token,
		tokenData?.refresh_token,
	);
	const clientId = credentials?.clientId;
	if (typeof clientId === 'string' && typeof credentials?.clientSecret === 'string') {
		// HTTP Basic client authentication, whole (the id alone is not secret).
		rememberSecrets(key, Buffer.from(`${clientId}:${credentials.clientSecret}`).toString('base64'));
	}
}

const base64 = (bytes: Buffer) => bytes.toString('base64');
const base64Url = (text: string) => text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * The parts of base64 text that encode `secret` whatever its byte offset in a longer string
 * (0, 1 or 2 modulo 3): characters mixed with neighbouring bytes are left out.
 */
function base64Cores(secret: string): string[] {
	const bytes = Buffer.from(secret);
	const cores: string[] = [];
	for (let offset = 0; offset < 3; offset++) {
		const encoded = base64(Buffer.concat([Buffer.alloc(offset), bytes]));
		const start = offset === 0 ? 0 : 4;
		const end = (offset + bytes.length) % 3 === 0 ? encoded.length : encoded.length - 4;
		if (end > start) cores.push(encoded.slice(start, end));
	}
	return cores;
}

/** Every form a secret can take in a text. */
export function secretForms(secret: string): string[] {
	const uriEncoded = encodeURIComponent(secret);
	const forms = [
		secret,
		uriEncoded,
		uriEncoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
		uriEncoded.replace(/%20/g, '+'),
		JSON.stringify(secret).slice(1, -1),
		...base64Cores(secret).flatMap((core) => [core, base64Url(core)]),
	];
	return [...new Set(forms)].filter((form) => form.length >= 4);
}

function redactForms(text: string, forms: string[]): string {
	const hidden = new Uint8Array(text.length);
	let any = false;
	for (const form of forms) {
		// Whole short secrets only; longer ones also as any cut piece of MIN_SECRET_FRAGMENT or more.
		if (form.length < MIN_SECRET_FRAGMENT) {
			for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) {
				hidden.fill(1, at, at + form.length);
				any = true;
			}
			continue;
		}
		for (let start = 0; start + MIN_SECRET_FRAGMENT <= form.length; start++) {
			const piece = form.slice(start, start + MIN_SECRET_FRAGMENT);
			for (let at = text.indexOf(piece); at !== -1; at = text.indexOf(piece, at + 1)) {
				let end = at + MIN_SECRET_FRAGMENT;
				while (
					end < text.length &&
					start + (end - at) < form.length &&
					text[end] === form[start + (end - at)]
				)
					end++;
				hidden.fill(1, at, end);
				any = true;
			}
		}
	}
	if (!any) return text;
	let result = '';
	for (let i = 0; i < text.length; i++) {
		if (!hidden[i]) result += text[i];
		else if (i === 0 || !hidden[i - 1]) result += '[redacted]';
	}
	return result;
}

/** A function that redacts every secret given, and anything shaped like a Zoho token. */
export function redactorFor(secrets: string[]): (text: string) => string {
	const forms = [
		...new Set(secrets.filter((s) => typeof s === 'string' && s.length >= 4).flatMap(secretForms)),
	];
	// Longest first, so a whole secret is matched before its shorter encodings.
	forms.sort((a, b) => b.length - a.length);
	return (text: string) =>
		redactForms(String(text), forms)
			// Anything that still looks like a Zoho token (1000.<hex>.<hex>) or an Authorization value.
			.replace(/\b1000\.[0-9a-f]{16,}\.[0-9a-f]{16,}\b/gi, '[redacted]')
			.replace(
				/(Zoho-authtoken|Zoho-oauthtoken|Bearer|Basic)(\s+|%20|\+)[A-Za-z0-9._~+/=%-]{16,}/gi,
				'$1 [redacted]',
			);
}

/** The redactor for a credential: what it holds now and every secret seen for it before. */
export function credentialRedactor(
	key: string | undefined,
	credentials?: ZohoIotCredentials,
): (text: string) => string {
	if (key !== undefined) rememberCredentialSecrets(key, credentials);
	const secrets = [
		...(key !== undefined ? (seenSecrets.get(key) ?? []) : []),
		credentials?.clientSecret,
		credentials?.oauthTokenData?.access_token,
		credentials?.oauthTokenData?.refresh_token,
	].filter((secret): secret is string => typeof secret === 'string');
	return redactorFor(secrets);
}

const MAX_SCRUB_DEPTH = 8;

/** A copy of a value with every string redacted; errors become plain { name, message }. */
function scrubValue(
	value: unknown,
	redact: (text: string) => string,
	depth: number,
	seen: WeakSet<object>,
): unknown {
	if (typeof value === 'string') return redact(value);
	if (typeof value !== 'object' || value === null) return value;
	if (seen.has(value) || depth > MAX_SCRUB_DEPTH) return '[omitted]';
	seen.add(value);
	if (value instanceof Error) {
		return { name: value.name, message: redact(value.message) };
	}
	if (Array.isArray(value)) return value.map((entry) => scrubValue(entry, redact, depth + 1, seen));
	return Object.fromEntries(
		Object.entries(value as Record<string, unknown>).map(([name, entry]) => [
			name,
			scrubValue(entry, redact, depth + 1, seen),
		]),
	);
}

/**
 * The error with every field n8n stores or prints redacted: message, description, stack,
 * context, cause, errorResponse, messages, and whatever else it carries (util.inspect shows
 * them all). Errors that are not n8n's become a NodeOperationError with redacted words only.
 */
export function scrubError(
	error: unknown,
	redact: (text: string) => string,
	node: INode,
	itemIndex?: number,
): Error {
	if (!(error instanceof ExecutionBaseError)) {
		const message = redact(String((error as Error)?.message ?? error));
		return new NodeOperationError(node, message, { itemIndex });
	}
	const fields = error as unknown as Record<string, unknown>;
	for (const name of Object.keys(fields)) {
		// The node is the workflow's own (parameters, credential names), not a response from anywhere.
		if (name === 'node') continue;
		fields[name] = scrubValue(fields[name], redact, 0, new WeakSet());
	}
	error.message = redact(error.message);
	if (typeof error.stack === 'string') error.stack = redact(error.stack);
	return error;
}
