/**
 * A list page read from its bytes, record by record (transport/listBody.ts), must be exactly what
 * n8n's helper makes of the same bytes (one string, one JSON.parse, the text when it is not JSON):
 * same records, same other keys, same error bodies, whatever the page holds. Checked against the
 * helper's own reading (axios, as n8n-core calls it) and against bodies built to break a scanner.
 */
import nock from 'nock';

import { zohoIotListPage } from '../../../nodes/ZohoIot/transport';
import { bodyAsN8nReadsIt, listBodyFromBytes } from '../../../nodes/ZohoIot/transport/listBody';
import { HOST, setUpNock } from '../node/helpers';
import { connectedFixture } from './fixture';

setUpNock();

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** Bodies a scanner could misread: escapes, brackets in strings, nesting, unicode, odd spacing. */
const tricky: Array<[string, string]> = [
	[
		'records with brackets, quotes and escapes in strings',
		String.raw`{"devices":[{"id":"1","name":"a \"}\" b","path":"C:\\","x":"]["},{"id":"2","n":"\\\""}]}`,
	],
	[
		'nested objects and arrays inside records',
		'{"devices":[{"id":"1","tags":[{"k":[1,[2,{"z":{}}]]}],"meta":{"a":{"b":[]}}}]}',
	],
	[
		'unicode, escaped and raw, across the page',
		'{"devices":[{"id":"1","name":"Café ☕ \\u00e9 \\ud83d\\ude00 😀"}],"note":"ünï"}',
	],
	[
		'whitespace everywhere JSON allows it',
		' \r\n\t{ "devices" :\n[ { "id" : "1" } ,\t{"id":"2"}\r\n] , "info" : { "more_records" : false } }\n',
	],
	['an empty list', '{"devices":[]}'],
	['an empty object', '{}'],
	[
		'other keys before and after the list',
		'{"code":0,"devices":[{"id":"1"}],"info":{"more_records":true,"count":1},"flag":null,"n":-1.5e3,"t":true}',
	],
	['the module key twice: the last one wins', '{"devices":[{"id":"1"}],"devices":[{"id":"2"}]}'],
	['the module holding something other than a list', '{"devices":{"id":"1"}}'],
	['entries that are not records', '{"devices":[1,"two",null,[3],true]}'],
	['a "__proto__" key', '{"__proto__":{"polluted":true},"devices":[{"id":"1"}]}'],
	['a "__proto__" key inside a record', '{"devices":[{"id":"1","__proto__":{"x":1}}]}'],
	['a byte order mark', '\ufeff{"devices":[{"id":"1"}]}'],
	['a number key', '{"1":"a","devices":[{"id":"1"}]}'],
];

/** Bodies that are not a JSON object, or not JSON at all: read exactly as the helper reads them. */
const notPages: Array<[string, string]> = [
	['an empty body', ''],
	['whitespace only', '  \n'],
	['an HTML page', '<html><body>Sign in</body></html>'],
	['truncated JSON', '{"devices":[{"id":"4417'],
	['a truncated record', '{"devices":[{"id":"1"},{"id":"2"'],
	['a missing comma between records', '{"devices":[{"id":"1"}{"id":"2"}]}'],
	['a trailing comma', '{"devices":[{"id":"1"},]}'],
	['garbage after the object', '{"devices":[]} trailing'],
	['two objects', '{"devices":[]}{"devices":[]}'],
	['an unterminated string', '{"devices":[{"id":"1}]}'],
	['a raw control character in a string', '{"devices":[{"id":"1\u0001"}]}'],
	['an unquoted key', '{devices:[]}'],
	['single quotes', "{'devices':[]}"],
	['a bare list', '[{"id":"1"}]'],
	['a string', '"devices"'],
	['a number', '42'],
	['null', 'null'],
	['mismatched brackets', '{"devices":[{"id":"1"]]}'],
	['an invalid literal', '{"devices":[tru]}'],
	['invalid UTF-8 bytes', '{"devices":[{"id":"\u00ff"}]}'],
];

describe('a list page read record by record from its bytes', () => {
	it.each([...tricky, ...notPages])('is what n8n would have read for %s', (_name, text) => {
		const expected = bodyAsN8nReadsIt(bytes(text));
		const actual = listBodyFromBytes(bytes(text), 'devices');
		expect(actual).toStrictEqual(expected);
		expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
		if (typeof expected === 'object' && expected !== null)
			expect(Object.getPrototypeOf(actual)).toBe(Object.getPrototypeOf(expected));
	});

	// The reason for reading bytes: the page is never one string (only a top-level "__proto__"
	// key sends a page to the whole-body reading). A scanner that misreads a slice would fall back
	// to it and still give the right answer, so this is what catches it.
	it.each(tricky.filter(([name]) => name !== 'a "__proto__" key'))(
		'never makes the page one string for %s',
		(_name, text) => {
			const parse = jest.spyOn(JSON, 'parse');
			try {
				listBodyFromBytes(bytes(text), 'devices');
				const longest = Math.max(0, ...parse.mock.calls.map(([arg]) => String(arg).length));
				expect(longest).toBeLessThan(text.trim().length);
			} finally {
				parse.mockRestore();
			}
		},
	);

	it('reads the text JSON.parse would read, or the text itself when it is not JSON', () => {
		expect(bodyAsN8nReadsIt(bytes('{"a":[1]}'))).toEqual({ a: [1] });
		expect(bodyAsN8nReadsIt(bytes('<html>'))).toBe('<html>');
		expect(bodyAsN8nReadsIt(bytes(''))).toBe('');
		expect(bodyAsN8nReadsIt(bytes('\ufeff{"a":1}'))).toEqual({ a: 1 });
	});

	it('keeps invalid UTF-8 as n8n does (replacement characters), however the bytes are sliced', () => {
		const broken = Buffer.concat([
			bytes('{"devices":[{"id":"1","name":"'),
			Buffer.from([0xc3, 0x28, 0xe2, 0x82]),
			bytes('"},{"id":"2","name":"'),
			Buffer.from([0xf0, 0x9f, 0x98]),
			bytes('"}]}'),
		]);
		expect(listBodyFromBytes(broken, 'devices')).toStrictEqual(bodyAsN8nReadsIt(broken));
	});

	it('does not pollute any prototype with a "__proto__" key', () => {
		const body = listBodyFromBytes(
			bytes('{"__proto__":{"polluted":true},"devices":[]}'),
			'devices',
		);
		expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
		expect(Object.keys(body as object)).toEqual(['__proto__', 'devices']);
	});

	it('reads every page size up to 200 records like the helper, and a sub-array of Bytes too', () => {
		const records = Array.from({ length: 200 }, (_, i) => ({
			id: String(4417000000100000000 + i),
			name: `Device "${i}" {x}`,
			tags: [i, { nested: [i % 3] }],
		}));
		const page = bytes(JSON.stringify({ devices: records, info: { more_records: true } }));
		expect(listBodyFromBytes(page, 'devices')).toStrictEqual(JSON.parse(page.toString()));
		// A view into a larger buffer, as pooled Buffers are.
		const padded = Buffer.concat([bytes('xxxx'), page, bytes('yyyy')]);
		const view = padded.subarray(4, 4 + page.length);
		expect(listBodyFromBytes(view, 'devices')).toStrictEqual(JSON.parse(page.toString()));
	});

	it('hands back a body that is not bytes as it is (a helper that already parsed it)', () => {
		const parsed = { devices: [{ id: '1' }] };
		expect(listBodyFromBytes(parsed, 'devices')).toBe(parsed);
		expect(listBodyFromBytes(undefined, 'devices')).toBeUndefined();
	});
});

describe('a list page through n8n-core helper, asked as bytes', () => {
	it('returns the records of a page, and the list ends on metadata saying so', async () => {
		const { context } = connectedFixture();
		const devices = [{ id: '1', name: 'a "quoted" [name]' }, { id: '2' }];
		const scope = nock(HOST)
			.get('/iot/v1/devices')
			.query({ page: 1, per_page: 200 })
			.matchHeader('accept', /application\/json/)
			.reply(200, { devices, info: { more_records: false } });
		const page = await zohoIotListPage.call(context, 'devices', { page: 1, perPage: 200 });
		expect(page).toEqual({ records: devices, moreRecords: false, saidMore: false });
		scope.done();
	});

	it('refuses a page that is not JSON as before, with the same error', async () => {
		const { context } = connectedFixture();
		nock(HOST).get('/iot/v1/devices').query(true).reply(200, '<html>Sign in</html>', {
			'content-type': 'text/html',
		});
		await expect(
			zohoIotListPage.call(context, 'devices', { page: 1, perPage: 200 }),
		).rejects.toThrow(/HTML page/);
		expect(nock.isDone()).toBe(true);
	});
});
