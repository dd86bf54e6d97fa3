/**
 * Applies a parsed ICML to one site's catalog, as retailCRM's loader would (docs/retailcrm-api.md#icml, test/sandboxes/retailcrm/README.md):
 * categories → product groups, offers grouped by productId → products, offer@id → externalId, <xmlId> → xmlId,
 * <price> → the default price type, <purchasePrice>, quantity, <unit>. Choices (documented):
 * - existing offers/products/groups keep their ids (matched by externalId; an offer or product without an
 *   externalId yet is matched by xmlId, then by name), and offers keep API-uploaded stock and other price types;
 * - products, offers and groups of the site missing from the file are marked inactive, not deleted.
 */
import type { StateStore } from '../state-store';
import type { Offer, Product, ProductGroup } from '../types';
import { IcmlError, parseIcml, type IcmlSkipped } from './parse';

export interface IcmlImportResult {
	site: string;
	products: number;
	offers: number;
	categories: number;
	skipped: IcmlSkipped[];
}

export { IcmlError };

export function importIcml(store: StateStore, xml: string, site: string): IcmlImportResult {
	const s = store.state;
	if (!s.sites[site]) throw new IcmlError(`Unknown site "${site}"`);
	const parsed = parseIcml(xml);
	const now = store.nowIso();
	const basePrice = s.priceTypes.find((p) => p.default)?.code;

	// ── categories → product groups ─────────────────────────────────────
	const oldGroups = s.productGroups.filter((g) => g.site === site);
	const groupByExt = new Map(oldGroups.filter((g) => g.externalId).map((g) => [g.externalId!, g]));
	const groupByName = new Map(oldGroups.filter((g) => !g.externalId).map((g) => [g.name, g]));
	const keptGroups = new Set<ProductGroup>();
	const groupIdByCategory = new Map<string, number>();
	for (const c of parsed.categories) {
		let g = groupByExt.get(c.id) ?? groupByName.get(c.name);
		if (g && keptGroups.has(g)) g = undefined;
		if (!g) {
			g = { id: store.nextId('productGroup'), site, name: c.name, active: true };
			s.productGroups.push(g);
		}
		g.externalId = c.id;
		g.name = c.name;
		g.active = true;
		keptGroups.add(g);
		groupIdByCategory.set(c.id, g.id);
	}
	for (const c of parsed.categories) {
		const g = s.productGroups.find((x) => x.id === groupIdByCategory.get(c.id))!;
		g.parentId = c.parentId ? groupIdByCategory.get(c.parentId) : undefined;
	}
	for (const g of oldGroups) if (!keptGroups.has(g)) g.active = false;

	// ── offers grouped into products ────────────────────────────────────
	const oldProducts = s.products.filter((p) => p.site === site);
	const productByExt = new Map(oldProducts.filter((p) => p.externalId).map((p) => [p.externalId!, p]));
	const productByName = new Map(oldProducts.filter((p) => !p.externalId).map((p) => [p.name, p]));
	const oldOffers = s.offers.filter((o) => o.site === site);
	const offerByExt = new Map(oldOffers.filter((o) => o.externalId).map((o) => [o.externalId!, o]));
	const unmatchedByXml = new Map(oldOffers.filter((o) => !o.externalId && o.xmlId).map((o) => [o.xmlId!, o]));
	const unmatchedByName = new Map(oldOffers.filter((o) => !o.externalId).map((o) => [o.name, o]));

	const byProduct = new Map<string, typeof parsed.offers>();
	for (const o of parsed.offers) {
		const list = byProduct.get(o.productId);
		if (list) list.push(o);
		else byProduct.set(o.productId, [o]);
	}

	const keptProducts = new Set<Product>();
	const keptOffers = new Set<Offer>();
	for (const [productExt, offers] of byProduct) {
		const first = offers[0];
		const productName = first.productName ?? first.name;
		let p = productByExt.get(productExt) ?? productByName.get(productName);
		if (p && keptProducts.has(p)) p = undefined;
		if (!p) {
			p = { id: store.nextId('product'), site, name: productName, type: 'product', active: true, markable: false, groupIds: [], createdAt: now, updatedAt: now };
			s.products.push(p);
		}
		const groupIds = new Set<number>();
		for (const o of offers) for (const c of o.categoryIds) if (groupIdByCategory.has(c)) groupIds.add(groupIdByCategory.get(c)!);
		Object.assign(p, {
			externalId: productExt,
			name: productName,
			type: first.type === 'service' ? 'service' : 'product',
			url: first.url,
			imageUrl: first.pictures[0],
			manufacturer: first.vendor,
			article: first.params.find((x) => x.code === 'article')?.value,
			active: first.productActivity !== 'N',
			groupIds: [...groupIds],
			updatedAt: now,
		});
		keptProducts.add(p);

		for (const io of offers) {
			let o = offerByExt.get(io.id) ?? (io.xmlId ? unmatchedByXml.get(io.xmlId) : undefined) ?? unmatchedByName.get(io.name);
			if (o && keptOffers.has(o)) o = undefined;
			if (!o) {
				o = { id: store.nextId('offer'), productId: p.id, site, name: io.name, active: true, vatRate: 'none', prices: {}, stocks: {}, properties: {} };
				s.offers.push(o);
			}
			const properties: Record<string, string> = {};
			for (const param of io.params) if (param.code && param.code !== 'article') properties[param.code] = param.value;
			o.externalId = io.id;
			o.xmlId = io.xmlId;
			o.productId = p.id;
			o.name = io.name;
			o.article = io.params.find((x) => x.code === 'article')?.value;
			o.active = true;
			o.vatRate = io.vatRate ?? 'none';
			o.unit = io.unit;
			o.barcode = io.barcode;
			o.weight = io.weight;
			o.properties = properties;
			o.purchasePrice = io.purchasePrice;
			o.icmlQuantity = io.quantity;
			if (basePrice) {
				if (io.price !== undefined) o.prices[basePrice] = io.price;
				else delete o.prices[basePrice];
			}
			if (io.unit && io.unit.code && !s.units[io.unit.code]) s.units[io.unit.code] = { ...io.unit, default: false, active: true };
			keptOffers.add(o);
		}
	}
	for (const p of oldProducts) if (!keptProducts.has(p)) p.active = false;
	for (const o of oldOffers) if (!keptOffers.has(o)) o.active = false;

	s.sites[site].catalogUpdatedAt = now;
	store.reindex();
	return { site, products: byProduct.size, offers: parsed.offers.length, categories: parsed.categories.length, skipped: parsed.skipped };
}
