// The asset step of `npm run build`: tsc compiles the code, this copies what tsc does not
// (icons, and the codex .node.json beside each node) into dist/, keeping the folder layout
// that the `file:` icon paths in the node and credential descriptions point at.
const { src, dest, parallel } = require('gulp');

function copyIcons() {
	return src('icons/**/*.{svg,png}', { encoding: false }).pipe(dest('dist/icons'));
}

function copyNodeAssets() {
	return src('nodes/**/*.{json,svg,png}', { encoding: false }).pipe(dest('dist/nodes'));
}

exports['build:assets'] = parallel(copyIcons, copyNodeAssets);
