import type { CrmOrderLike } from './crm-order';

/**
 * Which currency an order is in, and which one its document is written in.
 *
 * retailCRM names an order's currency by ISO 4217 letters (`currency: "RUB"`, `"KZT"`); older API answers leave it
 * out. A UT 10.3 document names a `Catalog_Валюты` item, whose `Код` is by convention the ISO 4217 numeric code
 * (643 for the rouble, 810 in bases older than 1998) and whose `Наименование` is a short name ("руб.", "USD").
 * The rule (docs/orders-buyers-and-lines.md#currency): an order that names a currency is written only when it is the
 * documents' currency — the node's "retailCRM Currency" option when set, else the ISO letters of the 1C currency of
 * the Currency setting (by its Код, else its Наименование). Amounts are never converted: 1 390 KZT written as
 * 1 390 руб. would misstate the order 200-fold. An order without a currency is written as before.
 */

/** ISO 4217 numeric → letters, for the currencies a retailCRM account of the region is likely to use. */
const ISO_NUMERIC: Record<string, string> = {
	'643': 'RUB',
	'810': 'RUB', // RUR, the code before the 1998 redenomination; UT bases kept it for the rouble
	'840': 'USD',
	'978': 'EUR',
	'398': 'KZT',
	'933': 'BYN',
	'974': 'BYR',
	'980': 'UAH',
	'051': 'AMD',
	'944': 'AZN',
	'981': 'GEL',
	'417': 'KGS',
	'498': 'MDL',
	'972': 'TJS',
	'934': 'TMT',
	'860': 'UZS',
	'156': 'CNY',
	'826': 'GBP',
	'756': 'CHF',
	'985': 'PLN',
	'949': 'TRY',
	'392': 'JPY',
	'203': 'CZK',
};

const KNOWN_LETTERS = new Set(Object.values(ISO_NUMERIC));

/** Short names 1C bases give their currencies, lower case, without dots and spaces. */
const NAMES: Record<string, string> = {
	руб: 'RUB',
	рубль: 'RUB',
	р: 'RUB',
	тенге: 'KZT',
	тг: 'KZT',
	грн: 'UAH',
	гривна: 'UAH',
	евро: 'EUR',
	доллар: 'USD',
	долларсша: 'USD',
	белруб: 'BYN',
};

/** ISO letters as retailCRM writes them; RUR (the pre-1998 code) is the rouble. */
export function isoLetters(value: string): string {
	const letters = value.trim().toUpperCase();
	return letters === 'RUR' ? 'RUB' : letters;
}

export interface DocumentCurrency {
	/** ISO letters of the documents' currency; undefined when they cannot be told. */
	letters?: string;
	/** How it was found, for messages: `1C currency "руб." (Код 643)`. */
	label: string;
}

/** The documents' currency: the node's "retailCRM Currency" option, else the 1C currency's Код, else its Наименование. */
export function documentCurrency(setting: string | undefined, onec: { code?: unknown; description?: unknown } | undefined): DocumentCurrency {
	const code = typeof onec?.code === 'string' ? onec.code.trim() : '';
	const description = typeof onec?.description === 'string' ? onec.description.trim() : '';
	const label = `1C currency "${description || '?'}" (Код ${code || '?'})`;
	if (setting && setting.trim() !== '') return { letters: isoLetters(setting), label: `the node's retailCRM Currency ${isoLetters(setting)}` };
	const numeric = /^\d{1,3}$/.test(code) ? ISO_NUMERIC[code.padStart(3, '0')] : undefined;
	if (numeric) return { letters: numeric, label };
	if (/^[A-Za-z]{3}$/.test(code) && KNOWN_LETTERS.has(isoLetters(code))) return { letters: isoLetters(code), label };
	if (/^[A-Za-z]{3}$/.test(description) && KNOWN_LETTERS.has(isoLetters(description))) return { letters: isoLetters(description), label };
	const name = NAMES[description.toLowerCase().replace(/[.\s]/g, '')];
	return name ? { letters: name, label } : { label };
}

/** Why the order cannot be written in the documents' currency, or undefined when it can (or names no currency). */
export function currencyProblem(order: Pick<CrmOrderLike, 'id' | 'number' | 'currency'>, doc: DocumentCurrency): string | undefined {
	const raw = typeof order.currency === 'string' ? order.currency.trim() : '';
	if (raw === '') return undefined;
	const number = String(order.number ?? order.id);
	if (!doc.letters) {
		return (
			`retailCRM order ${number} has currency ${raw}, but the ISO code of the documents' currency is unknown: ${doc.label} is not an ISO 4217 code. ` +
			'Set "retailCRM Currency" in the node\'s options to the ISO letters of that 1C currency (e.g. RUB), or give it its ISO numeric Код in 1C'
		);
	}
	if (isoLetters(raw) === doc.letters) return undefined;
	return (
		`retailCRM order ${number} has currency ${raw}, but the documents are written in ${doc.letters} (${doc.label}): its amounts would be taken as ${doc.letters}. ` +
		`Nothing was written. Load ${raw} orders with a node whose Currency is the 1C currency of ${raw}, or change the order's currency in retailCRM`
	);
}
