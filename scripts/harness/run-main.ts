/** A script's entry: exits with main's code, or prints the error's message (not a stack) and exits 1. */
export function runMain(main: () => Promise<number>): void {
	main().then(
		(code) => process.exit(code),
		(error) => {
			console.error(error instanceof Error ? error.message : error);
			process.exit(1);
		},
	);
}
