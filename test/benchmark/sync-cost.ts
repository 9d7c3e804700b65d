/**
 * `npm run benchmark:sync`: what keeping a copy of 10,000 devices up to date costs in Zoho IoT API
 * calls per day when 1% of them change daily: the nightly full sync (Get Many, Return All) against
 * the incremental sync (Zoho IoT Trigger on Record Updated, at several poll intervals). One
 * simulated day on the emulator's clock, the node in n8n-core's real contexts over loopback
 * HTTP. Prints figures; asserts nothing.
 */
import '../helpers/setup-env';

import type { IDataObject } from 'n8n-workflow';

import { ZohoIot } from '../../nodes/ZohoIot/ZohoIot.node';
import { ZohoIotTrigger } from '../../nodes/ZohoIotTrigger/ZohoIotTrigger.node';
import { startEmulator, type RunningEmulator } from '../emulator';
import { mulberry32 } from '../emulator/prng';
import { CredentialStore, poller, runNode } from '../helpers/n8n';
import { emulatorCredentialStore } from '../helpers/emulator-credential';

const DEVICES = 10_000;
const DAILY_CHANGE = 0.01;
const DAY_MS = 86_400_000;
const say = (text = '') => process.stdout.write(`${text}\n`);

function credentialFor(emulator: RunningEmulator): CredentialStore {
	return emulatorCredentialStore(emulator, emulator.issueTokens());
}

/** A day's changes: `count` distinct devices, each updated once at a seeded random moment. */
function changesOfTheDay(emulator: RunningEmulator, count: number, dayStart: number) {
	const random = mulberry32(42);
	const ids = emulator.records('devices').map((device) => String(device.id));
	const picked = new Set<string>();
	while (picked.size < count) picked.add(ids[Math.floor(random() * ids.length)]);
	return [...picked]
		.map((id) => ({ id, at: dayStart + Math.floor(random() * DAY_MS) }))
		.sort((a, b) => a.at - b.at);
}

async function fullSync(): Promise<{ requests: number; records: number }> {
	const emulator = await startEmulator({ devices: DEVICES, assets: 0 });
	try {
		const [output] = await runNode(new ZohoIot(), {
			parameters: { resource: 'device', operation: 'getAll', returnAll: true, simplify: true },
			store: credentialFor(emulator),
		});
		return {
			requests: emulator.counters().apiRequests.byRoute['GET /devices'],
			records: output.length,
		};
	} finally {
		await emulator.stop();
	}
}

async function incrementalDay(pollEveryMinutes: number) {
	const dayStart = Date.UTC(2026, 0, 5);
	let clock = dayStart;
	// Tokens outlive the simulated day, so the writes that play the day's changes keep working.
	const emulator = await startEmulator({
		devices: DEVICES,
		assets: 0,
		now: () => clock,
		accessTokenLifetimeSeconds: 2 * 86_400,
	});
	try {
		const store = credentialFor(emulator);
		const trigger = poller(new ZohoIotTrigger(), {
			parameters: { event: 'recordUpdated', module: 'devices', simplify: true },
			store,
			nodeName: 'Zoho IoT Trigger',
		});
		const token = emulator.issueTokens().access_token;
		const changes = changesOfTheDay(emulator, DEVICES * DAILY_CHANGE, dayStart);
		await trigger.poll(); // activation: places the cursor
		const emitted: IDataObject[] = [];
		let polls = 0;
		let next = 0;
		for (
			let at = dayStart + pollEveryMinutes * 60_000;
			at <= dayStart + DAY_MS;
			at += pollEveryMinutes * 60_000
		) {
			// The day's changes up to this poll, each written through the API at its own moment.
			while (next < changes.length && changes[next].at < at) {
				clock = changes[next].at;
				await fetch(`${emulator.url}/iot/v1/devices/${changes[next].id}`, {
					method: 'PUT',
					headers: { authorization: `Zoho-authtoken ${token}`, 'content-type': 'application/json' },
					body: JSON.stringify({
						devices: [{ description: `changed at ${new Date(clock).toISOString()}` }],
					}),
				});
				next++;
			}
			clock = at;
			const output = await trigger.poll();
			polls++;
			emitted.push(...(output?.[0] ?? []).map((item) => item.json));
		}
		const counters = emulator.counters();
		return {
			polls,
			requests: counters.apiRequests.byRoute['GET /devices'] - 1, // the activation poll is not part of the day
			emitted: emitted.length,
			unique: new Set(emitted.map((record) => record.id)).size,
			changed: changes.length,
			writes: counters.apiRequests.byRoute['PUT /devices/:id'],
		};
	} finally {
		await emulator.stop();
	}
}

async function main() {
	say(
		`Nightly full sync vs incremental sync (Node ${process.version}, ${new Date().toISOString()})`,
	);
	say(
		`${DEVICES} devices, ${DEVICES * DAILY_CHANGE} of them (${DAILY_CHANGE * 100}%) updated once each at random moments of one day`,
	);
	const full = await fullSync();
	say(
		`  Nightly full sync (Get Many, Return All)   | ${String(full.requests).padStart(5)} API calls a day | ${full.records} records read, ${DEVICES * DAILY_CHANGE} of them changed`,
	);
	for (const minutes of [1, 5, 15, 60, 1440]) {
		const day = await incrementalDay(minutes);
		say(
			`  Trigger on Record Updated, every ${String(minutes).padStart(4)} min | ${String(day.requests).padStart(5)} API calls a day | ` +
				`${day.polls} polls, ${day.emitted} records emitted (${day.unique} unique of ${day.changed} changed, ${day.writes} written)`,
		);
	}
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack ?? error}\n`);
	process.exitCode = 1;
});
