/**
 * n8n's UX guidelines for community nodes (docs: "UX guidelines for community nodes"), checked
 * over the whole description of both nodes, so a resource or operation added later is covered
 * without editing a test. docs/operations.md#n8ns-ux-guidelines-for-community-nodes says where the package deviates and why.
 */
import type {
	INode,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { MAX_SIMPLIFIED_FIELDS } from '../../../nodes/ZohoIot/constants';
import { simplifyRecord } from '../../../nodes/ZohoIot/helpers/records';
import { ZohoIotTrigger } from '../../../nodes/ZohoIotTrigger/ZohoIotTrigger.node';
import { ZohoIotWebhookTrigger } from '../../../nodes/ZohoIotWebhookTrigger/ZohoIotWebhookTrigger.node';
import { RESOURCE_FIXTURES } from './fixtures';
import { zohoIot } from './helpers';

const nodes = [
	['Zoho IoT', zohoIot.description.properties],
	['Zoho IoT Trigger', new ZohoIotTrigger().description.properties],
	['Zoho IoT Webhook Trigger', new ZohoIotWebhookTrigger().description.properties],
] as const;

/** Every parameter, also those inside collections and fixed collections, with its path. */
function everyParameter(
	list: INodeProperties[],
	where = '',
): Array<{ where: string; property: INodeProperties }> {
	return list.flatMap((property) => {
		const here = `${where}/${property.name}`;
		const nested =
			property.type === 'collection'
				? everyParameter(property.options as INodeProperties[], here)
				: property.type === 'fixedCollection'
					? (property.options as INodePropertyCollection[]).flatMap((group) =>
							everyParameter(group.values, `${here}/${group.name}`),
						)
					: [];
		return [{ where: here, property }, ...nested];
	});
}

const operationSelectors = zohoIot.description.properties.filter(
	(property) => property.name === 'operation',
);
const actions = operationSelectors.flatMap((selector) =>
	(selector.options as INodePropertyOptions[]).map((option) => ({
		resource: (selector.displayOptions!.show!.resource as string[])[0],
		option,
	})),
);

describe("n8n's UX guidelines", () => {
	it.each(nodes)(
		'%s: the default of every dropdown is one of its options (lint cannot see spread lists)',
		(_node, properties) => {
			const dropdowns = everyParameter([...properties]).filter(
				({ property }) =>
					property.type === 'options' &&
					Array.isArray(property.options) &&
					!property.typeOptions?.loadOptionsMethod,
			);
			expect(dropdowns.length).toBeGreaterThan(0);
			for (const { where, property } of dropdowns) {
				const values = (property.options as INodePropertyOptions[]).map((option) => option.value);
				expect([where, values]).toEqual([where, expect.arrayContaining([property.default])]);
			}
		},
	);

	it('has an operation for every resource of the registry', () => {
		expect(operationSelectors.map((selector) => selector.displayOptions?.show?.resource)).toEqual(
			RESOURCE_FIXTURES.map((fixture) => [fixture.resource]),
		);
	});

	it.each(
		RESOURCE_FIXTURES.map((fixture) => [
			fixture.resource,
			fixture.entry.singular,
			fixture.entry.plural,
		]),
	)(
		'%s: every action is in sentence case, names the resource and carries no article',
		(resource, singular, plural) => {
			const ofResource = actions.filter((action) => action.resource === resource);
			expect(ofResource.length).toBeGreaterThan(0);
			for (const { option } of ofResource) {
				const action = option.action!;
				// Sentence case: a capital first letter, the rest as written in prose (no Title Case).
				expect(action).toMatch(/^[A-Z][a-z]+( [a-z]+)+$/);
				expect(action.split(' ')).not.toEqual(expect.arrayContaining(['a', 'an', 'the']));
				expect([action, action.includes(singular) || action.includes(plural)]).toEqual([
					action,
					true,
				]);
				// The sub-text says it in other words than the action.
				expect(option.description).toEqual(expect.any(String));
				expect(option.description).not.toBe(action);
			}
		},
	);

	it('names actions as n8n does: "Create device", "Get many devices"', () => {
		const of = (resource: string, value: string) =>
			actions.find((action) => action.resource === resource && action.option.value === value)
				?.option.action;
		expect(of('device', 'create')).toBe('Create device');
		expect(of('asset', 'get')).toBe('Get asset');
		expect(of('alarm', 'update')).toBe('Update alarm');
		expect(of('location', 'delete')).toBe('Delete location');
		expect(of('device', 'getAll')).toBe('Get many devices');
		expect(of('customModule', 'create')).toBe('Create custom module record');
		expect(of('datapoint', 'getValues')).toBe('Get datapoint values');
	});

	it('caps Simplify at 10 fields, as the guideline asks', () => {
		expect(MAX_SIMPLIFIED_FIELDS).toBe(10);
	});

	it.each(RESOURCE_FIXTURES.map((fixture) => [fixture.resource, fixture.entry.simplifiedFields]))(
		'%s: Simplify returns at most 10 fields, however many fields and lookups the record has',
		(_resource, fields) => {
			expect(fields.length).toBeLessThanOrEqual(MAX_SIMPLIFIED_FIELDS);
			// Every field the module keeps, plus lookups and fields of every kind it does not.
			const lookup = (n: number) => ({ id: `44170000009000000${n}`, name: `Lookup ${n}` });
			const record: Record<string, unknown> = {
				layout: lookup(10),
				location: lookup(11),
				manufacturer: lookup(12),
				vendor: lookup(13),
				product: lookup(14),
				parent: lookup(15),
				serial_number: 'SN-1',
				firmware_version: '1.0.0',
				connection_status: 'online',
				created_time: { millis_in_gmt: 1710238500000, value: '2024-03-12T15:45:00' },
			};
			for (const field of fields) record[field] ??= `value of ${field}`;
			const simplified = simplifyRecord(record as never, fields);
			expect(Object.keys(simplified).length).toBeLessThanOrEqual(MAX_SIMPLIFIED_FIELDS);
			expect(Object.keys(simplified)).toEqual(
				expect.arrayContaining(fields.filter((field) => field in simplified)),
			);
			for (const key of Object.keys(simplified)) expect(fields).toContain(key);
		},
	);

	describe('Sort sits in its own collection below Options (version 1.1)', () => {
		const properties = zohoIot.description.properties;
		const withGetAll = RESOURCE_FIXTURES.filter((fixture) =>
			fixture.entry.operations.includes('getAll'),
		);
		/** The parameters n8n keeps for a saved node of this version (what execute() can read). */
		const kept = (resource: string, typeVersion: number) =>
			NodeHelpers.getNodeParameters(
				properties,
				{
					resource,
					operation: 'getAll',
					filters: { sortBy: 'name', sortOrder: 'desc' },
					sort: { sortBy: 'created_time', sortOrder: 'asc' },
				},
				false,
				false,
				{ typeVersion } as INode,
				zohoIot.description,
			)!;

		it.each(withGetAll.map((fixture) => fixture.resource))(
			'%s: Get Many shows Sort after Options, and Filters holds no sort',
			(resource) => {
				const shownIndex = (name: string) =>
					properties.findIndex(
						(property) =>
							property.name === name &&
							(!property.displayOptions?.show?.resource ||
								(property.displayOptions.show.resource as string[]).includes(resource)) &&
							(!property.displayOptions?.show?.operation ||
								(property.displayOptions.show.operation as string[]).includes('getAll')),
					);
				expect(shownIndex('sort')).toBeGreaterThan(shownIndex('options'));
				const parameters = kept(resource, 1.1);
				expect(parameters.filters ?? {}).toEqual({});
				expect(parameters.sort).toEqual({ sortBy: 'created_time', sortOrder: 'asc' });
			},
		);

		it.each(withGetAll.map((fixture) => fixture.resource))(
			'%s: a workflow saved with version 1 keeps its sort inside Filters',
			(resource) => {
				const parameters = kept(resource, 1);
				expect(parameters.filters).toEqual({ sortBy: 'name', sortOrder: 'desc' });
				expect(parameters.sort).toBeUndefined();
			},
		);
	});
});
