/**
 * The credential a test uses against the bundled emulator: a Custom data centre pointing at
 * the emulator's accounts server and application domain, with the emulator's client.
 */
import { DEFAULT_CLIENT, type RunningEmulator } from '../emulator';
import { CredentialStore } from './n8n';

export function emulatorCredentialStore(
	emulator: RunningEmulator,
	oauthTokenData: object,
	overrides: Record<string, unknown> = {},
): CredentialStore {
	return new CredentialStore({
		dataCenter: 'custom',
		customAccountsServer: emulator.url,
		applicationDomain: emulator.applicationDomain,
		clientId: DEFAULT_CLIENT.clientId,
		clientSecret: DEFAULT_CLIENT.clientSecret,
		oauthTokenData: { ...oauthTokenData },
		...overrides,
	});
}
