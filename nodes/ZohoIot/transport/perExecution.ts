/**
 * State that lives as long as one execution of the node, per credential: keyed by n8n's
 * execution context (a new one for every run of the node), so it is collected with the context
 * and never shared between runs.
 */
import { credentialKey } from './secrets';
import type { ZohoIotContext } from './types';

/** A store of one value per execution and credential. */
export function perExecution<T>(): (context: ZohoIotContext) => {
	key: string;
	values: Map<string, T>;
} {
	const byContext = new WeakMap<object, Map<string, T>>();
	return (context) => {
		let values = byContext.get(context);
		if (!values) {
			values = new Map();
			byContext.set(context, values);
		}
		return { key: credentialKey(context.getNode()), values };
	};
}
