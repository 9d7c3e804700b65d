/** The README's module table is the registry's: a module added there must be documented. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { OPERATION_KINDS, scopeFor } from '../../../nodes/ZohoIot/actions/operations';
import { RESOURCES } from '../../../nodes/ZohoIot/actions/registry';

/** The table as the README writes it, one row per resource. */
function moduleTable(): string {
	const rows = RESOURCES.map((entry) => {
		const operations = entry.operations
			.map(
				(operation) =>
					OPERATION_KINDS[operation].name +
					(entry.writesAssumed && ['create', 'update', 'delete'].includes(operation) ? '*' : ''),
			)
			.join(', ');
		const scopes = [...new Set(entry.operations.map((operation) => scopeFor(entry, operation)))];
		if (entry.alternativeScope) scopes.push(`or ${entry.alternativeScope}`);
		const module = entry.custom ? 'its API name, e.g. `service_orders`' : `\`${entry.module}\``;
		return `| ${entry.label} | ${module} | ${operations} | ${entry.models ? 'yes' : 'no'} | ${scopes.map((scope) => (scope.startsWith('or ') ? `or \`${scope.slice(3)}\`` : `\`${scope}\``)).join(', ')} |`;
	});
	return [
		'| Resource | Module | Operations | Models | Scope |',
		'| --- | --- | --- | --- | --- |',
		...rows,
	].join('\n');
}

it('documents every resource, its operations and its scope in the README', () => {
	const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
	expect(readme).toContain(moduleTable());
});
