import { existsSync } from 'node:fs';
import path from 'node:path';

/** The package's folder, found from here whether this runs from test/e2e or compiled in .build/. */
export const projectRoot = ((): string => {
	let dir = __dirname;
	while (!existsSync(path.join(dir, 'examples')) || !existsSync(path.join(dir, 'package.json'))) {
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error(`No package root above ${__dirname}`);
		dir = parent;
	}
	return dir;
})();
