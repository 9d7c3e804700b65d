/**
 * Structural tests over the node description: the parameter contract workflows depend on, and
 * the conventions n8n's editor and AI tools rely on.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { ZohoIotOAuth2Api } from '../../../credentials/ZohoIotOAuth2Api.credentials';
import { RECORD_ID_PATTERN } from '../../../nodes/ZohoIot/constants';
import { ZohoIotTrigger } from '../../../nodes/ZohoIotTrigger/ZohoIotTrigger.node';
import { RESOURCE_FIXTURES, MODEL_FIXTURES } from './fixtures';
import { zohoIot } from './helpers';

const description = zohoIot.description;
const properties = description.properties;
const nodeDir = path.resolve(__dirname, '../../../nodes/ZohoIot');
/** The resources whose records have models, where the full record contract is pinned. */
const resources = MODEL_FIXTURES.map((fixture) => fixture.resource);
const operations = ['create', 'delete', 'get', 'getAll', 'update'] as const;
const operationsOf = (resource: string) =>
	RESOURCE_FIXTURES.find((fixture) => fixture.resource === resource)!.entry.operations;

const show = (property: INodeProperties) => property.displayOptions?.show ?? {};
/** The top-level properties shown for this resource and operation. */
function shownFor(resource: string, operation: string): INodeProperties[] {
	return properties.filter((property) => {
		const conditions = show(property);
		const resourceOk = !conditions.resource || (conditions.resource as string[]).includes(resource);
		const operationOk =
			!conditions.operation || (conditions.operation as string[]).includes(operation);
		return (
			property.name !== 'resource' && property.name !== 'operation' && resourceOk && operationOk
		);
	});
}
function find(resource: string, operation: string, name: string): INodeProperties {
	const property = shownFor(resource, operation).find((candidate) => candidate.name === name);
	if (!property) throw new Error(`${resource}/${operation} has no parameter "${name}"`);
	return property;
}
function childNames(property: INodeProperties): string[] {
	return ((property.options ?? []) as INodeProperties[]).map((option) => option.name);
}

describe('node basics', () => {
	it('is the Zoho IoT node, usable as an AI tool', () => {
		expect(description).toMatchObject({
			displayName: 'Zoho IoT',
			name: 'zohoIot',
			group: ['transform'],
			version: [1, 1.1],
			usableAsTool: true,
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'zohoIotOAuth2Api', required: true }],
			subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		});
	});

	it('has light and dark icons that exist where the build puts them', () => {
		expect(description.icon).toEqual({
			light: 'file:../../icons/zohoIot.svg',
			dark: 'file:../../icons/zohoIot.dark.svg',
		});
		for (const icon of Object.values(description.icon as Record<string, string>)) {
			expect(existsSync(path.resolve(nodeDir, icon.replace('file:', '')))).toBe(true);
		}
	});

	it('has a codex file naming the package and the node', () => {
		const codex = JSON.parse(readFileSync(path.join(nodeDir, 'ZohoIot.node.json'), 'utf8'));
		const packageName = JSON.parse(
			readFileSync(path.resolve(nodeDir, '../../package.json'), 'utf8'),
		).name;
		expect(codex.node).toBe(`${packageName}.zohoIot`);
		expect(codex.categories.length).toBeGreaterThan(0);
		expect(codex.resources.primaryDocumentation[0].url).toMatch(/^https:\/\//);
	});

	it('warns before a Return All that it spends the daily API quota', () => {
		expect(description.hints).toEqual([
			expect.objectContaining({
				type: 'warning',
				message: expect.stringContaining('daily Zoho IoT API quota'),
				displayCondition: expect.stringContaining('$parameter["returnAll"] === true'),
			}),
		]);
	});
});

describe('resources and operations', () => {
	it('offers every resource of the registry, sorted by label, without data expressions', () => {
		const resource = properties.find((property) => property.name === 'resource')!;
		expect(resource.noDataExpression).toBe(true);
		expect((resource.options as INodePropertyOptions[]).map((option) => option.value)).toEqual([
			'alarm',
			'asset',
			'certificate',
			'command',
			'customModule',
			'datapoint',
			'device',
			'location',
			'manufacturer',
			'policy',
			'product',
			'user',
			'vendor',
		]);
	});

	it.each(RESOURCE_FIXTURES.map((fixture) => fixture.resource))(
		'offers the operations of %s from the registry, each with an action',
		(resource) => {
			const operation = properties.find(
				(property) =>
					property.name === 'operation' && (show(property).resource as string[]).includes(resource),
			)!;
			const options = operation.options as INodePropertyOptions[];
			expect(operation.noDataExpression).toBe(true);
			expect(options.map((option) => option.value)).toEqual([...operationsOf(resource)]);
			for (const option of options) expect(option.action).toEqual(expect.any(String));
			expect(operationsOf(resource)).toContain(operation.default);
		},
	);

	it.each(resources)(
		'offers the five operations of %s, sorted, each with an action',
		(resource) => {
			const operation = properties.find(
				(property) =>
					property.name === 'operation' && (show(property).resource as string[]).includes(resource),
			)!;
			const options = operation.options as INodePropertyOptions[];
			expect(operation.noDataExpression).toBe(true);
			expect(options.map((option) => option.value)).toEqual([...operations]);
			expect(options.map((option) => option.name)).toEqual([
				'Create',
				'Delete',
				'Get',
				'Get Many',
				'Update',
			]);
			for (const option of options) expect(option.action).toEqual(expect.any(String));
			expect(options.find((option) => option.value === 'getAll')?.action).toBe(
				`Get many ${resource}s`,
			);
		},
	);
});

describe('parameter contract (workflows and tests depend on these names)', () => {
	const expected: Record<string, string[]> = {
		create: ['name', 'modelId', 'additionalFields', 'options'],
		delete: ['{id}', 'options'],
		get: ['{id}', 'simplify', 'options'],
		getAll: [
			'returnAll',
			'limit',
			'simplify',
			'filters',
			'pageByPage',
			'continueFrom',
			'options',
			'sort',
		],
		update: ['{id}', 'updateFields', 'options'],
	};

	it.each(
		resources.flatMap((resource) => operations.map((operation) => [resource, operation] as const)),
	)('%s / %s shows exactly its parameters', (resource, operation) => {
		const idParameter = `${resource}Id`;
		expect(shownFor(resource, operation).map((property) => property.name)).toEqual(
			expected[operation].map((name) => (name === '{id}' ? idParameter : name)),
		);
	});

	it.each(resources)('%s: collections hold the documented keys', (resource) => {
		expect(childNames(find(resource, 'create', 'additionalFields'))).toEqual([
			'customFields',
			'description',
			'fieldsJson',
		]);
		expect(childNames(find(resource, 'update', 'updateFields'))).toEqual([
			'customFields',
			'description',
			'fieldsJson',
			'modelId',
			'name',
		]);
		expect(childNames(find(resource, 'getAll', 'filters'))).toEqual([
			'cvid',
			'entityId',
			'filter',
			'relationId',
			'sortBy',
			'sortOrder',
		]);
		expect(childNames(find(resource, 'get', 'options'))).toEqual([
			'maxConcurrentRequests',
			'zohoPlan',
		]);
		const customFields = (find(resource, 'update', 'updateFields').options as INodeProperties[])[0];
		expect((customFields.options as INodePropertyCollection[])[0]).toMatchObject({ name: 'field' });
		expect(
			(customFields.options as INodePropertyCollection[])[0].values.map((value) => value.name),
		).toEqual(['name', 'value']);
	});

	it.each(resources)(
		'%s: Limit defaults to 50 (min 1), Simplify to true, 5 requests in flight (max 20)',
		(resource) => {
			expect(find(resource, 'getAll', 'limit')).toMatchObject({
				default: 50,
				typeOptions: { minValue: 1 },
				displayOptions: { show: { returnAll: [false] } },
			});
			expect(find(resource, 'getAll', 'returnAll').default).toBe(false);
			expect(find(resource, 'get', 'simplify').default).toBe(true);
			expect(find(resource, 'getAll', 'simplify').default).toBe(true);
			expect((find(resource, 'get', 'options').options as INodeProperties[])[0]).toMatchObject({
				default: 5,
				typeOptions: { minValue: 1, maxValue: 20 },
			});
		},
	);

	it.each(resources)(
		"%s: the model is a dropdown of the resource's models, required on create",
		(resource) => {
			const method = MODEL_FIXTURES.find((fixture) => fixture.resource === resource)!.entry
				.modelsMethod;
			const model = find(resource, 'create', 'modelId');
			expect(model).toMatchObject({
				type: 'options',
				required: true,
				typeOptions: { loadOptionsMethod: method },
			});
			expect(model.noDataExpression).toBeFalsy();
			expect(zohoIot.methods.loadOptions[method]).toEqual(expect.any(Function));
			expect(find(resource, 'create', 'name').required).toBe(true);
		},
	);
});

describe('record IDs are resource locators', () => {
	it.each(
		resources.flatMap((resource) =>
			(['get', 'update', 'delete'] as const).map((operation) => [resource, operation] as const),
		),
	)('%s / %s: From List (searchable, paginated) or By ID (digits only)', (resource, operation) => {
		const locator = find(resource, operation, `${resource}Id`);
		expect(locator).toMatchObject({
			type: 'resourceLocator',
			required: true,
			default: { mode: 'list', value: '' },
		});
		const [list, byId] = locator.modes!;
		const method = MODEL_FIXTURES.find((fixture) => fixture.resource === resource)!.entry
			.searchListMethod;
		expect(list).toMatchObject({
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: method, searchable: true },
		});
		expect(zohoIot.methods.listSearch[method]).toEqual(expect.any(Function));
		expect(byId).toMatchObject({ name: 'id', type: 'string' });
		expect(byId.validation).toEqual([
			{ type: 'regex', properties: { regex: RECORD_ID_PATTERN, errorMessage: expect.any(String) } },
		]);
		const regex = new RegExp(RECORD_ID_PATTERN);
		expect(regex.test('4417000000100000001')).toBe(true);
		expect(regex.test('TS-0001')).toBe(false);
	});
});

describe('every resource of the registry', () => {
	const all = RESOURCE_FIXTURES.map((fixture) => fixture.resource);

	it.each(
		RESOURCE_FIXTURES.flatMap((fixture) =>
			fixture.entry.operations
				.filter((operation) => ['get', 'update', 'delete'].includes(operation))
				.map((operation) => [fixture.resource, operation] as const),
		),
	)('%s / %s picks its record from a searchable list or by ID', (resource, operation) => {
		const entry = RESOURCE_FIXTURES.find((fixture) => fixture.resource === resource)!.entry;
		const locator = find(resource, operation, entry.idParameter);
		expect(locator.modes![0]).toMatchObject({
			type: 'list',
			typeOptions: { searchListMethod: entry.searchListMethod, searchable: true },
		});
		expect(zohoIot.methods.listSearch[entry.searchListMethod]).toEqual(expect.any(Function));
	});

	it('has a list search for every resource, and a model dropdown exactly for those with models', () => {
		expect(Object.keys(zohoIot.methods.listSearch).sort()).toEqual(
			RESOURCE_FIXTURES.map((fixture) => fixture.entry.searchListMethod).sort(),
		);
		expect(Object.keys(zohoIot.methods.loadOptions).sort()).toEqual([
			'getAssetModels',
			'getDeviceModels',
			'getLocationModels',
		]);
	});

	it.each(all)(
		'%s: Get Many has Return All, Limit, Simplify and Filters; Get has Simplify',
		(resource) => {
			expect(shownFor(resource, 'getAll').map((property) => property.name)).toEqual(
				expect.arrayContaining(['returnAll', 'limit', 'simplify', 'filters', 'options']),
			);
			expect(find(resource, 'get', 'simplify').default).toBe(true);
		},
	);

	it.each(
		RESOURCE_FIXTURES.filter(
			(fixture) => !fixture.entry.models && fixture.entry.operations.includes('create'),
		).map((fixture) => fixture.resource),
	)('%s: Create has no model field', (resource) => {
		expect(shownFor(resource, 'create').map((property) => property.name)).not.toContain('modelId');
		expect(childNames(find(resource, 'update', 'updateFields'))).not.toContain('modelId');
	});

	it('asks Custom Module for its API name on every operation, and its fields only through Custom Fields or JSON', () => {
		for (const operation of operations) {
			expect(find('customModule', operation, 'customModule')).toMatchObject({
				type: 'string',
				required: true,
			});
		}
		expect(shownFor('customModule', 'create').map((property) => property.name)).toEqual([
			'customModule',
			'additionalFields',
			'options',
		]);
		expect(childNames(find('customModule', 'update', 'updateFields'))).toEqual([
			'customFields',
			'description',
			'fieldsJson',
		]);
	});

	it('offers Datapoint → Get Values with its parameters', () => {
		expect(shownFor('datapoint', 'getValues').map((property) => property.name)).toEqual([
			'identifyBy',
			'datapointIds',
			'templateIds',
			'datapointNames',
			'instanceName',
			'period',
			'from',
			'to',
			'aggregation',
			'timeGrouping',
			'sortOrder',
			'output',
			'options',
		]);
		expect(find('datapoint', 'getValues', 'period').default).toBe('last24hours');
	});

	it('shows Options (concurrency) for every resource', () => {
		const options = properties.find((property) => property.name === 'options')!;
		expect([...(show(options).resource as string[])].sort()).toEqual([...all].sort());
	});
});

describe('conventions', () => {
	it('scopes every parameter but resource by displayOptions', () => {
		for (const property of properties.filter((candidate) => candidate.name !== 'resource')) {
			expect([property.name, show(property).resource]).toEqual([property.name, expect.any(Array)]);
		}
		const perOperation = properties.filter(
			(property) => !['resource', 'operation', 'options', 'customModule'].includes(property.name),
		);
		for (const property of perOperation) {
			expect([property.name, show(property).resource, show(property).operation]).toEqual([
				property.name,
				[expect.any(String)],
				[expect.any(String)],
			]);
		}
	});

	it('shares no parameter by accident: one definition per name per resource and operation', () => {
		for (const resource of RESOURCE_FIXTURES.map((fixture) => fixture.resource)) {
			for (const operation of operationsOf(resource)) {
				const names = shownFor(resource, operation).map((property) => property.name);
				expect(names).toEqual([...new Set(names)]);
			}
		}
	});

	it('sorts the options of every dropdown and collection', () => {
		const check = (list: INodeProperties[], where: string) => {
			for (const property of list) {
				const label = `${where}/${property.name}`;
				if (property.type === 'options' && Array.isArray(property.options)) {
					const names = (property.options as INodePropertyOptions[]).map((option) => option.name);
					expect([label, names]).toEqual([label, [...names].sort((a, b) => a.localeCompare(b))]);
				}
				if (property.type === 'collection') {
					const names = (property.options as INodeProperties[]).map((option) => option.displayName);
					expect([label, names]).toEqual([label, [...names].sort((a, b) => a.localeCompare(b))]);
					check(property.options as INodeProperties[], label);
				}
				if (property.type === 'fixedCollection') {
					for (const group of property.options as INodePropertyCollection[])
						check(group.values, label);
				}
			}
		};
		check(properties, '');
	});

	it('starts the description of every boolean with "Whether"', () => {
		const booleans = properties.filter((property) => property.type === 'boolean');
		expect(booleans.length).toBeGreaterThan(0);
		for (const property of booleans) expect(property.description).toMatch(/^Whether /);
	});

	it('writes placeholders as examples', () => {
		const placeholders: string[] = [];
		const collect = (list: INodeProperties[]) => {
			for (const property of list) {
				if (property.placeholder && property.type === 'string')
					placeholders.push(property.placeholder);
				for (const mode of property.modes ?? [])
					if (mode.type === 'string' && mode.placeholder) placeholders.push(mode.placeholder);
				if (property.type === 'collection') collect(property.options as INodeProperties[]);
				if (property.type === 'fixedCollection')
					for (const group of property.options as INodePropertyCollection[]) collect(group.values);
			}
		};
		collect(properties);
		expect(placeholders.length).toBeGreaterThan(0);
		for (const placeholder of placeholders) expect(placeholder).toMatch(/^e\.g\. /);
	});
});

describe('user-facing texts', () => {
	/** What the editor shows as a sentence: descriptions, hints, hint messages and notices. */
	function sentences(
		value: unknown,
		where: string,
		found: Array<{ where: string; text: string }> = [],
	) {
		if (Array.isArray(value)) {
			value.forEach((entry, index) =>
				sentences(entry, `${where}[${(entry as { name?: string })?.name ?? index}]`, found),
			);
		} else if (value !== null && typeof value === 'object') {
			const isNotice = (value as { type?: unknown }).type === 'notice';
			for (const [key, entry] of Object.entries(value)) {
				const shown =
					['description', 'hint', 'message'].includes(key) || (isNotice && key === 'displayName');
				if (shown && typeof entry === 'string')
					found.push({ where: `${where}.${key}`, text: entry });
				else sentences(entry, `${where}.${key}`, found);
			}
		}
		return found;
	}

	it.each([
		['the Zoho IoT node', description],
		['the Zoho IoT Trigger', new ZohoIotTrigger().description],
		['the credential', { properties: new ZohoIotOAuth2Api().properties }],
	])('%s says every description, hint and notice in at most 200 characters', (_name, texts) => {
		const found = sentences(texts, '');
		expect(found.length).toBeGreaterThan(5);
		const tooLong = found
			.filter(({ text }) => text.length > 200)
			.map(({ where, text }) => `${where} (${text.length}): ${text}`);
		expect(tooLong).toEqual([]);
	});
});
