/** The trigger's description: what n8n needs to run it as a polling trigger, and what users read. */
import type { INodeProperties } from 'n8n-workflow';

import { TRIGGER_MODULES } from '../../../nodes/ZohoIotTrigger/modules';
import { trigger } from './helpers';

const description = trigger.description;
const property = (name: string) =>
	description.properties.find((candidate) => candidate.name === name) as INodeProperties;

describe('Zoho IoT Trigger description', () => {
	it('is a polling trigger on the Zoho IoT credential, with no input', () => {
		expect(description).toMatchObject({
			name: 'zohoIotTrigger',
			displayName: 'Zoho IoT Trigger',
			polling: true,
			group: ['trigger'],
			inputs: [],
			credentials: [{ name: 'zohoIotOAuth2Api', required: true }],
		});
		expect(typeof trigger.poll).toBe('function');
	});

	it("tells what polling costs a day against the Free plan's quota", () => {
		const notice = description.properties.find((candidate) => candidate.type === 'notice')!;
		expect(notice.displayName).toContain('every minute is 1,440 calls a day');
		expect(notice.displayName).toContain("Free plan's 1,000");
	});

	it('offers the three events and every listed module plus a custom one; Alarm Raised needs no module', () => {
		expect(
			(property('event').options as Array<{ value: string }>).map((option) => option.value),
		).toEqual(['alarmRaised', 'recordCreated', 'recordUpdated']);
		const modules = (property('module').options as Array<{ value: string }>).map(
			(option) => option.value,
		);
		expect(modules).toEqual([...TRIGGER_MODULES.map((module) => module.value), '__custom']);
		expect(modules).toEqual(
			expect.arrayContaining([
				'devices',
				'assets',
				'locations',
				'alarms',
				'datapoints',
				'products',
				'manufacturers',
				'vendors',
				'certificates',
				'policies',
				'commands',
				'users',
			]),
		);
		expect(property('module').displayOptions).toEqual({ hide: { event: ['alarmRaised'] } });
		expect(property('customModule').displayOptions).toEqual({
			hide: { event: ['alarmRaised'] },
			show: { module: ['__custom'] },
		});
	});
});
