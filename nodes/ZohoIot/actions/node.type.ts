/**
 * The node's resource map, typed as n8n's own v2 nodes do (Airtable v2, Microsoft Teams v2): each
 * resource with the operations it may have. registry.ts fills it in; the compiler then refuses a
 * resource entry that offers an operation this map does not allow.
 */
import type { AllEntities } from 'n8n-workflow';

/** The operations of Zoho's records API. */
export type RecordOperation = 'create' | 'delete' | 'get' | 'getAll' | 'update';

/** Every operation kind the node knows; each is one file (record/*.ts, datapoint/*.ts). */
export type OperationName = RecordOperation | 'getValues';

type ZohoIotMap = {
	alarm: RecordOperation;
	asset: RecordOperation;
	certificate: RecordOperation;
	command: RecordOperation;
	customModule: RecordOperation;
	datapoint: 'create' | 'get' | 'getAll' | 'getValues' | 'update';
	device: RecordOperation;
	location: RecordOperation;
	manufacturer: RecordOperation;
	policy: RecordOperation;
	product: RecordOperation;
	user: RecordOperation;
	vendor: RecordOperation;
};

export type ZohoIotType = AllEntities<ZohoIotMap>;
export type ZohoIotResource = ZohoIotType['resource'];
/** The operations a resource may offer. */
export type OperationOf<R extends ZohoIotResource> = Extract<
	ZohoIotType,
	{ resource: R }
>['operation'];
