#!/usr/bin/env node
// The release guard. `.npmrc` turns lifecycle scripts off (see its comment), so npm never runs
// `prepublishOnly` on its own: the publish workflow, `npm run release` and `prepublishOnly` call
// this script explicitly. It refuses to release when:
//   - package.json's repository, homepage or author are still the placeholders this project was
//     started with, or the repository is not a public GitHub URL (npm provenance records the
//     repository, and n8n's scanner fetches the source from the GitHub repository it names);
//   - on GitHub Actions: the repository is not the one the workflow runs in (provenance fails),
//     or the pushed tag is not package.json's version;
//   - with --publish: npm is older than 11.5.1, the first version with trusted publishing.
// The one place a maintainer sets the real values is package.json (CONTRIBUTING.md#releasing).
//
// Usage: node scripts/release-check.js [--publish] [--package <path to package.json>]
'use strict';

const { spawnSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const path = require('node:path');

/** The values this package was scaffolded with: a maintainer replaces them before a release. */
const PLACEHOLDERS = [
	'github.com/n8n-nodes-zoho-iot/n8n-nodes-zoho-iot',
	'n8n-nodes-zoho-iot contributors',
	'maintainers@n8n-nodes-zoho-iot.dev',
];
/** npm's first version with trusted publishing (OIDC from GitHub Actions). */
const MIN_NPM_FOR_TRUSTED_PUBLISHING = '11.5.1';
/** What provenance and n8n's scanner accept: a GitHub repository over HTTPS. */
const GITHUB_REPOSITORY_URL =
	/^git\+https:\/\/github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)\.git$/;

function isPlaceholder(value) {
	return (
		typeof value === 'string' && PLACEHOLDERS.some((placeholder) => value.includes(placeholder))
	);
}

function newerOrEqual(version, minimum) {
	const parts = (text) => text.split('-')[0].split('.').map(Number);
	const [a, b] = [parts(version), parts(minimum)];
	for (let i = 0; i < 3; i++) if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) > (b[i] || 0);
	return true;
}

/**
 * Every reason not to release this package.json, as sentences saying what to change.
 * `env` is the environment (GITHUB_REPOSITORY, GITHUB_REF_TYPE, GITHUB_REF_NAME on Actions).
 */
function releaseProblems(pkg, { env = {}, npmVersion, publish = false } = {}) {
	const problems = [];
	const repositoryUrl = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
	const repository = GITHUB_REPOSITORY_URL.exec(repositoryUrl ?? '');
	if (isPlaceholder(repositoryUrl)) {
		problems.push(
			`package.json "repository.url" is the placeholder ${repositoryUrl}: set it to the real public GitHub repository, e.g. git+https://github.com/<owner>/n8n-nodes-zoho-iot.git`,
		);
	} else if (!repository) {
		problems.push(
			`package.json "repository.url" must be a public GitHub repository as git+https://github.com/<owner>/<repo>.git (npm provenance and n8n's scanner read it), not ${JSON.stringify(repositoryUrl)}`,
		);
	}
	if (isPlaceholder(pkg.homepage)) {
		problems.push(
			`package.json "homepage" is the placeholder ${pkg.homepage}: set it to the repository's page, e.g. https://github.com/<owner>/n8n-nodes-zoho-iot#readme`,
		);
	} else if (
		repository &&
		!String(pkg.homepage ?? '')
			.toLowerCase()
			.startsWith(`https://github.com/${repository[1]}/${repository[2]}`.toLowerCase())
	) {
		problems.push(
			`package.json "homepage" (${JSON.stringify(pkg.homepage)}) is not on the repository github.com/${repository[1]}/${repository[2]}`,
		);
	}
	const author = typeof pkg.author === 'string' ? { name: pkg.author } : (pkg.author ?? {});
	if (!author.name || isPlaceholder(author.name) || isPlaceholder(author.email)) {
		problems.push(
			`package.json "author" is a placeholder (${JSON.stringify(pkg.author)}): set the maintainer's name and an email that reaches them`,
		);
	}
	if (env.GITHUB_REPOSITORY && repository) {
		const named = `${repository[1]}/${repository[2]}`;
		if (named.toLowerCase() !== env.GITHUB_REPOSITORY.toLowerCase()) {
			problems.push(
				`package.json names the repository ${named}, but this workflow runs in ${env.GITHUB_REPOSITORY}: npm provenance would fail. Set "repository.url" to git+https://github.com/${env.GITHUB_REPOSITORY}.git`,
			);
		}
	}
	if (env.GITHUB_REF_TYPE === 'tag' && env.GITHUB_REF_NAME !== pkg.version) {
		problems.push(
			`The tag ${env.GITHUB_REF_NAME} is not package.json's version ${pkg.version}: tag the commit with exactly the version (npm run release does)`,
		);
	}
	if (publish && !(npmVersion && newerOrEqual(npmVersion, MIN_NPM_FOR_TRUSTED_PUBLISHING))) {
		problems.push(
			`npm ${npmVersion ?? '(unknown)'} cannot publish with trusted publishing: use npm ${MIN_NPM_FOR_TRUSTED_PUBLISHING} or newer (npm install -g npm@11)`,
		);
	}
	return problems;
}

function main(args) {
	const packageIndex = args.indexOf('--package');
	const file =
		packageIndex === -1
			? path.resolve(__dirname, '..', 'package.json')
			: path.resolve(args[packageIndex + 1]);
	const publish = args.includes('--publish');
	const pkg = JSON.parse(readFileSync(file, 'utf8'));
	const npmVersion = publish
		? spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout?.trim() || undefined
		: undefined;
	const problems = releaseProblems(pkg, { env: process.env, npmVersion, publish });
	if (problems.length > 0) {
		process.stderr.write(
			`Release refused (scripts/release-check.js):\n${problems.map((p) => `- ${p}`).join('\n')}\n`,
		);
		return 1;
	}
	process.stdout.write(
		`Release check passed: ${pkg.name}@${pkg.version} from ${pkg.repository.url}${publish ? `, npm ${npmVersion}` : ''}\n`,
	);
	return 0;
}

module.exports = { releaseProblems, PLACEHOLDERS, MIN_NPM_FOR_TRUSTED_PUBLISHING };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
