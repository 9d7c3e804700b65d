/**
 * The release guard (scripts/release-check.js), run as the publish workflow, `npm run release`
 * and `prepublishOnly` run it: a release with placeholder metadata, from another repository,
 * with a tag that is not the version, or with an npm too old for trusted publishing is refused.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const script = path.join(root, 'scripts', 'release-check.js');
const ourPackage = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<
	string,
	unknown
>;

/** package.json as a maintainer completes it for the first release. */
const released = {
	...ourPackage,
	version: '0.2.0',
	homepage: 'https://github.com/acme-iot/n8n-nodes-zoho-iot#readme',
	repository: { type: 'git', url: 'git+https://github.com/acme-iot/n8n-nodes-zoho-iot.git' },
	author: { name: 'Asha Rao', email: 'asha@acme-iot.example.com' },
};

let folder: string;
beforeEach(() => {
	folder = mkdtempSync(path.join(tmpdir(), 'zoho-iot-release-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** Runs the guard on this package.json; `npm` is a stand-in printing `npmVersion`. */
function check(
	pkg: Record<string, unknown>,
	{
		args = [],
		env = {},
		npmVersion = '11.6.2',
	}: { args?: string[]; env?: Record<string, string>; npmVersion?: string } = {},
) {
	const file = path.join(folder, 'package.json');
	writeFileSync(file, JSON.stringify(pkg));
	const npm = path.join(folder, 'npm');
	writeFileSync(npm, `#!/bin/sh\necho ${npmVersion}\n`);
	chmodSync(npm, 0o755);
	const cleanEnv = Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !/^(GITHUB_|npm_)/i.test(key)),
	);
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test: runs the release guard, never shipped
	const result = spawnSync(process.execPath, [script, '--package', file, ...args], {
		encoding: 'utf8',
		env: { ...cleanEnv, PATH: `${folder}${path.delimiter}${process.env.PATH}`, ...env },
	});
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the release guard', () => {
	it("refuses this repository's package.json as it is: repository, homepage and author are placeholders", () => {
		const { status, output } = check(ourPackage);
		expect(status).toBe(1);
		expect(output).toContain('"repository.url" is the placeholder');
		expect(output).toContain('"homepage" is the placeholder');
		expect(output).toContain('"author" is a placeholder');
	});

	it('passes once a maintainer has set the real repository, homepage and author', () => {
		const { status, output } = check(released, { args: ['--publish'] });
		expect(output).toContain('Release check passed: n8n-nodes-zoho-iot@0.2.0');
		expect(status).toBe(0);
	});

	it.each([
		[
			'a placeholder author email',
			{ author: { name: 'Asha Rao', email: 'maintainers@n8n-nodes-zoho-iot.dev' } },
			/"author" is a placeholder/,
		],
		['no author', { author: undefined }, /"author" is a placeholder/],
		[
			'a repository that is not on GitHub',
			{ repository: { type: 'git', url: 'git+https://gitlab.com/acme/n8n-nodes-zoho-iot.git' } },
			/must be a public GitHub repository/,
		],
		[
			'a homepage on another repository',
			{ homepage: 'https://github.com/someone-else/n8n-nodes-zoho-iot#readme' },
			/"homepage" .* is not on the repository github.com\/acme-iot\/n8n-nodes-zoho-iot/,
		],
	])('refuses %s', (_case, change, message) => {
		const { status, output } = check({ ...released, ...change });
		expect(output).toMatch(message);
		expect(status).toBe(1);
	});

	it('refuses on GitHub Actions when the workflow runs in another repository than package.json names (provenance would fail)', () => {
		const { status, output } = check(released, {
			env: { GITHUB_REPOSITORY: 'someone/fork-of-zoho-iot' },
		});
		expect(output).toContain('but this workflow runs in someone/fork-of-zoho-iot');
		expect(status).toBe(1);
		expect(
			check(released, { env: { GITHUB_REPOSITORY: 'Acme-IoT/n8n-nodes-zoho-iot' } }).status,
		).toBe(0);
	});

	it('refuses a tag that is not the version', () => {
		const env = { GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: '0.2.1' };
		const { status, output } = check(released, { env });
		expect(output).toContain("The tag 0.2.1 is not package.json's version 0.2.0");
		expect(status).toBe(1);
		expect(check(released, { env: { ...env, GITHUB_REF_NAME: '0.2.0' } }).status).toBe(0);
	});

	it.each(['10.9.2', '11.5.0'])(
		'refuses to publish with npm %s (trusted publishing needs 11.5.1)',
		(npmVersion) => {
			const { status, output } = check(released, { args: ['--publish'], npmVersion });
			expect(output).toContain(`npm ${npmVersion} cannot publish with trusted publishing`);
			expect(status).toBe(1);
		},
	);

	it.each(['11.5.1', '12.0.0'])('publishes with npm %s', (npmVersion) => {
		expect(check(released, { args: ['--publish'], npmVersion }).status).toBe(0);
	});
});

describe('the publish workflow (.github/workflows/publish.yml)', () => {
	const workflow = readFileSync(path.join(root, '.github', 'workflows', 'publish.yml'), 'utf8');
	const step = (text: string) => workflow.indexOf(text);

	it('installs an npm that can publish with trusted publishing, pinned exactly', () => {
		const pinned = /npm install -g npm@(\d+)\.(\d+)\.(\d+)\b/.exec(workflow);
		expect(pinned).not.toBeNull();
		const [major, minor, patch] = pinned!.slice(1).map(Number);
		expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(11 * 1e6 + 5 * 1e3 + 1);
	});

	it('runs the release guard, with --publish, after installing that npm and before testing and publishing', () => {
		const guard = step('node scripts/release-check.js --publish');
		expect(guard).toBeGreaterThan(step('npm install -g npm@'));
		expect(guard).toBeLessThan(step('npm run test:all'));
		expect(guard).toBeLessThan(step('npm publish --provenance'));
		expect(workflow).toMatch(/id-token: write/);
	});
});
