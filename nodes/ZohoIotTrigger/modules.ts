/** The modules the trigger watches: the action node's registry, plus a custom module by API name. */
import type { INodePropertyOptions } from 'n8n-workflow';

import { RESOURCES } from '../ZohoIot/actions/registry';

/** The value of the Module option that reveals the Custom Module API name field. */
export const CUSTOM_MODULE = '__custom';

/** Every record module the action node supports (its registry), by API name. */
export const TRIGGER_MODULES: INodePropertyOptions[] = RESOURCES.filter(
	(resource) => !resource.custom,
).map((resource) => ({
	name: resource.label,
	value: resource.module,
}));
