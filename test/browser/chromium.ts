/**
 * Debian's Chromium, driven by playwright-core. Playwright's own browser download does not work
 * on this closed network, so the browser comes from Debian's packages; `ensureChromium` installs
 * it when it is missing (the jest global setup calls it), so a fresh machine and CI need nothing
 * beforehand but root.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Without the networking flags Chromium keeps calling Google's services, and this network
 * refuses those connections, many at a time; a fresh profile keeps every run alike.
 */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-gpu',
	'--disable-quic',
];

const say = (message: string) => process.stdout.write(`[browser setup] ${message}\n`);

function chromiumVersion(): string | undefined {
	if (!existsSync(CHROMIUM_PATH)) return undefined;
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test setup: asks the browser for its version, never shipped
	const result = spawnSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', timeout: 60_000 });
	return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Runs a command with its output shown; answers what went wrong, or undefined. */
function run(command: string, args: string[]): string | undefined {
	say(`$ ${command} ${args.join(' ')}`);
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test setup: installs the browser with apt-get, never shipped
	const result = spawnSync(command, args, {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		timeout: 900_000,
	});
	if (result.error) return `${command} could not run: ${result.error.message}`;
	if (result.status !== 0)
		return `${command} ${args.join(' ')} exited ${result.status ?? result.signal}`;
	return undefined;
}

/** Installs Debian's chromium package when the browser is missing; throws when it cannot. */
export function ensureChromium(): string {
	const present = chromiumVersion();
	if (present) {
		say(`using ${present} (${CHROMIUM_PATH})`);
		return present;
	}
	const help =
		"The browser test needs Debian's Chromium: as root, run `apt-get update && apt-get install -y chromium`, " +
		'or point CHROMIUM_PATH at a Chromium binary.';
	if (process.env.CHROMIUM_PATH)
		throw new Error(`CHROMIUM_PATH=${CHROMIUM_PATH} is not a working Chromium. ${help}`);
	if (typeof process.getuid === 'function' && process.getuid() !== 0) {
		throw new Error(
			`${CHROMIUM_PATH} is missing and this user is not root, so it cannot be installed here. ${help}`,
		);
	}
	say(
		`${CHROMIUM_PATH} is missing: installing Debian's chromium package (a few minutes on a fresh machine)`,
	);
	const problem = run('apt-get', ['update']) ?? run('apt-get', ['install', '-y', 'chromium']);
	if (problem) throw new Error(`Installing Chromium failed: ${problem}. ${help}`);
	const installed = chromiumVersion();
	if (!installed)
		throw new Error(
			`apt-get installed chromium, but ${CHROMIUM_PATH} --version does not answer. ${help}`,
		);
	say(`installed ${installed}`);
	return installed;
}

export interface RunningBrowser {
	context: BrowserContext;
	close(): Promise<void>;
}

/** Headless Chromium with a fresh, throw-away user-data dir. */
export async function launchChromium(
	viewport = { width: 1440, height: 900 },
): Promise<RunningBrowser> {
	const userDataDir = mkdtempSync(path.join(tmpdir(), 'zoho-iot-chromium-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport,
		timezoneId: 'UTC',
		locale: 'en-US',
	});
	return {
		context,
		async close() {
			await context.close().catch(() => undefined);
			rmSync(userDataDir, { recursive: true, force: true });
		},
	};
}
