/**
 * The modules the trigger watches, in ONE place: when the package gets a registry of every Zoho
 * IoT module, this list becomes a one-line mapping over it.
 */
import type { INodePropertyOptions } from 'n8n-workflow';

/** The value of the Module option that reveals the Custom Module API name field. */
export const CUSTOM_MODULE = '__custom';

/** Zoho IoT's standard modules, by API name (the path segment of `GET /iot/v1/{module}`). */
export const TRIGGER_MODULES: INodePropertyOptions[] = [
	{ name: 'Alarm', value: 'alarms' },
	{ name: 'Asset', value: 'assets' },
	{ name: 'Certificate', value: 'certificates' },
	{ name: 'Command', value: 'commands' },
	{ name: 'Datapoint', value: 'datapoints' },
	{ name: 'Device', value: 'devices' },
	{ name: 'Location', value: 'locations' },
	{ name: 'Manufacturer', value: 'manufacturers' },
	{ name: 'Policy', value: 'policies' },
	{ name: 'Product', value: 'products' },
	{ name: 'User', value: 'users' },
	{ name: 'Vendor', value: 'vendors' },
];
