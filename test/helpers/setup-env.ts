// n8n-core writes an instance key into the user folder when it first loads: keep it in a
// throw-away folder, not in the developer's ~/.n8n.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { setSafeRegexEngine } from 'n8n-workflow';

process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-unit-'));

// n8n runs the regular expressions of resource locators (extractValue) in a `vm` with a 250 ms
// wall-clock timeout, its guard against a user's runaway pattern. On a loaded 2-core CI machine
// that wall clock can pass while the worker waits for the CPU, and a unit test then fails with
// "Regular expression execution timed out" (seen once in a clean-clone run). The unit tests pin
// this package's behaviour, not n8n's guard, so they use the plain engine; the end-to-end tests
// run inside real n8n with its own.
setSafeRegexEngine({
	exec: (pattern, input, flags) => new RegExp(pattern, flags).exec(input),
	test: (pattern, input, flags) => new RegExp(pattern, flags).test(input),
	replace: (pattern, input, flags, replacement) =>
		input.replace(new RegExp(pattern, flags), replacement),
	matchAll: (pattern, input, flags) =>
		Array.from(
			input.matchAll(new RegExp(pattern, flags?.includes('g') ? flags : `${flags ?? ''}g`)),
		),
	split: (pattern, input, flags) => input.split(new RegExp(pattern, flags)),
});
