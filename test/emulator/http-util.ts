/** Small helpers over node:http: reading bodies, answering JSON and HTML. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Bodies above this are refused: the emulator is for tests, not for uploads. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY_BYTES) throw new BodyTooLargeError('body too large');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** Parses a form-encoded body; other content types give no parameters (as Zoho reads only forms). */
export function parseForm(req: IncomingMessage, body: string): URLSearchParams {
	const type = (req.headers['content-type'] ?? '').toLowerCase();
	if (type.includes('application/x-www-form-urlencoded') || (type === '' && body.includes('='))) {
		return new URLSearchParams(body);
	}
	return new URLSearchParams();
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	contentType: string,
	headers: Record<string, string> = {},
): void {
	if (res.headersSent || res.destroyed) return;
	// Answering before the request body was read would leave it in the socket; drain it so
	// the keep-alive connection stays usable.
	res.req?.resume();
	if (status === 204) {
		res.writeHead(204, headers);
		res.end();
		return;
	}
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': contentType,
		'content-length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
	if (res.headersSent || res.destroyed) return;
	res.req?.resume();
	res.writeHead(status, {
		'content-type': 'text/html; charset=utf-8',
		'content-length': Buffer.byteLength(html),
	});
	res.end(html);
}

export function redirect(res: ServerResponse, location: string): void {
	if (res.headersSent || res.destroyed) return;
	res.req?.resume();
	res.writeHead(302, { location, 'content-length': 0 });
	res.end();
}

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A plain HTML page: the consent page and the error pages share it. */
export function page(title: string, bodyHtml: string): string {
	return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto;">
${bodyHtml}
<p style="color: #888; font-size: small;">Zoho IoT emulator (local, for tests and demos)</p>
</body>
</html>
`;
}
