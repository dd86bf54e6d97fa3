/**
 * Exact decimal arithmetic for money and quantities.
 *
 * 1C computes with decimal numbers (no binary floating point), so every amount we send must be
 * computed the same way or totals drift by a kopeck. A value is an integer `n` scaled by 10^-s.
 * Rounding is 1C's default `Окр(x, 2)` mode (Окр15как20): half away from zero.
 */
export interface Decimal {
	readonly n: bigint;
	readonly s: number;
}

const TEN = BigInt(10);
const pow10 = (s: number): bigint => TEN ** BigInt(s);

export const ZERO: Decimal = { n: BigInt(0), s: 0 };

/**
 * Parses a JSON number or a numeric string exactly as written (JS prints the shortest decimal that
 * round-trips, so `33.33` stays 33.33 and does not become 33.3299999…).
 */
export function dec(value: number | string | bigint): Decimal {
	if (typeof value === 'bigint') return { n: value, s: 0 };
	if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
	const text = (typeof value === 'number' ? String(value) : value).trim();
	const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
	if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`Not a decimal number: "${text}"`);
	const sign = m[1] === '-' ? -BigInt(1) : BigInt(1);
	const intPart = m[2] || '0';
	const fracPart = m[3] ?? '';
	const exp = m[4] ? Number(m[4]) : 0;
	let n = BigInt(intPart + fracPart) * sign;
	let s = fracPart.length - exp;
	if (s < 0) {
		n *= pow10(-s);
		s = 0;
	}
	return { n, s };
}

export function rescale(d: Decimal, s: number): Decimal {
	if (s < d.s) throw new RangeError('rescale would lose digits; use round()');
	return { n: d.n * pow10(s - d.s), s };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
	const s = Math.max(a.s, b.s);
	return [rescale(a, s).n, rescale(b, s).n, s];
}

export function add(a: Decimal, b: Decimal): Decimal {
	const [x, y, s] = align(a, b);
	return { n: x + y, s };
}

export function sub(a: Decimal, b: Decimal): Decimal {
	const [x, y, s] = align(a, b);
	return { n: x - y, s };
}

export function mul(a: Decimal, b: Decimal): Decimal {
	return { n: a.n * b.n, s: a.s + b.s };
}

export function cmp(a: Decimal, b: Decimal): number {
	const [x, y] = align(a, b);
	return x === y ? 0 : x < y ? -1 : 1;
}

export function isZero(a: Decimal): boolean {
	return a.n === BigInt(0);
}

/** Integer division of numerators rounded half away from zero (1C `Окр15как20`). */
function divHalfAwayFromZero(num: bigint, den: bigint): bigint {
	if (den === BigInt(0)) throw new RangeError('Division by zero');
	const negative = num < BigInt(0) !== den < BigInt(0);
	const an = num < BigInt(0) ? -num : num;
	const ad = den < BigInt(0) ? -den : den;
	const q = (an * BigInt(2) + ad) / (ad * BigInt(2));
	return negative ? -q : q;
}

/** Rounds to `s` fraction digits, half away from zero. */
export function round(a: Decimal, s: number): Decimal {
	if (s >= a.s) return rescale(a, s);
	return { n: divHalfAwayFromZero(a.n, pow10(a.s - s)), s };
}

/** a / b rounded to `s` fraction digits, computed from the exact rational value. */
export function divRound(a: Decimal, b: Decimal, s: number): Decimal {
	// a.n/10^a.s ÷ b.n/10^b.s = a.n·10^b.s / (b.n·10^a.s); scale to s digits.
	const num = a.n * pow10(b.s + s);
	const den = b.n * pow10(a.s);
	return { n: divHalfAwayFromZero(num, den), s };
}

/** True when the value has no non-zero digits beyond `s` fraction digits. */
export function fitsScale(a: Decimal, s: number): boolean {
	return cmp(round(a, s), a) === 0;
}

export function toNumber(a: Decimal): number {
	return Number(toText(a));
}

export function toText(a: Decimal): string {
	const negative = a.n < BigInt(0);
	const digits = (negative ? -a.n : a.n).toString().padStart(a.s + 1, '0');
	const intPart = a.s === 0 ? digits : digits.slice(0, -a.s);
	let frac = a.s === 0 ? '' : digits.slice(-a.s);
	frac = frac.replace(/0+$/, '');
	return `${negative ? '-' : ''}${intPart}${frac ? '.' + frac : ''}`;
}

export function sum(values: Decimal[]): Decimal {
	return values.reduce(add, ZERO);
}
