import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { customViewFilter, filterJsonFilter } from '../ZohoIot/actions/common.descriptions';
import { FREE_PLAN_DAILY_CALLS, TRIGGER_LOOK_BACK } from '../ZohoIot/constants';
import { CUSTOM_MODULE, TRIGGER_MODULES } from './modules';
import { pollRecords } from './poll';

const thousands = (count: number) => String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const notAlarms = { hide: { event: ['alarmRaised'] } };

/**
 * The Module dropdown: every registry module, then Custom Module. Named rather than written
 * inline because lint rules read an inline list literally and cannot see into a spread; the
 * description tests check that the default is one of these options.
 */
const moduleOptions = [...TRIGGER_MODULES, { name: 'Custom Module', value: CUSTOM_MODULE }];

export class ZohoIotTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoho IoT Trigger',
		name: 'zohoIotTrigger',
		icon: { light: 'file:../../icons/zohoIot.svg', dark: 'file:../../icons/zohoIot.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] }}',
		description:
			'Starts the workflow when Zoho IoT raises an alarm or a record is created or updated',
		defaults: { name: 'Zoho IoT Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zohoIotOAuth2Api', required: true }],
		properties: [
			{
				displayName: `A poll costs one API call of your daily quota (one more per 200 changes since the last poll or in the look-back): every minute is 1,440 calls a day, over the Free plan's ${thousands(FREE_PLAN_DAILY_CALLS)}; every hour, 24`,
				name: 'quotaNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Trigger On',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Alarm Raised',
						value: 'alarmRaised',
						description: 'A new record in the Alarms module',
					},
					{
						name: 'Record Created',
						value: 'recordCreated',
						description: 'A new record in the chosen module',
					},
					{
						name: 'Record Updated',
						value: 'recordUpdated',
						description: 'A record of the chosen module was created or changed',
					},
				],
				default: 'alarmRaised',
			},
			{
				displayName: 'Module',
				name: 'module',
				type: 'options',
				noDataExpression: true,
				options: moduleOptions,
				default: 'devices',
				description: 'The Zoho IoT module to watch',
				displayOptions: notAlarms,
			},
			{
				displayName: 'Custom Module API Name',
				name: 'customModule',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'e.g. cm_cold_rooms',
				description:
					"The API name of the custom module, as Zoho IoT shows it in the module's settings",
				displayOptions: { ...notAlarms, show: { module: [CUSTOM_MODULE] } },
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description:
					"Whether to return a flat record with the fields the Zoho IoT node's Simplify keeps for the module (e.g. ID, name, model, status, times) instead of the record as Zoho IoT sends it",
			},
			{
				displayName: 'Look-Back (Minutes)',
				name: 'lookBack',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: TRIGGER_LOOK_BACK.maxMinutes },
				default: 2, // TRIGGER_LOOK_BACK.defaultMinutes (a literal, for the lint rule; a test checks they agree)
				description:
					'How much older than the newest change seen a change may be and still be emitted, once (records Zoho IoT lists late). Each poll re-reads this span: one more API call per 200 changes in it.',
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				// Get Many's own filters, so the trigger sends what Get Many sends (listQuery checks both).
				options: [
					customViewFilter(
						'Only the records of this custom view. Zoho IoT does not sort a view, so each poll reads the whole view: one API call per 200 records in it.',
					),
					filterJsonFilter,
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollRecords.call(this);
	}
}
