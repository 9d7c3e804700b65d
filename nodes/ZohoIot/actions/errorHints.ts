/**
 * What a Zoho error means for this resource and operation, added to the error the transport
 * built: the exact scope a token lacks, and, where the node only assumes that Zoho allows a write,
 * that assumption. The transport knows neither the resource nor the operation; the action layer
 * does, so the words are added here.
 */
import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { OPERATION_REFUSED_CODES, SCOPE_ERROR_CODE } from '../constants';
import { missingScopeDescription } from '../transport/errors';
import { otherMandatoryFields } from './record/create';
import type { RecordResource } from './registry';

function zohoCode(error: NodeApiError): string | undefined {
	const code = (error.errorResponse as JsonObject | undefined)?.code;
	return typeof code === 'string' ? code : undefined;
}

/** The error, its description rewritten when Zoho's code says more for this resource. */
export function explainForResource(
	error: unknown,
	resource: RecordResource,
	{ operation, scope }: { operation: string; scope: string },
): unknown {
	if (!(error instanceof NodeApiError)) return error;
	const code = zohoCode(error);
	if (code === 'MANDATORY_NOT_FOUND' && operation === 'create') {
		const others = otherMandatoryFields(resource);
		error.description =
			`${error.description ?? ''} Zoho IoT requires a few system-defined fields when a record is created${others.length ? `: for ${resource.plural} its create page shows name, model_id and ${others.join(', ')}` : ''}. Add the field Zoho names under Custom Fields or Fields (JSON).`.trim();
	} else if (code === SCOPE_ERROR_CODE) {
		// The transport named the scope from the request; users' scope is named twice by Zoho.
		if (resource.alternativeScope || !error.message.includes('lacks the scope'))
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
