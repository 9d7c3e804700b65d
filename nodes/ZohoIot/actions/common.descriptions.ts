/**
 * Parameters more than one operation uses, built per resource so that each property the node
 * shows is shown for exactly one resource and operation.
 */
import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_MAX_CONCURRENT_REQUESTS,
	DEFAULT_ZOHO_PLAN,
	MAX_CONCURRENT_REQUESTS,
	RECORD_ID_PATTERN,
	SORT_ORDERS,
	ZOHO_PLANS,
} from '../constants';
import { RESOURCES } from './registry';
import type { RecordResource } from './registry';

/** The properties, each shown only for this resource and operation (plus its own conditions). */
export function shownOnlyFor(
	resource: RecordResource,
	operation: string,
	properties: INodeProperties[],
): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: {
				resource: [resource.resource],
				operation: [operation],
				...property.displayOptions?.show,
			},
		},
	}));
}

/** The record to work on: picked from a searchable list, or given by ID (also by expression). */
export function recordLocator(resource: RecordResource, purpose: string): INodeProperties {
	return {
		displayName: resource.label,
		name: resource.idParameter,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		// Also what an AI agent reads for a $fromAI value: say what the ID looks like and where it comes from.
		description: `The ${resource.singular} to ${purpose}: its Zoho IoT record ID, digits only (up to 19, as text), e.g. 4417000000100000001. Get Many ${resource.plural} lists the IDs.`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select ${resource.withArticle}...`,
				typeOptions: {
					searchListMethod: resource.searchListMethod,
					searchable: true,
				},
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 4417000000100000001',
				hint: 'Map IDs as text: Zoho IoT IDs are longer than a JSON number holds exactly',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: RECORD_ID_PATTERN,
							errorMessage: 'A Zoho IoT ID contains only digits',
						},
					},
				],
			},
		],
	};
}

/** The model (device, asset or location type) a record belongs to, from the application's models. */
export function modelField(resource: RecordResource): INodeProperties {
	return {
		displayName: 'Model Name or ID',
		name: 'modelId',
		type: 'options',
		typeOptions: { loadOptionsMethod: resource.modelsMethod },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	};
}

/**
 * The fields both Additional Fields (create) and Update Fields (update) offer. Name and model are
 * separate parameters on create, so only Update Fields lists them.
 */
export function recordFieldOptions(
	resource: RecordResource,
	{ withNameAndModel }: { withNameAndModel: boolean },
): INodeProperties[] {
	const options: INodeProperties[] = [
		{
			displayName: 'Custom Fields',
			name: 'customFields',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Custom Field',
			default: {},
			description: `Fields of the ${resource.models ? `${resource.singular}'s model` : resource.singular}, by API name, e.g. asset_tag. A typed value is sent as text; a mapped value keeps its type, so a number from the input stays a number.`,
			options: [
				{
					displayName: 'Field',
					name: 'field',
					values: [
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
							placeholder: 'e.g. serial_number',
							description: "The field's API name in Zoho IoT",
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							description: 'The value to set',
						},
					],
				},
			],
		},
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			description: `A description of the ${resource.singular}`,
		},
		{
			displayName: 'Fields (JSON)',
			name: 'fieldsJson',
			type: 'json',
			default: '{}',
			description: `Any other ${resource.singular} fields as a JSON object of API names and values, merged last so it wins over the fields above, e.g. {"serial_number": "SN-1042"}`,
		},
	];
	if (withNameAndModel && resource.models) options.push(modelField(resource));
	if (withNameAndModel && resource.nameOnCreate) {
		options.push({
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			description: `The new name of the ${resource.singular}`,
		});
	}
	return options;
}

/** Return All and Limit, as every n8n Get Many has them. */
export const returnAllAndLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** Simplify, shared by Get and Get Many, naming the fields this resource keeps. */
export function simplifyField(resource: RecordResource): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: `Whether to return only ${resource.simplifiedFields.join(', ')} (flat) instead of the whole record`,
	};
}

/** The Custom View ID filter (Zoho's `cvid`), described for where it is offered. */
export function customViewFilter(description: string): INodeProperties {
	return {
		displayName: 'Custom View ID',
		name: 'cvid',
		type: 'string',
		default: '',
		placeholder: 'e.g. 4417000000700000002',
		description,
	};
}

/** The Filter (JSON) filter: Zoho's `filter` query parameter, sent unchanged. */
export const filterJsonFilter: INodeProperties = {
	displayName: 'Filter (JSON)',
	name: 'filter',
	type: 'json',
	default: '{}',
	description:
		'A JSON object sent as Zoho IoT\'s "filter" query parameter, unchanged. Zoho does not document its syntax; the node only checks that it is a JSON object.',
};

/** Get Many's filters: Zoho's list parameters (the trigger offers two of them). */
export function listFilters(resource: RecordResource): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			customViewFilter(
				`Only the ${resource.plural} of this custom view, in its order. Zoho IoT does not allow it together with Sort By.`,
			),
			{
				displayName: 'Entity ID',
				name: 'entityId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2000000098001',
				description: `Only the ${resource.singular}s with this entity ID (Zoho IoT's entity_id parameter, a long ID)`,
			},
			filterJsonFilter,
			{
				displayName: 'Relation ID',
				name: 'relationId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2000000077228',
				description: `Only the ${resource.singular}s with this relation ID (Zoho IoT's relation_id parameter, a long ID)`,
			},
			// Version 1 only: workflows saved then keep their sort where they set it.
			...sortOptions.map((option) => ({
				...option,
				displayOptions: { show: { '@version': [1] } },
			})),
		],
	};
}

/** Sort By and Sort Order: Zoho's `sort_by` and `sort_order`. */
const sortOptions: INodeProperties[] = [
	{
		displayName: 'Sort By',
		name: 'sortBy',
		type: 'string',
		default: '',
		placeholder: 'e.g. created_time',
		description: 'The API name of the field to sort by',
	},
	{
		displayName: 'Sort Order',
		name: 'sortOrder',
		type: 'options',
		options: SORT_ORDERS.map((order) => ({
			name: order === 'asc' ? 'Ascending' : 'Descending',
			value: order,
		})),
		default: 'asc',
		description: 'The order to sort in',
	},
];

/**
 * Get Many's Sort collection (from version 1.1): n8n's UX guidelines put sorting in a collection
 * of its own, below Options, rather than among the filters.
 */
export function sortCollection(resource: RecordResource): INodeProperties {
	return {
		displayName: 'Sort',
		name: 'sort',
		type: 'collection',
		placeholder: 'Add Sort Option',
		default: {},
		description: `How Zoho IoT orders the ${resource.plural}. Not with a custom view, which has its own order.`,
		displayOptions: { hide: { '@version': [1] } },
		options: sortOptions,
	};
}

/**
 * Node-wide options. Shown for every operation of every resource, and read from the first item
 * only: how many requests run at once is a property of the whole run, not of one item.
 */
export const nodeOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { resource: RESOURCES.map((entry) => entry.resource) } },
	options: [
		{
			displayName: 'Max Concurrent Requests',
			name: 'maxConcurrentRequests',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENT_REQUESTS },
			default: DEFAULT_MAX_CONCURRENT_REQUESTS,
			description:
				"How many requests the node keeps in flight at once across items, instead of the Zoho IoT Plan's limit. Read from the first item; output order always follows input order.",
		},
		{
			displayName: 'Zoho IoT Plan',
			name: 'zohoPlan',
			type: 'options',
			options: Object.entries(ZOHO_PLANS)
				.map(([value, plan]) => ({
					name: plan.name,
					value,
					description: `${plan.concurrency} requests in flight at once`,
				}))
				.sort((a, b) => a.name.localeCompare(b.name)),
			default: DEFAULT_ZOHO_PLAN,
			description:
				'Your Zoho IoT plan: the node keeps as many requests in flight as the plan allows per client, so higher plans run faster without being throttled. Max Concurrent Requests, when set, wins.',
		},
	],
};

/**
 * The Operation dropdown of a resource, in n8n's wording (action "Get many devices", sub-text
 * "Retrieve a list of devices"), options sorted. Built from the registry entry, so no two
 * resources drift apart.
 */
export function operationSelector(
	resource: RecordResource,
	options: Array<{ name: string; value: string; action: string; description: string }>,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.resource] } },
		options: options
			.map(({ name, value, action, description }) => ({ name, value, description, action }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		// Every resource offers Get (the structural tests check it).
		default: 'get',
	};
}
