/**
 * Every Zoho IoT resource the node offers, in one table. The node's Resource and Operation
 * dropdowns, its parameters, the router, the list searches, the model dropdowns, the scope named
 * in errors, the README's table and the tests' fixtures are all derived from it.
 *
 * Adding a module is one entry here (CONTRIBUTING.md#how-to-add-a-module); a new operation kind is one
 * file plus one line in operations.ts.
 */
import {
	ASSUMED_WRITE_MODULES,
	CUSTOM_MODULE_SCOPE,
	MODULES_WITH_MODELS,
	MODULES_WITHOUT_NAME_ON_CREATE,
	moduleScope,
	type RecordModule,
	SIMPLIFIED_FIELDS_BY_MODULE,
	SIMPLIFIED_RECORD_FIELDS,
	USERS_ALTERNATIVE_SCOPE,
} from '../constants';
import type { OperationName, OperationOf, ZohoIotResource } from './node.type';

export interface RecordResource {
	/** The value of the node's `resource` parameter, e.g. "device". */
	resource: ZohoIotResource;
	/**
	 * The Zoho module: path segment and body key, e.g. "devices". Empty for Custom Module, whose
	 * module comes from a parameter per item (customModule.ts fills it in before an operation runs).
	 */
	module: string;
	/** Title Case singular for labels, e.g. "Device". */
	label: string;
	/** Lowercase singular for messages, e.g. "device". */
	singular: string;
	/** Lowercase plural, e.g. "devices" ("Get many devices"). */
	plural: string;
	/** The singular with its article, e.g. "an asset". */
	withArticle: string;
	/** The resource locator parameter of Get, Update and Delete, e.g. "deviceId". */
	idParameter: string;
	/** The operations offered, in the Operation dropdown's (alphabetical) order. */
	operations: readonly OperationName[];
	/** Whether the module has models (types): a Model dropdown, required on create. */
	models: boolean;
	/** Whether Create has a required Name parameter. */
	nameOnCreate: boolean;
	/** Whether create, update and delete are assumed rather than documented (constants.ts). */
	writesAssumed: boolean;
	/** The scope the module needs, as the error of a missing scope names it. */
	scope: string;
	/** A scope Zoho's pages also name for the module, if they disagree. */
	alternativeScope?: string;
	/** The fields Simplify keeps. */
	simplifiedFields: readonly string[];
	/** The list search method behind the locator's "From List" mode. */
	searchListMethod: string;
	/** The load options method behind the Model dropdown (modules with models only). */
	modelsMethod: string;
	/** The example of Create's Name. */
	namePlaceholder: string;
	/** Whether the module is named by the user (Custom Module). */
	custom: boolean;
}

const RECORD_OPERATIONS = ['create', 'delete', 'get', 'getAll', 'update'] as const;

const pascal = (words: string) =>
	words.replace(/(?:^|\s)(\w)/g, (_, letter: string) => letter.toUpperCase());

/** A registry entry from what differs between modules; the rest follows from Zoho's rules. */
function defineResource<R extends ZohoIotResource>(entry: {
	resource: R;
	/** A documented module (RECORD_MODULES), or '' for Custom Module. */
	module: RecordModule | '';
	label: string;
	plural: string;
	operations: ReadonlyArray<OperationOf<R>>;
	namePlaceholder: string;
	article?: 'a' | 'an';
}): RecordResource {
	const { resource, module, label, plural } = entry;
	const singular = label.toLowerCase();
	const scope = module ? moduleScope(module) : CUSTOM_MODULE_SCOPE;
	return {
		resource,
		module,
		label,
		singular,
		plural,
		withArticle: `${entry.article ?? 'a'} ${singular}`,
		idParameter: `${resource}Id`,
		operations: [...entry.operations].sort() as OperationName[],
		models: module !== '' && MODULES_WITH_MODELS.includes(module),
		nameOnCreate: module !== '' && !MODULES_WITHOUT_NAME_ON_CREATE.includes(module),
		writesAssumed: module !== '' && ASSUMED_WRITE_MODULES.includes(module),
		scope,
		...(module === 'users' ? { alternativeScope: USERS_ALTERNATIVE_SCOPE } : {}),
		simplifiedFields:
			(module === '' ? SIMPLIFIED_FIELDS_BY_MODULE.custom : SIMPLIFIED_FIELDS_BY_MODULE[module]) ??
			SIMPLIFIED_RECORD_FIELDS,
		searchListMethod: `search${pascal(plural).replace(/\s/g, '')}`,
		modelsMethod: `get${pascal(label).replace(/\s/g, '')}Models`,
		namePlaceholder: entry.namePlaceholder,
		custom: module === '',
	};
}

/** The resources, by the `resource` value, sorted by label as the dropdown shows them. */
export const RESOURCES: readonly RecordResource[] = [
	defineResource({
		resource: 'alarm',
		module: 'alarms',
		label: 'Alarm',
		plural: 'alarms',
		article: 'an',
		operations: ['create', 'delete', 'get', 'getAll', 'update'],
		namePlaceholder: 'e.g. High Temperature',
	}),
	defineResource({
		resource: 'asset',
		module: 'assets',
		label: 'Asset',
		plural: 'assets',
		article: 'an',
		operations: RECORD_OPERATIONS,
		namePlaceholder: 'e.g. Chiller CH-042',
	}),
	defineResource({
		resource: 'certificate',
		module: 'certificates',
		label: 'Certificate',
		plural: 'certificates',
		operations: RECORD_OPERATIONS,
		namePlaceholder: 'e.g. Gateway TLS 2026',
	}),
	// Zoho IoT has no REST API that sends a command to a device (commands reach devices over MQTT,
	// started from the app, an alarm rule or a schedule): the `commands` module holds command
	// definitions, and the label says so. The value stays `command`, so saved workflows keep working.
	defineResource({
		resource: 'command',
		module: 'commands',
		label: 'Command Definition',
		plural: 'command definitions',
		operations: RECORD_OPERATIONS,
		namePlaceholder: 'e.g. Reboot',
	}),
	defineResource({
		resource: 'customModule',
		module: '',
		label: 'Custom Module',
		plural: 'custom module records',
		operations: RECORD_OPERATIONS,
		namePlaceholder: '',
	}),
	defineResource({
		resource: 'datapoint',
		module: 'datapoints',
		label: 'Datapoint',
		plural: 'datapoints',
		operations: ['create', 'get', 'getAll', 'getValues', 'update'],
		namePlaceholder: '',
	}),
	defineResource({
		resource: 'device',
		module: 'devices',
		label: 'Device',
		plural: 'devices',
		operations: RECORD_OPERATIONS,
		namePlaceholder: 'e.g. TS-0042 Pune Warehouse',
	}),
	defineResource({
		resource: 'location',
		module: 'locations',
		label: 'Location',
		plural: 'locations',
		operations: RECORD_OPERATIONS,
		namePlaceholder: 'e.g. Pune Warehouse',
	}),
	defineResource({
		resource: 'manufacturer',
		module: 'manufacturers',
		label: 'Manufacturer',
		plural: 'manufacturers',
		operations: RECORD_OPERATIONS,
		namePlaceholder: 'e.g. Carrier',
	}),
	defineResource({
		resource: 'policy',
		module: 'policies',
		label: 'Policy',
		plural: 'policies',
		operations: RECORD_OPERATIONS,
		namePlaceholder: 'e.g. Gateway Publish Policy',
	}),
	defineResource({
		resource: 'product',
		module: 'products',
		label: 'Product',
		plural: 'products',
		operations: RECORD_OPERATIONS,
		namePlaceholder: 'e.g. Cold Chain Kit',
	}),
	defineResource({
		resource: 'user',
		module: 'users',
		label: 'User',
		plural: 'users',
		operations: RECORD_OPERATIONS,
		namePlaceholder: '',
	}),
	defineResource({
		resource: 'vendor',
		module: 'vendors',
		label: 'Vendor',
		plural: 'vendors',
		operations: RECORD_OPERATIONS,
		namePlaceholder: 'e.g. Acme Installations',
	}),
];

const byResource = new Map(RESOURCES.map((entry) => [entry.resource as string, entry]));

/** The entry of a `resource` value, or undefined for a value this version does not know. */
export function resourceEntry(resource: string): RecordResource | undefined {
	return byResource.get(resource);
}

/** The entry of a module API name, or undefined. */
export function entryOfModule(module: string): RecordResource | undefined {
	return RESOURCES.find((entry) => entry.module === module);
}
