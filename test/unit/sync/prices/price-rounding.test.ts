import metadata from '../../../sandboxes/onec/ut103-metadata.json';
import { ROUNDING_STEPS, roundHalfAwayFromZero, roundPrice, roundingStep, snapDecimal } from '../../../../nodes/core/sync/prices/price-rounding';

describe('roundPrice (UT 10.3 ОкруглитьЦену)', () => {
	it('knows exactly the ПорядкиОкругления values of the UT 10.3 metadata', () => {
		const objects = metadata.objects as Record<string, { values?: string[] }>;
		expect(Object.keys(ROUNDING_STEPS)).toEqual(objects['Enum.ПорядкиОкругления'].values);
	});

	const cases: Array<[string, number, number, number]> = [
		// order, price, rounded to nearest, rounded up
		['Окр0_01', 123.454, 123.45, 123.46],
		['Окр0_01', 0.285, 0.29, 0.29],
		['Окр0_05', 0.371, 0.35, 0.4],
		['Окр0_05', 0.376, 0.4, 0.4],
		['Окр0_05', 0.375, 0.4, 0.4],
		['Окр0_1', 12.34, 12.3, 12.4],
		['Окр0_1', 12.35, 12.4, 12.4],
		['Окр0_5', 123.37, 123.5, 123.5],
		['Окр0_5', 123.2, 123, 123.5],
		['Окр1', 344.99, 345, 345],
		['Окр1', 344.5, 345, 345],
		['Окр1', 344.49, 344, 345],
		['Окр5', 0.01, 0, 5],
		['Окр5', 347.5, 350, 350],
		['Окр5', 347.4, 345, 350],
		['Окр10', 344, 340, 350],
		['Окр10', 345, 350, 350],
		['Окр50', 1224, 1200, 1250],
		['Окр50', 1225, 1250, 1250],
		['Окр100', 1249.99, 1200, 1300],
		['Окр100', 1250, 1300, 1300],
	];

	it.each(cases)('%s: %p → %p (nearest), %p (up)', (order, price, nearest, up) => {
		expect(roundPrice(price, order, false)).toBe(nearest);
		expect(roundPrice(price, order, true)).toBe(up);
	});

	it('leaves a price already on the step unchanged in both modes (no ceiling of exact values)', () => {
		for (const [order, step] of Object.entries(ROUNDING_STEPS)) {
			const onStep = Math.round(37 * step * 100) / 100;
			expect(roundPrice(onStep, order, true)).toBe(onStep);
			expect(roundPrice(onStep, order, false)).toBe(onStep);
		}
		expect(roundPrice(0.3, 'Окр0_1', true)).toBe(0.3); // 0.3 / 0.1 is 2.9999999999999996 in binary
		expect(roundPrice(0.7, 'Окр0_05', true)).toBe(0.7);
	});

	it('treats an empty order as Окр0_01 and rejects unknown values', () => {
		expect(roundingStep('')).toBe(0.01);
		expect(roundingStep(null)).toBe(0.01);
		expect(roundPrice(10.123, undefined, true)).toBe(10.13);
		expect(() => roundPrice(1, 'Окр2', false)).toThrow('Unknown ПорядокОкругления "Окр2"');
	});

	it('rounds half away from zero like 1C Окр(x, n)', () => {
		expect(roundHalfAwayFromZero(1.005, 2)).toBe(1.01);
		expect(roundHalfAwayFromZero(-2.5, 0)).toBe(-3);
		expect(roundHalfAwayFromZero(2.4999, 0)).toBe(2);
	});
});

describe('snapDecimal (12 significant digits)', () => {
	it.each([
		[12344.999999999998, 12345], // 123.45 / 0.01
		[12345.000000000002, 12345], // 123.45 × 100
		[28.499999999999996, 28.5], // 0.285 / 0.01
		[0.30000000000000004, 0.3],
		[999.9999999999999, 1000],
		[-12344.999999999998, -12345],
		[1234.5, 1234.5],
		[1e-13, 1e-13], // near 0: its own 12 digits, not 0
		[999999999999.5, 1000000000000], // 13 digits
		[1234567890123.4, 1234567890120], // beyond 12 digits
	])('%p → %p', (value, expected) => {
		expect(snapDecimal(value)).toBe(expected);
	});

	it('leaves 0, -0 and non-finite values as they are', () => {
		expect(Object.is(snapDecimal(-0), -0)).toBe(true);
		expect(snapDecimal(0)).toBe(0);
		expect(snapDecimal(Infinity)).toBe(Infinity);
		expect(snapDecimal(NaN)).toBeNaN();
	});

	it('gives what toPrecision(12) gives, on prices and the quotients and products rounding makes of them', () => {
		let seed = 17;
		const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
		for (let i = 0; i < 20000; i++) {
			const price = Math.floor(random() * 10 ** (1 + Math.floor(random() * 11))) / 100;
			for (const value of [price * 100, price / 0.01, price / 0.05, price / 0.5, price * 1.2, -price / 0.1, price * 90]) {
				expect(snapDecimal(value)).toBe(value === 0 ? value : Number(value.toPrecision(12)));
			}
		}
	});
});
