import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { DEFAULT_HEADER_SCHEME, type HeaderScheme } from '../../../nodes/ZohoIot/constants';
import {
	forgetLearnedSchemes,
	schemeAccepted,
} from '../../../nodes/ZohoIot/transport/headerScheme';
import {
	CREDENTIAL_ID,
	CredentialStore,
	defaultCredential,
	executeContext,
	type CredentialInput,
} from '../../helpers/n8n';

/**
 * As in a process that already sent requests with the credential: Zoho accepted its header scheme,
 * so a rejected token is an expiry and is refreshed without first trying the other scheme
 * (transport/headerScheme.ts). Tests of that first try start from forgetLearnedSchemes() instead.
 */
export function schemeAlreadyAccepted(scheme: string = DEFAULT_HEADER_SCHEME): void {
	forgetLearnedSchemes();
	schemeAccepted(CREDENTIAL_ID, scheme as HeaderScheme, scheme as HeaderScheme);
}

/**
 * The smallest node that uses the Zoho IoT credential, so transport tests run inside a real
 * n8n-core ExecuteContext without depending on the Zoho IoT node's parameters.
 */
export class TransportFixture implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Transport Fixture',
		name: 'transportFixture',
		group: ['transform'],
		version: 1,
		description: 'Test fixture',
		defaults: { name: 'Transport Fixture' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'zohoIotOAuth2Api', required: true }],
		properties: [],
	} as unknown as INodeTypeDescription;
}

let connections = 0;
/**
 * A connected credential with tokens of its own (the transport remembers refreshes per token,
 * so tests must not share them), and the fixture's execution context: `context` for the first
 * run, `newRun()` for another run of the same credential.
 */
export function connectedFixture(overrides: CredentialInput = {}) {
	connections++;
	schemeAlreadyAccepted(overrides.headerScheme as string | undefined);
	const id = connections.toString(16).padStart(4, '0');
	const access = `1000.${`a${id}`.repeat(8).slice(0, 32)}.${'b'.repeat(32)}`;
	const refresh = `1000.${`c${id}`.repeat(8).slice(0, 32)}.${'d'.repeat(32)}`;
	const fresh = `1000.${`f${id}`.repeat(8).slice(0, 32)}.${'e'.repeat(32)}`;
	const store = new CredentialStore(
		defaultCredential({
			...overrides,
			oauthTokenData: { access_token: access, refresh_token: refresh, expires_in: 3600 },
		}),
	);
	const newRun = () => executeContext(new TransportFixture(), { parameters: {}, store });
	return { context: newRun(), newRun, store, access, refresh, fresh };
}
