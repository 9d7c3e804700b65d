/**
 * One poll of the Zoho IoT Trigger: the module listed newest first through the node's transport
 * (so token refresh, retries and host rules are the action node's), read only down to the cursor.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { forCustomModule, toModuleApiName } from '../ZohoIot/actions/customModule';
import { listQuery } from '../ZohoIot/actions/record/getAll';
import { simplifyRecord } from '../ZohoIot/helpers/records';
import { entryOfModule, resourceEntry } from '../ZohoIot/actions/registry';
import {
	CREATED_TIME_FIELD,
	MAX_PAGE_SIZE,
	MODIFIED_TIME_FIELD,
	SIMPLIFIED_FIELDS_BY_MODULE,
	TRIGGER_SORT_ORDER,
} from '../ZohoIot/constants';
import { zohoIotListPage } from '../ZohoIot/transport';
import { advance, cursorAt, oldestFirst, verdict, type Cursor } from './cursor';
import { CUSTOM_MODULE } from './modules';
import { recordTime } from './recordTime';

export type TriggerEvent = 'alarmRaised' | 'recordCreated' | 'recordUpdated';

/** What the node keeps between polls, in the workflow's static data for this node. */
interface TriggerState extends IDataObject {
	/** The module and time field the cursor belongs to; another one starts afresh. */
	watching?: string;
	cursor?: Cursor & IDataObject;
}

interface Watch {
	/** The module's API name, the path segment of `GET /iot/v1/{module}`. */
	module: string;
	/** created_time or modified_time. */
	field: string;
	/** cvid and filter, as Get Many sends them. */
	query: IDataObject;
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
	return { module, field, query };
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

/** Every record of a custom view, newest first. Costs ceil(view size / 200) requests. */
async function wholeView(this: IPollFunctions, watch: Watch): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	for (let page = 1; ; page++) {
		const { records: batch, moreRecords } = await listPage.call(this, watch, page, MAX_PAGE_SIZE);
		records.push(...batch);
		if (!moreRecords || batch.length < MAX_PAGE_SIZE) break;
	}
	return oldestFirst(records, watch.field).reverse();
}

/** The newest records: the first sorted page, or the whole view. */
async function newest(this: IPollFunctions, watch: Watch, perPage: number): Promise<IDataObject[]> {
	if (!sortedByZoho(watch)) return await wholeView.call(this, watch);
	return (await listPage.call(this, watch, 1, perPage)).records;
}

/** The records the cursor has not emitted yet, newest first, reading only as far as needed. */
async function changesSince(
	this: IPollFunctions,
	watch: Watch,
	cursor: Cursor,
): Promise<IDataObject[]> {
	const fresh = new Map<string, IDataObject>();
	const keep = (record: IDataObject) => {
		// A record can show up twice when a change shifts the list between two pages: keep its
		// newest state.
		const id = String(record.id);
		const known = fresh.get(id);
		if (!known || (recordTime(record, watch.field) ?? 0) >= (recordTime(known, watch.field) ?? 0))
			fresh.set(id, record);
	};
	if (!sortedByZoho(watch)) {
		for (const record of await wholeView.call(this, watch)) {
			if (verdict(cursor, record, watch.field) === 'new') keep(record);
		}
		return [...fresh.values()];
	}
	for (let page = 1; ; page++) {
		const { records, moreRecords } = await listPage.call(this, watch, page, MAX_PAGE_SIZE);
		let reachedCursor = false;
		for (const record of records) {
			const seen = verdict(cursor, record, watch.field);
			if (seen === 'older') {
				reachedCursor = true;
				break;
			}
			if (seen === 'new') keep(record);
		}
		if (reachedCursor || !moreRecords || records.length < MAX_PAGE_SIZE) break;
	}
	return [...fresh.values()];
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

/**
 * Manual mode (a test in the editor): the newest matching record, to map fields from; the cursor
 * is neither read nor moved. Active: the first poll only places the cursor at the newest record
 * (no flood of old records); every later poll emits what changed since, oldest first, and moves
 * the cursor only after every request of the poll succeeded.
 */
export async function pollRecords(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const watch = watchFrom(this);

	if (this.getMode() === 'manual') {
		const records = await newest.call(this, watch, 1);
		return records.length ? toItems.call(this, watch.module, records.slice(0, 1)) : null;
	}

	const state = this.getWorkflowStaticData('node') as TriggerState;
	const watching = `${watch.module}:${watch.field}`;
	if (!state.cursor || state.watching !== watching) {
		const records = await newest.call(this, watch, MAX_PAGE_SIZE);
		const cursor = records.length ? cursorAt(records, watch.field) : { time: 0, ids: [] };
		if (!cursor) {
			throw new NodeOperationError(
				this.getNode(),
				`The ${watch.module} records have no ${watch.field}`,
				{
					description: `The trigger orders records by ${watch.field}, and the newest ${watch.module} record does not carry it. Choose another event or module.`,
				},
			);
		}
		state.watching = watching;
		state.cursor = cursor as Cursor & IDataObject;
		return null;
	}

	const changes = await changesSince.call(this, watch, state.cursor);
	if (changes.length === 0) return null;
	const ordered = oldestFirst(changes, watch.field);
	state.cursor = advance(state.cursor, ordered, watch.field) as Cursor & IDataObject;
	return toItems.call(this, watch.module, ordered);
}
