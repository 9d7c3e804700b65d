/**
 * n8n's editor as a user meets it, driven through the `data-test-id` attributes n8n's own UI
 * tests use. Read off n8n 2.41.1; when a later n8n renames one, this is the file to change.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import type { Locator, Page, Response } from 'playwright-core';

import { projectRoot } from '../e2e/n8n';

export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

const testId = (id: string) => `[data-test-id="${id}"]`;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every screenshot lands here; with UPDATE_SCREENSHOTS=1 the documented ones also go to docs/images/. */
export const OUTPUT_DIR = path.join(projectRoot, 'test-output', 'browser');
export const DOCS_IMAGES_DIR = path.join(projectRoot, 'docs', 'images');

export async function screenshot(
	target: Page | Locator,
	name: string,
	{ docs = false } = {},
): Promise<string> {
	mkdirSync(OUTPUT_DIR, { recursive: true });
	const file = path.join(OUTPUT_DIR, `${name}.png`);
	await target.screenshot({ path: file, animations: 'disabled' });
	if (docs && process.env.UPDATE_SCREENSHOTS === '1') {
		mkdirSync(DOCS_IMAGES_DIR, { recursive: true });
		await target.screenshot({
			path: path.join(DOCS_IMAGES_DIR, `${name}.png`),
			animations: 'disabled',
		});
	}
	return file;
}

export interface ConnectAttempt {
	/** The id n8n gave the credential when Connect saved it. */
	credentialId: string;
	/** The authorization URL n8n answered with (GET /rest/oauth2-credential/auth). */
	authUrl: string;
	/** The window n8n opened for the user to sign in. */
	popup: Page;
}

export class N8nEditor {
	constructor(
		readonly page: Page,
		readonly baseUrl: string,
	) {}

	byTestId(id: string): Locator {
		return this.page.locator(testId(id));
	}

	/** The first visit to a fresh n8n: the owner account form. */
	async setUpOwner(owner: Owner): Promise<void> {
		await this.page.goto(this.baseUrl);
		await this.byTestId('setup-form').waitFor();
		await this.fillAuthForm({
			email: owner.email,
			firstName: owner.firstName,
			lastName: owner.lastName,
			password: owner.password,
		});
		await this.page.waitForURL((url) => !url.pathname.startsWith('/setup'));
	}

	/** Opens a page of the editor while signed out and signs in on the form n8n redirects to. */
	async signIn(owner: Owner, pathName = '/home/credentials'): Promise<void> {
		await this.page.goto(`${this.baseUrl}${pathName}`);
		await this.byTestId('signin-form').waitFor();
		await this.fillAuthForm({ emailOrLdapLoginId: owner.email, password: owner.password });
		await this.page.waitForURL((url) => url.pathname === pathName);
	}

	private async fillAuthForm(fields: Record<string, string>): Promise<void> {
		for (const [field, value] of Object.entries(fields)) {
			await this.page.locator(`${testId('auth-form')} ${testId(field)} input`).fill(value);
		}
		await this.byTestId('form-submit-button').click();
	}

	get credentialModal(): Locator {
		return this.byTestId('editCredential-modal');
	}

	/** Credentials screen → Create credential → search the type → Continue: an empty form. */
	async openNewCredential(typeDisplayName: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}/home/credentials`);
		await this.byTestId('add-resource-credential').click();
		await this.page.locator(`${testId('new-credential-type-select')} input`).fill(typeDisplayName);
		await this.byTestId('new-credential-type-select-option')
			.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(typeDisplayName)}\\s*$`) })
			.click();
		await this.byTestId('new-credential-type-button').click();
		await this.credentialModal.waitFor();
		await this.parameter('clientId').waitFor();
	}

	parameter(name: string): Locator {
		return this.byTestId(`parameter-input-${name}`);
	}

	async fill(name: string, value: string): Promise<void> {
		await this.parameter(name).locator('input').fill(value);
	}

	/** The options of a dropdown field, left open, as the names the user reads. */
	async openOptions(name: string): Promise<string[]> {
		await this.parameter(name).scrollIntoViewIfNeeded();
		await this.parameter(name).click();
		const headlines = this.page.locator(
			`${testId('parameter-input-item')}:visible .option-headline`,
		);
		await headlines.first().waitFor();
		return (await headlines.allInnerTexts()).map((text) => text.trim());
	}

	async choose(name: string, option: string): Promise<void> {
		const item = this.page.locator(`${testId('parameter-input-item')}:visible`).filter({
			has: this.page.locator('.option-headline', {
				hasText: new RegExp(`^\\s*${escapeRegExp(option)}\\s*$`),
			}),
		});
		// The list may still be open from openOptions(); clicking the field again would close it.
		if (!(await item.isVisible())) await this.openOptions(name);
		await item.click();
		await item.waitFor({ state: 'hidden' });
	}

	/** What a dropdown field shows as chosen. */
	async chosen(name: string): Promise<string> {
		return (await this.parameter(name).locator('input').inputValue()).trim();
	}

	/**
	 * Presses Connect. n8n saves the credential, asks its backend for the authorization URL and
	 * opens it in a new window: all three are returned.
	 */
	async connect(): Promise<ConnectAttempt> {
		const authResponse = this.page.waitForResponse(
			(response: Response) => new URL(response.url()).pathname === '/rest/oauth2-credential/auth',
		);
		const popup = this.page.waitForEvent('popup');
		await this.byTestId('quick-connect-button').click();
		const response = await authResponse;
		if (!response.ok())
			throw new Error(
				`n8n refused to start the OAuth flow: HTTP ${response.status()} ${await response.text()}`,
			);
		const { data: authUrl } = (await response.json()) as { data: string };
		const credentialId = new URL(response.url()).searchParams.get('id') ?? '';
		return { credentialId, authUrl, popup: await popup };
	}

	/**
	 * Settings → Community Nodes → Install a community node: types the npm package name, ticks
	 * "I understand the risks…" and presses Install. Answers n8n's reply to the install request
	 * (POST /rest/community-packages), which comes once n8n has fetched and loaded the package.
	 */
	async installCommunityPackage(packageName: string): Promise<Response> {
		await this.page.goto(`${this.baseUrl}/settings/community-nodes`);
		await this.page.getByRole('button', { name: 'Install a community node' }).click();
		await this.page
			.locator(`input${testId('package-name-input')}, ${testId('package-name-input')} input`)
			.fill(packageName);
		await this.byTestId('user-agreement-checkbox').click();
		const installed = this.page.waitForResponse(
			(response: Response) =>
				new URL(response.url()).pathname === '/rest/community-packages' &&
				response.request().method() === 'POST',
			// n8n runs npm (pack, then install) before it answers.
			{ timeout: 180_000 },
		);
		await this.byTestId('install-community-package-button').click();
		const response = await installed;
		// The modal closes once the editor has reloaded the node and credential types, which takes
		// a while on a busy machine.
		if (response.ok())
			await this.byTestId('install-community-package-button').waitFor({
				state: 'detached',
				timeout: 180_000,
			});
		return response;
	}

	/** Opens a saved workflow and a node's details view by double-clicking the node on the canvas. */
	async openNode(workflowId: string, nodeName: string): Promise<Locator> {
		await this.page.goto(`${this.baseUrl}/workflow/${workflowId}`);
		await this.byTestId('canvas-node').filter({ hasText: nodeName }).first().dblclick();
		const ndv = this.byTestId('ndv');
		await ndv.locator(testId('node-execute-button')).waitFor();
		return ndv;
	}
}
