/**
 * Locale-independent string ordering for core (core/common: plain helpers any core layer may use, no I/O, no
 * imports): upload elements, price rows and balances come out in one order whatever the host's ICU data says.
 */
export function compareStrings(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
