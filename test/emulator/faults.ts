/**
 * Faults on demand, drawn from a seeded PRNG so a run can be replayed.
 *
 * Every admitted /iot/v1 request takes exactly four draws in the same order, whatever the
 * rates, so the n-th admitted request always meets the same fate for a given seed: changing
 * one rate does not reshuffle the others.
 */
import { mulberry32, type Random } from './prng';
import type { FaultOptions } from './types';

export type FaultOutcome = 'drop' | 'throttle' | 'server-error' | 'none';

export interface FaultPlan {
	delayMs: number;
	outcome: FaultOutcome;
}

export const NO_FAULTS: Required<FaultOptions> = {
	latencyMs: 0,
	linkLatencyMs: 0,
	latencyJitterMs: 0,
	serverErrorRate: 0,
	throttleRate: 0,
	retryAfterSeconds: null,
	dropRate: 0,
	expireTokensAfterRequests: null,
};

export class FaultInjector {
	private random: Random;

	constructor(private seed: number) {
		this.random = mulberry32(FaultInjector.streamSeed(seed));
	}

	/** Fault randomness uses its own stream, distinct from the seed data's. */
	private static streamSeed(seed: number): number {
		return (seed ^ 0x5eed_fa17) >>> 0;
	}

	/** Back to the first draw: called on reset and whenever the fault settings change. */
	reseed(seed: number = this.seed): void {
		this.seed = seed;
		this.random = mulberry32(FaultInjector.streamSeed(seed));
	}

	plan(faults: Required<FaultOptions>): FaultPlan {
		const jitter = this.random();
		const drop = this.random();
		const throttle = this.random();
		const serverError = this.random();
		const delayMs = faults.latencyMs + Math.floor(jitter * faults.latencyJitterMs);
		let outcome: FaultOutcome = 'none';
		if (drop < faults.dropRate) outcome = 'drop';
		else if (throttle < faults.throttleRate) outcome = 'throttle';
		else if (serverError < faults.serverErrorRate) outcome = 'server-error';
		return { delayMs, outcome };
	}
}
