/**
 * UT 10.3 `СтавкиНДС` → the `<vatRate>` values retailCRM's ICML accepts (docs/retailcrm-api.md#icml: `none` or a rate
 * number). The "/120"-style calculated rates (НДС20_120 …) are the same rate applied to a gross amount, so they
 * map to the plain rate. An empty rate is not guessed: null, and the ICML writer omits the element.
 */
export type IcmlVatRate = number | 'none';

const RATES: Readonly<Record<string, IcmlVatRate>> = {
	НДС22: 22,
	НДС22_122: 22,
	НДС20: 20,
	НДС20_120: 20,
	НДС18: 18,
	НДС18_118: 18,
	НДС10: 10,
	НДС10_110: 10,
	НДС7: 7,
	НДС7_107: 7,
	НДС5: 5,
	НДС5_105: 5,
	НДС0: 0,
	БезНДС: 'none',
};

/** null for an empty or unknown value (an unknown one is not published as a wrong rate). */
export function icmlVatRate(value: string | null | undefined): IcmlVatRate | null {
	if (value === null || value === undefined || value === '') return null;
	return RATES[value] ?? null;
}

/**
 * The VAT percent a net price gets (UT's УчетНДС.ПолучитьСтавкуНДС: НДС20 and НДС20_120 → 20, БезНДС and НДС0 → 0;
 * rf-bessome/ut10_3_22_percent: src/CommonModules/УчетНДС/Ext/Module.bsl). null for an empty or unknown rate.
 */
export function vatPercent(value: string | null | undefined): number | null {
	const rate = icmlVatRate(value);
	return rate === null ? null : rate === 'none' ? 0 : rate;
}
