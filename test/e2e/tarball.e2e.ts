/**
 * The packed tarball is the artefact: what `npm publish` uploads and what every real-n8n test
 * installs. It must hold the compiled package and nothing that should not leave the repository.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { packPackage, type PackedTarball } from './package-tarball';
import { projectRoot } from './project-root';

const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
	n8n: { credentials: string[]; nodes: string[] };
};

describe('the packed tarball', () => {
	let tarball: PackedTarball;
	let paths: string[];

	beforeAll(() => {
		tarball = packPackage();
		paths = tarball.files.map((file) => file.path).sort();
		process.stdout.write(
			`tarball ${path.basename(tarball.file)}: ${tarball.files.length} files, ${tarball.size} bytes packed, ${tarball.unpackedSize} unpacked\n`,
		);
	});

	it('holds every node and credential package.json names, with their codex and icons', () => {
		for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials])
			expect(paths).toContain(entry);
		for (const node of manifest.n8n.nodes) expect(paths).toContain(node.replace(/\.js$/, '.json'));
		expect(paths).toEqual(
			expect.arrayContaining(['dist/icons/zohoIot.svg', 'dist/icons/zohoIot.dark.svg']),
		);
		expect(paths).toEqual(
			expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']),
		);
	});

	it('holds compiled code only: no TypeScript sources, tests, source maps, docs images or dotfiles', () => {
		const unexpected = paths.filter(
			(file) =>
				!/^(package\.json|README\.md|LICENSE|CHANGELOG\.md)$/.test(file) &&
				!/^dist\/(nodes|credentials)\/.+\.(js|json)$/.test(file) &&
				!/^dist\/(icons|nodes)\/.+\.svg$/.test(file),
		);
		expect(unexpected).toEqual([]);
		expect(paths.filter((file) => /\.(ts|map)$|(^|\/)(test|docs|\.)/.test(file))).toEqual([]);
	});

	it('carries no secrets: no token-shaped strings, keys or credentials in any file', () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'zoho-iot-tarball-'));
		try {
			// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test: unpacks the tarball, never shipped
			execFileSync('tar', ['-xzf', tarball.file, '-C', folder]);
			const findings: string[] = [];
			for (const file of paths) {
				const text = readFileSync(path.join(folder, 'package', file), 'utf8');
				// A Zoho token (1000.<hex>.<hex>), a private key, an npm token or an assignment of a secret.
				for (const pattern of [
					/\b1000\.[0-9a-f]{16,}\.[0-9a-f]{16,}\b/i,
					/-----BEGIN [A-Z ]*PRIVATE KEY-----/,
					/\bnpm_[A-Za-z0-9]{36}\b/,
					/_authToken\s*=/,
					/\b(client_secret|refresh_token|access_token)\b["']?\s*[:=]\s*["'][A-Za-z0-9._-]{12,}["']/i,
				]) {
					if (pattern.test(text)) findings.push(`${file}: ${pattern}`);
				}
			}
			expect(findings).toEqual([]);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	});

	it('stays small: under 100 kB packed', () => {
		expect(tarball.size).toBeLessThan(100_000);
	});

	it("matches the figures CONTRIBUTING's Releasing section gives (files exactly, sizes within 10 %)", () => {
		const readme = readFileSync(path.join(projectRoot, 'CONTRIBUTING.md'), 'utf8');
		const stated = /(\d+) files,\s+(\d+) kB packed,\s+(\d+) kB\s+unpacked/.exec(readme);
		expect(stated).not.toBeNull();
		const kB = (bytes: number) => Math.round(bytes / 1000);
		const measured = `${tarball.files.length} files, ${kB(tarball.size)} kB packed, ${kB(tarball.unpackedSize)} kB unpacked`;
		const [files, packed, unpacked] = stated!.slice(1).map(Number);
		const near = (statedKB: number, bytes: number) =>
			Math.abs(statedKB * 1000 - bytes) <= bytes * 0.1;
		const holds =
			files === tarball.files.length &&
			near(packed, tarball.size) &&
			near(unpacked, tarball.unpackedSize);
		// On failure the expected value is what CONTRIBUTING.md should say instead.
		const said = stated![0].replace(/\s+/g, ' ');
		expect(`CONTRIBUTING: ${said}`).toBe(`CONTRIBUTING: ${holds ? said : measured}`);
	});
});
