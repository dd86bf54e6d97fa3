/**
 * What the memory benchmarks (`bench:stock-memory`, `bench:icml-memory`) share: their command-line options and the
 * live heap read after forced full collections (node --expose-gc).
 */

export const MB = 2 ** 20;

/** The value after `--<name>` on the command line, if given. */
export function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : undefined;
}

/** `--offers` (default 300,000; `300_000` is read too). */
export function offersArg(): number {
	return Number((arg('offers') ?? '300000').replace(/_/g, ''));
}

/** The heap in use after two full collections, in MB: what is still reachable. */
export function liveHeapMb(): number {
	const gc = (global as { gc?: () => void }).gc;
	if (gc === undefined) throw new Error('Run with node --expose-gc (the npm script does)');
	gc();
	gc();
	return process.memoryUsage().heapUsed / MB;
}
