/**
 * The scope a request needs, read from the request itself, so that every scope error (node,
 * list searches, dropdowns and the trigger's polls alike) names the exact scope to add.
 */
import {
	CUSTOM_MODULE_SCOPE,
	DATAPOINT_VALUES_PATH,
	DATAPOINT_VALUES_SCOPE,
	MODELS_PATH,
	RECORD_MODULES,
	SCOPE_OPERATION_BY_METHOD,
} from '../constants';
import { isOneOf } from '../helpers/values';
import type { ZohoIotRequest } from './types';

/** The narrowest documented scope for the request, e.g. `ZohoIOT.modules.alarms.READ`. */
export function scopeNeeded(request: Pick<ZohoIotRequest, 'method' | 'path' | 'qs'>): string {
	const path = request.path.replace(/^\/+/, '');
	if (path === DATAPOINT_VALUES_PATH || path.startsWith(`${DATAPOINT_VALUES_PATH}/`))
		return DATAPOINT_VALUES_SCOPE;
	const [module] = path.split('/');
	const operation = SCOPE_OPERATION_BY_METHOD[request.method] ?? 'ALL';
	// Documented (get-model-list): the models of a module need READ on that module.
	if (path === MODELS_PATH) {
		const modelsOf = request.qs?.module;
		return isOneOf(modelsOf, RECORD_MODULES)
			? `ZohoIOT.modules.${modelsOf}.READ`
			: CUSTOM_MODULE_SCOPE;
	}
	// Documented (get-records): custom modules have no scope of their own.
	return isOneOf(module, RECORD_MODULES)
		? `ZohoIOT.modules.${module}.${operation}`
		: CUSTOM_MODULE_SCOPE;
}

/** The module-wide scope that also covers `scope` (documented: ALL includes every operation). */
export function broaderScope(scope: string): string | undefined {
	const match = /^(ZohoIOT\.modules\.[a-z]+)\.(READ|CREATE|UPDATE|DELETE)$/.exec(scope);
	return match && scope !== DATAPOINT_VALUES_SCOPE ? `${match[1]}.ALL` : undefined;
}
