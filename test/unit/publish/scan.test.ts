/**
 * `npm run lint` runs n8n's verification scan (scripts/scan-community-package.mjs) with the
 * scanner's own functions. These tests prove the scan is the strict one n8n runs: an inline
 * `eslint-disable` does not hide a finding, and any inline directive in shipped code is refused.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const script = path.join(root, 'scripts', 'scan-community-package.mjs');

const trigger = path.join('nodes', 'ZohoIotTrigger', 'ZohoIotTrigger.node.ts');

/** Scans a copy of this package's source (what the scanner lints) after `change` edits it. */
function scanChanged(change: (folder: string) => void): { status: number | null; output: string } {
	const folder = mkdtempSync(path.join(tmpdir(), 'zoho-iot-source-'));
	try {
		for (const entry of ['package.json', 'nodes', 'credentials', 'icons'])
			cpSync(path.join(root, entry), path.join(folder, entry), { recursive: true });
		change(folder);
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test: runs the lint script, never shipped
		const result = spawnSync(process.execPath, [script, '--source-only', '--dir', folder], {
			cwd: root,
			encoding: 'utf8',
		});
		return { status: result.status, output: `${result.stdout}${result.stderr}` };
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

/** Rewrites one file of the copy. */
function edit(folder: string, file: string, replace: (text: string) => string): void {
	const full = path.join(folder, file);
	const before = readFileSync(full, 'utf8');
	const after = replace(before);
	expect(after).not.toBe(before);
	writeFileSync(full, after);
}

describe("n8n's verification scan in npm run lint", () => {
	it("fails the trigger's Module default when the options are spread inline, even with an eslint-disable comment", () => {
		const { status, output } = scanChanged((folder) =>
			edit(folder, trigger, (text) =>
				text.replace(
					'options: moduleOptions,',
					"options: [...TRIGGER_MODULES, { name: 'Custom Module', value: CUSTOM_MODULE }],\n\t\t\t\t// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options",
				),
			),
		);
		expect(output).toContain('n8n-nodes-base/node-param-default-wrong-for-options');
		expect(output).toContain('ZohoIotTrigger.node.ts');
		expect(output).toContain('inline ESLint directives in shipped code: FAILED');
		expect(status).toBe(1);
	}, 120_000);

	it('fails any inline ESLint directive in shipped code, even where the code passes without it', () => {
		const { status, output } = scanChanged((folder) =>
			edit(folder, path.join('credentials', 'ZohoIotOAuth2Api.credentials.ts'), (text) =>
				text.replace(/^(import )/m, '/* eslint-disable no-console */\n$1'),
			),
		);
		expect(output).toContain('source: passed');
		expect(output).toContain(
			'credentials/ZohoIotOAuth2Api.credentials.ts:1: /* eslint-disable no-console */',
		);
		expect(status).toBe(1);
	}, 120_000);
});
