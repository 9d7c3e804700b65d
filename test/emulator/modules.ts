/**
 * The modules the emulator serves beyond devices and assets: locations (with models), alarms,
 * datapoints, products, manufacturers, vendors, certificates, policies, commands, users, and
 * one custom module (`service_orders`). One row per module: its seeded records, whether it has
 * models, which fields a create needs, and which scope opens it.
 *
 * A profile that changes record shapes (e.g. Zoho's date-time objects, the `layout` lookup)
 * maps over the records each `seed` returns; the table itself holds no shape rules.
 * Nothing here imports data.ts, so data.ts can build its module list from this table.
 */
import { mulberry32, pick, randomInt, type Random } from './prng';

/** A record as the emulator stores it. */
export type SeededRecord = Record<string, unknown> & { id: string };

export interface ModuleSpec {
	/** The API name: path segment and body key. */
	name: string;
	/** Whether the module has models (GET /settings/models?module=). DOCUMENTED: locations do. */
	models: boolean;
	/** Whether only `ZohoIOT.modules.ALL` (or full access) opens it: DOCUMENTED for custom modules. */
	custom: boolean;
	/** Fields a create must carry (MANDATORY_NOT_FOUND otherwise). ASSUMED. */
	requiredOnCreate: string[];
	/** How many records are seeded. */
	count: number;
	/** One seeded record; `modelIds` are the module's models (empty without models). */
	seed(
		random: Random,
		index: number,
		createdMs: number,
		modelIds: Array<{ id: string; display_name: string }>,
	): Omit<SeededRecord, 'id'>;
}

const ID_PREFIX = '4417000000';

/** 19 digits like Zoho's: org prefix, 9, a two-digit module code, a 6-digit sequence. */
export function extraModuleId(code: number, sequence: number): string {
	return `${ID_PREFIX}9${String(code).padStart(2, '0')}${String(sequence).padStart(6, '0')}`;
}

const zohoTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

const SITES = [
	'Chennai Plant 2',
	'Pune Warehouse',
	'Austin Fab 1',
	'Rotterdam Depot',
	'Riyadh Cold Store',
	'Sydney DC',
];
const SEVERITIES = ['critical', 'major', 'minor', 'warning'];

/** ASSUMED: the fields of these modules; Zoho documents none of them. */
export const EXTRA_MODULES: readonly ModuleSpec[] = [
	{
		name: 'locations',
		models: true,
		custom: false,
		requiredOnCreate: ['name', 'model_id'],
		count: 6,
		seed: (random, index, _created, models) => {
			const model = pick(random, models);
			return {
				name: SITES[index % SITES.length],
				model_id: model.id,
				model_name: model.display_name,
				description: `${model.display_name} site`,
				status: 'active',
				time_zone: 'UTC',
			};
		},
	},
	{
		name: 'alarms',
		models: false,
		custom: false,
		requiredOnCreate: ['name'],
		count: 12,
		seed: (random, index) => ({
			name: `${pick(random, ['High temperature', 'Low battery', 'Door open', 'Vibration above limit'])} #${index + 1}`,
			severity: pick(random, SEVERITIES),
			status: index % 3 === 0 ? 'cleared' : 'active',
			message: 'Threshold crossed for 5 minutes',
			source_name: `TS-${String(index + 1).padStart(4, '0')} ${pick(random, SITES)}`,
		}),
	},
	{
		name: 'datapoints',
		models: false,
		custom: false,
		requiredOnCreate: ['name'],
		count: 12,
		seed: (_random, index) => {
			const kinds = [
				['Temperature', '°C'],
				['Humidity', '%'],
				['Power', 'kW'],
				['Vibration', undefined],
			] as const;
			const [name, unit] = kinds[index % kinds.length];
			const instance = `TS-${String(Math.floor(index / kinds.length) + 1).padStart(4, '0')} Pune Warehouse`;
			return {
				name: `${name} of ${instance}`,
				datapoint_name: name,
				instance_name: instance,
				template_id: extraModuleId(99, (index % kinds.length) + 1),
				...(unit ? { unit } : {}),
				data_type: 'Numeric',
			};
		},
	},
	...(
		[
			['products', ['Cold Chain Kit', 'Energy Monitor Pack', 'Vibration Starter Kit']],
			['manufacturers', ['Carrier', 'Atlas Copco', 'Cummins', 'Siemens']],
			['vendors', ['Acme Installations', 'Northwind Services', 'Contoso Field Ops']],
			['certificates', ['Gateway TLS 2026', 'Sensor Fleet CA', 'Edge Device Cert']],
			['policies', ['Gateway Publish Policy', 'Sensor Subscribe Policy']],
			['commands', ['Reboot', 'Firmware Update', 'Set Reporting Interval']],
		] as const
	).map(
		([name, names]): ModuleSpec => ({
			name,
			models: false,
			custom: false,
			requiredOnCreate: ['name'],
			count: names.length,
			seed: (random, index) => ({
				name: names[index],
				description: `${names[index]} (seeded)`,
				...(name === 'certificates'
					? {
							status: 'active',
							expiry_time: zohoTime(Date.UTC(2027, 0, 1 + randomInt(random, 0, 300))),
						}
					: {}),
				...(name === 'products' || name === 'policies' || name === 'commands'
					? { status: 'active' }
					: {}),
			}),
		}),
	),
	{
		name: 'users',
		models: false,
		custom: false,
		requiredOnCreate: ['email'],
		count: 4,
		seed: (_random, index) => {
			const people = ['Ana Silva', 'Ravi Kumar', 'Lena Vogel', 'Omar Haddad'];
			const name = people[index];
			return {
				name,
				email: `${name.split(' ')[0].toLowerCase()}@example.com`,
				role: index === 0 ? 'Administrator' : 'Operator',
				status: 'active',
			};
		},
	},
	{
		name: 'service_orders',
		models: false,
		custom: true,
		requiredOnCreate: [],
		count: 5,
		seed: (random, index) => ({
			// The KB's custom module example writes its name field "Name".
			Name: `SO-${String(1000 + index)}`,
			Temperature: randomInt(random, 2, 9),
			Site: pick(random, SITES),
		}),
	},
];

/** DOCUMENTED (Get List of Models): location models; names ASSUMED. */
export const LOCATION_MODEL_SPECS: Array<[string, string, string, string]> = [
	['warehouse', 'Warehouse', 'WH', 'Storage building'],
	['plant', 'Plant', 'PL', 'Manufacturing plant'],
];

export function extraModule(name: string): ModuleSpec | undefined {
	return EXTRA_MODULES.find((spec) => spec.name === name);
}

/** The seeded records of a module of this table: the same seed always gives the same records. */
export function seedExtraModule(
	spec: ModuleSpec,
	seed: number,
	startMs: number,
	models: Array<{ id: string; display_name: string }>,
): SeededRecord[] {
	const code = EXTRA_MODULES.indexOf(spec) + 10;
	const random = mulberry32((seed * 2654435761 + code) >>> 0);
	const records: SeededRecord[] = [];
	let created = startMs;
	for (let index = 0; index < spec.count; index++) {
		created += randomInt(random, 60, 24 * 60) * 60_000;
		records.push({
			id: extraModuleId(code, index + 1),
			...spec.seed(random, index, created, models),
			created_time: zohoTime(created),
			modified_time: zohoTime(created + randomInt(random, 0, 30 * 24 * 60) * 60_000),
		});
	}
	return records;
}

/** The ID of the next record a create adds to a module of this table. */
export function nextExtraModuleId(spec: ModuleSpec, sequence: number): string {
	return extraModuleId(EXTRA_MODULES.indexOf(spec) + 10, sequence);
}
