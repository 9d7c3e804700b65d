/**
 * `npm run emulator -- [options]`: starts the emulator and prints how to point the
 * "Zoho IoT OAuth2 API" credential at it. Ctrl-C stops it.
 */
import { startEmulator } from './index';
import { isProfileName, PROFILE_NAMES } from './profiles';
import { DEFAULT_CLIENT } from './state';
import type { EmulatorOptions, FaultOptions } from './types';

const HELP = `Zoho IoT emulator: Zoho Accounts (OAuth) + Zoho IoT REST on one local port.

Usage: npm run emulator -- [options]

  --profile NAME            what Zoho IoT looks like: default, documented (the shapes of
                            Zoho's own pages) or documented-action-delete (default: default)
  --port N                  port (default 8088; 0 = any free port)
  --host H                  bind address (default 127.0.0.1)
  --seed N                  seed for data and faults (default 1)
  --devices N               seeded devices (default 25)
  --assets N                seeded assets (default 25)
  --client-id ID            OAuth client id (default ${DEFAULT_CLIENT.clientId})
  --client-secret S         OAuth client secret (default ${DEFAULT_CLIENT.clientSecret})
  --redirect-uris A,B       allowed redirect URIs (default: any http(s) URI)
  --token-lifetime S        access-token lifetime in seconds (default 3600)
  --schemes A,B             accepted Authorization schemes (default Zoho-authtoken,Zoho-oauthtoken,Bearer)
  --concurrency N           in-flight API requests per client (default 5)
  --daily-quota N           API calls per day (default: unlimited)
  --throttle-max N          access tokens per refresh token per window (default 10)
  --throttle-window S       throttle window in seconds (default 600)
  --auto-accept             skip the consent page (headless runs)
  --location DC             location in the authorize redirect (default us)
  --accounts-server URL     accounts-server in the authorize redirect (default: this server)
  --latency-ms N            latency added to API requests
  --latency-jitter-ms N     extra random latency up to N ms
  --server-error-rate R     share (0..1) of API requests answered 500
  --throttle-rate R         share (0..1) of API requests answered 429
  --retry-after S           send Retry-After: S with every 429
  --drop-rate R             share (0..1) of API requests whose connection is dropped
  --expire-after-requests N access tokens die after N API requests
  --log                     one line per request (never tokens or secrets)
  --help                    this text
`;

type Parsed = Record<string, string | true>;

/** The CLI talks to the terminal through these two, never anything else. */
const say = (text: string) => process.stdout.write(`${text}\n`);
const complain = (text: string) => process.stderr.write(`${text}\n`);

function parseArgs(argv: string[]): Parsed {
	const parsed: Parsed = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) throw new Error(`unexpected argument: ${arg}`);
		const eq = arg.indexOf('=');
		if (eq > 0) {
			parsed[arg.slice(2, eq)] = arg.slice(eq + 1);
		} else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
			parsed[arg.slice(2)] = argv[++i];
		} else {
			parsed[arg.slice(2)] = true;
		}
	}
	return parsed;
}

const FLAGS = new Set(['auto-accept', 'log', 'help']);
const KNOWN = new Set([
	...FLAGS,
	...HELP.split('\n')
		.map((line) => /^\s+--([a-z-]+)/.exec(line)?.[1])
		.filter((name): name is string => name !== undefined),
]);

function toOptions(args: Parsed): EmulatorOptions {
	for (const key of Object.keys(args)) {
		if (!KNOWN.has(key)) throw new Error(`unknown option --${key} (see --help)`);
		if (!FLAGS.has(key) && args[key] === true) throw new Error(`--${key} needs a value`);
	}
	const str = (key: string) => args[key] as string | undefined;
	const num = (key: string): number | undefined => {
		const value = str(key);
		if (value === undefined) return undefined;
		const n = Number(value);
		if (!Number.isFinite(n)) throw new Error(`--${key} must be a number, got ${value}`);
		return n;
	};
	const list = (key: string) =>
		str(key)
			?.split(',')
			.map((s) => s.trim())
			.filter(Boolean);

	const profile = str('profile');
	if (profile !== undefined && !isProfileName(profile))
		throw new Error(`--profile must be one of ${PROFILE_NAMES.join(', ')}, got ${profile}`);
	const options: EmulatorOptions = {
		profile,
		port: num('port') ?? 8088,
		host: str('host'),
		seed: num('seed'),
		devices: num('devices'),
		assets: num('assets'),
		clients: [
			{
				clientId: str('client-id') ?? DEFAULT_CLIENT.clientId,
				clientSecret: str('client-secret') ?? DEFAULT_CLIENT.clientSecret,
				redirectUris: list('redirect-uris'),
			},
		],
		accessTokenLifetimeSeconds: num('token-lifetime'),
		acceptedSchemes: list('schemes'),
		concurrencyLimit: num('concurrency'),
		dailyQuota: num('daily-quota'),
		autoAccept: args['auto-accept'] === true ? true : undefined,
		location: str('location'),
		accountsServerName: str('accounts-server'),
	};
	if (args['throttle-max'] !== undefined || args['throttle-window'] !== undefined) {
		options.tokenThrottle = {
			max: num('throttle-max') ?? 10,
			windowSeconds: num('throttle-window') ?? 600,
		};
	}
	const faults: FaultOptions = {
		latencyMs: num('latency-ms'),
		latencyJitterMs: num('latency-jitter-ms'),
		serverErrorRate: num('server-error-rate'),
		throttleRate: num('throttle-rate'),
		retryAfterSeconds: num('retry-after'),
		dropRate: num('drop-rate'),
		expireTokensAfterRequests: num('expire-after-requests'),
	};
	options.faults = Object.fromEntries(Object.entries(faults).filter(([, v]) => v !== undefined));
	if (args.log === true) options.log = say;
	// Leave unset options out so the emulator's defaults apply.
	return Object.fromEntries(
		Object.entries(options).filter(([, v]) => v !== undefined),
	) as EmulatorOptions;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		say(HELP);
		return;
	}
	const options = toOptions(args);
	const emulator = await startEmulator(options);
	const client = options.clients![0];
	const counts = emulator.records('devices').length;
	const assetCount = emulator.records('assets').length;
	const schemes = options.acceptedSchemes ?? ['Zoho-authtoken', 'Zoho-oauthtoken', 'Bearer'];

	// The client id/secret printed here are the emulator's own fake credentials, made for
	// this purpose; no real token or secret is ever printed.
	say(`Zoho IoT emulator listening on ${emulator.url}
  Zoho Accounts:  ${emulator.url}/oauth/v2/auth  (token: ${emulator.url}/oauth/v2/token)
  Zoho IoT API:   ${emulator.url}/iot/v1
  Control API:    ${emulator.url}/__emulator/counters
  Profile:        ${options.profile ?? 'default'}
  Seeded data:    ${counts} devices, ${assetCount} assets (seed ${options.seed ?? 1})
  Auth schemes:   ${schemes.join(', ')}${options.autoAccept ? '\n  Consent:        auto-accepted' : ''}

Point a "Zoho IoT OAuth2 API" credential in n8n at it:
  Data Center ............ Custom
  Accounts Server URL .... ${emulator.url}
  Application Domain ..... ${emulator.applicationDomain}
  Client ID .............. ${client.clientId}
  Client Secret .......... ${client.clientSecret}
  Access ................. keep All Modules (the default); the emulator enforces scopes
  Header scheme .......... keep the default (Zoho-authtoken); the emulator accepts ${schemes.join(', ')}
Then press "Connect my account" and Accept on the emulator's consent page.

Ctrl-C stops the emulator.`);

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		say(`\n${signal}: stopping the emulator`);
		void emulator.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
	complain(`emulator: ${(error as Error).message ?? String(error)}`);
	process.exit(1);
});
