/**
 * Price rounding as UT 10.3 does it (`Ценообразование.ОкруглитьЦену`, docs/1c-odata.md#prices):
 * the step comes from the enum `ПорядкиОкругления` (values as in ut103-metadata.json); an empty order means
 * Окр0_01; a value already on the step stays; otherwise `ОкруглятьВБольшуюСторону` takes the next step up
 * (0.371 at step 0.05 → 0.4; 0.01 at step 5 → 5) and the plain mode rounds half away from zero to the
 * nearest step (1C `Окр(x, 0, Окр15как20)`: 0.371 → 0.35, 0.376 → 0.4 at step 0.05).
 *
 * 1C computes in decimal; JS in binary. Quotients are snapped to 12 significant digits first, so that e.g.
 * 0.285 / 0.01 is 28.5 (as in 1C) and not 28.499999999999996.
 */
export const ROUNDING_STEPS: Readonly<Record<string, number>> = {
	Окр0_01: 0.01,
	Окр0_05: 0.05,
	Окр0_1: 0.1,
	Окр0_5: 0.5,
	Окр1: 1,
	Окр5: 5,
	Окр10: 10,
	Окр50: 50,
	Окр100: 100,
};

// Module-level copies of globals used per price: a global lookup is many times slower inside a vm context
// (jest runs tests in one), and these functions run once or twice per offer and price type.
const { abs, floor, round, trunc } = Math;
const toNumber = Number;
const isFiniteNumber = Number.isFinite;
const STEP_BY_ORDER = new Map<string, number>(Object.entries(ROUNDING_STEPS));

/** Removes binary noise from a decimal computation (12 significant digits is far beyond 1C's num(15,2) prices). */
export function snapDecimal(value: number): number {
	if (value === 0 || !isFiniteNumber(value)) return value;
	// Most values here are whole numbers or within binary noise of one (12345.000000000002 = 123.45 × 100): closer to
	// the whole number than half a unit of the 12th significant digit (5e-13 × |value| is less), that whole number is
	// what toPrecision(12) gives, without making a string per price.
	const whole = round(value);
	if (whole !== 0 && abs(whole) < 1e12 && abs(value - whole) < abs(value) * 5e-13) return whole;
	return toNumber(value.toPrecision(12));
}

/** 1C `Окр(value, digits)` (default mode Окр15как20): half away from zero. */
export function roundHalfAwayFromZero(value: number, digits: number): number {
	const factor = 10 ** digits;
	const scaled = snapDecimal(abs(value) * factor);
	const rounded = floor(scaled + 0.5) / factor;
	return value < 0 ? -rounded : rounded;
}

/** True for an empty order (= Окр0_01) or one of the UT 10.3 ПорядкиОкругления values. */
export function isRoundingOrder(order: string | null | undefined): boolean {
	return order === null || order === undefined || order === '' || STEP_BY_ORDER.has(order);
}

/** The step of an enum value; throws on a value UT 10.3 does not have (a wrong spelling must not pass silently). */
export function roundingStep(order: string | null | undefined): number {
	if (order === null || order === undefined || order === '') return ROUNDING_STEPS.Окр0_01;
	const step = STEP_BY_ORDER.get(order);
	if (step === undefined) {
		throw new Error(`Unknown ПорядокОкругления "${order}" (expected one of ${Object.keys(ROUNDING_STEPS).join(', ')})`);
	}
	return step;
}

/** ОкруглитьЦену(price, order, roundUp). Result has at most 2 fraction digits (every step is a multiple of 0.01). */
export function roundPrice(price: number, order: string | null | undefined, roundUp: boolean): number {
	const step = roundingStep(order);
	const intervals = snapDecimal(price / step);
	const whole = trunc(intervals);
	let result: number;
	if (intervals === whole) result = price;
	else if (roundUp) result = step * (whole + 1);
	else result = step * roundHalfAwayFromZero(intervals, 0);
	return roundHalfAwayFromZero(result, 2);
}
