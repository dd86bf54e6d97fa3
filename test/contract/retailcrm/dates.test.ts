import { parseLocal, toLocal } from '../../sandboxes/retailcrm/dates';

describe('account-time dates (Y-m-d H:i:s, no offset)', () => {
	it('renders UTC instants in the account timezone, across DST changes', () => {
		expect(toLocal('2015-10-12T13:55:10.000Z', 'Europe/Moscow')).toBe('2015-10-12 16:55:10');
		expect(toLocal('2026-03-29T00:59:59.000Z', 'Europe/Berlin')).toBe('2026-03-29 01:59:59');
		expect(toLocal('2026-03-29T01:00:00.000Z', 'Europe/Berlin')).toBe('2026-03-29 03:00:00');
		expect(toLocal('2026-10-25T00:30:00.000Z', 'Europe/Berlin')).toBe('2026-10-25 02:30:00');
		expect(toLocal('2026-10-25T01:30:00.000Z', 'Europe/Berlin')).toBe('2026-10-25 02:30:00');
		expect(toLocal('2026-01-01T00:00:00.000Z', 'Asia/Kolkata')).toBe('2026-01-01 05:30:00');
	});

	it('parses Y-m-d H:i:s and Y-m-d (start or end of day) back to UTC; rejects other shapes and impossible dates', () => {
		expect(parseLocal('2015-10-12 16:55:10', 'Europe/Moscow')).toBe('2015-10-12T13:55:10.000Z');
		expect(parseLocal('2015-10-12', 'Europe/Moscow')).toBe('2015-10-11T21:00:00.000Z');
		expect(parseLocal('2015-10-12', 'Europe/Moscow', { endOfDay: true })).toBe('2015-10-12T20:59:59.000Z');
		expect(parseLocal('2026-07-01 12:00:00', 'Europe/Berlin')).toBe('2026-07-01T10:00:00.000Z');
		expect(parseLocal('2015-10-12', 'UTC', { requireTime: true })).toBeNull();
		expect(parseLocal('12.10.2015', 'UTC')).toBeNull();
		expect(parseLocal('2015-02-30 00:00:00', 'UTC')).toBeNull();
		expect(parseLocal('2015-10-12T10:00:00', 'UTC')).toBeNull();
		expect(parseLocal('2015-10-12 24:00:00', 'UTC')).toBeNull();
	});
});
