/**
 * The example workflows as a user imports them: well-formed for n8n, and every parameter of this
 * package's nodes is one the node has, with a value it offers. (The end-to-end suites import and
 * run them in real n8n.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodeProperties, INodeType } from 'n8n-workflow';

import { ZohoIot } from '../../../nodes/ZohoIot/ZohoIot.node';
import { ZohoIotTrigger } from '../../../nodes/ZohoIotTrigger/ZohoIotTrigger.node';
import { ZohoIotWebhookTrigger } from '../../../nodes/ZohoIotWebhookTrigger/ZohoIotWebhookTrigger.node';

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	parameters: IDataObject;
	credentials?: Record<string, { id: string; name: string }>;
}
interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

const examplesDir = path.resolve(__dirname, '../../../examples');
const examples = readdirSync(examplesDir)
	.filter((file) => file.endsWith('.json'))
	.map(
		(file) =>
			[file, JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) as Workflow] as const,
	);

const packageNodes: Record<string, INodeType> = {
	'n8n-nodes-zoho-iot.zohoIot': new ZohoIot(),
	'n8n-nodes-zoho-iot.zohoIotTrigger': new ZohoIotTrigger(),
	'n8n-nodes-zoho-iot.zohoIotWebhookTrigger': new ZohoIotWebhookTrigger(),
};

/** Whether the property shows for these parameter values (show/hide on sibling parameters only). */
function shown(property: INodeProperties, parameters: IDataObject): boolean {
	const { show, hide } = property.displayOptions ?? {};
	const matches = (conditions: IDataObject) =>
		Object.entries(conditions).every(([name, values]) =>
			(values as unknown[]).includes(parameters[name]),
		);
	return (
		(!show || matches(show as IDataObject)) &&
		(!hide ||
			!Object.entries(hide).some(([name, values]) =>
				(values as unknown[]).includes(parameters[name]),
			))
	);
}

describe.each(examples)('example %s', (_file, workflow) => {
	it('has unique node names and IDs, and connections between nodes it has', () => {
		const names = workflow.nodes.map((node) => node.name);
		expect(new Set(names).size).toBe(names.length);
		expect(new Set(workflow.nodes.map((node) => node.id)).size).toBe(names.length);
		for (const [from, { main }] of Object.entries(workflow.connections)) {
			expect(names).toContain(from);
			for (const target of main.flat()) expect(names).toContain(target.node);
		}
	});

	it("sets only parameters this package's nodes have, with values they offer, and uses the node's own credential", () => {
		const ours = workflow.nodes.filter((node) => node.type in packageNodes);
		expect(ours.length).toBeGreaterThan(0);
		for (const node of ours) {
			const description = packageNodes[node.type].description;
			// Examples use each node's newest version, as a node dragged onto the canvas gets.
			expect(node.typeVersion).toBe([description.version].flat().at(-1));
			expect(Object.keys(node.credentials ?? {})).toEqual(
				description.credentials?.map((credential) => credential.name),
			);
			for (const [name, value] of Object.entries(node.parameters)) {
				// n8n adds the poll interval to every polling node itself.
				if (name === 'pollTimes' && description.polling) continue;
				const property = description.properties.find(
					(candidate) => candidate.name === name && shown(candidate, node.parameters),
				);
				expect(property ? name : `${node.name}: unknown or hidden parameter ${name}`).toBe(name);
				if (property?.type === 'options') {
					expect(
						(property.options as Array<{ value: unknown }>).map((option) => option.value),
					).toContain(value);
				}
			}
		}
	});
});

describe('the alarms-to-chat example', () => {
	const workflow = examples.find(([file]) => file === 'new-alarms-to-chat.json')![1];
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-zoho-iot.zohoIotTrigger')!;

	it('starts on Alarm Raised, polling every minute', () => {
		expect(trigger.parameters).toMatchObject({
			event: 'alarmRaised',
			pollTimes: { item: [{ mode: 'everyMinute' }] },
		});
	});

	it('posts each alarm with a node that needs no account', () => {
		const [[chat]] = workflow.connections[trigger.name].main;
		const node = workflow.nodes.find((candidate) => candidate.name === chat.node)!;
		expect(node).toMatchObject({
			type: 'n8n-nodes-base.httpRequest',
			parameters: { method: 'POST', sendBody: true },
		});
		expect(node.credentials).toBeUndefined();
		expect(node.parameters.authentication ?? 'none').toBe('none');
	});
});

describe('the webhook alarms-to-chat example', () => {
	const workflow = examples.find(([file]) => file === 'webhook-alarms-to-chat.json')![1];
	const trigger = workflow.nodes.find(
		(node) => node.type === 'n8n-nodes-zoho-iot.zohoIotWebhookTrigger',
	)! as WorkflowNode & { webhookId?: string };

	it('starts on the Alarm Raised preset, secret in a header, repeats dropped', () => {
		expect(trigger.parameters).toMatchObject({
			event: 'alarmRaised',
			secretLocation: 'header',
			deduplicate: true,
		});
		expect(trigger.webhookId).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('posts fields the Alarm Raised preset tells the user to add in Zoho IoT', () => {
		const [[chat]] = workflow.connections[trigger.name].main;
		const node = workflow.nodes.find((candidate) => candidate.name === chat.node)!;
		const notice = new ZohoIotWebhookTrigger().description.properties.find(
			(property) => property.name === 'alarmRaisedNotice',
		)!.displayName;
		const used = [...String(node.parameters.jsonBody).matchAll(/\$json\.(\w+)/g)].map((m) => m[1]);
		expect(used.length).toBeGreaterThan(0);
		for (const field of used) expect(notice).toContain(`<b>${field}</b>`);
	});
});
