/**
 * Every link a reader can follow leads somewhere: each relative link in the README, CONTRIBUTING
 * and docs/ points at a file that exists and, with a #fragment, at a heading of that file (by
 * GitHub's anchor rules); every README or docs link the nodes and credentials show or mention
 * (codex documentation URLs, the credential's documentationUrl, comments naming a section)
 * resolves the same way. A section moved out of the README must take its links along.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

/** The GitHub address of a file on main, as the nodes and credentials link to it. */
const repositoryBlob = (() => {
	const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
		repository: { url: string };
	};
	const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
	return new RegExp(`${repo.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/(?:blob|tree)/main/`);
})();

/** GitHub's anchor for a heading text (github-slugger): lower case, punctuation dropped, spaces to hyphens. */
export function githubSlug(heading: string): string {
	const text = heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link shows its text
		.replace(/<[^>]+>/g, '') // inline HTML shows nothing of its tags
		.replace(/[`*]/g, '') // code and emphasis markers are not text
		.trim()
		.toLowerCase();
	return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The lines of a Markdown file outside fenced code blocks. */
function proseLines(markdown: string): string[] {
	const lines: string[] = [];
	let fence: string | undefined;
	for (const line of markdown.split('\n')) {
		const marker = /^\s*(```+|~~~+)/.exec(line)?.[1];
		if (marker && (!fence || marker.startsWith(fence))) {
			fence = fence ? undefined : marker;
			continue;
		}
		if (!fence) lines.push(line);
	}
	return lines;
}

/** Every anchor a Markdown file offers: its headings' slugs (repeats numbered as GitHub does) and explicit ids. */
export function anchorsOf(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	for (const line of proseLines(markdown)) {
		const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
		if (heading !== undefined) {
			const slug = githubSlug(heading);
			const count = seen.get(slug) ?? 0;
			seen.set(slug, count + 1);
			anchors.add(count === 0 ? slug : `${slug}-${count}`);
		}
		for (const match of line.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(match[1]);
	}
	return anchors;
}

/** The link targets of a Markdown file: inline links, images and reference definitions, not code. */
export function linksOf(markdown: string): string[] {
	const targets: string[] = [];
	for (const line of proseLines(markdown)) {
		const prose = line.replace(/`[^`]*`/g, '');
		for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
			targets.push(match[1]);
		const reference = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(prose);
		if (reference) targets.push(reference[1]);
	}
	return targets;
}

/** Why a link from `fromFile` to `target` does not resolve, or undefined when it does. */
export function brokenLink(fromFile: string, target: string): string | undefined {
	const [pathPart, fragment] = target.split('#', 2) as [string, string | undefined];
	const file = pathPart === '' ? fromFile : path.resolve(path.dirname(fromFile), decodeURI(pathPart));
	if (!existsSync(file)) return `${target}: no file ${path.relative(root, file)}`;
	if (fragment === undefined || fragment === '') return undefined;
	if (statSync(file).isDirectory() || !file.endsWith('.md'))
		return `${target}: a #fragment needs a Markdown file`;
	if (!anchorsOf(readFileSync(file, 'utf8')).has(decodeURIComponent(fragment).toLowerCase()))
		return `${target}: ${path.relative(root, file)} has no heading #${fragment}`;
	return undefined;
}

const external = /^[a-z][a-z0-9+.-]*:/i;

function markdownFiles(): string[] {
	const docs = readdirSync(path.join(root, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => path.join(root, 'docs', name));
	return [
		path.join(root, 'README.md'),
		path.join(root, 'CONTRIBUTING.md'),
		path.join(root, 'test', 'emulator', 'README.md'),
		...docs,
	];
}

function sourceFiles(folder: string): string[] {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(folder, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return /\.(ts|json)$/.test(entry.name) ? [full] : [];
	});
}

/** README/docs links in a source file: GitHub addresses of this repository and paths like docs/x.md#y. */
export function documentLinksIn(source: string): string[] {
	const links: string[] = [];
	const rest = source.replace(
		new RegExp(`https?://${repositoryBlob.source.replace(/^https?:\\\/\\\//, '')}([^\\s'"\`)]+)`, 'g'),
		(_whole, target: string) => {
			links.push(target);
			return '';
		},
	);
	for (const match of rest.matchAll(/(?<![\w/.-])((?:[\w-]+\/)*[\w-]+\.md(?:#[\w-]+)?)/g))
		links.push(match[1]);
	return links;
}

describe('links in the documentation', () => {
	it.each(markdownFiles().map((file) => [path.relative(root, file), file]))(
		'every relative link in %s reaches an existing file and heading',
		(_name, file) => {
			expect(existsSync(file)).toBe(true);
			const links = linksOf(readFileSync(file, 'utf8')).filter((link) => !external.test(link));
			expect(links.map((link) => brokenLink(file, link)).filter(Boolean)).toEqual([]);
		},
	);

	it('the README links every page of docs/, CONTRIBUTING.md and the emulator', () => {
		const readme = path.join(root, 'README.md');
		const reached = new Set(
			linksOf(readFileSync(readme, 'utf8'))
				.filter((link) => !external.test(link))
				.map((link) => path.resolve(root, link.split('#')[0])),
		);
		const unlinked = markdownFiles()
			.filter((file) => file !== readme && !reached.has(file))
			.map((file) => path.relative(root, file));
		expect(unlinked).toEqual([]);
	});
});

describe('README and docs links in the nodes and credentials', () => {
	const files = [...sourceFiles(path.join(root, 'nodes')), ...sourceFiles(path.join(root, 'credentials'))];
	const links = files.flatMap((file) =>
		documentLinksIn(readFileSync(file, 'utf8')).map((link) => ({
			file: path.relative(root, file),
			link,
		})),
	);

	it('finds the codex and credential documentation links (so the check below checks something)', () => {
		const codexFiles = files.filter((file) => file.endsWith('.node.json'));
		expect(codexFiles.length).toBeGreaterThanOrEqual(3);
		for (const codex of codexFiles)
			expect(links.filter((entry) => entry.file === path.relative(root, codex)).length).toBeGreaterThan(0);
		for (const credential of files.filter((file) => file.endsWith('.credentials.ts')))
			expect(links.some((entry) => entry.file === path.relative(root, credential))).toBe(true);
	});

	it('every one reaches an existing file and heading', () => {
		const broken = links
			.map(({ file, link }) => {
				const problem = brokenLink(path.join(root, 'index.md'), link);
				return problem && `${file}: ${problem}`;
			})
			.filter(Boolean);
		expect(broken).toEqual([]);
	});
});

describe('the link check itself', () => {
	it("makes GitHub's anchors: punctuation dropped, each space a hyphen, code and emphasis unwrapped", () => {
		expect(githubSlug('Trigger: Zoho IoT Webhook Trigger')).toBe('trigger-zoho-iot-webhook-trigger');
		expect(githubSlug('Running at scale (n8n queue mode)')).toBe('running-at-scale-n8n-queue-mode');
		expect(githubSlug('Datapoint → Get Values')).toBe('datapoint--get-values');
		expect(githubSlug('Webhook actions (`/__emulator/webhooks`)')).toBe('webhook-actions-__emulatorwebhooks');
		expect(githubSlug('What is known about Zoho, and what is assumed')).toBe(
			'what-is-known-about-zoho-and-what-is-assumed',
		);
		expect([...anchorsOf('# A\n## Notes\n```\n## Not a heading\n```\n### Notes\n')]).toEqual([
			'a',
			'notes',
			'notes-1',
		]);
	});

	it('reports a missing file, a missing heading and a fragment on a non-Markdown file', () => {
		const readme = path.join(root, 'README.md');
		expect(brokenLink(readme, 'docs/operations.md#time-limits')).toBeUndefined();
		expect(brokenLink(readme, 'docs/no-such-page.md')).toMatch(/no file docs\/no-such-page\.md/);
		expect(brokenLink(readme, '#no-such-heading')).toMatch(/README\.md has no heading/);
		expect(brokenLink(readme, 'package.json#name')).toMatch(/needs a Markdown file/);
	});

	it('reads links from prose, not from code, and finds repository links in source text', () => {
		expect(linksOf('[a](x.md#y) `[b](code.md)` ![c](img.png "t")\n```\n[d](fenced.md)\n```\n[e]: ref.md')).toEqual([
			'x.md#y',
			'img.png',
			'ref.md',
		]);
		expect(
			documentLinksIn(
				"url: 'https://github.com/n8n-nodes-zoho-iot/n8n-nodes-zoho-iot/blob/main/README.md#operations', // see docs/operations.md#time-limits",
			),
		).toEqual(['README.md#operations', 'docs/operations.md#time-limits']);
	});
});
