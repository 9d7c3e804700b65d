/**
 * Fewer requests in flight once Zoho IoT says "too many".
 *
 * Zoho IoT limits concurrent requests per client (5 to 20 by plan), and that limit is shared by
 * everything using the client: other workflows, other n8n workers, a plan chosen too high in the
 * node's options. Retrying each 429 on its own with backoff would keep as many requests in
 * flight as before, so the same share of them would keep being refused, and an unlucky item runs
 * out of retries. Instead, every 429 lowers how many requests of this execution may be in flight
 * (to one fewer than were in flight when it came), and requests over that wait for a slot
 * before they are sent (or sent again). After a long run of accepted requests the allowance
 * grows by one, so capacity that frees up is used again: additive increase, decrease on every
 * refusal, as TCP finds a link's capacity. It never grows past the node's Max Concurrent
 * Requests (`limitTo`): the node prepares one item more than that (router.ts), and its request
 * waits here for the next free slot.
 *
 * One gate per execution and credential, like the credential read (credentialCache.ts): it
 * lives as long as the execution context.
 */
import { perExecution } from './perExecution';
import type { ZohoIotContext } from './types';

/** Accepted requests in a row after which one more request may be in flight. */
export const GROW_AFTER_ACCEPTED = 20;

export type SlotOutcome = 'throttled' | 'accepted' | 'other';

/** The gate's state; exported for tests. */
export class ConcurrencyGate {
	/** How many requests may be in flight; the ceiling until Zoho first refuses one. */
	allowance = Number.POSITIVE_INFINITY;
	inFlight = 0;
	/** The most ever allowed: the node's Max Concurrent Requests; unbounded when not given. */
	private ceiling = Number.POSITIVE_INFINITY;
	private acceptedInARow = 0;
	private readonly waiting: Array<() => void> = [];

	/** Never more than `limit` requests in flight, however long Zoho keeps accepting them. */
	limitTo(limit: number): void {
		this.ceiling = limit;
		this.allowance = Math.min(this.allowance, limit);
	}

	/** Waits until a request may be sent; call `release` with what Zoho answered. */
	async acquire(): Promise<(outcome: SlotOutcome) => void> {
		while (this.inFlight >= this.allowance) {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		}
		this.inFlight++;
		let released = false;
		return (outcome) => {
			if (released) return;
			released = true;
			this.settle(outcome);
			this.inFlight--;
			this.wakeUp();
		};
	}

	private settle(outcome: SlotOutcome): void {
		if (outcome === 'throttled') {
			// `inFlight` still counts this request: Zoho refused the one that went over.
			this.allowance = Math.max(1, Math.min(this.allowance, this.inFlight) - 1);
			this.acceptedInARow = 0;
		} else if (outcome === 'accepted' && Number.isFinite(this.allowance)) {
			if (++this.acceptedInARow >= GROW_AFTER_ACCEPTED) {
				this.allowance = Math.min(this.ceiling, this.allowance + 1);
				this.acceptedInARow = 0;
			}
		}
	}

	private wakeUp(): void {
		let free = this.allowance - this.inFlight;
		while (free-- > 0 && this.waiting.length > 0) this.waiting.shift()!();
	}
}

const gates = perExecution<ConcurrencyGate>();

/** The gate of this execution for the node's credential. */
export function concurrencyGate(this: ZohoIotContext): ConcurrencyGate {
	const { key, values } = gates(this);
	let gate = values.get(key);
	if (!gate) {
		gate = new ConcurrencyGate();
		values.set(key, gate);
	}
	return gate;
}
