/**
 * The user's path through n8n's editor, in a real browser (Debian's Chromium driven by
 * playwright-core) against the real n8n 2.x of the end-to-end harness and the bundled emulator:
 * owner setup and sign-in, the package installed on Settings → Community Nodes from a registry
 * on loopback (verdaccio holding the packed tarball), a Zoho IoT credential created on the
 * credentials screen and connected through the emulator's consent page, the example device sync
 * run from the node's panel, and the form's behaviour for every fixed data centre.
 * `npm run test:browser`; see docs/browser-test.md.
 *
 * These tests are the steps of one user's first session on one n8n, in file order: n8n sets up
 * its owner only once, the package is installed once, the run uses the credential connected
 * before it. A step that continues the session names what it needs (`ensure`): in order the
 * earlier steps did it through the editor and nothing more happens; run alone (`-t`), the step
 * arranges it the quickest way (the owner through n8n's REST API and the sign-in form, the
 * package through the Community Nodes screen, a connected credential imported with the CLI).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Page } from 'playwright-core';

import { AUTHORIZE_PATH, DATA_CENTERS, DEFAULT_SCOPES } from '../../nodes/ZohoIot/constants';
import {
	CREDENTIAL_ID,
	CREDENTIAL_NAME,
	emulatorCredential,
	SYNC_WORKFLOW_ID,
	syncWorkflow,
} from '../e2e/fixtures';
import { PACKAGE_NODE_TYPE, prepareN8n, projectRoot, type N8nInstance } from '../e2e/n8n';
import { packPackage } from '../e2e/package-tarball';
import { DEFAULT_CLIENT, startEmulator, type RunningEmulator } from '../emulator';
import { launchChromium, type RunningBrowser } from './chromium';
import { N8nEditor, OUTPUT_DIR, screenshot } from './n8n-editor';
import { startRegistry, type RunningRegistry } from './registry';

const DEVICES = 30;
const OWNER = {
	email: 'owner@example.com',
	firstName: 'Ada',
	lastName: 'Owner',
	password: 'Zoho-IoT-e2e-1',
};
const CREDENTIAL_TYPE = 'Zoho IoT OAuth2 API';
const DATA_CENTER_NAMES = [...Object.values(DATA_CENTERS).map((dc) => dc.name), 'Custom'];
const NOT_ZOHO_NOTICE = 'This is not a Zoho IoT host';
const PACKAGE = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
};
/**
 * n8n takes a registry other than registry.npmjs.org only with a licensed feature (checked in
 * n8n 2.41.1's and 1.123.81's CommunityPackagesService.getNpmRegistry). Offline there is no
 * npmjs.org, so the test turns that one feature on with n8n's own end-to-end test switch
 * (E2E_TESTS=true, PATCH /rest/e2e/feature), as n8n's own UI tests do; everything else about the
 * install is n8n's ordinary path (npm pack from the registry, npm install, load).
 */
const CUSTOM_REGISTRY_FEATURE = 'feat:communityNodes:customRegistry';

describe('n8n 2.x editor in Chromium: connect the Zoho IoT credential the way a user does', () => {
	let emulator: RunningEmulator;
	let registry: RunningRegistry;
	let n8n: N8nInstance;
	let browser: RunningBrowser;
	let page: Page;
	let editor: N8nEditor;
	/** The id n8n gave the credential created and connected in the browser. */
	let connectedCredentialId = '';
	/** The steps of the session done so far. */
	const done = new Set<'owner' | 'package' | 'credential'>();
	/** What a step needs of the session, arranged when the step that does it has not run. */
	const ensure = async (...steps: Array<'owner' | 'package' | 'credential'>) => {
		if (steps.includes('owner') && !done.has('owner')) {
			await n8n.setupOwner(OWNER);
			await editor.signIn(OWNER, '/home/credentials');
			done.add('owner');
		}
		if (steps.includes('package') && !done.has('package')) {
			const response = await editor.installCommunityPackage(PACKAGE.name);
			if (!response.ok())
				throw new Error(`n8n could not install ${PACKAGE.name}: HTTP ${response.status()}`);
			done.add('package');
		}
		if (steps.includes('credential') && !done.has('credential')) {
			// As the Connect step leaves it: the Custom data centre, the default scopes, both tokens.
			const tokens = emulator.issueTokens({ scope: DEFAULT_SCOPES });
			await n8n.importCredentials([
				emulatorCredential(emulator, tokens, { scope: DEFAULT_SCOPES }),
			]);
			connectedCredentialId = CREDENTIAL_ID;
			done.add('credential');
		}
	};

	const callbackUrl = () => `${n8n.baseUrl}/rest/oauth2-credential/callback`;

	/** Keeps a screenshot of the page when a step fails: test-output/browser/failure-*.png. */
	const step = async (name: string, body: () => Promise<void>) => {
		let passed = false;
		try {
			await body();
			passed = true;
		} finally {
			if (!passed) await screenshot(page, `failure-${name}`).catch(() => undefined);
		}
	};

	beforeAll(async () => {
		rmSync(OUTPUT_DIR, { recursive: true, force: true });
		emulator = await startEmulator({ devices: DEVICES, assets: 5, seed: 11 });
		// The registry holds exactly what `npm publish` would upload: the packed tarball.
		registry = await startRegistry();
		registry.publish(packPackage());
		// An n8n without the package: the Community Nodes screen installs it.
		n8n = await prepareN8n('2.x', { withPackage: false });
		n8n.extraEnv = {
			E2E_TESTS: 'true',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_COMMUNITY_PACKAGES_REGISTRY: registry.url,
			...registry.clientEnv,
		};
		await n8n.start();
		const feature = await fetch(`${n8n.baseUrl}/rest/e2e/feature`, {
			method: 'PATCH',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ feature: CUSTOM_REGISTRY_FEATURE, enabled: true }),
		});
		if (!feature.ok)
			throw new Error(
				`n8n refused ${CUSTOM_REGISTRY_FEATURE}: HTTP ${feature.status} ${await feature.text()}`,
			);
		browser = await launchChromium();
		page = browser.context.pages()[0] ?? (await browser.context.newPage());
		// Two cores run n8n, its editor and Chromium: be patient, but event-driven.
		page.setDefaultTimeout(60_000);
		// Zoho's real accounts servers are out of reach on this network: a stand-in answers for
		// them, so the window n8n opens for a fixed data centre shows where it was sent.
		await browser.context.route(/^https:\/\/accounts\.zoho\.[a-z.]+\//, (route) =>
			route.fulfill({
				status: 200,
				contentType: 'text/html',
				body: '<!doctype html><title>Zoho Accounts (stand-in)</title><p id="stand-in">Zoho Accounts stand-in</p>',
			}),
		);
		editor = new N8nEditor(page, n8n.baseUrl);
	}, 900_000);

	afterAll(async () => {
		if (n8n) {
			mkdirSync(OUTPUT_DIR, { recursive: true });
			writeFileSync(path.join(OUTPUT_DIR, 'n8n.log'), n8n.log);
		}
		if (registry) {
			mkdirSync(OUTPUT_DIR, { recursive: true });
			writeFileSync(path.join(OUTPUT_DIR, 'registry.log'), registry.log);
		}
		await browser?.close();
		await n8n?.dispose();
		await emulator?.stop();
		await registry?.stop();
	});

	it('sets up the owner account and signs in on the sign-in form', async () => {
		await step('owner', async () => {
			await editor.setUpOwner(OWNER);
			// Signed in by the setup; sign out (a fresh browser session) and sign in as a returning user.
			await browser.context.clearCookies();
			await editor.signIn(OWNER, '/home/credentials');
			await editor.byTestId('add-resource-credential').waitFor();
		});
		done.add('owner');
	});

	it('installs the package on Settings → Community Nodes from the registry, and n8n lists its three nodes', async () => {
		await ensure('owner');
		await step('community-nodes', async () => {
			const installedFolder = path.join(
				n8n.userFolder,
				'.n8n',
				'nodes',
				'node_modules',
				PACKAGE.name,
			);
			expect(existsSync(installedFolder)).toBe(false);

			const response = await editor.installCommunityPackage(PACKAGE.name);
			if (!response.ok())
				throw new Error(
					`n8n could not install ${PACKAGE.name}: HTTP ${response.status()} ${await response.text()}`,
				);
			const { data: installed } = (await response.json()) as {
				data: {
					packageName: string;
					installedVersion: string;
					installedNodes: Array<{ name: string; type: string }>;
				};
			};
			expect(installed).toMatchObject({
				packageName: PACKAGE.name,
				installedVersion: PACKAGE.version,
				installedNodes: [
					expect.objectContaining({ name: 'Zoho IoT', type: PACKAGE_NODE_TYPE }),
					expect.objectContaining({
						name: 'Zoho IoT Trigger',
						type: `${PACKAGE_NODE_TYPE}Trigger`,
					}),
					expect.objectContaining({
						name: 'Zoho IoT Webhook Trigger',
						type: `${PACKAGE_NODE_TYPE}WebhookTrigger`,
					}),
				],
			});

			// The screen lists the package, its version and its nodes.
			const card = editor.byTestId('community-package-card').filter({ hasText: PACKAGE.name });
			await card.waitFor();
			const cardText = await card.innerText();
			expect(cardText).toContain(`v${PACKAGE.version}`);
			expect(cardText).toMatch(/3 nodes:/);
			expect(cardText).toContain('Zoho IoT Trigger');
			expect(cardText).toContain('Zoho IoT Webhook Trigger');
			await screenshot(editor.page, 'community-nodes-installed', { docs: true });

			// It came from the registry: one tarball download, now unpacked in the user folder.
			expect(registry.downloads()).toEqual([`${PACKAGE.name}-${PACKAGE.version}.tgz`]);
			const onDisk = JSON.parse(
				readFileSync(path.join(installedFolder, 'package.json'), 'utf8'),
			) as { version: string };
			expect(onDisk.version).toBe(PACKAGE.version);
		});
		done.add('package');
	});

	it("creates the credential with the Custom data centre, connects it on the emulator's consent page, and n8n reports it connected", async () => {
		await ensure('owner', 'package');
		await step('connect', async () => {
			await editor.openNewCredential(CREDENTIAL_TYPE);
			expect(await editor.byTestId('copy-input').innerText()).toContain(callbackUrl());

			await editor.fill('clientId', DEFAULT_CLIENT.clientId);
			await editor.fill('clientSecret', DEFAULT_CLIENT.clientSecret);
			expect(await editor.openOptions('dataCenter')).toEqual(DATA_CENTER_NAMES);
			await screenshot(editor.credentialModal, 'credential-data-center', { docs: true });
			await editor.choose('dataCenter', 'Custom');
			expect(await editor.chosen('dataCenter')).toBe('Custom');
			await editor.fill('customAccountsServer', emulator.url);
			await editor.fill('applicationDomain', emulator.applicationDomain);
			// The notice is for fixed data centres only.
			expect(await editor.credentialModal.getByText(NOT_ZOHO_NOTICE).count()).toBe(0);

			const before = emulator.counters();
			const attempt = await editor.connect();
			connectedCredentialId = attempt.credentialId;
			expect(connectedCredentialId).not.toBe('');
			expect(attempt.authUrl.startsWith(`${emulator.url}${AUTHORIZE_PATH}?`)).toBe(true);

			// The emulator's consent page, in the window n8n opened.
			const consent = attempt.popup;
			await consent.locator('#accept').waitFor();
			expect(await consent.locator('#client-id').innerText()).toBe(DEFAULT_CLIENT.clientId);
			expect(await consent.locator('#scopes li').allInnerTexts()).toEqual(
				DEFAULT_SCOPES.split(','),
			);
			expect(await consent.locator('#redirect-uri').innerText()).toBe(callbackUrl());
			const closed = consent.waitForEvent('close', { timeout: 60_000 });
			await consent.locator('#accept').click();
			// n8n's callback page hands the result to the editor and closes the window.
			await closed;

			const banner = editor.byTestId('oauth-connect-success-banner');
			await banner.waitFor();
			expect(await banner.innerText()).toContain('Account connected');
			await editor.credentialModal.getByText('Account connected').scrollIntoViewIfNeeded();
			await screenshot(editor.credentialModal, 'credential-connected', { docs: true });

			const after = emulator.counters();
			expect(after.authorizations.consentPagesShown - before.authorizations.consentPagesShown).toBe(
				1,
			);
			expect(after.authorizations.approved - before.authorizations.approved).toBe(1);
			expect(after.authorizations.autoApproved).toBe(0);
			expect(after.tokenRequests.authorization_code - before.tokenRequests.authorization_code).toBe(
				1,
			);
			const exchanges = after.tokenExchanges.slice(before.tokenExchanges.length);
			expect(exchanges).toHaveLength(1);
			expect(exchanges[0]).toMatchObject({
				grantType: 'authorization_code',
				clientId: DEFAULT_CLIENT.clientId,
				clientSecretInBody: true,
				clientSecretIn: 'body',
				scope: DEFAULT_SCOPES,
				outcome: 'success',
			});

			// What n8n stored: the form's choices and both tokens (prompt=consent brings the refresh token).
			const stored = (await n8n.exportCredentials()).find(
				(credential) => credential.id === connectedCredentialId,
			);
			expect(stored).toMatchObject({ name: CREDENTIAL_NAME, type: 'zohoIotOAuth2Api' });
			expect(stored!.data).toMatchObject({
				dataCenter: 'custom',
				customAccountsServer: emulator.url,
				applicationDomain: emulator.applicationDomain,
				clientId: DEFAULT_CLIENT.clientId,
			});
			const tokens = stored!.data.oauthTokenData as Record<string, unknown>;
			expect(tokens.access_token).toEqual(expect.stringMatching(/^1000\./));
			expect(tokens.refresh_token).toEqual(expect.stringMatching(/^1000\./));
		});
		done.add('credential');
	});

	it('opens the example device sync, runs "Get All Devices" from its panel, and the output panel lists the devices', async () => {
		await ensure('owner', 'package', 'credential');
		await step('run-node', async () => {
			expect(connectedCredentialId).not.toBe('');
			// The example as shipped, bound to the credential connected above.
			const example = JSON.stringify(syncWorkflow())
				.split(JSON.stringify(CREDENTIAL_ID))
				.join(JSON.stringify(connectedCredentialId));
			await n8n.importWorkflows([JSON.parse(example) as Record<string, unknown>]);

			const ndv = await editor.openNode(SYNC_WORKFLOW_ID, 'Get All Devices');
			expect(await ndv.locator('[data-test-id="node-credentials-select"] input').inputValue()).toBe(
				CREDENTIAL_NAME,
			);
			expect(await editor.chosen('resource')).toBe('Device');
			expect(await editor.chosen('operation')).toBe('Get Many');
			await screenshot(ndv, 'node-parameters', { docs: true });

			const before = emulator.counters();
			await ndv.locator('[data-test-id="node-execute-button"]').click();
			const output = ndv.locator('[data-test-id="output-panel"]');
			await output
				.locator('[data-test-id="ndv-items-count"]', { hasText: `${DEVICES} items` })
				.waitFor();

			const [first] = emulator.records('devices');
			await output.getByText(String(first.name), { exact: true }).first().waitFor();
			// The 19-digit id arrives whole: no rounding through a JavaScript number.
			await output.getByText(String(first.id), { exact: true }).first().waitFor();
			const after = emulator.counters();
			expect(
				after.apiRequests.byRoute['GET /devices'] -
					(before.apiRequests.byRoute['GET /devices'] ?? 0),
			).toBe(Math.ceil(DEVICES / 200));
			await screenshot(ndv, 'node-output', { docs: true });
		});
	});

	it.each(
		Object.entries(DATA_CENTERS).map(([key, dc]) => [dc.name, dc.accountsServer, key] as const),
	)(
		'%s: Connect sends the user to %s, and the Application Domain field flags a non-Zoho host',
		async (name, accountsServer, key) => {
			await ensure('owner', 'package');
			await step(`data-center-${key}`, async () => {
				await editor.openNewCredential(CREDENTIAL_TYPE);
				await editor.choose('dataCenter', name);
				expect(await editor.chosen('dataCenter')).toBe(name);
				const clientId = `1000.CLIENT${key.toUpperCase()}`;
				await editor.fill('clientId', clientId);
				await editor.fill('clientSecret', `secret-${key}`);
				// Fixed data centres have no accounts server field.
				expect(await editor.parameter('customAccountsServer').count()).toBe(0);

				const notice = editor.credentialModal.getByText(NOT_ZOHO_NOTICE);
				await editor.fill('applicationDomain', 'evil.example.com');
				await notice.waitFor();
				expect(await notice.innerText()).toMatch(
					/^This is not a Zoho IoT host\. Use your application's domain, e\.g\. app1234xxxx\.zohoiot\.in .*choose the Custom data center\.$/,
				);
				if (key === 'us') {
					await notice.scrollIntoViewIfNeeded();
					await screenshot(editor.credentialModal, 'credential-domain-notice', { docs: true });
				}
				await editor.fill('applicationDomain', 'app1234.zohoiot.in');
				await notice.waitFor({ state: 'detached' });
				await editor.fill('applicationDomain', 'evil.example.com');
				await notice.waitFor();
				// "https://" and a trailing slash are allowed, as the field's description says.
				await editor.fill('applicationDomain', 'https://app1234.zohoiot.in/');
				await notice.waitFor({ state: 'detached' });

				const consentPagesBefore = emulator.counters().authorizations.consentPagesShown;
				const attempt = await editor.connect();
				const authUrl = new URL(attempt.authUrl);
				expect(`${authUrl.origin}${authUrl.pathname}`).toBe(`${accountsServer}${AUTHORIZE_PATH}`);
				expect(Object.fromEntries(authUrl.searchParams)).toMatchObject({
					access_type: 'offline',
					prompt: 'consent',
					client_id: clientId,
					scope: DEFAULT_SCOPES,
					response_type: 'code',
					redirect_uri: callbackUrl(),
				});
				// The window n8n opened went there too.
				await attempt.popup.waitForURL((url) =>
					url.href.startsWith(`${accountsServer}${AUTHORIZE_PATH}?`),
				);
				expect(new URL(attempt.popup.url()).searchParams.get('client_id')).toBe(clientId);
				await attempt.popup.close();
				expect(emulator.counters().authorizations.consentPagesShown).toBe(consentPagesBefore);
			});
		},
	);
});
