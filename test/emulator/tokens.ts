/**
 * Zoho Accounts' memory: pending consents, authorization codes, refresh and access tokens.
 * Pure bookkeeping; the HTTP side lives in accounts.ts.
 */
import { randomBytes } from 'node:crypto';

export interface PendingConsent {
	id: string;
	clientId: string;
	redirectUri: string;
	scope: string;
	state?: string;
	accessType: 'offline' | 'online';
	createdAt: number;
}

export interface AuthorizationCode {
	code: string;
	clientId: string;
	redirectUri: string;
	scope: string;
	issueRefreshToken: boolean;
	expiresAt: number;
	used: boolean;
}

export interface RefreshTokenRecord {
	token: string;
	clientId: string;
	scope: string;
	revoked: boolean;
	/** minted by the real code flow (counts towards the per-user limit) or by the test back door */
	fromCodeFlow: boolean;
	createdAt: number;
	/** when each access token was minted from it by a refresh_token grant (for the throttle) */
	mintedAt: number[];
}

export interface AccessTokenRecord {
	token: string;
	clientId: string;
	scope: string;
	expiresAt: number;
	revoked: boolean;
	/** API requests made with it (for faults.expireTokensAfterRequests) */
	uses: number;
	refreshToken?: string;
}

/** Zoho's token shape: 1000.<32 hex>.<32 hex>. */
export function newZohoToken(): string {
	return `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
}

/** Pending consents are forgotten after this long (the user walked away). */
const PENDING_CONSENT_TTL_MS = 30 * 60_000;

export class TokenStore {
	readonly pending = new Map<string, PendingConsent>();
	readonly codes = new Map<string, AuthorizationCode>();
	readonly refreshTokens = new Map<string, RefreshTokenRecord>();
	readonly accessTokens = new Map<string, AccessTokenRecord>();
	/** clients the (single emulated) user has already consented to */
	readonly consented = new Set<string>();
	/** when the code flow issued each refresh token, by client (for the per-10-minutes limit) */
	readonly refreshIssuedAt = new Map<string, number[]>();

	clear(): void {
		this.pending.clear();
		this.codes.clear();
		this.refreshTokens.clear();
		this.accessTokens.clear();
		this.consented.clear();
		this.refreshIssuedAt.clear();
	}

	/** Forgets usage history (throttle windows, per-token request counts), keeps the tokens. */
	clearUsage(): void {
		for (const r of this.refreshTokens.values()) r.mintedAt = [];
		for (const a of this.accessTokens.values()) a.uses = 0;
		this.refreshIssuedAt.clear();
	}

	/** Refresh tokens the code flow issued to this client within the window (the user is one). */
	refreshTokensIssuedInWindow(clientId: string, now: number, windowSeconds: number): number {
		const recent = (this.refreshIssuedAt.get(clientId) ?? []).filter(
			(t) => now - t < windowSeconds * 1000,
		);
		this.refreshIssuedAt.set(clientId, recent);
		return recent.length;
	}

	/** Kills the oldest live access tokens of a refresh token until at most `max` remain. */
	keepLiveAccessTokens(refreshToken: string, max: number, now: number): void {
		const live = [...this.accessTokens.values()].filter(
			(a) => a.refreshToken === refreshToken && !a.revoked && now < a.expiresAt,
		);
		// Map order is minting order: the oldest die first.
		for (const access of live.slice(0, Math.max(0, live.length - max))) access.revoked = true;
	}

	addPending(p: Omit<PendingConsent, 'id'>): PendingConsent {
		for (const [id, old] of this.pending) {
			if (p.createdAt - old.createdAt > PENDING_CONSENT_TTL_MS) this.pending.delete(id);
		}
		const pending = { ...p, id: randomBytes(12).toString('hex') };
		this.pending.set(pending.id, pending);
		return pending;
	}

	/** One use only: a consent form cannot be submitted twice. */
	takePending(id: string, now: number): PendingConsent | undefined {
		const pending = this.pending.get(id);
		this.pending.delete(id);
		if (!pending || now - pending.createdAt > PENDING_CONSENT_TTL_MS) return undefined;
		return pending;
	}

	addCode(c: Omit<AuthorizationCode, 'code' | 'used'>): AuthorizationCode {
		const code = { ...c, code: newZohoToken(), used: false };
		this.codes.set(code.code, code);
		return code;
	}

	addRefreshToken(
		clientId: string,
		scope: string,
		fromCodeFlow: boolean,
		now: number,
		perUserLimit: number,
	): RefreshTokenRecord {
		if (fromCodeFlow) {
			this.refreshIssuedAt.set(clientId, [...(this.refreshIssuedAt.get(clientId) ?? []), now]);
			// The (limit+1)-th refresh token of a user silently deletes the oldest one.
			const live = [...this.refreshTokens.values()]
				.filter((r) => r.fromCodeFlow && r.clientId === clientId && !r.revoked)
				.sort((a, b) => a.createdAt - b.createdAt);
			while (live.length >= perUserLimit) {
				const oldest = live.shift()!;
				this.refreshTokens.delete(oldest.token);
				this.killAccessTokensOf(oldest.token);
			}
		}
		const record: RefreshTokenRecord = {
			token: newZohoToken(),
			clientId,
			scope,
			revoked: false,
			fromCodeFlow,
			createdAt: now,
			mintedAt: [],
		};
		this.refreshTokens.set(record.token, record);
		return record;
	}

	addAccessToken(
		clientId: string,
		scope: string,
		expiresAt: number,
		refreshToken?: string,
	): AccessTokenRecord {
		const record: AccessTokenRecord = {
			token: newZohoToken(),
			clientId,
			scope,
			expiresAt,
			revoked: false,
			uses: 0,
			refreshToken,
		};
		this.accessTokens.set(record.token, record);
		return record;
	}

	/** Refresh-grant mints within the window, after dropping older ones. */
	mintsInWindow(record: RefreshTokenRecord, now: number, windowSeconds: number): number {
		record.mintedAt = record.mintedAt.filter((t) => now - t < windowSeconds * 1000);
		return record.mintedAt.length;
	}

	/** Revokes a refresh or access token; returns whether the token was known. */
	revoke(token: string, killAccessTokens: boolean): boolean {
		const refresh = this.refreshTokens.get(token);
		if (refresh) {
			refresh.revoked = true;
			if (killAccessTokens) this.killAccessTokensOf(token);
			return true;
		}
		const access = this.accessTokens.get(token);
		if (access) {
			access.revoked = true;
			return true;
		}
		return false;
	}

	private killAccessTokensOf(refreshToken: string): void {
		for (const a of this.accessTokens.values()) {
			if (a.refreshToken === refreshToken) a.revoked = true;
		}
	}
}
