/**
 * The two common webhook actions, and what the user adds in Zoho IoT's webhook form for each, so
 * the output has what the example workflows read. The parameter names are ours (Zoho lets the
 * user name each Module Parameter); which Zoho value each one picks is written as the form's
 * Parameter Type (Alarms, Zoho IOT Modules) plus the field, as Zoho's help describes the form.
 * Zoho does not document the exact labels of the fields in its picker: assumed.
 */
export const CUSTOM_EVENT = 'custom';

export interface WebhookPreset {
	value: string;
	name: string;
	description: string;
	/** Where in Zoho IoT the webhook action is attached. */
	attachTo: string;
	/** Module Parameters to add: [name in the form, what to pick]. */
	moduleParameters: Array<[string, string]>;
}

export const WEBHOOK_PRESETS: WebhookPreset[] = [
	{
		value: 'alarmRaised',
		name: 'Alarm Raised (Alarm Rule)',
		description: 'A webhook action on an alarm rule or a notification profile',
		attachTo: 'the alarm rule (or notification profile), under Actions',
		moduleParameters: [
			['alarm_id', 'Alarms: ID'],
			['alarm_name', 'Alarms: Name'],
			['severity', 'Alarms: Severity'],
			['alarm_time', 'Alarms: Created Time'],
			['source_name', 'Alarms: Source (the device or asset)'],
		],
	},
	{
		value: 'recordChanged',
		name: 'Record Created or Edited (Workflow Rule)',
		description: 'A webhook action on a workflow rule that runs when a record is created or edited',
		attachTo: 'the workflow rule (Rule Trigger: Created, Edited or both), under Actions',
		moduleParameters: [
			['record_id', '<your module>: ID'],
			['record_name', '<your module>: Name'],
			['created_time', '<your module>: Created Time'],
			['modified_time', '<your module>: Modified Time'],
		],
	},
];

/** The preset's instructions as the editor shows them, one line per Module Parameter. */
export function presetInstructions(preset: WebhookPreset): string {
	const parameters = preset.moduleParameters
		.map(([name, pick]) => `<b>${name}</b>: ${pick}`)
		.join('<br>');
	return `In Zoho IoT, attach a webhook action to ${preset.attachTo}, and add these Module Parameters:<br>${parameters}`;
}
