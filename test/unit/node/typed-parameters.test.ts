/**
 * Structured parameters given another type are refused, never dropped: every JSON parameter the
 * node shows (top level or inside a collection) set to `={{ 5 }}` fails the item with a message
 * naming it and nothing is sent (no request is mocked); continue-on-fail keeps the other items.
 * A collection or fixed collection given as one expression never reaches the node: n8n replaces
 * it with its default when it loads the workflow (typedParameters.ts); the check still refuses
 * such a value should one ever arrive.
 */
import nock from 'nock';
import type { INodeProperties } from 'n8n-workflow';

import { CUSTOM_MODULE_PARAMETER } from '../../../nodes/ZohoIot/actions/customModule';
import { properties } from '../../../nodes/ZohoIot/actions/description';
import { checkValue, WrongType } from '../../../nodes/ZohoIot/actions/typedParameters';
import { inputItems, recordId, run, runError, zoho } from './helpers';

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

interface Case {
	resource: string;
	operation: string;
	name: string;
	value: unknown;
	path: string;
}

const WRONG = '={{ 5 }}';

/** Every JSON parameter the node shows, at the top or inside a collection, set to a number. */
function jsonCases(): Case[] {
	const found: Case[] = [];
	for (const property of properties) {
		const show = property.displayOptions?.show ?? {};
		const places = ((show.resource as string[] | undefined) ?? []).flatMap((resource) =>
			((show.operation as string[] | undefined) ?? []).map((operation) => ({
				resource,
				operation,
			})),
		);
		const inner: Array<{ value: unknown; path: string }> = [];
		if (property.type === 'json') inner.push({ value: WRONG, path: property.displayName });
		if (property.type === 'collection') {
			for (const option of (property.options ?? []) as INodeProperties[]) {
				if (option.type === 'json')
					inner.push({
						value: { [option.name]: WRONG },
						path: `${property.displayName} > ${option.displayName}`,
					});
			}
		}
		for (const place of places)
			for (const { value, path } of inner)
				found.push({ ...place, name: property.name, value, path });
	}
	return found;
}

const cases = jsonCases();

describe('JSON parameters given another type', () => {
	it('finds every JSON parameter, Fields (JSON) of create and update among them', () => {
		expect(cases.some((c) => c.path === 'Additional Fields > Fields (JSON)')).toBe(true);
		expect(cases.some((c) => c.path === 'Update Fields > Fields (JSON)')).toBe(true);
		expect(cases.length).toBeGreaterThan(20);
	});

	it.each(cases.map((c) => [`${c.resource} ${c.operation}: ${c.path}`, c] as const))(
		'%s = 5 fails the item, naming it, with nothing sent',
		async (_label, c) => {
			const error = await runError({
				resource: c.resource,
				operation: c.operation,
				[CUSTOM_MODULE_PARAMETER]: 'service_order',
				name: 'TS-1',
				modelId: recordId(1, 1),
				[`${c.resource}Id`]: { __rl: true, mode: 'id', value: recordId(2, 1) },
				[c.name]: c.value,
			});
			expect(error.message).toBe(`${c.path} must be JSON text or an object, not number 5`);
			expect(String(error.description)).toContain('dropped');
		},
	);

	it('keeps the other items with continue-on-fail, and sends theirs', async () => {
		const created = zoho()
			.post('/iot/v1/devices')
			.reply(201, { devices: [{ code: 'SUCCESS', status: 'success', details: { id: '7' } }] });
		const output = await run(
			{
				resource: 'device',
				operation: 'create',
				name: 'TS-1',
				modelId: recordId(1, 1),
				additionalFields: { fieldsJson: '={{ $json.index === 0 ? 5 : { "serial": "S1" } }}' },
			},
			{ items: inputItems(2), continueOnFail: true },
		);
		expect(output[0].json.error).toBe(
			'Additional Fields > Fields (JSON) must be JSON text or an object, not number 5',
		);
		expect(output[1].json.id).toBe('7');
		expect(created.isDone()).toBe(true);
	});
});

describe('collections given another type', () => {
	const additionalFields = properties.find(
		(p) => p.name === 'additionalFields' && p.type === 'collection',
	)!;

	it.each([
		[5, 'Additional Fields must be a set of fields (an object), not number 5'],
		[
			{ customFields: 5 },
			'Additional Fields > Custom Fields must be a list of entries (an object), not number 5',
		],
		[
			{ customFields: { field: 'x' } },
			'Additional Fields > Custom Fields > Field must be a list of entries, not string "x"',
		],
	])('the check refuses %j', (value, message) => {
		expect(() => checkValue(additionalFields, value, 'Additional Fields')).toThrow(WrongType);
		expect(() => checkValue(additionalFields, value, 'Additional Fields')).toThrow(message);
	});

	it('refuses Custom Fields rows given as one expression: n8n turns them into empty rows', async () => {
		const error = await runError({
			resource: 'device',
			operation: 'create',
			name: 'TS-1',
			modelId: recordId(1, 1),
			additionalFields: { customFields: { field: WRONG } },
		});
		expect(error.message).toBe('Custom field 1 has no name');
	});
});
