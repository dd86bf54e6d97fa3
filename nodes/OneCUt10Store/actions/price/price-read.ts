import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { OneCClient } from '../../../core/onec/client';
import { getPrices, type GetPricesOptions, type PriceItem, type UploadPriceItem } from '../../../core/sync/prices/get-prices';
import { priceSliceDate, wallClock } from '../../../core/sync/prices/price-date';
import { refList } from '../../../core/sync/onec-read/ref-list';
import type { ScopeShare } from '../../../core/sync/onec-read/scope-cache';
import { getPricesUnlessUnchanged, type PricesOrUnchanged, type PublishedPriceInputs } from '../../../core/sync/prices/unchanged-prices';
import type { RowFields } from '../../../core/sync/row-fields';
import { readRowFields } from '../../../shared/row-items';

/**
 * Get Prices' read of one input item, whether the node runs it or Get Balances starts it ahead for it (read-ahead.ts):
 * one place turns the node's parameters into the read, so both give the same rows.
 */

/** A parameter of Get Prices: `getNodeParameter` of an item, or the node's saved parameters when read ahead. */
export type ParameterOf = (name: string, fallback: unknown) => unknown;

/** Get Prices' settings (fields and Options); the direct mode of Stock Upload reads them too. */
export function priceSettingsFrom(parameter: ParameterOf, options: IDataObject, timeZone: string): GetPricesOptions & { period: string } {
	const date = parameter('date', '') as string;
	return {
		priceTypeRefs: refList(parameter('priceTypes', []), 'Price Types'),
		// Empty: now on the workflow's wall clock.
		period: priceSliceDate(date) ?? wallClock(new Date(), timeZone),
		folderRefs: refList(options.folders, 'Nomenclature Folders'),
		slicePageSize: options.slicePageSize === undefined ? undefined : Number(options.slicePageSize),
		currencyRef: (options.currency as string | undefined) || null,
		vat: options.vat === 'asIs' ? 'asIs' : 'gross',
	};
}

/** Get Prices' settings of item `i`. */
export function readPriceSettings(ctx: IExecuteFunctions, i: number, options: IDataObject): GetPricesOptions & { period: string } {
	return priceSettingsFrom((name, fallback) => ctx.getNodeParameter(name, i, fallback), options, ctx.getTimezone());
}

export interface PriceReadPlan {
	settings: GetPricesOptions & { period: string };
	/** The run's share of the catalog read with Get Balances. */
	share: ScopeShare | undefined;
	rowFields: RowFields;
	/** Skip Unchanged Prices (one input item only): the record Upload Prices published for the node, if it may rely on it. */
	unlessUnchanged: { published: PublishedPriceInputs | undefined } | undefined;
}

export function priceReadPlan(
	settings: GetPricesOptions & { period: string },
	options: IDataObject,
	share: ScopeShare | undefined,
	published: () => PublishedPriceInputs | undefined,
	single: boolean,
): PriceReadPlan {
	return { settings, share, rowFields: readRowFields(options), unlessUnchanged: single && options.skipUnchanged === true ? { published: published() } : undefined };
}

export type PriceRead = PricesOrUnchanged<PriceItem | UploadPriceItem>;

/** The rows, or (Skip Unchanged Prices) the rows with the record of their inputs, or that they are unchanged. */
export async function readPrices(client: OneCClient, plan: PriceReadPlan): Promise<PriceRead> {
	const options = { ...plan.settings, share: plan.share, rowFields: plan.rowFields };
	if (plan.unlessUnchanged !== undefined) return await getPricesUnlessUnchanged(client, options, plan.unlessUnchanged.published);
	return { unchanged: false, read: await getPrices(client, options), record: undefined };
}
