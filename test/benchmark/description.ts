/**
 * How heavy the node's description is for n8n's editor: its size as JSON (what n8n serves in
 * /types/nodes.json) and how long loading the built node and serialising its description takes.
 * Prints figures; asserts nothing. Run after `npm run build`:
 *   npx tsc -p tsconfig.tools.json && node .build/test/benchmark/description.js
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const built = path.resolve(__dirname, '../../../dist/nodes/ZohoIot/ZohoIot.node.js');

// n8n-workflow is loaded by n8n anyway: time only what this package adds.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('n8n-workflow');
const loadStart = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ZohoIot } = require(built) as {
	ZohoIot: new () => { description: { properties: unknown[] }; methods: Record<string, object> };
};
const node = new ZohoIot();
const json = JSON.stringify(node.description);
const loadMs = performance.now() - loadStart;

const runs = 200;
const serialiseStart = performance.now();
for (let i = 0; i < runs; i++) JSON.stringify(new ZohoIot().description);
const serialiseMs = (performance.now() - serialiseStart) / runs;

const methods = Object.values(node.methods).reduce(
	(count, group) => count + Object.keys(group).length,
	0,
);
process.stdout.write(
	`${JSON.stringify(
		{
			descriptionBytes: Buffer.byteLength(json),
			topLevelProperties: node.description.properties.length,
			methods,
			firstRequireAndSerialiseMs: Math.round(loadMs * 10) / 10,
			constructAndSerialiseMsEach: Math.round(serialiseMs * 100) / 100,
		},
		null,
		2,
	)}\n`,
);
