/**
 * Shared set-up for the Zoho IoT node's tests: the node run inside n8n-core's real execution
 * context (test/helpers/n8n.ts) against strict nock scopes on the Zoho IoT host.
 */
import nock from 'nock';
import type {
	IDataObject,
	INodeExecutionData,
	INodeParameterResourceLocator,
	INodeParameters,
} from 'n8n-workflow';

import { ZohoIot } from '../../../nodes/ZohoIot/ZohoIot.node';
import {
	CredentialStore,
	defaultCredential,
	loadOptionsContext,
	runNode,
	type CredentialInput,
} from '../../helpers/n8n';
import { failureOf } from '../../helpers/failure';

export const HOST = 'https://app1234.zohoiot.com';
export const ACCESS_TOKEN = String(defaultCredential().oauthTokenData?.access_token);
/** The header every Zoho IoT request must carry (the credential's default scheme). */
export const AUTH_HEADER = { authorization: `Zoho-authtoken ${ACCESS_TOKEN}` };

export const zohoIot = new ZohoIot();

/** A nock scope on the Zoho IoT host that only matches requests with the right Authorization. */
export function zoho(): nock.Scope {
	return nock(HOST, { reqheaders: AUTH_HEADER });
}

/** A resource locator value, as the editor stores it. */
export function locator(value: unknown, mode: 'id' | 'list' = 'id'): INodeParameterResourceLocator {
	return { __rl: true, mode, value: value as INodeParameterResourceLocator['value'] };
}

export interface RunOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	credential?: CredentialInput;
	/** Run as an AI agent's tool: n8n gives the node its type plus "Tool". */
	asTool?: boolean;
	/** The node's version, as a saved workflow holds it; the newest by default. */
	typeVersion?: number;
}

/** Runs the node's execute() with these parameters; resolves to its first (only) output. */
export async function run(
	parameters: Record<string, unknown>,
	options: RunOptions = {},
): Promise<INodeExecutionData[]> {
	const output = await runNode(zohoIot, {
		parameters: parameters as INodeParameters,
		items: options.items,
		continueOnFail: options.continueOnFail,
		store: new CredentialStore(options.credential ?? defaultCredential()),
		...(options.asTool ? { nodeType: 'n8n-nodes-zoho-iot.zohoIotTool' } : {}),
		typeVersion: options.typeVersion,
	});
	return output[0];
}

/** The error a run without continue-on-fail fails with. */
export async function runError(
	parameters: Record<string, unknown>,
	options: RunOptions = {},
): Promise<Error & IDataObject> {
	return await failureOf(run(parameters, options));
}

/** A LoadOptionsContext for list search and dropdowns, with these node parameters. */
export function loadContext(parameters: INodeParameters) {
	return loadOptionsContext(zohoIot, {
		parameters,
		store: new CredentialStore(defaultCredential()),
	});
}

/** `count` JSON items, `{ index }` each. */
export function inputItems(
	count: number,
	json: (index: number) => IDataObject = (index) => ({ index }),
): INodeExecutionData[] {
	return Array.from({ length: count }, (_, index) => ({ json: json(index) }));
}

/** A Zoho-like record ID: 19 digits, beyond Number.MAX_SAFE_INTEGER like Zoho's. */
export function recordId(kind: number, sequence: number): string {
	// 19 digits whatever the kind, as Zoho's "long" IDs (the node refuses longer ones).
	return `4417000000${kind}${String(sequence).padStart(9 - String(kind).length, '0')}`;
}

/** A Zoho-like device or asset record. */
export function zohoRecord(kind: number, sequence: number, extra: IDataObject = {}): IDataObject {
	return {
		id: recordId(kind, sequence),
		name: `${kind === 1 ? 'TS' : 'Chiller CH'}-${String(sequence).padStart(4, '0')}`,
		model_id: '4417000000500000001',
		model_name: kind === 1 ? 'Temperature Sensor' : 'Chiller',
		description: 'Seeded record',
		status: 'active',
		serial_number: `SN${sequence}`,
		created_time: '2024-03-12T10:15:00+00:00',
		modified_time: '2024-03-13T08:00:00+00:00',
		...extra,
	};
}

export { setUpNock } from '../nock';

export interface ListServer {
	scope: nock.Scope;
	/** The query of every list request, in order. */
	requests: Array<{ page: number; per_page: number } & IDataObject>;
}

/**
 * A strict list endpoint over `total` records that accepts exactly `expectedRequests` requests:
 * Zoho's page/per_page paging, with `info.more_records` unless told to leave it out.
 */
export function listServer(
	module: 'devices' | 'assets',
	total: number,
	expectedRequests: number,
	{ moreRecordsInfo = true }: { moreRecordsInfo?: boolean } = {},
): ListServer {
	const kind = module === 'devices' ? 1 : 2;
	const requests: ListServer['requests'] = [];
	const scope = zoho()
		.get(`/iot/v1/${module}`)
		.query(true)
		.times(expectedRequests)
		.reply(200, (uri) => {
			const query = Object.fromEntries(new URL(uri, HOST).searchParams) as IDataObject;
			const page = Number(query.page);
			const perPage = Number(query.per_page);
			requests.push({ ...query, page, per_page: perPage });
			const start = (page - 1) * perPage;
			const records = Array.from(
				{ length: Math.max(0, Math.min(perPage, total - start)) },
				(_, i) => zohoRecord(kind, start + i + 1),
			);
			return {
				[module]: records,
				...(moreRecordsInfo
					? {
							info: {
								page,
								per_page: perPage,
								count: records.length,
								more_records: start + records.length < total,
							},
						}
					: {}),
			};
		});
	return { scope, requests };
}

/** A copy of the record without these fields. */
export function without(record: IDataObject, ...fields: string[]): IDataObject {
	return Object.fromEntries(Object.entries(record).filter(([key]) => !fields.includes(key)));
}
