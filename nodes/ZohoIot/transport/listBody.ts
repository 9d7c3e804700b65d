/**
 * A list page's body read from its bytes, record by record, instead of as one string.
 *
 * n8n's helper reads a JSON body as one Buffer, then one string, then one JSON.parse. For a list
 * page the transport asks for the bytes instead and parses each record of the module's array from
 * its own slice, so the page never exists as one string. Anything this reader does not expect (an
 * error body, HTML, a body that is not JSON) is read exactly as n8n's helper reads it: the whole
 * text, JSON.parse'd, or the text itself when it is not JSON.
 *
 * Why, as measured in real n8n (docs/benchmarks.md, "Where the memory goes"): not the page text
 * itself (200 records are about 80 KB, an ordinary string), but that V8 counts the page's bytes as
 * external memory while its records are parsed. On n8n 1.x that makes V8 run a full collection
 * during a long Return All ("external memory pressure"), which n8n's own garbage otherwise waits
 * for: 88 to 111 MB peak for 50,000 devices instead of 279 to 293. On 2.x it changes nothing
 * measurable, and costs no throughput on either line.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** Something the record-by-record reader does not handle: the whole body is read instead. */
class Unexpected extends Error {}

function isWhitespace(byte: number): boolean {
	return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** The body as n8n's helper (axios) makes it from these bytes: parsed JSON, else the text. */
export function bodyAsN8nReadsIt(bytes: Uint8Array): unknown {
	let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	if (text === '') return text;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** Reads one JSON value's extent from `start`, checked by JSON.parse later; returns its end. */
class Scanner {
	private readonly buffer: Buffer;
	position: number;

	constructor(bytes: Uint8Array) {
		this.buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		this.position = 0;
		// A byte order mark is dropped, as n8n's helper drops it.
		if (this.buffer[0] === 0xef && this.buffer[1] === 0xbb && this.buffer[2] === 0xbf)
			this.position = 3;
	}

	skipWhitespace(): void {
		const { buffer } = this;
		while (this.position < buffer.length && isWhitespace(buffer[this.position])) this.position++;
	}

	/** The next byte after whitespace, consumed when it is `expected`. */
	take(expected: number): boolean {
		this.skipWhitespace();
		if (this.buffer[this.position] !== expected) return false;
		this.position++;
		return true;
	}

	expect(expected: number): void {
		if (!this.take(expected)) throw new Unexpected();
	}

	atEnd(): boolean {
		this.skipWhitespace();
		return this.position >= this.buffer.length;
	}

	peek(): number {
		this.skipWhitespace();
		return this.buffer[this.position];
	}

	/** The end of the string starting at `position` (just after its closing quote). */
	private stringEnd(start: number): number {
		const { buffer } = this;
		let at = start + 1;
		for (;;) {
			const quote = buffer.indexOf(QUOTE, at);
			if (quote < 0) throw new Unexpected();
			let backslashes = 0;
			while (buffer[quote - 1 - backslashes] === BACKSLASH) backslashes++;
			if (backslashes % 2 === 0) return quote + 1;
			at = quote + 1;
		}
	}

	/**
	 * The next value's slice, parsed: an object or array up to its matching bracket, a string up
	 * to its closing quote, anything else up to the next comma or closing bracket. JSON.parse
	 * checks what lies between.
	 */
	value(): unknown {
		this.skipWhitespace();
		const { buffer } = this;
		const start = this.position;
		let at = start;
		const first = buffer[at];
		if (first === QUOTE) {
			at = this.stringEnd(at);
		} else if (first === OPEN_OBJECT || first === OPEN_ARRAY) {
			let depth = 0;
			for (;;) {
				if (at >= buffer.length) throw new Unexpected();
				const byte = buffer[at];
				if (byte === QUOTE) {
					at = this.stringEnd(at);
					continue;
				}
				if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth++;
				else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
					depth--;
					if (depth === 0) {
						at++;
						break;
					}
				}
				at++;
			}
		} else {
			while (
				at < buffer.length &&
				buffer[at] !== COMMA &&
				buffer[at] !== CLOSE_OBJECT &&
				buffer[at] !== CLOSE_ARRAY &&
				!isWhitespace(buffer[at])
			)
				at++;
		}
		if (at === start) throw new Unexpected();
		this.position = at;
		return JSON.parse(buffer.toString('utf8', start, at)) as unknown;
	}
}

/** The module's array, one record's slice parsed at a time. */
function readArray(scanner: Scanner): unknown[] {
	const values: unknown[] = [];
	scanner.expect(OPEN_ARRAY);
	if (scanner.take(CLOSE_ARRAY)) return values;
	for (;;) {
		values.push(scanner.value());
		if (scanner.take(CLOSE_ARRAY)) return values;
		scanner.expect(COMMA);
	}
}

/** A JSON object at the top level, with `module`'s array read record by record. */
function readPage(scanner: Scanner, module: string): Record<string, unknown> {
	const body: Record<string, unknown> = {};
	scanner.expect(OPEN_OBJECT);
	if (!scanner.take(CLOSE_OBJECT)) {
		for (;;) {
			if (scanner.peek() !== QUOTE) throw new Unexpected();
			const key = scanner.value() as string;
			// An own "__proto__" key cannot be assigned like the others: JSON.parse reads it.
			if (key === '__proto__') throw new Unexpected();
			scanner.expect(COLON);
			body[key] =
				key === module && scanner.peek() === OPEN_ARRAY ? readArray(scanner) : scanner.value();
			if (scanner.take(CLOSE_OBJECT)) break;
			scanner.expect(COMMA);
		}
	}
	if (!scanner.atEnd()) throw new Unexpected();
	return body;
}

/**
 * A list page's body from its bytes: the same value n8n's helper would have made of them
 * (bodyAsN8nReadsIt), without making the page one string when it is a JSON object. Anything
 * else that is not bytes (a helper that already parsed the body) is returned as it is.
 */
export function listBodyFromBytes(bytes: unknown, module: string): unknown {
	if (!(bytes instanceof Uint8Array)) return bytes;
	const scanner = new Scanner(bytes);
	if (scanner.peek() !== OPEN_OBJECT) return bodyAsN8nReadsIt(bytes);
	try {
		return readPage(scanner, module);
	} catch {
		// Unexpected, or a slice JSON.parse refused: the whole body, as n8n's helper reads it.
		return bodyAsN8nReadsIt(bytes);
	}
}
