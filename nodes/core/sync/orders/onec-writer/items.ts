import type { OneCClient } from '../../../onec/client';
import { compositeRef } from '../../../onec/codecs';
import { UT } from '../../../onec/model';
import { EMPTY_GUID } from '../../../onec/codecs';
import { and, eq, guid } from '../../../onec/query';
import { fitLength } from '../counterparty';
import type { CrmOfferLike, CrmOrderItemLike, CrmOrderLike } from '../crm-order';
import { activeItems } from '../crm-order';
import type { ResolvedLine } from '../document';
import type { NomenclatureRowLike, UnitRowLike } from '../nomenclature';
import { NOMENCLATURE_SELECT, UNIT_SELECT, resolveLine, servicesTableRefusal } from '../nomenclature';
import type { OfferKey } from '../../offer-key';
import type { OfferLookup, OfferMatchStrategy } from '../offer-match';
import { offerLookup } from '../offer-match';
import type { VatRateName } from '../ut103-model';
import { VAT_RATE_NAMES } from '../ut103-model';
import { vatRateFromCrm } from '../vat';
import type { LineReport } from './types';

/**
 * CRM offers → Номенклатура / ХарактеристикиНоменклатуры / storage unit, for a whole run in a few batched
 * reads (items by key or by Артикул/Code, their characteristics, their units), plus the delivery service item.
 * Missing items are created only when asked, and only for article/code matching: whether a real base keeps a Ref_Key
 * sent in a POST body is not documented (docs/1c-odata.md#writes), so an item "created for" a GUID offer key might
 * never match that key again.
 *
 * Lines without a catalog offer (a free-form item typed into the CRM order: no offer, or one without id,
 * externalId, xmlId and article) go, in this order, to the "item for lines without offer" when one is set
 * (a service keeps the CRM product name in Услуги.Содержание); with Create Missing Items, to the item of that
 * exact name in the new-item folder (top level without one), created once from the node's defaults when 1C
 * has none — as retailCRM's own 1C processing created items from its constants (ВидНоменклатуры, base unit);
 * otherwise the order fails naming the line, before anything is written for it.
 */
export interface ItemOptions {
	strategy: OfferMatchStrategy;
	deliveryItemKey?: string;
	/** Catalog_Номенклатура for lines without a catalog offer (goods or a service). */
	noOfferItemKey?: string;
	createMissing?: boolean;
	newItemKindKey?: string;
	newItemUnitKey?: string;
	newItemFolderKey?: string;
	defaultVatRate?: VatRateName;
}

export interface PendingItem {
	id: string;
	/** What the created item is found by next time: Артикул, Code or (lines without offer) its exact name. */
	field: 'Артикул' | 'Code' | 'Description';
	value: string;
	name: string;
	vatRate: VatRateName;
	/** Set once created. */
	line?: ResolvedLine;
}

export type LineResolution =
	| { ok: true; line: ResolvedLine; report: LineReport; pending?: PendingItem; warnings: string[] }
	| { ok: false; reason: string; offer: string };

type Row = NomenclatureRowLike & { Ref_Key?: unknown; Code?: unknown; Артикул?: unknown; Description?: unknown };

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const usable = and(eq('DeletionMark', false), eq('IsFolder', false));
const ITEM_SELECT = NOMENCLATURE_SELECT as Array<keyof typeof UT.Catalog_Номенклатура.specs & string>;
const PLACEHOLDER_UNIT = '(unit of the new item)';

/** A CRM line without a catalog offer: no offer, or an offer without any id a catalog match could use. */
export function isLineWithoutOffer(offer: CrmOfferLike | null | undefined): boolean {
	if (!offer) return true;
	const has = (v: string | null | undefined) => typeof v === 'string' && v.trim() !== '';
	return (offer.id === null || offer.id === undefined) && !has(offer.externalId) && !has(offer.xmlId) && !has(offer.article);
}

/** The 1C name of an item created for a line without offer (Description is string(100)). */
function nameOfLine(item: CrmOrderItemLike): string {
	return fitLength((item.productName ?? item.offer?.name ?? '').replace(/\s+/g, ' ').trim(), 100);
}

/** How an offer is named in messages: id, name and the value the strategy matched on. */
export function describeOffer(offer: CrmOfferLike | null | undefined, item?: CrmOrderItemLike): string {
	if (!offer || isLineWithoutOffer(offer)) return `line "${item?.productName ?? offer?.name ?? '?'}"${item?.id ? ` (retailCRM line ${item.id})` : ''} without offer`;
	const name = offer.displayName ?? offer.name ?? item?.productName ?? '';
	const ids = [offer.externalId ? `externalId ${offer.externalId}` : '', offer.xmlId ? `xmlId ${offer.xmlId}` : '', offer.article ? `article ${offer.article}` : '']
		.filter((p) => p !== '')
		.join(', ');
	return `offer ${offer.id ?? '?'}${name ? ` "${name}"` : ''}${ids ? ` (${ids})` : ''}`;
}

export class ItemResolver {
	private readonly byKey = new Map<string, Row>();
	private readonly byField = new Map<string, Row>();
	private readonly characteristics = new Map<string, { Owner_Key: string | null; DeletionMark: boolean }>();
	private readonly units = new Map<string, UnitRowLike>();
	private readonly pending = new Map<string, PendingItem>();
	/** Items found by exact name for lines without offer (`Description:<name>`). */
	private readonly byName = new Map<string, Row>();
	private classifierName: string | undefined;

	constructor(
		private readonly client: OneCClient,
		private readonly options: ItemOptions,
	) {}

	/** Reads every item, characteristic and unit the orders of a run need, in batches. */
	async lookup(orders: readonly CrmOrderLike[]): Promise<void> {
		const itemKeys = new Set<string>();
		const characteristicKeys = new Set<string>();
		const fieldValues = new Map<'Артикул' | 'Code', Set<string>>();
		const names = new Set<string>();
		for (const order of orders) {
			for (const item of activeItems(order)) {
				if (isLineWithoutOffer(item.offer)) {
					const name = nameOfLine(item);
					if (!this.options.noOfferItemKey && this.options.createMissing && name && !this.byName.has(`Description:${name}`)) names.add(name);
					continue;
				}
				const lookup = offerLookup(item.offer, this.options.strategy);
				if (lookup.kind === 'key') {
					if (!this.byKey.has(lookup.key.itemKey)) itemKeys.add(lookup.key.itemKey);
					if (lookup.key.characteristicKey && !this.characteristics.has(lookup.key.characteristicKey)) characteristicKeys.add(lookup.key.characteristicKey);
				} else if (lookup.kind === 'field' && !this.byField.has(`${lookup.field}:${lookup.value}`)) {
					const values = fieldValues.get(lookup.field) ?? new Set<string>();
					values.add(lookup.value);
					fieldValues.set(lookup.field, values);
				}
			}
		}
		for (const key of [this.options.deliveryItemKey, this.options.noOfferItemKey]) {
			const lower = key?.toLowerCase();
			if (lower && !this.byKey.has(lower)) itemKeys.add(lower);
		}

		const found: Row[] = [];
		if (itemKeys.size > 0) {
			const rows = (await this.client.readWhereIn(UT.Catalog_Номенклатура, 'Ref_Key', [...itemKeys], { select: ITEM_SELECT })) as Row[];
			for (const row of rows) this.byKey.set(text(row.Ref_Key), row);
			found.push(...rows);
		}
		for (const [field, values] of fieldValues) {
			const rows = (await this.client.readWhereIn(UT.Catalog_Номенклатура, field, [...values], { select: ITEM_SELECT, filter: usable })) as Row[];
			rows.sort((a, b) => text(a.Code).localeCompare(text(b.Code)));
			for (const row of rows) {
				const id = `${field}:${text(row[field])}`;
				if (!this.byField.has(id)) this.byField.set(id, row);
			}
			found.push(...rows);
		}
		if (names.size > 0) {
			// exact names in the new-item folder only, so a free-form "Подарок" never lands on some other item of that name
			const parent = and(usable, eq('Parent_Key', guid(this.options.newItemFolderKey ?? EMPTY_GUID)));
			const rows = (await this.client.readWhereIn(UT.Catalog_Номенклатура, 'Description', [...names], { select: ITEM_SELECT, filter: parent })) as Row[];
			rows.sort((a, b) => text(a.Code).localeCompare(text(b.Code)));
			for (const row of rows) {
				const id = `Description:${text(row.Description)}`;
				if (names.has(text(row.Description)) && !this.byName.has(id)) this.byName.set(id, row);
			}
			found.push(...rows);
		}
		if (characteristicKeys.size > 0) {
			const rows = await this.client.readWhereIn(UT.Catalog_ХарактеристикиНоменклатуры, 'Ref_Key', [...characteristicKeys], {
				select: ['Ref_Key', 'Owner_Key', 'DeletionMark'],
			});
			for (const row of rows) this.characteristics.set(row.Ref_Key, { Owner_Key: row.Owner_Key, DeletionMark: row.DeletionMark });
		}
		const unitKeys = [...new Set(found.map((r) => text(r.ЕдиницаХраненияОстатков_Key)).filter((k) => k !== '' && !this.units.has(k)))];
		if (unitKeys.length > 0) {
			const rows = await this.client.readWhereIn(UT.Catalog_ЕдиницыИзмерения, 'Ref_Key', unitKeys, { select: UNIT_SELECT as Array<keyof typeof UT.Catalog_ЕдиницыИзмерения.specs & string> });
			for (const row of rows) this.units.set(row.Ref_Key, row);
		}
	}

	private line(key: OfferKey, row: Row | undefined, offerText: string): LineResolution {
		const result = resolveLine(key, row, this.units.get(text(row?.ЕдиницаХраненияОстатков_Key)));
		if (!result.ok) return { ok: false, reason: `${offerText}: ${result.reason}`, offer: offerText };
		if (key.characteristicKey) {
			const characteristic = this.characteristics.get(key.characteristicKey);
			if (!characteristic || characteristic.DeletionMark) {
				return { ok: false, reason: `${offerText}: 1C characteristic ${key.characteristicKey} not found`, offer: offerText };
			}
			if (characteristic.Owner_Key && characteristic.Owner_Key !== result.line.itemKey.toLowerCase()) {
				return { ok: false, reason: `${offerText}: 1C characteristic ${key.characteristicKey} belongs to another item`, offer: offerText };
			}
		}
		return { ok: true, line: result.line, report: { offer: offerText, status: 'found', key: result.line.itemKey, by: this.options.strategy, ...(key.characteristicKey ? { characteristicKey: key.characteristicKey } : {}) }, warnings: result.warnings };
	}

	/** The 1C side of one active CRM line, or why it has none. */
	resolve(item: CrmOrderItemLike): LineResolution {
		const offerText = describeOffer(item.offer, item);
		if (isLineWithoutOffer(item.offer)) return this.resolveWithoutOffer(item, offerText);
		const lookup: OfferLookup = offerLookup(item.offer, this.options.strategy);
		if (lookup.kind === 'missing') return { ok: false, reason: `${offerText}: ${lookup.reason}`, offer: offerText };
		if (lookup.kind === 'key') {
			const row = this.byKey.get(lookup.key.itemKey);
			if (!row && this.options.createMissing) {
				return {
					ok: false,
					reason: `${offerText}: 1C item ${lookup.key.itemKey} not found; items cannot be created under a given GUID through OData (match by article or code to create missing items)`,
					offer: offerText,
				};
			}
			return this.line(lookup.key, row, offerText);
		}
		const row = this.byField.get(`${lookup.field}:${lookup.value}`);
		if (row) return this.line({ itemKey: text(row.Ref_Key) }, row, offerText);
		if (!this.options.createMissing) {
			return { ok: false, reason: `${offerText}: no 1C item with ${lookup.field} "${lookup.value}"`, offer: offerText };
		}
		return this.planCreation(item, lookup.field, lookup.value, offerText);
	}

	private resolveWithoutOffer(item: CrmOrderItemLike, offerText: string): LineResolution {
		const fallback = this.options.noOfferItemKey?.toLowerCase();
		if (fallback) {
			const row = this.byKey.get(fallback);
			if (!row) return { ok: false, reason: `${offerText}: the item for lines without offer (${fallback}) is not in 1C`, offer: offerText };
			const resolved = this.line({ itemKey: fallback }, row, offerText);
			if (!resolved.ok) return resolved;
			const shown = row.Услуга === true ? [] : [`${offerText}: written as the 1C item "${text(row.Description)}"`];
			return { ...resolved, report: { ...resolved.report, by: 'noOfferItem' }, warnings: [...resolved.warnings, ...shown] };
		}
		if (!this.options.createMissing) {
			return {
				ok: false,
				reason: `${offerText}: a line without a catalog offer needs "Create Missing Items" (with an item kind and a unit) or an "Item for Lines Without Offer"`,
				offer: offerText,
			};
		}
		const name = nameOfLine(item);
		if (!name) return { ok: false, reason: `${offerText}: the line has no product name to find or create a 1C item by`, offer: offerText };
		const row = this.byName.get(`Description:${name}`);
		if (row) {
			const resolved = this.line({ itemKey: text(row.Ref_Key) }, row, offerText);
			return resolved.ok ? { ...resolved, report: { ...resolved.report, by: 'name' } } : resolved;
		}
		return this.planCreation(item, 'Description', name, offerText);
	}

	private planCreation(item: CrmOrderItemLike, field: PendingItem['field'], value: string, offerText: string): LineResolution {
		if (!this.options.newItemKindKey || !this.options.newItemUnitKey) {
			return { ok: false, reason: `${offerText}: not in 1C, and "Create Missing Items" needs an item kind and a unit`, offer: offerText };
		}
		const id = `${field}:${value}`;
		let pending = this.pending.get(id);
		if (!pending) {
			let vatRate: VatRateName;
			try {
				vatRate = vatRateFromCrm(item.vatRate) ?? this.options.defaultVatRate ?? 'БезНДС';
			} catch (error) {
				return { ok: false, reason: `${offerText}: ${(error as Error).message}`, offer: offerText };
			}
			// named items are found again by Description = the first 100 characters of this name (nameOfLine)
			const name = field === 'Description' ? (item.productName ?? item.offer?.name ?? value).replace(/\s+/g, ' ').trim() : (item.offer?.name ?? item.productName ?? value).trim() || value;
			pending = { id, field, value, name, vatRate };
			this.pending.set(id, pending);
		}
		const line: ResolvedLine = pending.line ?? { itemKey: `(new item ${field === 'Description' ? 'named' : field} ${value})`, unitKey: PLACEHOLDER_UNIT, coefficient: 1, vatRate: pending.vatRate, isService: false };
		return {
			ok: true,
			line,
			pending,
			report: { offer: offerText, status: pending.line ? 'found' : 'create', ...(pending.line ? { key: pending.line.itemKey } : {}), by: field === 'Description' ? 'name' : field, create: this.itemBody(pending) },
			warnings: [],
		};
	}

	private itemBody(p: PendingItem): Record<string, unknown> {
		const body: Record<string, unknown> = {
			Description: fitLength(p.name, 100),
			НаименованиеПолное: p.name,
			ВидНоменклатуры_Key: this.options.newItemKindKey,
			БазоваяЕдиницаИзмерения_Key: this.options.newItemUnitKey,
			СтавкаНДС: p.vatRate,
			Услуга: false,
			Комментарий: 'Created from retailCRM',
		};
		if (p.field === 'Артикул') body.Артикул = fitLength(p.value, 25);
		if (p.field === 'Code' && p.value.length <= 11) body.Code = p.value;
		if (this.options.newItemFolderKey) body.Parent_Key = this.options.newItemFolderKey;
		return body;
	}

	/** Creates a planned item with its storage unit (item, unit, item's unit link: three writes, once per run). */
	async ensure(p: PendingItem): Promise<ResolvedLine> {
		if (p.line) return p.line;
		const item = await this.client.create(UT.Catalog_Номенклатура, this.itemBody(p) as never);
		if (this.classifierName === undefined) {
			const classifier = await this.client.find(UT.Catalog_КлассификаторЕдиницИзмерения, this.options.newItemUnitKey as string, ['Description']);
			this.classifierName = classifier?.Description || 'шт';
		}
		const unit = await this.client.create(UT.Catalog_ЕдиницыИзмерения, {
			Description: this.classifierName,
			Owner: compositeRef(UT.Catalog_Номенклатура.set, item.ref),
			ЕдиницаПоКлассификатору_Key: this.options.newItemUnitKey,
			Коэффициент: 1,
		} as never);
		await this.client.update(UT.Catalog_Номенклатура, item.ref, { ЕдиницаХраненияОстатков_Key: unit.ref, ЕдиницаДляОтчетов_Key: unit.ref } as never);
		p.line = { itemKey: item.ref, unitKey: unit.ref, coefficient: 1, vatRate: p.vatRate, isService: false };
		this.byField.set(p.id, { Ref_Key: item.ref, ЕдиницаХраненияОстатков_Key: unit.ref, СтавкаНДС: p.vatRate, Услуга: false });
		this.units.set(unit.ref, { Ref_Key: unit.ref, Коэффициент: 1 });
		return p.line;
	}

	/** The delivery service item and its VAT rate, or why it cannot be used. */
	deliveryItem(): { ok: true; itemKey: string; vatRate?: VatRateName } | { ok: false; reason: string } {
		const key = this.options.deliveryItemKey?.toLowerCase();
		if (!key) return { ok: false, reason: 'the order has a delivery cost but no delivery service item is configured' };
		const row = this.byKey.get(key);
		if (!row || row.DeletionMark === true || row.IsFolder === true) return { ok: false, reason: `delivery item ${key} not found in 1C` };
		// Delivery goes to Услуги (servicesTableRefusal). Many small bases keep «Доставка» as goods.
		const refusal = servicesTableRefusal(row);
		if (refusal) {
			const kind = { goods: 'goods, not a service (Услуга is off)', set: 'a set (Набор)', kit: 'a kit (Комплект)' }[refusal];
			return {
				ok: false,
				reason: `the delivery item "${text(row.Description)}" (${key}) is ${kind} in 1C, and UT 10.3 posts only services in the order's Услуги table; mark it a service in 1C («Услуга») or choose a service item as Delivery Item`,
			};
		}
		const vat = text(row.СтавкаНДС);
		return { ok: true, itemKey: key, ...((VAT_RATE_NAMES as readonly string[]).includes(vat) ? { vatRate: vat as VatRateName } : {}) };
	}
}
