/**
 * What the reconciliation reports (docs/reconciliation.md): one discrepancy per thing that differs between retailCRM
 * and 1C, with both sides' values and what fixes it.
 */

export type Severity = 'error' | 'warning';

export type DiscrepancyKind =
	/** An order that should have a live 1C document has none. */
	| 'missingIn1C'
	/** Two or more live 1C documents carry one order's key. */
	| 'duplicateIn1C'
	/** СуммаДокумента ≠ the order's total. */
	| 'totalDiffers'
	/** A line's quantity or sum differs, or a line is missing on one side. */
	| 'linesDiffer'
	/** Posted state vs the order's status: a cancelled order's document still posted, a loaded one not posted. */
	| 'postedState'
	/** A live 1C document whose retailCRM order no longer exists. */
	| 'orphanIn1C'
	/** An offer's stock on a retailCRM store ≠ the 1C balance of the warehouses mapped to it. */
	| 'stockDiffers'
	/** An offer's price of a retailCRM price type ≠ the 1C price of the type mapped to it. */
	| 'priceDiffers'
	/** An offer 1C has (in the scope compared) that retailCRM does not know. */
	| 'offerMissingInCrm';

export const DISCREPANCY_KINDS: readonly DiscrepancyKind[] = [
	'missingIn1C',
	'duplicateIn1C',
	'postedState',
	'orphanIn1C',
	'totalDiffers',
	'linesDiffer',
	'offerMissingInCrm',
	'stockDiffers',
	'priceDiffers',
];

/** Shown in the report. */
export const KIND_TITLES: Record<DiscrepancyKind, string> = {
	missingIn1C: 'Orders missing in 1C',
	duplicateIn1C: 'Orders duplicated in 1C',
	postedState: 'Posted state vs retailCRM status',
	orphanIn1C: '1C documents without a retailCRM order',
	totalDiffers: 'Totals that differ',
	linesDiffer: 'Lines that differ',
	offerMissingInCrm: 'Offers retailCRM does not know',
	stockDiffers: 'Stock that differs',
	priceDiffers: 'Prices that differ',
};

export interface Discrepancy {
	kind: DiscrepancyKind;
	severity: Severity;
	/** What it is about, readable: `retailCRM order 5488`, `offer <key> on store main`. */
	subject: string;
	/** retailCRM's side (null: retailCRM has nothing). */
	crm: Record<string, unknown> | null;
	/** 1C's side (null: 1C has nothing). */
	oneC: Record<string, unknown> | null;
	/** What to do about it. */
	fix: string;
	crmOrderId?: number;
	crmOrderNumber?: string;
	/** 1C documents concerned (Ref_Key). */
	documents?: string[];
	/** Offer identifier (as retailCRM knows it), store or price-type code. */
	offer?: string;
	store?: string;
	priceType?: string;
}

export interface CheckedCounts {
	/** retailCRM orders in the period. */
	orders?: number;
	/** 1C documents read (in the period, plus look-ups). */
	documents?: number;
	/** Offers × stores compared. */
	stockRows?: number;
	/** Offers × price types compared. */
	priceRows?: number;
	offers?: number;
}

export interface ReconcileSummary {
	generatedAt: string;
	/** `Y-m-d H:i:s` bounds of the orders compared, when orders were (no `to`: up to now). */
	period?: { from: string; to?: string };
	checked: CheckedCounts;
	/** Discrepancies per kind (every kind listed, zeros included). */
	counts: Record<DiscrepancyKind, number>;
	errors: number;
	warnings: number;
	/** No discrepancy at all. */
	agree: boolean;
	/** Requests made, per system. */
	requests?: { retailCrm: number; oneC: number };
	/** Notes about what could not be compared (e.g. lines of offers not keyed by 1C GUIDs). */
	notes: string[];
}
