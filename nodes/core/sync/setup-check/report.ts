/**
 * The setup check's report: one item per check, written for the 1C administrator and the retailCRM administrator.
 * `fail`: the workflows will not work until it is fixed; `warn`: an optional feature will not work, or something
 * could not be verified; `pass`: fine; `info`: nothing to fix, but worth knowing (a fallback in use, a setting the
 * API cannot show). A set-up is "all green" when no item is `fail` or `warn`.
 */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'info';

export interface CheckItem {
	system: '1C' | 'retailCRM';
	/** Stable name of the check, e.g. `set Catalog_Склады`, `scopes`, `custom field onec_number`. */
	check: string;
	status: CheckStatus;
	/** What was found. */
	message: string;
	/** What to do about it (absent when nothing is to be done). */
	advice?: string;
}

export function isGreen(items: readonly CheckItem[]): boolean {
	return items.every((item) => item.status === 'pass' || item.status === 'info');
}

/** A builder bound to one system, so checks read as `pass('scopes', '…')`. */
export function reporter(system: CheckItem['system']) {
	const items: CheckItem[] = [];
	const add = (status: CheckStatus) => (check: string, message: string, advice?: string): CheckItem => {
		const item: CheckItem = { system, check, status, message, ...(advice ? { advice } : {}) };
		items.push(item);
		return item;
	};
	return { items, pass: add('pass'), warn: add('warn'), fail: add('fail'), info: add('info') };
}

/**
 * The item a check ends with when it could not run or stopped half-way (the client could not be built, e.g. a plain
 * http:// URL refused; an error no check expects): `fail connection` with the error's own text and hint. The texts of
 * this package's errors never hold secrets (keys scrubbed, URLs without user info).
 */
export function stoppedItem(system: CheckItem['system'], error: unknown, started = true): CheckItem {
	const text = error instanceof Error ? error.message : String(error);
	const hint = (error as { hint?: unknown } | null)?.hint;
	return {
		system,
		check: 'connection',
		status: 'fail',
		message: `${started ? 'The check stopped' : 'The check could not start'}: ${text}`,
		advice: typeof hint === 'string' && hint ? hint : `Fix what the message names (the ${system} credential, or the network), then run the check again.`,
	};
}

/**
 * Runs a system's checks into one report. A failure no check expects (a bug, an error that is not the system's answer)
 * ends it with a `fail connection` item after the items so far, instead of throwing them away.
 */
export async function runReport(system: CheckItem['system'], checks: (r: ReturnType<typeof reporter>) => Promise<void>): Promise<CheckItem[]> {
	const r = reporter(system);
	try {
		await checks(r);
	} catch (error) {
		r.items.push(stoppedItem(system, error));
	}
	return r.items;
}
