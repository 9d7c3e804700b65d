/**
 * `npm run demo`: the main job on the embedded default. A real n8n 2.x with this package, the
 * bundled Zoho IoT emulator with seeded devices and assets, a ready credential and the example
 * workflows; runs the nightly device sync once, prints what happened, then keeps n8n open until
 * Ctrl-C, which stops everything it started. No Zoho account needed. The emulator serves the
 * `documented` profile: records, write answers and paging as Zoho's own pages show them.
 */
import { startEmulator } from '../emulator';
import {
	emulatorCredential,
	SYNC_WORKFLOW_ID,
	syncWorkflow,
	WEBHOOK_WORKFLOW_ID,
	webhookWorkflow,
} from './fixtures';
import { installer, nodeOutput, N8nInstance } from './n8n';

const DEVICES = Number(process.env.DEMO_DEVICES ?? 1000);
const ASSETS = Number(process.env.DEMO_ASSETS ?? 100);
const OWNER = {
	email: 'demo@example.com',
	password: 'ZohoIoT-demo-1',
	firstName: 'Demo',
	lastName: 'User',
};

const say = (text = '') => process.stdout.write(`${text}\n`);

async function main() {
	const { ensureN8n, versions } = installer();
	const line = versions.demo;
	say(
		`Zoho IoT for n8n: demo on n8n ${versions.lines[line].n8n} against the bundled Zoho IoT emulator`,
	);
	const installation = await ensureN8n(line, { progress: (message) => say(`  ${message}`) });

	const emulator = await startEmulator({
		profile: 'documented',
		port: Number(process.env.DEMO_EMULATOR_PORT ?? 0),
		devices: DEVICES,
		assets: ASSETS,
	});
	const n8n = new N8nInstance(installation);
	// The packed tarball, installed as users install it (npm install in the user folder's nodes/).
	n8n.installPackage();
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('\nStopping n8n and the emulator...');
		await n8n.dispose().catch(() => undefined);
		await emulator.stop().catch(() => undefined);
		say('Stopped.');
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	try {
		say(
			`  emulator: ${emulator.url} (${DEVICES} devices, ${ASSETS} assets, Zoho's documented record shapes)`,
		);
		// As if the user had connected an hour ago: the access token has expired, the refresh
		// token is good. The first run shows the refresh through the credential.
		const tokens = emulator.issueTokens({ accessTokenExpired: true });
		await n8n.importCredentials([emulatorCredential(emulator, tokens)]);
		await n8n.importWorkflows([syncWorkflow(), webhookWorkflow()]);
		await n8n.activateWorkflow(WEBHOOK_WORKFLOW_ID);

		say('  running "Zoho IoT: nightly device sync" once...');
		const started = Date.now();
		const run = await n8n.execute(SYNC_WORKFLOW_ID);
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		const counters = emulator.counters();
		if (!run.ok) {
			say(run.raw.slice(-3000));
			throw new Error('The device sync failed: see the output above');
		}
		const [summary] = nodeOutput(run.runData, 'Count Synced Devices');
		say(`
Device sync finished in ${seconds} s (including n8n's start-up):
  devices synced ........ ${String(summary?.count_id)} (${String(summary?.unique_count_id)} different)
  Zoho IoT requests ..... ${counters.apiRequests.total}: ${(counters.apiRequests.byRoute['GET /devices'] ?? 0) - counters.expiredTokenRejections} pages of up to 200 devices, ${counters.expiredTokenRejections} answered 'token expired'
  token refreshes ....... ${counters.tokenRequests.refresh_token} (through the credential; n8n saved the new token)
  header on the wire .... ${Object.keys(counters.schemesSeen).join(', ')}`);

		say('\nStarting the n8n editor...');
		await n8n.start();
		await n8n.setupOwner(OWNER);
		say(`
n8n is running: ${n8n.baseUrl}
  sign in with .......... ${OWNER.email} / ${OWNER.password}
  workflows ............. "Zoho IoT: nightly device sync", "Zoho IoT: update an asset from a webhook" (active)
  credential ............ "Zoho IoT account" (Custom data center -> the emulator)
  try the webhook ....... curl -X POST ${n8n.baseUrl}/webhook/zoho-iot-asset-update -H 'content-type: application/json' \\
                            -d '{"id":"${String(emulator.records('assets')[0].id)}","name":"Pump 7","description":"Moved to hall B"}'
  emulator counters ..... ${emulator.url}/__emulator/counters

Press Ctrl-C to stop n8n and the emulator.`);
	} catch (error) {
		process.stderr.write(`\ndemo: ${(error as Error).message}\n`);
		await stop(1);
	}
}

void main();
