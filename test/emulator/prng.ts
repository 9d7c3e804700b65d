/**
 * A tiny seeded PRNG (mulberry32) so seed data and injected faults are reproducible:
 * the same seed gives the same records and the same sequence of faults.
 */
export type Random = () => number;

export function mulberry32(seed: number): Random {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** An integer in [min, max], both inclusive. */
export function randomInt(random: Random, min: number, max: number): number {
	return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
	return items[Math.floor(random() * items.length)];
}

/** Picks by weight: `weighted(r, [['a', 3], ['b', 1]])` gives 'a' three times as often. */
export function weighted<T>(random: Random, items: ReadonlyArray<readonly [T, number]>): T {
	const total = items.reduce((sum, [, weight]) => sum + weight, 0);
	let roll = random() * total;
	for (const [item, weight] of items) {
		roll -= weight;
		if (roll < 0) return item;
	}
	return items[items.length - 1][0];
}

export function randomHex(random: Random, length: number): string {
	let out = '';
	while (out.length < length) out += Math.floor(random() * 16).toString(16);
	return out;
}
