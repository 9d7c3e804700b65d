/**
 * What a Zoho error means for this resource and operation, added to the error the transport
 * built: the exact scope a token lacks, and, where the node only assumes that Zoho allows a write,
 * that assumption. The transport knows neither the resource nor the operation; the action layer
 * does, so the words are added here.
 */
import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { DEFAULT_SCOPES, OPERATION_REFUSED_CODES, SCOPE_ERROR_CODE } from '../constants';
import type { RecordResource } from './registry';

function zohoCode(error: NodeApiError): string | undefined {
	const code = (error.errorResponse as JsonObject | undefined)?.code;
	return typeof code === 'string' ? code : undefined;
}

/** How to fix a missing scope: which one, where to add it, and to reconnect. */
export function missingScopeDescription(scope: string, alternative?: string): string {
	return `The credential's access token does not include the scope ${scope}${alternative ? ` (Zoho's pages also name ${alternative}; add both if one is not enough)` : ''}. Open the credential, add ${scope} to Scope (comma-separated, e.g. ${DEFAULT_SCOPES},${scope}), save, and press "Reconnect" so that Zoho issues a token with it.`;
}

/** The error, its description rewritten when Zoho's code says more for this resource. */
export function explainForResource(
	error: unknown,
	resource: RecordResource,
	{ operation, scope }: { operation: string; scope: string },
): unknown {
	if (!(error instanceof NodeApiError)) return error;
	const code = zohoCode(error);
	if (code === SCOPE_ERROR_CODE) {
		error.description = missingScopeDescription(scope, resource.alternativeScope);
	} else if (
		resource.writesAssumed &&
		['create', 'update', 'delete'].includes(operation) &&
		(code
			? OPERATION_REFUSED_CODES.includes(code)
			: error.httpCode === '404' || error.httpCode === '405')
	) {
		error.description =
			`${error.description ?? ''} Zoho IoT does not document whether its API lets you ${operation} ${resource.plural}; this node offers it because the records API says it can, and Zoho's answer suggests it does not, at least for this connection. Do it in Zoho IoT's web app instead, or report this answer so the node can stop offering it.`.trim();
	}
	return error;
}
