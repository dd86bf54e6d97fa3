/**
 * Unchanged price inputs (Stock Upload → Upload Stock and Prices from 1C): after a price upload that retailCRM took
 * whole, the price part's change-hash state also keeps a digest of every 1C answer the prices were computed from. The
 * next run with the same settings, price types and catalog asks 1C the same requests again and compares only the
 * digests of the answers' bytes: when all are the same, the prices are the ones retailCRM already holds, and the
 * 600,000 price rows of a 300,000-offer catalog are neither parsed nor priced (README "Large catalogs"). Any difference,
 * or anything not known for sure, means the prices are read and priced as always.
 *
 * Why this is safe: the price calculation is a function of the settings, of those answers and of this code
 * (PRICE_INPUTS_VERSION); the change hashes then send nothing for an offer whose price retailCRM accepted. So the
 * record is kept only when every batch was accepted, nothing was "not found", nothing was left without an identifier
 * and the run was not a dry run; and never when a dated request (SliceLast, the exchange rates) did not carry the price
 * date where it can be put back: the answers at an older date could hide a price that has come into force.
 */
import { createHash } from 'node:crypto';
import type { NotedAnswer, OneCClient } from '../../onec/client';
import { UT } from '../../onec/model';
import type { PriceReadProblem } from './get-prices';

/** Change it with anything that changes what the same answers price to (price-calc.ts, get-prices.ts, price-batches.ts). */
export const PRICE_INPUTS_VERSION = 1;

/** Stands for the price date in a noted URL (a character a URL never holds unencoded). */
const PERIOD_MARK = '{period}';

/** What the report of an unchanged price part says, as the full run reported it. */
export interface PriceRunSummary {
	rows: number;
	offers: number;
	problems: PriceReadProblem[];
	currencies: string[];
}

export interface PriceInputs {
	version: typeof PRICE_INPUTS_VERSION;
	/** Digest of the settings and of the answers read before the prices (price types, catalog scope). */
	key: string;
	/** The price read's requests in the order asked, the price date marked, and their answers' digests. */
	answers: NotedAnswer[];
	summary: PriceRunSummary;
}

/** The price read's virtual tables: compared last, and (with the exchange rates) the ones whose URLs hold the price date. */
export const isPricePageSet = (set: string): boolean => set.startsWith(UT.InformationRegister_ЦеныНоменклатуры.set);
export const isDatedSet = (set: string): boolean => isPricePageSet(set) || set.startsWith(UT.InformationRegister_КурсыВалют.set);

/** A run with more price problems keeps no record of its inputs (the record holds them for the report, in static data). */
export const MAX_RECORDED_PROBLEMS = 100;

/** The key of a run: this code's version, the settings (plain JSON) and the answers read before the prices. */
export function priceInputsKey(settings: unknown, before: readonly NotedAnswer[]): string {
	const hash = createHash('sha1').update(JSON.stringify([PRICE_INPUTS_VERSION, settings]));
	for (const answer of before) hash.update(`\u0000${answer.set}\u0000${answer.url}\u0000${answer.digest}`);
	return hash.digest('base64');
}

/**
 * The noted answers with the price date marked in the URLs of `dated` sets, or undefined when one of those URLs does
 * not hold the date (then nothing is kept: see the module comment) or an answer has no digest.
 */
export function markPeriod(answers: readonly NotedAnswer[], period: string, dated: (set: string) => boolean): NotedAnswer[] | undefined {
	const forms = [...new Set([period, encodeURIComponent(period)])];
	const marked: NotedAnswer[] = [];
	for (const answer of answers) {
		if (answer.digest === '') return undefined;
		let url = answer.url;
		for (const form of forms) url = url.split(form).join(PERIOD_MARK);
		if (dated(answer.set) && url === answer.url) return undefined;
		marked.push({ set: answer.set, url, digest: answer.digest });
	}
	return marked;
}

/** A noted URL for this run's price date. */
export function withPeriod(url: string, period: string): string {
	return url.split(PERIOD_MARK).join(period);
}

/** The record kept in static data, if it is one this code wrote; anything else is no record (the prices are read). */
export function loadPriceInputs(raw: unknown): PriceInputs | undefined {
	if (typeof raw !== 'object' || raw === null) return undefined;
	const inputs = raw as Partial<PriceInputs>;
	if (inputs.version !== PRICE_INPUTS_VERSION || typeof inputs.key !== 'string' || !Array.isArray(inputs.answers)) return undefined;
	const answersOk = inputs.answers.every((a) => typeof a?.set === 'string' && typeof a.url === 'string' && typeof a.digest === 'string' && a.digest !== '');
	const summary = inputs.summary;
	const summaryOk =
		typeof summary === 'object' &&
		summary !== null &&
		typeof summary.rows === 'number' &&
		typeof summary.offers === 'number' &&
		Array.isArray(summary.problems) &&
		Array.isArray(summary.currencies);
	return answersOk && summaryOk && inputs.answers.length > 0 ? (inputs as PriceInputs) : undefined;
}

/**
 * Asks 1C the recorded requests again for this run's price date and says whether every answer is the same, in the
 * order: the short reads first (units, currencies, rates), the price pages last, and stops at the first difference. A
 * request that fails counts as a difference: the read that follows then meets the failure as it always would.
 * `first`, when given, is the answer digest of the first price page already asked for (it is not asked again; the
 * caller handles its failure when a difference is found before it).
 */
export async function sameAnswers(
	client: OneCClient,
	inputs: Pick<PriceInputs, 'answers'>,
	period: string,
	bulk: (set: string) => boolean,
	first?: { url: string; digest: Promise<string> },
): Promise<boolean> {
	const order = [...inputs.answers.filter((a) => !bulk(a.set)), ...inputs.answers.filter((a) => bulk(a.set))];
	try {
		for (const answer of order) {
			const url = withPeriod(answer.url, period);
			const digest = first !== undefined && first.url === url ? await first.digest : await client.answerDigest(url, answer.set);
			if (digest !== answer.digest) return false;
		}
		return true;
	} catch {
		return false;
	}
}
