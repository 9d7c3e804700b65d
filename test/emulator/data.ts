/**
 * The emulated organisation's records: models (device/asset/location types), custom views,
 * and deterministic seed data for the `devices` and `assets` modules; every other module comes
 * from the table in modules.ts.
 *
 * Record ids are 19-digit strings, like Zoho's: larger than Number.MAX_SAFE_INTEGER,
 * so a client that parses them as numbers corrupts them and the tests notice.
 */
import {
	EXTRA_MODULES,
	extraModule,
	LOCATION_MODEL_SPECS,
	nextExtraModuleId,
	seedExtraModule,
} from './modules';
import { mulberry32, pick, randomHex, randomInt, weighted, type Random } from './prng';
import { sortRecords } from './sorting';

/** A module's API name: devices, assets, or one of modules.ts's table. */
export type ModuleName = string;
export const MODULES: readonly ModuleName[] = [
	'devices',
	'assets',
	...EXTRA_MODULES.map((spec) => spec.name),
];

/** Whether a module has models: devices, assets, and the table's modules that say so. */
export function hasModels(module: ModuleName): boolean {
	return module === 'devices' || module === 'assets' || extraModule(module)?.models === true;
}

export type ZohoRecord = Record<string, unknown> & { id: string };

export interface Model {
	id: string;
	name: string;
	display_name: string;
	module: ModuleName;
	description: string;
	/** prefix used in seeded names and serial numbers; not part of the API answer */
	short: string;
}

export interface CustomView {
	id: string;
	name: string;
	module: ModuleName;
	/** records shown by the view; undefined = all */
	filter?: { field: string; value: unknown };
}

const ID_PREFIX = '4417000000';
const MODULE_DIGIT: Record<'devices' | 'assets' | 'models' | 'views', string> = {
	devices: '1',
	assets: '2',
	models: '5',
	views: '7',
};

/** 19 digits: a fixed org prefix, one digit for the kind, then an 8-digit sequence. */
export function makeId(kind: keyof typeof MODULE_DIGIT, sequence: number): string {
	return ID_PREFIX + MODULE_DIGIT[kind] + String(sequence).padStart(8, '0');
}

/** A Zoho-style timestamp, e.g. 2024-03-12T10:15:00+00:00 (the format Zoho's REST APIs use). */
export function zohoTime(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

const MODEL_SPECS: Record<string, Array<[string, string, string, string]>> = {
	devices: [
		['temperature_sensor', 'Temperature Sensor', 'TS', 'Wireless temperature and humidity sensor'],
		['energy_meter', 'Energy Meter', 'EM', 'Three-phase smart energy meter'],
		[
			'vibration_sensor',
			'Vibration Sensor',
			'VS',
			'Tri-axial vibration sensor for rotating machines',
		],
		['smart_gateway', 'Smart Gateway', 'GW', 'Edge gateway bridging Modbus and MQTT'],
		['air_quality_monitor', 'Air Quality Monitor', 'AQ', 'PM2.5, CO2 and VOC monitor'],
	],
	assets: [
		['chiller', 'Chiller', 'CH', 'Water-cooled chiller'],
		['air_compressor', 'Air Compressor', 'AC', 'Rotary screw air compressor'],
		['diesel_generator', 'Diesel Generator', 'DG', 'Standby diesel generator'],
		['delivery_van', 'Delivery Van', 'DV', 'Refrigerated delivery van'],
		['conveyor_belt', 'Conveyor Belt', 'CB', 'Packaging line conveyor'],
	],
	locations: LOCATION_MODEL_SPECS,
};

/** The models of the emulated organisation: fixed, whatever the seed. */
export const MODELS: readonly Model[] = Object.keys(MODEL_SPECS).flatMap((module, m) =>
	MODEL_SPECS[module].map(([name, display, short, description], i) => ({
		id: makeId('models', m * 100 + i + 1),
		name,
		display_name: display,
		module,
		description,
		short,
	})),
);

export function modelsOf(module: ModuleName): Array<Omit<Model, 'short'>> {
	return MODELS.filter((m) => m.module === module).map((m) => ({
		id: m.id,
		name: m.name,
		display_name: m.display_name,
		module: m.module,
		description: m.description,
	}));
}

export function findModel(module: ModuleName, modelId: unknown): Model | undefined {
	return MODELS.find((m) => m.module === module && m.id === String(modelId));
}

/**
 * Seeded custom views (cvid). ASSUMED: Zoho IoT's custom views are not documented beyond the
 * `cvid` parameter; any other numeric cvid is treated as "all records".
 */
export const CUSTOM_VIEWS: readonly CustomView[] = [
	{ id: makeId('views', 1), name: 'All devices', module: 'devices' },
	{
		id: makeId('views', 2),
		name: 'Active devices',
		module: 'devices',
		filter: { field: 'status', value: 'active' },
	},
	{ id: makeId('views', 3), name: 'All assets', module: 'assets' },
	{
		id: makeId('views', 4),
		name: 'Active assets',
		module: 'assets',
		filter: { field: 'status', value: 'active' },
	},
];

const SITES = [
	'Chennai Plant 2',
	'Pune Warehouse',
	'Austin Fab 1',
	'Rotterdam Depot',
	'Riyadh Cold Store',
	'Sydney DC',
	'Frankfurt Line 3',
	'Bengaluru Campus',
];
const MANUFACTURERS = [
	'Carrier',
	'Atlas Copco',
	'Cummins',
	'Tata Motors',
	'Siemens',
	'Daikin',
	'Kirloskar',
];
const STATUSES: ReadonlyArray<readonly [string, number]> = [
	['active', 7],
	['inactive', 2],
	['maintenance', 1],
];

/** First seeded record is created at this instant; later ones follow at random intervals. */
const SEED_EPOCH = Date.UTC(2023, 0, 9, 8, 0, 0);

function seedDevice(random: Random, index: number, createdMs: number): ZohoRecord {
	const model = pick(
		random,
		MODELS.filter((m) => m.module === 'devices'),
	);
	const site = pick(random, SITES);
	const status = weighted(random, STATUSES);
	return {
		id: makeId('devices', index + 1),
		name: `${model.short}-${String(index + 1).padStart(4, '0')} ${site}`,
		model_id: model.id,
		model_name: model.display_name,
		description: `${model.display_name} at ${site}`,
		status,
		connection_status: status === 'active' && random() < 0.9 ? 'connected' : 'disconnected',
		serial_number: `${model.short}${randomHex(random, 10).toUpperCase()}`,
		firmware_version: `${randomInt(random, 1, 4)}.${randomInt(random, 0, 9)}.${randomInt(random, 0, 30)}`,
		location: site,
		created_time: zohoTime(createdMs),
		modified_time: zohoTime(createdMs + randomInt(random, 0, 90 * 24 * 60) * 60_000),
	};
}

function seedAsset(random: Random, index: number, createdMs: number): ZohoRecord {
	const model = pick(
		random,
		MODELS.filter((m) => m.module === 'assets'),
	);
	const site = pick(random, SITES);
	const installed = new Date(createdMs - randomInt(random, 30, 2000) * 86_400_000);
	return {
		id: makeId('assets', index + 1),
		name: `${model.display_name} ${model.short}-${String(index + 1).padStart(3, '0')}`,
		model_id: model.id,
		model_name: model.display_name,
		description: `${model.description}, ${site}`,
		status: weighted(random, STATUSES),
		asset_tag: `AT-${String(randomInt(random, 0, 99999)).padStart(5, '0')}`,
		manufacturer: pick(random, MANUFACTURERS),
		installation_date: installed.toISOString().slice(0, 10),
		location: site,
		created_time: zohoTime(createdMs),
		modified_time: zohoTime(createdMs + randomInt(random, 0, 90 * 24 * 60) * 60_000),
	};
}

/** The seeded records of one module: the same seed and count always give the same records. */
export function seedRecords(module: ModuleName, count: number, seed: number): ZohoRecord[] {
	// One PRNG stream per module, so changing the number of assets leaves devices unchanged.
	const random = mulberry32((seed * 2654435761 + (module === 'devices' ? 1 : 2)) >>> 0);
	const make = module === 'devices' ? seedDevice : seedAsset;
	const records: ZohoRecord[] = [];
	// Spread the creation times over about 20 months whatever the count, so that even
	// 100,000 records do not end up created in the future.
	const maxStepMinutes = Math.max(
		2,
		Math.min(12 * 60, Math.floor((600 * 24 * 60 * 2) / Math.max(count, 1))),
	);
	let created = SEED_EPOCH;
	for (let i = 0; i < count; i++) {
		created += randomInt(random, 1, maxStepMinutes) * 60_000;
		records.push(make(random, i, created));
	}
	return records;
}

/** Fields a client may not set: the server owns them. */
const READ_ONLY_FIELDS = new Set(['id', 'created_time', 'modified_time', 'model_name']);

/** In-memory records of one emulator, by module, in insertion order. */
export class DataStore {
	private readonly records = new Map<ModuleName, Map<string, ZohoRecord>>();
	private readonly nextSequence = new Map<ModuleName, number>();
	/**
	 * Each module's records in a listing's order, kept until the module changes: a sync of a
	 * million devices asks for 5,000 pages of the same order, and sorting a million records for
	 * each of them would make the emulator, not the client, the thing measured.
	 */
	private readonly sortedCache = new Map<string, ZohoRecord[]>();

	/** Told of every record created or edited, whichever route did it (webhook actions listen). */
	onChange?: (module: ModuleName, change: 'created' | 'edited', record: ZohoRecord) => void;

	constructor(seed: number, counts: { devices: number; assets: number }) {
		for (const module of MODULES) {
			const spec = extraModule(module);
			const seeded = spec
				? seedExtraModule(
						spec,
						seed,
						SEED_EPOCH,
						MODELS.filter((m) => m.module === module),
					)
				: seedRecords(module, counts[module as 'devices' | 'assets'], seed);
			this.records.set(module, new Map(seeded.map((r) => [r.id, r])));
			this.nextSequence.set(module, seeded.length + 1);
		}
	}

	all(module: ModuleName): ZohoRecord[] {
		return [...this.records.get(module)!.values()];
	}

	/** The module's records sorted by `field` in `order` (sorting.ts), shared until the module changes. */
	sorted(module: ModuleName, field: string, order: 'asc' | 'desc'): readonly ZohoRecord[] {
		const key = JSON.stringify([module, field, order]);
		let sorted = this.sortedCache.get(key);
		if (!sorted) {
			sorted = sortRecords(this.all(module), field, order);
			this.sortedCache.set(key, sorted);
		}
		return sorted;
	}

	/** Forgets the module's sorted listings: its records changed. */
	private changed(module: ModuleName): void {
		for (const key of [...this.sortedCache.keys()])
			if ((JSON.parse(key) as string[])[0] === module) this.sortedCache.delete(key);
	}

	get(module: ModuleName, id: string): ZohoRecord | undefined {
		return this.records.get(module)!.get(id);
	}

	/** Adds a record (already validated); the server assigns id and timestamps. */
	create(module: ModuleName, fields: Record<string, unknown>, nowMs: number): ZohoRecord {
		const sequence = this.nextSequence.get(module)!;
		this.nextSequence.set(module, sequence + 1);
		const spec = extraModule(module);
		const record: ZohoRecord = {
			id: spec
				? nextExtraModuleId(spec, sequence)
				: makeId(module as 'devices' | 'assets', sequence),
		};
		for (const [key, value] of Object.entries(fields)) {
			if (!READ_ONLY_FIELDS.has(key)) record[key] = value;
		}
		const model = hasModels(module) ? findModel(module, fields.model_id) : undefined;
		if (model) {
			record.model_id = model.id;
			record.model_name = model.display_name;
		}
		if (record.status === undefined) record.status = 'active';
		record.created_time = zohoTime(nowMs);
		record.modified_time = record.created_time;
		this.records.get(module)!.set(record.id, record);
		this.changed(module);
		this.onChange?.(module, 'created', record);
		return record;
	}

	/** Changes an existing record (already validated). */
	update(
		module: ModuleName,
		id: string,
		fields: Record<string, unknown>,
		nowMs: number,
	): ZohoRecord {
		const record = this.get(module, id)!;
		for (const [key, value] of Object.entries(fields)) {
			if (!READ_ONLY_FIELDS.has(key)) record[key] = value;
		}
		const model = findModel(module, record.model_id);
		if (model) {
			record.model_id = model.id;
			record.model_name = model.display_name;
		}
		record.modified_time = zohoTime(nowMs);
		this.changed(module);
		this.onChange?.(module, 'edited', record);
		return record;
	}

	delete(module: ModuleName, id: string): boolean {
		this.changed(module);
		return this.records.get(module)!.delete(id);
	}
}
