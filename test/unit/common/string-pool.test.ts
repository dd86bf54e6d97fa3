import { StringPool } from '../../../nodes/core/common/string-pool';

describe('StringPool', () => {
	it('holds one entry per distinct value and gives back an equal string', () => {
		const pool = new StringPool();
		// Strings made at run time, as JSON.parse makes them: equal text, separate objects.
		const folder = ['5eed0008', '0000', '4000', '8000', '000000000001'].join('-');
		const again = JSON.parse(JSON.stringify(folder)) as string;
		expect(pool.of(folder)).toBe(folder);
		expect(pool.of(again)).toBe(folder);
		expect(pool.of('НДС20')).toBe('НДС20');
		expect(pool.size).toBe(2);
	});

	it('passes null and undefined as null without holding them', () => {
		const pool = new StringPool();
		expect(pool.of(null)).toBeNull();
		expect(pool.of(undefined)).toBeNull();
		expect(pool.of('')).toBe('');
		expect(pool.size).toBe(1);
	});
});
