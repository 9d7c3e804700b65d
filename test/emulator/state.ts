/**
 * One emulator's state: its settings, records, tokens, fault stream and counters.
 * The HTTP handlers (accounts.ts, iot.ts, control.ts) all work on an EmulatorState.
 */
import { DataStore, MODULES, type ModuleName } from './data';
import { FaultInjector, NO_FAULTS } from './faults';
import { isProfileName, PROFILE_NAMES, PROFILES, type ProfileName } from './profiles';
import { TokenStore } from './tokens';
import type {
	EmulatorClient,
	EmulatorCounters,
	EmulatorOptions,
	FaultOptions,
	IssuedTokens,
	IssueTokensOptions,
	ResetOptions,
	TokenExchange,
} from './types';
import { ZOHO_BEHAVIOUR, type ZohoBehaviour } from './zoho-behaviour';
import { clearWebhooks, recordChanged } from './webhooks';

export const DEFAULT_CLIENT = {
	clientId: '1000.EMULATORCLIENTID',
	clientSecret: 'emulator-client-secret',
	redirectUris: undefined,
} as const satisfies EmulatorClient;

/** What the test back door grants when no scope is asked for: what the node requests. */
export const DEFAULT_SCOPE = 'ZohoIOT.modules.devices.ALL,ZohoIOT.modules.assets.ALL';

export interface Settings {
	profile: ProfileName;
	seed: number;
	devices: number;
	assets: number;
	clients: EmulatorClient[];
	accessTokenLifetimeSeconds: number;
	acceptedSchemes: string[];
	concurrencyLimit: number;
	dailyQuota: number | null;
	tokenThrottle: { max: number; windowSeconds: number };
	autoAccept: boolean;
	location: string;
	accountsServerName: string | undefined;
	faults: Required<FaultOptions>;
	behaviour: ZohoBehaviour;
}

const TOKEN_EXCHANGE_HISTORY = 100;

/** The behaviour table under a profile, then the explicit overrides. */
function behaviourOf(profile: ProfileName, overrides: Partial<ZohoBehaviour> = {}): ZohoBehaviour {
	return { ...ZOHO_BEHAVIOUR, ...(PROFILES[profile] as Partial<ZohoBehaviour>), ...overrides };
}

function resolveSettings(o: EmulatorOptions): Settings {
	const profile = o.profile ?? 'default';
	const behaviour = behaviourOf(profile, o.behaviour);
	return {
		profile,
		seed: o.seed ?? 1,
		devices: o.devices ?? 25,
		assets: o.assets ?? 25,
		clients: (o.clients ?? [DEFAULT_CLIENT]).map((c) => ({ ...c })),
		accessTokenLifetimeSeconds:
			o.accessTokenLifetimeSeconds ?? behaviour.defaultAccessTokenLifetimeSeconds,
		acceptedSchemes: [...(o.acceptedSchemes ?? behaviour.defaultAcceptedSchemes)],
		concurrencyLimit: o.concurrencyLimit ?? behaviour.defaultConcurrencyLimit,
		dailyQuota: o.dailyQuota ?? null,
		tokenThrottle: { ...(o.tokenThrottle ?? behaviour.defaultTokenThrottle) },
		autoAccept: o.autoAccept ?? false,
		location: o.location ?? 'us',
		accountsServerName: o.accountsServerName,
		faults: { ...NO_FAULTS, ...(o.faults ?? {}) },
		behaviour,
	};
}

function newCounters(): EmulatorCounters {
	return {
		tokenRequests: { authorization_code: 0, refresh_token: 0, revoke: 0, other: 0, errors: {} },
		tokenExchanges: [],
		authorizations: { consentPagesShown: 0, approved: 0, denied: 0, autoApproved: 0, errors: 0 },
		apiRequests: { total: 0, byRoute: {} },
		schemesSeen: {},
		rejectedSchemes: 0,
		expiredTokenRejections: 0,
		scopeMismatches: 0,
		peakConcurrency: 0,
		peakAdmittedConcurrency: 0,
		apiWindow: { firstArrivedAt: null, lastDoneAt: null },
		inFlight: 0,
		throttled429: 0,
		throttled429ByReason: { concurrency: 0, fault: 0, dailyQuota: 0 },
		serverErrors5xx: 0,
		dropped: 0,
		dailyQuotaUsed: 0,
	};
}

function bump(map: Record<string, number>, key: string): void {
	map[key] = (map[key] ?? 0) + 1;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number) => typeof v === 'number' && Number.isInteger(v) && v >= min;
const isNum = (v: unknown, min: number) => typeof v === 'number' && Number.isFinite(v) && v >= min;
const isRate = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;

/** Checks a configure() patch; returns the problems, empty when the patch is fine. */
export function validatePatch(patch: unknown, current?: { port: number; host: string }): string[] {
	if (!isObject(patch)) return ['the patch must be a JSON object'];
	const problems: string[] = [];
	const check = (ok: boolean, message: string) => {
		if (!ok) problems.push(message);
	};
	for (const [key, v] of Object.entries(patch)) {
		switch (key) {
			case 'port':
			case 'host':
				check(
					current !== undefined && v === current[key],
					`${key} cannot change while the emulator runs`,
				);
				break;
			case 'profile':
				check(isProfileName(v), `profile must be one of ${PROFILE_NAMES.join(', ')}`);
				break;
			case 'seed':
				check(isInt(v, 0), 'seed must be a non-negative integer');
				break;
			case 'devices':
			case 'assets':
				check(
					isInt(v, 0) && (v as number) <= 1_000_000,
					`${key} must be an integer from 0 to 1000000`,
				);
				break;
			case 'accessTokenLifetimeSeconds':
				check(isNum(v, 0), 'accessTokenLifetimeSeconds must be a number >= 0');
				break;
			case 'acceptedSchemes':
				check(
					Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length > 0),
					'acceptedSchemes must be an array of strings',
				);
				break;
			case 'concurrencyLimit':
				check(isInt(v, 1), 'concurrencyLimit must be an integer >= 1');
				break;
			case 'dailyQuota':
				check(v === null || isInt(v, 0), 'dailyQuota must be null or an integer >= 0');
				break;
			case 'tokenThrottle':
				check(
					isObject(v) && isInt(v.max, 1) && isNum(v.windowSeconds, 0),
					'tokenThrottle must be {max: integer >= 1, windowSeconds: number >= 0}',
				);
				break;
			case 'autoAccept':
				check(typeof v === 'boolean', 'autoAccept must be a boolean');
				break;
			case 'location':
				check(typeof v === 'string' && v.length > 0, 'location must be a string');
				break;
			case 'accountsServerName':
				check(
					v === undefined || v === null || typeof v === 'string',
					'accountsServerName must be a string (or null for the default)',
				);
				break;
			case 'clients':
				check(
					Array.isArray(v) &&
						v.length > 0 &&
						v.every(
							(c) =>
								isObject(c) &&
								typeof c.clientId === 'string' &&
								typeof c.clientSecret === 'string' &&
								(c.redirectUris === undefined ||
									(Array.isArray(c.redirectUris) &&
										c.redirectUris.every((u) => typeof u === 'string'))),
						),
					'clients must be a non-empty array of {clientId, clientSecret, redirectUris?}',
				);
				break;
			case 'faults':
				if (!isObject(v)) {
					problems.push('faults must be an object');
					break;
				}
				for (const [f, fv] of Object.entries(v)) {
					if (f === 'latencyMs' || f === 'latencyJitterMs' || f === 'linkLatencyMs')
						check(isNum(fv, 0), `faults.${f} must be a number >= 0`);
					else if (f === 'serverErrorRate' || f === 'throttleRate' || f === 'dropRate')
						check(isRate(fv), `faults.${f} must be a number from 0 to 1`);
					else if (f === 'retryAfterSeconds')
						check(
							fv === null || isInt(fv, 0),
							'faults.retryAfterSeconds must be null or an integer >= 0',
						);
					else if (f === 'expireTokensAfterRequests')
						check(
							fv === null || isInt(fv, 0),
							'faults.expireTokensAfterRequests must be null or an integer >= 0',
						);
					else problems.push(`unknown fault: ${f}`);
				}
				break;
			case 'behaviour':
				check(
					isObject(v) && Object.keys(v).every((k) => k in ZOHO_BEHAVIOUR),
					'behaviour must be an object of ZOHO_BEHAVIOUR keys',
				);
				break;
			case 'now':
			case 'log':
				check(v === undefined || typeof v === 'function', `${key} must be a function`);
				break;
			default:
				problems.push(`unknown option: ${key}`);
		}
	}
	return problems;
}

export class EmulatorState {
	settings: Settings;
	data: DataStore;
	readonly tokens = new TokenStore();
	readonly faults: FaultInjector;
	counters: EmulatorCounters = newCounters();
	now: () => number;
	log: ((line: string) => void) | undefined;
	/** set by the server once it listens */
	baseUrl = '';

	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly inFlightByClient = new Map<string, number>();
	private inFlightTotal = 0;
	private quota = { day: '', used: 0, rolling: [] as number[] };

	constructor(private readonly startOptions: EmulatorOptions) {
		this.settings = resolveSettings(startOptions);
		this.now = startOptions.now ?? Date.now;
		this.log = startOptions.log;
		this.data = this.seedData();
		this.faults = new FaultInjector(this.settings.seed);
	}

	/** A delay that stop() can cancel (the waiting request is then simply abandoned). */
	sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}

	cancelTimers(): void {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	get behaviour(): ZohoBehaviour {
		return this.settings.behaviour;
	}

	/** The accounts-server value of the authorize redirect. */
	get accountsServer(): string {
		return this.settings.accountsServerName ?? this.baseUrl;
	}

	private seedData(): DataStore {
		const store = new DataStore(this.settings.seed, {
			devices: this.settings.devices,
			assets: this.settings.assets,
		});
		store.onChange = (module, change, record) => recordChanged(this, module, change, record);
		return store;
	}

	findClient(clientId: string | null | undefined): EmulatorClient | undefined {
		return clientId ? this.settings.clients.find((c) => c.clientId === clientId) : undefined;
	}

	/** Applies a validated patch. Changing seed/devices/assets re-seeds the data at once. */
	configure(patch: Partial<EmulatorOptions>): void {
		const reseedData = ['seed', 'devices', 'assets'].some(
			(k) =>
				k in patch &&
				(patch as Record<string, unknown>)[k] !==
					(this.settings as unknown as Record<string, unknown>)[k],
		);
		const s = this.settings;
		// A new profile starts from the behaviour table again; explicit overrides then apply.
		if (patch.profile !== undefined)
			[s.profile, s.behaviour] = [patch.profile, behaviourOf(patch.profile)];
		if (patch.behaviour) s.behaviour = { ...s.behaviour, ...patch.behaviour };
		if (patch.seed !== undefined) s.seed = patch.seed;
		if (patch.devices !== undefined) s.devices = patch.devices;
		if (patch.assets !== undefined) s.assets = patch.assets;
		if (patch.clients !== undefined) s.clients = patch.clients.map((c) => ({ ...c }));
		if (patch.accessTokenLifetimeSeconds !== undefined)
			s.accessTokenLifetimeSeconds = patch.accessTokenLifetimeSeconds;
		if (patch.acceptedSchemes !== undefined) s.acceptedSchemes = [...patch.acceptedSchemes];
		if (patch.concurrencyLimit !== undefined) s.concurrencyLimit = patch.concurrencyLimit;
		if (patch.dailyQuota !== undefined) s.dailyQuota = patch.dailyQuota;
		if (patch.tokenThrottle !== undefined) s.tokenThrottle = { ...patch.tokenThrottle };
		if (patch.autoAccept !== undefined) s.autoAccept = patch.autoAccept;
		if (patch.location !== undefined) s.location = patch.location;
		if ('accountsServerName' in patch) s.accountsServerName = patch.accountsServerName ?? undefined;
		if (patch.faults !== undefined) s.faults = { ...s.faults, ...patch.faults };
		if (patch.now !== undefined) this.now = patch.now;
		if ('log' in patch) this.log = patch.log;
		if (reseedData) this.data = this.seedData();
		// A new fault setting starts a fresh, reproducible fault sequence.
		if (patch.faults !== undefined || patch.seed !== undefined) this.faults.reseed(s.seed);
	}

	reset(options: ResetOptions = {}): void {
		if (options.settings) {
			this.settings = resolveSettings(this.startOptions);
			this.now = this.startOptions.now ?? Date.now;
		}
		if (options.tokens) this.tokens.clear();
		else this.tokens.clearUsage();
		this.data = this.seedData();
		this.faults.reseed(this.settings.seed);
		this.counters = newCounters();
		this.quota = { day: '', used: 0, rolling: [] };
		clearWebhooks(this);
	}

	/** The settings as JSON (functions left out). */
	publicSettings(): Record<string, unknown> {
		return JSON.parse(
			JSON.stringify({ ...this.settings, accountsServerName: this.accountsServer }),
		) as Record<string, unknown>;
	}

	snapshotCounters(): EmulatorCounters {
		const copy = JSON.parse(JSON.stringify(this.counters)) as EmulatorCounters;
		copy.inFlight = this.inFlightTotal;
		copy.dailyQuotaUsed = this.quotaUsed();
		return copy;
	}

	// ------------------------------------------------------------ counters

	countTokenRequest(grantType: string | null): void {
		if (grantType === 'authorization_code' || grantType === 'refresh_token')
			this.counters.tokenRequests[grantType]++;
		else this.counters.tokenRequests.other++;
	}

	countTokenError(code: string): void {
		bump(this.counters.tokenRequests.errors, code);
	}

	recordExchange(exchange: Omit<TokenExchange, 'at' | 'clientSecretInBody'>): void {
		const list = this.counters.tokenExchanges;
		list.push({
			...exchange,
			clientSecretInBody: exchange.clientSecretIn === 'body',
			at: new Date(this.now()).toISOString(),
		});
		if (list.length > TOKEN_EXCHANGE_HISTORY) list.splice(0, list.length - TOKEN_EXCHANGE_HISTORY);
	}

	countApiRequest(routeKey: string): void {
		this.counters.apiRequests.total++;
		bump(this.counters.apiRequests.byRoute, routeKey);
	}

	countScheme(scheme: string): void {
		bump(this.counters.schemesSeen, scheme);
	}

	/** A /iot/v1 request arrived; returns the function to call when its answer is done. */
	enterApi(): () => void {
		this.inFlightTotal++;
		this.counters.peakConcurrency = Math.max(this.counters.peakConcurrency, this.inFlightTotal);
		this.counters.apiWindow.firstArrivedAt ??= Date.now();
		let done = false;
		return () => {
			if (!done) {
				this.inFlightTotal--;
				this.counters.apiWindow.lastDoneAt = Date.now();
			}
			done = true;
		};
	}

	/** Takes a concurrency slot for the client; undefined when the cap is reached. */
	acquireSlot(clientId: string): (() => void) | undefined {
		const current = this.inFlightByClient.get(clientId) ?? 0;
		if (current >= this.settings.concurrencyLimit) return undefined;
		this.inFlightByClient.set(clientId, current + 1);
		this.counters.peakAdmittedConcurrency = Math.max(
			this.counters.peakAdmittedConcurrency,
			current + 1,
		);
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.inFlightByClient.set(clientId, (this.inFlightByClient.get(clientId) ?? 1) - 1);
		};
	}

	private quotaUsed(): number {
		const now = this.now();
		if (this.behaviour.dailyQuotaWindow === 'rolling-24h') {
			this.quota.rolling = this.quota.rolling.filter((t) => now - t < 86_400_000);
			return this.quota.rolling.length;
		}
		const day = new Date(now).toISOString().slice(0, 10);
		if (day !== this.quota.day) this.quota = { day, used: 0, rolling: [] };
		return this.quota.used;
	}

	/** Counts one call against the daily quota; false when the quota is used up. */
	takeQuota(): boolean {
		const used = this.quotaUsed();
		if (this.settings.dailyQuota !== null && used >= this.settings.dailyQuota) return false;
		if (this.behaviour.dailyQuotaWindow === 'rolling-24h') this.quota.rolling.push(this.now());
		else this.quota.used++;
		return true;
	}

	// ------------------------------------------------------------ tokens (test back door)

	issueTokens(o: IssueTokensOptions = {}): IssuedTokens {
		const client =
			o.clientId === undefined ? this.settings.clients[0] : this.findClient(o.clientId);
		if (!client) throw new Error(`unknown client: ${o.clientId}`);
		const scope = o.scope ?? DEFAULT_SCOPE;
		const now = this.now();
		const refresh = this.tokens.addRefreshToken(
			client.clientId,
			scope,
			false,
			now,
			this.behaviour.refreshTokensPerUser,
		);
		const lifetime = this.settings.accessTokenLifetimeSeconds;
		const expiresAt = o.accessTokenExpired ? now - 1000 : now + lifetime * 1000;
		const access = this.tokens.addAccessToken(client.clientId, scope, expiresAt, refresh.token);
		return {
			access_token: access.token,
			refresh_token: refresh.token,
			expires_in: lifetime,
			scope,
			api_domain: this.baseUrl,
			token_type: 'Bearer',
		};
	}

	revokeRefreshToken(token: string): void {
		this.tokens.revoke(token, this.behaviour.revokeKillsAccessTokens);
	}

	/**
	 * Every live access token expires now, as if its hour had passed; tokens minted afterwards live
	 * as usual. Returns how many expired. Lets a test meet an expired token in whatever credential
	 * a running n8n holds, without importing one.
	 */
	expireAccessTokens(): number {
		const now = this.now();
		let expired = 0;
		for (const access of this.tokens.accessTokens.values()) {
			if (access.revoked || now >= access.expiresAt) continue;
			access.expiresAt = now - 1000;
			expired++;
		}
		return expired;
	}

	accessTokenUse(token: string): { uses: number; newest: boolean } | undefined {
		const access = this.tokens.accessTokens.get(token);
		if (!access) return undefined;
		// The map keeps minting order: the last token of the same refresh token is the newest.
		const siblings = [...this.tokens.accessTokens.values()].filter(
			(a) => a.refreshToken === access.refreshToken,
		);
		return { uses: access.uses, newest: siblings.at(-1) === access };
	}

	records(module: ModuleName): Array<Record<string, unknown>> {
		if (!MODULES.includes(module)) throw new Error(`unknown module: ${module}`);
		return JSON.parse(JSON.stringify(this.data.all(module))) as Array<Record<string, unknown>>;
	}
}
