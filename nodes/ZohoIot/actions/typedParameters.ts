/**
 * Collections, fixed collections and JSON parameters hold the type their definition says, or the
 * item fails. An expression can give them any value (Fields (JSON) set to `={{ 5 }}`); the
 * operations read them as the shape they expect and a value of another shape would be silently
 * dropped, the record written without it. Checked here once for every such parameter the item's
 * resource and operation show, from the node's own description, so a new parameter is covered
 * the day it is added.
 *
 * What n8n lets through: n8n (n8n-workflow's Workflow, on both lines) fills in parameter defaults
 * when it loads a workflow, and replaces a collection or fixed collection given as ONE expression
 * (Custom Fields = `={{ 5 }}`) with its empty default before any node runs; a fixed collection's
 * rows given as one expression become empty rows, which records.ts refuses ("has no name"). So
 * the values that reach this check with a wrong type are JSON parameters and fields inside
 * collections; the collection checks below guard against n8n ever passing such a value on.
 */
import type {
	IExecuteFunctions,
	INodeProperties,
	INodePropertyCollection,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeHelpers, NodeOperationError } from 'n8n-workflow';

import { isJsonObject, shown } from '../helpers/values';
import { properties } from './description';

const STRUCTURED_TYPES = new Set(['collection', 'fixedCollection', 'json']);

function shownValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	return `${typeof value} ${shown(JSON.stringify(value) ?? String(value))}`;
}

/** A value of the wrong type: what was expected, and how to give it. */
export class WrongType extends Error {
	constructor(
		readonly path: string,
		readonly expected: string,
		readonly howToFix: string,
		readonly value: unknown,
	) {
		super(`${path} must be ${expected}, not ${shownValue(value)}`);
	}
}

function checkCollection(property: INodeProperties, value: unknown, path: string): void {
	if (!isJsonObject(value)) {
		throw new WrongType(
			path,
			'a set of fields (an object)',
			`Add its fields with "${property.placeholder ?? 'Add Field'}", or make the expression return an object of field names and values.`,
			value,
		);
	}
	const options = (property.options ?? []) as INodeProperties[];
	for (const [key, inner] of Object.entries(value)) {
		const option = options.find((candidate) => candidate.name === key);
		if (option) checkValue(option, inner, `${path} > ${option.displayName}`);
	}
}

function checkFixedCollection(property: INodeProperties, value: unknown, path: string): void {
	const groups = (property.options ?? []) as INodePropertyCollection[];
	const example = groups[0]
		? `{"${groups[0].name}": ${property.typeOptions?.multipleValues ? '[{...}]' : '{...}'}}`
		: '{}';
	if (!isJsonObject(value)) {
		throw new WrongType(
			path,
			'a list of entries (an object)',
			`Add entries in the editor, or make the expression return the shape the editor stores, e.g. ${example}.`,
			value,
		);
	}
	for (const [key, entries] of Object.entries(value)) {
		const group = groups.find((candidate) => candidate.name === key);
		if (!group) continue;
		const groupPath = `${path} > ${group.displayName}`;
		const list = property.typeOptions?.multipleValues ? entries : [entries];
		if (!Array.isArray(list) || !list.every(isJsonObject)) {
			throw new WrongType(
				groupPath,
				property.typeOptions?.multipleValues ? 'a list of entries' : 'one entry (an object)',
				`Add entries in the editor, or make the expression return the shape the editor stores, e.g. ${example}.`,
				entries,
			);
		}
		for (const entry of list as Array<Record<string, unknown>>) {
			for (const [name, inner] of Object.entries(entry)) {
				const field = group.values.find((candidate) => candidate.name === name);
				if (field) checkValue(field, inner, `${groupPath} > ${field.displayName}`);
			}
		}
	}
}

export function checkValue(property: INodeProperties, value: unknown, path: string): void {
	if (value === undefined) return;
	if (property.type === 'collection') checkCollection(property, value, path);
	else if (property.type === 'fixedCollection') checkFixedCollection(property, value, path);
	else if (property.type === 'json' && typeof value !== 'string' && !isJsonObject(value)) {
		throw new WrongType(
			path,
			'JSON text or an object',
			'Enter a JSON object, e.g. {"serial_number": "SN-1042"}, or make the expression return an object.',
			value,
		);
	}
}

const description = { properties } as unknown as INodeTypeDescription;

/** Refuses the item when a collection, fixed collection or JSON parameter it uses has another type. */
export function checkStructuredParameters(this: IExecuteFunctions, itemIndex: number): void {
	const node = this.getNode();
	for (const property of properties) {
		if (!STRUCTURED_TYPES.has(property.type)) continue;
		if (!NodeHelpers.displayParameter(node.parameters, property, node, description)) continue;
		const value = this.getNodeParameter(property.name, itemIndex, undefined);
		// checkValue only throws WrongType: it reads plain values and nothing else can fail.
		let wrong: WrongType | undefined;
		try {
			checkValue(property, value, property.displayName);
		} catch (error) {
			wrong = error as WrongType;
		}
		if (wrong) {
			throw new NodeOperationError(node, wrong.message, {
				description: `${wrong.howToFix} A value of another type would otherwise be dropped without a word.`,
				itemIndex,
			});
		}
	}
}
