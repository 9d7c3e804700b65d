/**
 * The one place the webhook trigger reads a Zoho time. Module Parameters arrive as text (form
 * fields, query parameters) or as JSON values, and Zoho documents no single shape for a time in
 * them (see WEBHOOK_TIME_FIELD_SUFFIXES in constants.ts): a date-time object (also as JSON text),
 * epoch seconds or milliseconds, or ISO 8601 text. Each becomes ISO 8601 as the other nodes write
 * it; a text without an offset stays as it is, since the organisation's time zone is unknown here.
 */
import { dateTimeToIso } from '../ZohoIot/helpers/records';

const EPOCH_SECONDS = /^\d{9,10}$/;
const EPOCH_MILLIS = /^\d{12,13}$/;
const HAS_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

const fromMillis = (ms: number) => dateTimeToIso({ millis_in_gmt: ms });

export function zohoTimeToIso(value: unknown): unknown {
	if (typeof value === 'number' && Number.isFinite(value) && value > 0)
		return fromMillis(value < 1e11 ? value * 1000 : value);
	if (typeof value !== 'string') return dateTimeToIso(value);
	const text = value.trim();
	if (EPOCH_SECONDS.test(text)) return fromMillis(Number(text) * 1000);
	if (EPOCH_MILLIS.test(text)) return fromMillis(Number(text));
	if (text.startsWith('{')) {
		try {
			const converted = dateTimeToIso(JSON.parse(text));
			return typeof converted === 'string' ? converted : value;
		} catch {
			return value;
		}
	}
	if (HAS_OFFSET.test(text)) {
		const ms = Date.parse(text.replace(' ', 'T'));
		if (Number.isFinite(ms)) {
			// Keep the offset Zoho wrote; only normalise the separator and a `Z`.
			const normalised = text.replace(' ', 'T').replace(/z$/i, '+00:00');
			return /[+-]\d{4}$/.test(normalised)
				? `${normalised.slice(0, -2)}:${normalised.slice(-2)}`
				: normalised;
		}
	}
	return value;
}
