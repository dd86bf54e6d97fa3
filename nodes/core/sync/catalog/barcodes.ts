/**
 * Barcodes from InformationRegister_Штрихкоды (independent, non-periodic; docs/1c-odata.md#ut-103-objects, #catalog). Only rows
 * whose owner (`Владелец`, composite) is an item count; a row with a characteristic belongs to that offer, a row
 * without one to the item's own offer. The register has about one row per item, so reading it whole costs about
 * ⌈rows / pageSize⌉ requests — which is why the node reads it only on request ("Include Barcodes").
 *
 * For a few items (a small folder) the rows are asked by owner instead: OR-chains of
 * `Владелец eq cast(guid'…','Catalog_Номенклатура')` (the composite compare form of docs/1c-odata.md#queries-and-paging, seen in public client code; about 7 per
 * URL), while they fit `maxWhereInRequests` requests; otherwise the whole register in pages. `cast` needs platform
 * 8.3.8.1652: where 1C refuses it, the whole register is read instead (remembered per base).
 *
 * Paging avoids `$orderby` on the composite owner (unproven on real platforms): the barcode (a plain string, see the
 * model) and the unit (units belong to one item, so unit + barcode + characteristic settle the order) are enough.
 */
import type { OneCClient } from '../../onec/client';
import { UT, odataTypeName } from '../../onec/model';
import { isQueryRefusal, passOn } from '../../onec/errors';
import { and, guidLiteral, inListChunks, queryParams, stringLiteral } from '../../onec/query';
import { DEFAULT_MAX_WHERE_IN_REQUESTS } from '../onec-read/keyed-read';
import { offerKey } from '../offer-key';

const ITEM_OWNER_TYPE = odataTypeName(UT.Catalog_Номенклатура.set);
const Register = UT.InformationRegister_Штрихкоды.records;
const SELECT = ['Штрихкод', 'Владелец', 'Владелец_Type', 'ХарактеристикаНоменклатуры_Key'] as const;
/** The register has no Ref_Key; its non-composite dimensions give the stable order paging needs. */
const ORDER = ['Штрихкод', 'ЕдиницаИзмерения_Key', 'ХарактеристикаНоменклатуры_Key'];

/** offerKey → barcodes (in register order, de-duplicated). */
export type BarcodeIndex = Map<string, string[]>;

export interface BarcodeReadOptions {
	/** Only these items' barcodes (asked by owner while that fits maxWhereInRequests); undefined = every item. */
	itemRefs?: ReadonlySet<string>;
	maxWhereInRequests?: number;
}

/** `Владелец eq cast(guid'…','Catalog_Номенклатура')` chains that keep each URL within the client's limit. */
export function ownerChunks(client: OneCClient, itemRefs: readonly string[]): string[] {
	const base = client.url([Register.set], queryParams({ select: SELECT, filter: '()', orderby: ORDER, top: client.pageSize, skip: 999_999_999 }));
	const budget = client.maxUrlLength - base.length - '&$filter='.length;
	if (budget < 300) return [];
	const cast = (ref: string) => ({ literal: `cast(${guidLiteral(ref)},${stringLiteral(UT.Catalog_Номенклатура.set)})` });
	return inListChunks('Владелец', itemRefs.map(cast), budget);
}

/**
 * ownerChunks of `refs` when they fit `maxRequests` URLs; otherwise some list longer than that. A whole catalog in a
 * folder (300,000 items) would otherwise build 300,000 terms only to learn they do not fit: a first slice of the refs
 * decides that, since more refs never need fewer URLs (about 7 fit one, docs/1c-odata.md#queries-and-paging).
 */
function ownerChunksWithin(client: OneCClient, refs: ReadonlySet<string>, maxRequests: number): string[] {
	const slice: string[] = [];
	for (const ref of refs) {
		if (slice.length > (maxRequests + 1) * 16) break;
		slice.push(ref);
	}
	if (slice.length === refs.size) return ownerChunks(client, slice);
	const first = ownerChunks(client, slice);
	return first.length > maxRequests ? first : ownerChunks(client, [...refs]);
}

export async function readBarcodes(client: OneCClient, options: BarcodeReadOptions = {}): Promise<BarcodeIndex> {
	const out: BarcodeIndex = new Map();
	const wanted = options.itemRefs;
	if (wanted !== undefined && wanted.size === 0) return out;
	// Each page goes into the index as it comes (the register has about one row per item: it is never held whole).
	const add = (rows: readonly BarcodeRow[]) => {
		for (const row of rows) {
			if (row.Владелец_Type !== ITEM_OWNER_TYPE || row.Владелец === null || row.Штрихкод === null) continue;
			if (wanted !== undefined && !wanted.has(row.Владелец)) continue;
			const code = String(row.Штрихкод).trim();
			if (code === '') continue;
			const key = offerKey(row.Владелец, row.ХарактеристикаНоменклатуры_Key);
			const list = out.get(key);
			if (list === undefined) out.set(key, [code]);
			else if (!list.includes(code)) list.push(code);
		}
	};
	const maxRequests = options.maxWhereInRequests ?? DEFAULT_MAX_WHERE_IN_REQUESTS;
	const chunks = wanted === undefined ? [] : ownerChunksWithin(client, wanted, maxRequests);
	let whole = !(chunks.length > 0 && chunks.length <= maxRequests && client.supports('compositeFilter'));
	if (!whole) {
		let read = 0;
		try {
			for (const chunk of chunks) {
				for await (const page of client.pages(Register, { select: SELECT, orderby: ORDER, filter: and(chunk) })) {
					read += page.length;
					add(page);
				}
			}
		} catch (error) {
			if (!isQueryRefusal(error) || read > 0) throw passOn(error);
			client.markUnsupported('compositeFilter');
			whole = true;
		}
	}
	if (whole) for await (const page of client.pages(Register, { select: SELECT, orderby: ORDER })) add(page);
	return out;
}

type BarcodeRow = { Штрихкод: string | null; Владелец: string | null; Владелец_Type: string | null; ХарактеристикаНоменклатуры_Key: string | null };
