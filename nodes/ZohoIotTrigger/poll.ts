/**
 * One poll of the Zoho IoT Trigger: the module listed newest first through the node's transport
 * (so token refresh, retries and host rules are the action node's), read down to the floor of
 * the look-back window, each record compared with the versions remembered (cursor.ts).
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { forCustomModule, toModuleApiName } from '../ZohoIot/actions/customModule';
import { simplifyRecord } from '../ZohoIot/helpers/records';
import { organisationOffsetIn } from '../ZohoIot/helpers/zohoTime';
import { entryOfModule, resourceEntry } from '../ZohoIot/actions/registry';
import { listQuery } from '../ZohoIot/helpers/listQuery';
import {
	CREATED_TIME_FIELD,
	MAX_PAGE_SIZE,
	MODIFIED_TIME_FIELD,
	SIMPLIFIED_FIELDS_BY_MODULE,
	TRIGGER_LIMITS,
	TRIGGER_LOOK_BACK,
	TRIGGER_SORT_ORDER,
} from '../ZohoIot/constants';
import { zohoIotListPage } from '../ZohoIot/transport';
import { explainedError, repeatedPageError } from '../ZohoIot/transport/errors';
import {
	nextFloor,
	nextZohoNow,
	oldestFirst,
	place,
	readMemory,
	remember,
	trustworthy,
	verdict,
	type Memory,
	type Placed,
} from './cursor';
import { CUSTOM_MODULE } from './modules';
import { recordInstant } from './recordTime';

export type TriggerEvent = 'alarmRaised' | 'recordCreated' | 'recordUpdated';

interface Watch {
	/** The module's API name, the path segment of `GET /iot/v1/{module}`. */
	module: string;
	/** created_time or modified_time. */
	field: string;
	/** cvid and filter, as Get Many sends them. */
	query: IDataObject;
	/** Record Updated: a record's content is part of its version. */
	byContent: boolean;
	lookBackMs: number;
}

function watchFrom(context: IPollFunctions): Watch {
	const node = context.getNode();
	const event = context.getNodeParameter('event') as TriggerEvent;
	const chosen = event === 'alarmRaised' ? 'alarms' : context.getNodeParameter('module', '');
	// The action node's own checks: an API name that cannot steer the path, and Get Many's filters
	// (typed values only, bounded JSON).
	const module =
		chosen === CUSTOM_MODULE
			? toModuleApiName(node, context.getNodeParameter('customModule', ''))
			: String(chosen);
	const entry = entryOfModule(module) ?? forCustomModule(resourceEntry('customModule')!, module);
	const query = listQuery(node, entry, context.getNodeParameter('filters', {}) as IDataObject, 0);
	const field = event === 'recordUpdated' ? MODIFIED_TIME_FIELD : CREATED_TIME_FIELD;
	const minutes = context.getNodeParameter('lookBack', TRIGGER_LOOK_BACK.defaultMinutes);
	if (
		typeof minutes !== 'number' ||
		!Number.isFinite(minutes) ||
		minutes < 0 ||
		minutes > TRIGGER_LOOK_BACK.maxMinutes
	) {
		throw new NodeOperationError(
			node,
			`Look-Back must be 0 to ${TRIGGER_LOOK_BACK.maxMinutes} minutes`,
			{
				description: `Enter a number of minutes, e.g. ${TRIGGER_LOOK_BACK.defaultMinutes}.`,
			},
		);
	}
	return {
		module,
		field,
		query,
		byContent: event === 'recordUpdated',
		lookBackMs: minutes * 60_000,
	};
}

/**
 * Zoho does not sort a custom view (documented: `cvid` excludes `sort_by`), so a view is read
 * whole and ordered here; every other list is sorted by Zoho, newest first.
 */
const sortedByZoho = (watch: Watch) => watch.query.cvid === undefined;

async function listPage(this: IPollFunctions, watch: Watch, page: number, perPage: number) {
	const qs = sortedByZoho(watch)
		? { ...watch.query, sort_by: watch.field, sort_order: TRIGGER_SORT_ORDER }
		: watch.query;
	// The transport types modules as the action node's two; the trigger takes any module's API name.
	return await zohoIotListPage.call(this, watch.module, { page, perPage, qs });
}

interface Scan {
	/** Every record read that has a time, once per key (its newest state), in reading order. */
	read: Placed[];
	/** Records whose time field holds no time: they cannot be placed, so they are skipped. */
	untimed: number;
	offsetMs?: number;
}

/**
 * Reads the list newest first down to the floor (`floorNow` is asked after every page: at
 * activation it comes from the newest records), or a custom view whole. Every request of the scan
 * is bounded: at most TRIGGER_LIMITS.maxPages pages; a page that repeats one already read, an
 * empty page right after one whose metadata said more follow, or a view whose order shifted
 * between pages ends the poll with an error, before anything is emitted or remembered.
 */
async function scan(
	this: IPollFunctions,
	watch: Watch,
	floorNow: (read: Placed[]) => number | null,
	knownOffsetMs: number | undefined,
): Promise<Scan> {
	const node = this.getNode();
	const byKey = new Map<string, Placed>();
	const pageOf = new Map<string, number>();
	let untimed = 0;
	let offsetMs = knownOffsetMs;
	let previous: { full: boolean; saidMore?: boolean } | undefined;
	for (let page = 1; ; page++) {
		if (page > TRIGGER_LIMITS.maxPages) {
			throw explainedError(
				node,
				`The ${watch.module} changed by more than ${TRIGGER_LIMITS.maxPages * MAX_PAGE_SIZE} records since the last poll`,
				`The trigger reads at most ${TRIGGER_LIMITS.maxPages} pages per poll and emitted nothing; it will try again at the next poll. Poll more often, narrow the Filters, or deactivate and activate the workflow to start from now.`,
			);
		}
		const { records, moreRecords, saidMore } = await listPage.call(
			this,
			watch,
			page,
			MAX_PAGE_SIZE,
		);
		if (records.length === 0 && previous?.full && previous.saidMore === true) {
			throw explainedError(
				node,
				`Zoho IoT answered page ${page} of the ${watch.module} with no records, right after page ${page - 1} said more follow`,
				'The trigger takes this for a passing fault rather than the end of the list: it emitted nothing and will read again at the next poll.',
			);
		}
		offsetMs ??= organisationOffsetIn(records);
		const onThisPage: Placed[] = [];
		let shiftedFrom: { id: string; page: number } | undefined;
		let repeated = records.length > 0;
		for (const record of records) {
			const placed = place(record, recordInstant(record, watch.field, offsetMs), watch.byContent);
			if (!placed) {
				untimed++;
				repeated = false;
				continue;
			}
			const readOn = pageOf.get(placed.key);
			if (readOn === undefined || byKey.get(placed.key)?.version !== placed.version)
				repeated = false;
			if (!sortedByZoho(watch) && readOn !== undefined && readOn < page && record.id != null)
				shiftedFrom ??= { id: String(record.id), page: readOn };
			pageOf.set(placed.key, page);
			onThisPage.push(placed);
			const known = byKey.get(placed.key);
			// Read twice (the list moved between pages): keep the newest state.
			if (!known || placed.ms >= known.ms) byKey.set(placed.key, placed);
		}
		if (page > 1 && repeated) throw repeatedPageError(node, watch.module, page);
		if (shiftedFrom) {
			// Offset paging over an order that moved: a record seen on an earlier page shows up
			// again, so another one may have slipped onto a page already read.
			throw explainedError(
				node,
				`The order of the custom view shifted while the trigger read it (record ${shiftedFrom.id} was on page ${shiftedFrom.page} and again on page ${page})`,
				'A record may have moved onto a page already read, so the trigger emitted nothing and will read the view again at the next poll.',
			);
		}
		const floor = floorNow([...byKey.values()]);
		const reachedFloor =
			sortedByZoho(watch) && floor !== null && onThisPage.some((placed) => placed.latest < floor);
		if (reachedFloor || !moreRecords) break;
		previous = { full: records.length >= MAX_PAGE_SIZE, saidMore };
	}
	return { read: [...byKey.values()], untimed, offsetMs };
}

/** The records as output items, simplified with the fields the action node keeps for the module. */
function toItems(
	this: IPollFunctions,
	module: string,
	records: IDataObject[],
): INodeExecutionData[][] {
	const simplify = this.getNodeParameter('simplify', true) as boolean;
	const fields = entryOfModule(module)?.simplifiedFields ?? SIMPLIFIED_FIELDS_BY_MODULE.custom;
	return [
		this.helpers.returnJsonArray(
			simplify ? records.map((record) => simplifyRecord(record, fields)) : records,
		),
	];
}

/** The newest record with a time, for manual mode: the first sorted page, or the whole view. */
async function newestRecord(this: IPollFunctions, watch: Watch): Promise<IDataObject | undefined> {
	if (sortedByZoho(watch)) return (await listPage.call(this, watch, 1, 1)).records[0];
	const { read } = await scan.call(this, watch, () => null, undefined);
	return oldestFirst(read).pop()?.record;
}

const watchingKey = (watch: Watch) =>
	`${watch.module}:${watch.field}${watch.query.cvid === undefined ? '' : `:view ${String(watch.query.cvid)}`}`;

/**
 * Activation: read the newest records down to the look-back window below the newest trustworthy
 * time and remember them all, so nothing that existed is emitted (also not when more than 200
 * share the newest second). An empty answer places the window at n8n's clock instead: a Zoho
 * that answered 204 by mistake cannot make the next poll emit the whole module.
 */
async function activate(this: IPollFunctions, watch: Watch, n8nNow: number): Promise<Memory> {
	const newestTrusted = (read: Placed[]) =>
		read.reduce<number | null>(
			(newest, placed) =>
				trustworthy(placed, n8nNow) && (newest === null || placed.earliest > newest)
					? placed.earliest
					: newest,
			null,
		);
	const { read, untimed, offsetMs } = await scan.call(
		this,
		watch,
		(soFar) => {
			const newest = newestTrusted(soFar);
			return newest === null ? null : newest - watch.lookBackMs;
		},
		undefined,
	);
	if (read.length === 0 && untimed > 0) {
		throw new NodeOperationError(
			this.getNode(),
			`The ${watch.module} records have no ${watch.field}`,
			{
				description: `The trigger orders records by ${watch.field}, and the newest ${watch.module} records do not carry it. Choose another event or module.`,
			},
		);
	}
	const zohoNow = newestTrusted(read);
	const floor = nextFloor(
		zohoNow ?? n8nNow - TRIGGER_LIMITS.futureToleranceMs,
		watch.lookBackMs,
		null,
	);
	const kept = remember([], read, floor);
	return {
		version: 2,
		watching: watchingKey(watch),
		zohoNow,
		polledAt: n8nNow,
		floor: kept.floor,
		...(offsetMs === undefined ? {} : { offsetMs }),
		seen: kept.seen,
	};
}

/**
 * Manual mode (a test in the editor): the newest matching record, to map fields from; the memory
 * is neither read nor changed. Active: the first poll only remembers the newest records (no flood
 * of old records); every later poll emits each record whose current version it has not
 * remembered, oldest first, and changes the memory only after every request of the poll
 * succeeded.
 */
export async function pollRecords(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const watch = watchFrom(this);

	if (this.getMode() === 'manual') {
		const record = await newestRecord.call(this, watch);
		return record ? toItems.call(this, watch.module, [record]) : null;
	}

	const n8nNow = Date.now();
	const staticData = this.getWorkflowStaticData('node');
	const stored = readMemory(staticData, watchingKey(watch), n8nNow);
	const save = (memory: Memory) => {
		for (const key of Object.keys(staticData)) delete staticData[key];
		Object.assign(staticData, memory);
	};
	let memory: Memory;
	if (stored.kind === 'valid') {
		memory = stored.memory;
	} else {
		if (stored.kind === 'recovered') {
			this.logger.warn(
				`Zoho IoT Trigger "${this.getNode().name}": the trigger's memory of what it emitted could not be used (${stored.problem}); ${stored.memory ? 'it continues from the last time it can trust' : 'it starts afresh from now, without emitting older records'}.`,
			);
		}
		if (stored.kind === 'recovered' && stored.memory) {
			memory = stored.memory;
		} else {
			save(await activate.call(this, watch, n8nNow));
			return null;
		}
	}

	const { read, offsetMs } = await scan.call(this, watch, () => memory.floor, memory.offsetMs);
	const remembered = new Map(memory.seen.map(([key, , version]) => [key, version]));
	const changes = read.filter((placed) => verdict(remembered, placed, memory.floor) === 'new');
	const zohoNow = nextZohoNow(memory, read, n8nNow);
	const kept = remember(
		memory.seen,
		read.filter((placed) => memory.floor === null || placed.latest >= memory.floor),
		nextFloor(zohoNow, watch.lookBackMs, memory.floor),
	);
	const next: Memory = {
		version: 2,
		watching: memory.watching,
		zohoNow,
		polledAt: n8nNow,
		floor: kept.floor,
		...(offsetMs === undefined ? {} : { offsetMs }),
		seen: kept.seen,
	};
	// A quiet poll that would change nothing but the clocks leaves the memory as it is, so n8n
	// has nothing to save: the next poll projects Zoho's clock from the older reading just as well.
	if (
		stored.kind !== 'valid' ||
		changes.length > 0 ||
		next.offsetMs !== memory.offsetMs ||
		JSON.stringify(next.seen) !== JSON.stringify(memory.seen)
	)
		save(next);
	if (changes.length === 0) return null;
	return toItems.call(
		this,
		watch.module,
		oldestFirst(changes).map((placed) => placed.record),
	);
}
