/**
 * The package's one reader of Zoho time (helpers/zohoTime.ts) and every place that reads a Zoho
 * time through it (Simplify, Datapoint Get Values, the trigger's record times), each under several
 * time zones of the machine n8n runs on: the answers must not change with it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';

import { dateTimeToIso } from '../../../nodes/ZohoIot/helpers/records';
import {
	organisationOffsetOf,
	readZohoTime,
	zohoTimeToIso,
} from '../../../nodes/ZohoIot/helpers/zohoTime';
import { seriesFromResponse } from '../../../nodes/ZohoIot/actions/datapoint/getValues';
import { recordTime } from '../../../nodes/ZohoIotTrigger/recordTime';

/** Zoho's documented sample: 16:34:16 in the organisation (+05:30) is 11:04:16 UTC. */
const SAMPLE = {
	millis_in_gmt: 1761735856000,
	formatted: ['10 minutes ago'],
	value: '2025-10-29T16:34:16',
};
const SAMPLE_UTC = '2025-10-29T11:04:16.000Z';
const WALL_CLOCK_AS_UTC = Date.UTC(2025, 9, 29, 16, 34, 16);

/** Values of every form, read here (jest.config.js runs this in Asia/Kolkata) and in other zones. */
const FORMS: unknown[] = [
	SAMPLE,
	{ value: '2025-10-29T16:34:16', formatted: [] },
	'2025-10-29T16:34:16',
	'2025-10-29 16:34:16',
	'2025-10-29',
	'2025-10-29T16:34:16+05:30',
	'2025-10-29T11:04:16Z',
	'1761735856',
	'1761735856000',
	1761735856,
	'10 minutes ago',
];

/** The reader's answers for FORMS in a fresh Node process running in `zone`. */
function readInZone(zone: string): unknown {
	const out = mkdtempSync(path.join(tmpdir(), 'zoho-time-'));
	for (const [from, to] of [
		['nodes/ZohoIot/constants.ts', 'constants.js'],
		['nodes/ZohoIot/helpers/values.ts', 'values.js'],
		['nodes/ZohoIot/helpers/zohoTime.ts', 'zohoTime.js'],
	]) {
		const source = readFileSync(path.join(__dirname, '../../..', from), 'utf8');
		const { outputText } = ts.transpileModule(source, {
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
		});
		writeFileSync(
			path.join(out, to),
			outputText.replace('require("../constants")', 'require("./constants")'),
		);
	}
	const script = `const t = require(${JSON.stringify(path.join(out, 'zohoTime.js'))});
		const forms = JSON.parse(process.argv[1]);
		process.stdout.write(JSON.stringify({
			offset: new Date(2026, 0, 15).getTimezoneOffset(),
			read: forms.map((f) => t.readZohoTime(f) ?? null),
			iso: forms.map((f) => t.zohoTimeToIso(f)),
		}));`;
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test only: the reader in a fresh Node with another TZ, never shipped
	const run = spawnSync(process.execPath, ['-e', script, JSON.stringify(FORMS)], {
		env: { ...process.env, TZ: zone },
		encoding: 'utf8',
	});
	if (run.status !== 0) throw new Error(`the child process failed: ${run.stderr}`);
	const answer = run.stdout;
	return JSON.parse(answer);
}

describe('Zoho time, whatever the time zone of the machine n8n runs on', () => {
	it('runs in Asia/Kolkata (+05:30, set in jest.config.js), so local-time mistakes show', () => {
		expect(new Date(2026, 0, 15).getTimezoneOffset()).toBe(-330);
	});

	it.each([
		['UTC', 0],
		['America/New_York', 300],
	])('reads every form the same in TZ=%s as here', (zone, offset) => {
		const here = {
			read: FORMS.map((form) => readZohoTime(form) ?? null),
			iso: FORMS.map((form) => zohoTimeToIso(form)),
		};
		expect(here.read[0]).toEqual({ ms: 1761735856000, local: false });
		expect(readInZone(zone)).toEqual({ offset, ...here });
	});

	it('reads a date-time object by its millis_in_gmt', () => {
		expect(readZohoTime(SAMPLE)).toEqual({ ms: 1761735856000, local: false });
		expect(readZohoTime({ millis_in_gmt: '1761735856000', value: 'x' })?.ms).toBe(1761735856000);
	});

	it('reads a value-only date-time object as the organisation’s local time, never n8n’s', () => {
		const valueOnly = { value: '2025-10-29T16:34:16', formatted: ['10 minutes ago'] };
		expect(readZohoTime(valueOnly)).toEqual({ ms: WALL_CLOCK_AS_UTC, local: true });
		// With the organisation's offset known (+05:30), it is the same instant as the sample.
		expect(readZohoTime(valueOnly, 330 * 60_000)).toEqual({ ms: 1761735856000, local: false });
	});

	it('reads a 10-digit epoch string as seconds and a 13-digit one as milliseconds', () => {
		expect(readZohoTime('1761735856')?.ms).toBe(1761735856000);
		expect(readZohoTime('1761735856000')?.ms).toBe(1761735856000);
		expect(readZohoTime(1761735856)?.ms).toBe(1761735856000);
		expect(readZohoTime(1761735856000)?.ms).toBe(1761735856000);
	});

	it('reads ISO text with an offset as that instant, and without one as local', () => {
		expect(readZohoTime('2025-10-29T16:34:16+05:30')).toEqual({ ms: 1761735856000, local: false });
		expect(readZohoTime('2025-10-29T11:04:16Z')).toEqual({ ms: 1761735856000, local: false });
		expect(readZohoTime('2025-10-29T11:04:16.250+00:00')?.ms).toBe(1761735856250);
		expect(readZohoTime('2025-10-29 16:34:16')).toEqual({ ms: WALL_CLOCK_AS_UTC, local: true });
	});

	it('finds no time in relative text, garbage, invalid dates, NaN or missing values', () => {
		for (const value of [
			'10 minutes ago',
			'soon',
			'2025-13-45T99:00:00Z',
			Number.NaN,
			Infinity,
			null,
			undefined,
			{},
			{ formatted: ['10 minutes ago'] },
			[SAMPLE],
			true,
		]) {
			expect(readZohoTime(value)).toBeUndefined();
		}
	});

	it('learns the organisation’s offset only from an object showing both millis and local value', () => {
		expect(organisationOffsetOf(SAMPLE)).toBe(330 * 60_000);
		expect(organisationOffsetOf({ millis_in_gmt: 1761735856000 })).toBeUndefined();
		expect(organisationOffsetOf({ ...SAMPLE, value: '2025-10-29T16:34:17' })).toBeUndefined();
	});

	it('Simplify writes a date-time object in the organisation’s offset', () => {
		expect(dateTimeToIso(SAMPLE)).toBe('2025-10-29T16:34:16+05:30');
		expect(dateTimeToIso({ millis_in_gmt: 1761735856000, formatted: [] })).toBe(
			'2025-10-29T11:04:16+00:00',
		);
		expect(dateTimeToIso({ value: '2025-10-29T16:34:16', formatted: ['x'] })).toBe(
			'2025-10-29T16:34:16',
		);
	});

	it('Get Values writes instants in UTC and keeps an offset-less local time as written', () => {
		expect(zohoTimeToIso(SAMPLE)).toBe(SAMPLE_UTC);
		expect(zohoTimeToIso('1761735856')).toBe(SAMPLE_UTC);
		expect(zohoTimeToIso('2025-10-29T16:34:16')).toBe('2025-10-29T16:34:16');
		const series = seriesFromResponse({
			metrics: [{ datapoints: [{ datapoint_name: 'T', values: [['2025-10-29T16:34:16', 1]] }] }],
		});
		expect(series[0].values[0].time).toBe('2025-10-29T16:34:16');
	});

	it('Get Values converts offset-less times when the same answer shows the organisation’s offset', () => {
		const series = seriesFromResponse({
			metrics: [
				{
					datapoints: [
						{
							datapoint_name: 'T',
							values: [
								{ time: SAMPLE, value: 1 },
								{ time: '2025-10-29T16:35:16', value: 2 },
							],
						},
					],
				},
			],
		});
		expect(series[0].values.map((point) => point.time)).toEqual([
			SAMPLE_UTC,
			'2025-10-29T11:05:16.000Z',
		]);
	});

	it('the trigger reads the same instants as Get Values for every form', () => {
		for (const value of [SAMPLE, '1761735856', 1761735856000, '2025-10-29T16:34:16+05:30']) {
			expect(recordTime({ created_time: value }, 'created_time')).toBe(1761735856000);
			expect(zohoTimeToIso(value)).toBe(SAMPLE_UTC);
		}
	});
});
