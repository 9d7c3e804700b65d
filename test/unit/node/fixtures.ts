/**
 * The tests' table of resources, derived from the node's registry: a module added there is
 * covered here without editing a test.
 */
import type { RecordOperation } from '../../../nodes/ZohoIot/actions/node.type';
import { RESOURCES, type RecordResource } from '../../../nodes/ZohoIot/actions/registry';

export interface ResourceFixture {
	entry: RecordResource;
	resource: string;
	module: string;
	idParameter: string;
	/** The digit(s) after the org prefix in this resource's test record IDs. */
	kind: number;
}

const KIND: Record<string, number> = { devices: 1, assets: 2 };

export const RESOURCE_FIXTURES: ResourceFixture[] = RESOURCES.map((entry, index) => ({
	entry,
	resource: entry.resource,
	module: entry.module,
	idParameter: entry.idParameter,
	kind: KIND[entry.module] ?? 10 + index,
}));

/** The resources of Zoho's named modules (not Custom Module). */
export const BUILT_IN_FIXTURES = RESOURCE_FIXTURES.filter((fixture) => !fixture.entry.custom);

/** The resources whose records have models: Device, Asset, Location. */
export const MODEL_FIXTURES = RESOURCE_FIXTURES.filter((fixture) => fixture.entry.models);

/** The built-in resources that offer this records operation. */
export function offering(operation: RecordOperation): ResourceFixture[] {
	return BUILT_IN_FIXTURES.filter((fixture) => fixture.entry.operations.includes(operation));
}
