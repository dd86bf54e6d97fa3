/** Store: inventories (read/upload), prices upload, offers, products, product groups (docs/retailcrm-api.md#stock-and-prices, test/sandboxes/retailcrm/README.md). */
import { paginate, sortById, type RequestContext } from '../context';
import { entityFormat, inputErrors } from '../envelope';
import { asString, asStringList, type PhpValue } from '../php-query';
import { offerQuantity, renderOffer, renderProduct } from '../render';
import type { Route } from '../router';
import type { Offer } from '../types';

const UPLOAD_MAX = 250;
const IDENT_KEYS = ['id', 'externalId', 'xmlId'] as const;
type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A number ≥ 0 (numeric strings accepted, as PHP forms are lenient); undefined when invalid. */
function nonNegative(v: unknown): number | undefined {
	const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
	return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function sentIdentity(el: Json): Json {
	const out: Json = {};
	for (const k of IDENT_KEYS) if (el[k] !== undefined && el[k] !== null && el[k] !== '') out[k] = el[k];
	return out;
}

/**
 * Finds the offers an upload element addresses. Exactly one of id/externalId/xmlId is required, otherwise the
 * element is "not found" (a choice). An xmlId shared by several offers addresses all of them (UNVERIFIED, docs/retailcrm-api.md).
 */
function addressedOffers(ctx: RequestContext, el: Json, site: () => string | undefined): Offer[] {
	const ident = sentIdentity(el);
	const keys = Object.keys(ident);
	if (keys.length !== 1) return [];
	const visible = (o: Offer | undefined): o is Offer => !!o && ctx.canSee(o.site);
	if (keys[0] === 'id') return [ctx.store.offerById(Number(ident.id))].filter(visible);
	const s = site();
	if (!s) return [];
	if (keys[0] === 'externalId') return [ctx.store.offerByExternalId(s, String(ident.externalId))].filter(visible);
	return ctx.store.offersByXml(s, String(ident.xmlId)).filter(visible);
}

/** The site for externalId/xmlId addressing: element `site`, else the form `site`, else the key's only site. */
function siteResolver(ctx: RequestContext, elements: Json[], elementSite?: (el: Json) => string | undefined) {
	const needsSite = elements.some((el) => {
		const ident = sentIdentity(el);
		return Object.keys(ident).length === 1 && ident.id === undefined && !elementSite?.(el);
	});
	const formSite = ctx.site(needsSite);
	return (el: Json) => {
		const own = elementSite?.(el);
		return own ? ctx.site(true, own) : formSite;
	};
}

function uploadArray(ctx: RequestContext, name: string): unknown[] {
	const list = ctx.jsonParam(name);
	if (!Array.isArray(list)) throw entityFormat({ [name]: 'This value should be of type array.' });
	if (list.length > UPLOAD_MAX) throw inputErrors({ [name]: `This collection should contain ${UPLOAD_MAX} elements or less.` });
	if (list.length === 0) throw inputErrors({ [name]: 'This collection should contain 1 element or more.' });
	return list;
}

function uploadInventories(ctx: RequestContext) {
	const list = uploadArray(ctx, 'offers');
	const stores = new Map(ctx.state.stores.map((s) => [s.code, s]));
	const errors: Record<string, string> = {};
	const parsed: { el: Json; stores: { code: string; available?: number; purchasePrice?: number }[] }[] = [];
	list.forEach((raw, i) => {
		if (!isObj(raw)) {
			errors[`offers[${i}]`] = 'This value should be of type object.';
			return;
		}
		const rows: { code: string; available?: number; purchasePrice?: number }[] = [];
		if (raw.stores !== undefined && !Array.isArray(raw.stores)) errors[`offers[${i}].stores`] = 'This value should be of type array.';
		(Array.isArray(raw.stores) ? raw.stores : []).forEach((st: unknown, j: number) => {
			const p = `offers[${i}].stores[${j}]`;
			if (!isObj(st)) {
				errors[p] = 'This value should be of type object.';
				return;
			}
			const code = typeof st.code === 'string' ? st.code : undefined;
			if (!code) errors[`${p}.code`] = 'This value should not be blank.';
			else if (!stores.has(code)) errors[`${p}.code`] = `Store with code "${code}" does not exist.`;
			// A store switched off takes no stock: the stricter reading, not published (docs/retailcrm-api.md#stock-and-prices).
			else if (stores.get(code)!.active === false) errors[`${p}.code`] = `Store with code "${code}" is not active.`;
			const available = st.available === undefined ? undefined : nonNegative(st.available);
			if (st.available !== undefined && available === undefined) errors[`${p}.available`] = 'This value should be greater than or equal to 0.';
			const purchasePrice = st.purchasePrice === undefined || st.purchasePrice === null ? undefined : nonNegative(st.purchasePrice);
			if (st.purchasePrice !== undefined && st.purchasePrice !== null && purchasePrice === undefined) errors[`${p}.purchasePrice`] = 'This value should be greater than or equal to 0.';
			if (code) rows.push({ code, available, purchasePrice });
		});
		parsed.push({ el: raw, stores: rows });
	});
	if (Object.keys(errors).length) throw entityFormat(errors);

	const siteOf = siteResolver(ctx, parsed.map((p) => p.el));
	let processed = 0;
	const notFoundOffers: Json[] = [];
	for (const { el, stores: rows } of parsed) {
		const offers = addressedOffers(ctx, el, () => siteOf(el));
		if (offers.length === 0) {
			notFoundOffers.push(sentIdentity(el));
			continue;
		}
		processed++;
		for (const offer of offers) {
			for (const r of rows) {
				const store = stores.get(r.code)!;
				const prev = offer.stocks[r.code];
				let available = r.available ?? prev?.available ?? 0;
				if (store.inventoryType === 'available') available = Math.min(available, 1);
				offer.stocks[r.code] = { available, purchasePrice: r.purchasePrice ?? prev?.purchasePrice };
			}
		}
	}
	// retailCRM leaves notFoundOffers out when every offer was found (the answer recorded in api-client-php
	// tests/src/ResourceGroup/StoreTest.php testInventoriesUpload); prices/upload sends [] (testPricesUpload).
	return { status: 200, body: { success: true, processedOffersCount: processed, ...(notFoundOffers.length ? { notFoundOffers } : {}) } };
}

function uploadPrices(ctx: RequestContext) {
	const list = uploadArray(ctx, 'prices');
	const types = new Set(ctx.state.priceTypes.map((p) => p.code));
	const inactiveTypes = new Set(ctx.state.priceTypes.filter((p) => p.active === false).map((p) => p.code));
	const errors: Record<string, string> = {};
	const parsed: { el: Json; prices: { code: string; price?: number; remove: boolean }[] }[] = [];
	list.forEach((raw, i) => {
		if (!isObj(raw)) {
			errors[`prices[${i}]`] = 'This value should be of type object.';
			return;
		}
		const rows: { code: string; price?: number; remove: boolean }[] = [];
		if (!Array.isArray(raw.prices)) errors[`prices[${i}].prices`] = 'This value should be of type array.';
		(Array.isArray(raw.prices) ? raw.prices : []).forEach((pr: unknown, j: number) => {
			const p = `prices[${i}].prices[${j}]`;
			if (!isObj(pr)) {
				errors[p] = 'This value should be of type object.';
				return;
			}
			const code = typeof pr.code === 'string' ? pr.code : undefined;
			if (!code) errors[`${p}.code`] = 'This value should not be blank.';
			else if (!types.has(code)) errors[`${p}.code`] = `Price type with code "${code}" does not exist.`;
			const remove = pr.remove === true || pr.remove === 1 || pr.remove === '1' || pr.remove === 'true';
			// A switched-off price type takes no prices (removing one is allowed): the stricter reading, not published.
			if (code && inactiveTypes.has(code) && !remove) errors[`${p}.code`] = `Price type with code "${code}" is not active.`;
			const price = nonNegative(pr.price);
			if (!remove && price === undefined) errors[`${p}.price`] = 'This value should be greater than or equal to 0.';
			if (code) rows.push({ code, price, remove });
		});
		parsed.push({ el: raw, prices: rows });
	});
	if (Object.keys(errors).length) throw entityFormat(errors);

	const siteOf = siteResolver(
		ctx,
		parsed.map((p) => p.el),
		(el) => (typeof el.site === 'string' && el.site ? el.site : undefined),
	);
	let processed = 0;
	const notFoundOffers: Json[] = [];
	for (const { el, prices } of parsed) {
		const offers = addressedOffers(ctx, el, () => siteOf(el));
		if (offers.length === 0) {
			notFoundOffers.push(sentIdentity(el));
			continue;
		}
		processed++;
		for (const offer of offers) {
			for (const p of prices) {
				if (p.remove) delete offer.prices[p.code];
				else offer.prices[p.code] = p.price!;
			}
		}
	}
	return { status: 200, body: { success: true, processedOffersCount: processed, notFoundOffers } };
}

const INVENTORY_FILTERS = ['ids', 'offerExternalId', 'offerXmlId', 'offerArticle', 'productExternalId', 'productArticle', 'productActive', 'offerActive', 'details', 'sites', 'catalogs'] as const;

const truthy = (v: PhpValue | undefined) => {
	const s = asString(v);
	return s === undefined || s === '' ? undefined : s === '1' || s === 'true';
};

function setOf(v: PhpValue | undefined): Set<string> | undefined {
	const l = asStringList(v);
	return l && l.length ? new Set(l) : undefined;
}

/** Sites addressed by `sites[]` and `catalogs[]`, intersected with the key's sites. */
function siteFilter(ctx: RequestContext, f: Record<string, PhpValue>): Set<string> {
	let sites = new Set(ctx.keySites());
	const wanted = setOf(f.sites);
	if (wanted) sites = new Set([...sites].filter((s) => wanted.has(s)));
	const catalogs = setOf(f.catalogs);
	if (catalogs) sites = new Set([...sites].filter((s) => catalogs.has(ctx.state.sites[s]?.catalogId ?? '')));
	return sites;
}

function listInventories(ctx: RequestContext) {
	const { limit, page } = ctx.paging();
	const f = ctx.filter(INVENTORY_FILTERS);
	const ids = setOf(f.ids);
	const ext = setOf(f.offerExternalId);
	const xml = setOf(f.offerXmlId);
	const article = setOf(f.offerArticle);
	const productExt = asString(f.productExternalId);
	const productArticle = setOf(f.productArticle);
	const productActive = truthy(f.productActive);
	const offerActive = truthy(f.offerActive);
	const details = truthy(f.details) ?? truthy(ctx.param('details')) ?? false;
	const sites = siteFilter(ctx, f);
	const rows = ctx.state.offers.filter((o) => {
		if (!sites.has(o.site)) return false;
		if (ids && !ids.has(String(o.id))) return false;
		if (ext && (!o.externalId || !ext.has(o.externalId))) return false;
		if (xml && (!o.xmlId || !xml.has(o.xmlId))) return false;
		if (article && (!o.article || !article.has(o.article))) return false;
		if (offerActive !== undefined && o.active !== offerActive) return false;
		if (productExt !== undefined || productArticle || productActive !== undefined) {
			const p = ctx.store.product(o.productId);
			if (productExt !== undefined && p?.externalId !== productExt) return false;
			if (productArticle && (!p?.article || !productArticle.has(p.article))) return false;
			if (productActive !== undefined && p?.active !== productActive) return false;
		}
		return true;
	});
	sortById(rows, 'desc');
	const { items, pagination } = paginate(rows, limit, page);
	const offers = items.map((o) => {
		const stocks = Object.entries(o.stocks);
		const out: Json = { id: o.id, externalId: o.externalId, xmlId: o.xmlId, site: o.site, quantity: offerQuantity(o) };
		const purchase = stocks.find(([, s]) => s.purchasePrice !== undefined)?.[1].purchasePrice ?? o.purchasePrice;
		if (purchase !== undefined) out.purchasePrice = purchase;
		if (details) out.stores = stocks.map(([store, s]) => ({ store, quantity: s.available, purchasePrice: s.purchasePrice ?? 0 }));
		return out;
	});
	return { status: 200, body: { success: true, pagination, offers } };
}

const OFFER_FILTERS = ['ids', 'externalIds', 'xmlIds', 'name', 'sites', 'catalogs', 'active', 'sinceId', 'groups', 'priceType', 'minPrice', 'maxPrice', 'minQuantity', 'maxQuantity', 'properties'] as const;

function listOffers(ctx: RequestContext) {
	const { limit, page } = ctx.paging();
	const f = ctx.filter(OFFER_FILTERS);
	const ids = setOf(f.ids);
	const ext = setOf(f.externalIds);
	const xml = setOf(f.xmlIds);
	const name = asString(f.name)?.toLowerCase();
	const active = truthy(f.active);
	const sinceId = asString(f.sinceId);
	const groups = setOf(f.groups);
	const sites = siteFilter(ctx, f);
	const rows = ctx.state.offers.filter(
		(o) =>
			sites.has(o.site) &&
			(!ids || ids.has(String(o.id))) &&
			(!ext || (o.externalId !== undefined && ext.has(o.externalId))) &&
			(!xml || (o.xmlId !== undefined && xml.has(o.xmlId))) &&
			(!name || o.name.toLowerCase().includes(name)) &&
			(active === undefined || o.active === active) &&
			(!sinceId || o.id > Number(sinceId)) &&
			(!groups || (ctx.store.product(o.productId)?.groupIds ?? []).some((g) => groups.has(String(g)))),
	);
	// With sinceId the natural cursor order is ascending (a choice); otherwise newest first.
	sortById(rows, sinceId ? 'asc' : 'desc');
	const { items, pagination } = paginate(rows, limit, page);
	return { status: 200, body: { success: true, pagination, offers: items.map((o) => renderOffer(ctx.store, o, true)) } };
}

const PRODUCT_FILTERS = [
	'ids', 'externalId', 'xmlId', 'offerIds', 'offerExternalId', 'offerXmlId', 'groups', 'groupExternalId', 'sites', 'catalogs', 'active', 'name', 'url',
	'manufacturer', 'priceType', 'minPrice', 'maxPrice', 'minQuantity', 'maxQuantity', 'sinceId', 'sinceUpdatedAt', 'properties',
] as const;

function listProducts(ctx: RequestContext) {
	const { limit, page } = ctx.paging();
	const f = ctx.filter(PRODUCT_FILTERS);
	const ids = setOf(f.ids);
	const ext = asString(f.externalId);
	const offerIds = setOf(f.offerIds);
	const offerExt = asString(f.offerExternalId);
	const offerXml = asString(f.offerXmlId);
	const groups = setOf(f.groups);
	const groupExt = asString(f.groupExternalId);
	const active = truthy(f.active);
	const name = asString(f.name)?.toLowerCase();
	const sinceId = asString(f.sinceId);
	const sites = siteFilter(ctx, f);
	const groupByExt = groupExt !== undefined ? ctx.state.productGroups.find((g) => g.externalId === groupExt)?.id : undefined;
	const rows = ctx.state.products.filter((p) => {
		if (!sites.has(p.site)) return false;
		if (ids && !ids.has(String(p.id))) return false;
		if (ext !== undefined && p.externalId !== ext) return false;
		if (active !== undefined && p.active !== active) return false;
		if (name && !p.name.toLowerCase().includes(name)) return false;
		if (sinceId && p.id <= Number(sinceId)) return false;
		if (groups && !p.groupIds.some((g) => groups.has(String(g)))) return false;
		if (groupExt !== undefined && (groupByExt === undefined || !p.groupIds.includes(groupByExt))) return false;
		if (offerIds || offerExt !== undefined || offerXml !== undefined) {
			const offers = ctx.store.offersOfProduct(p.id);
			if (offerIds && !offers.some((o) => offerIds.has(String(o.id)))) return false;
			if (offerExt !== undefined && !offers.some((o) => o.externalId === offerExt)) return false;
			if (offerXml !== undefined && !offers.some((o) => o.xmlId === offerXml)) return false;
		}
		return true;
	});
	sortById(rows, sinceId ? 'asc' : 'desc');
	const { items, pagination } = paginate(rows, limit, page);
	return { status: 200, body: { success: true, pagination, products: items.map((p) => renderProduct(ctx.store, p, true)) } };
}

const GROUP_FILTERS = ['sites', 'active', 'ids', 'parentGroupId', 'minLevel', 'maxLevel', 'catalogs'] as const;

function listProductGroups(ctx: RequestContext) {
	const { limit, page } = ctx.paging();
	const f = ctx.filter(GROUP_FILTERS);
	const ids = setOf(f.ids);
	const active = truthy(f.active);
	const parent = asString(f.parentGroupId);
	const sites = siteFilter(ctx, f);
	const rows = ctx.state.productGroups.filter(
		(g) => sites.has(g.site) && (!ids || ids.has(String(g.id))) && (active === undefined || g.active === active) && (!parent || String(g.parentId) === parent),
	);
	sortById(rows, 'desc');
	const { items, pagination } = paginate(rows, limit, page);
	return { status: 200, body: { success: true, pagination, productGroup: items } };
}

export function storeRoutes(): Route[] {
	return [
		{ method: 'GET', path: 'v5/store/inventories', scope: 'store_read', limits: [20, 50, 100, 250], handler: listInventories },
		{ method: 'POST', path: 'v5/store/inventories/upload', scope: 'store_write', handler: uploadInventories },
		{ method: 'POST', path: 'v5/store/prices/upload', scope: 'store_write', handler: uploadPrices },
		{ method: 'GET', path: 'v5/store/offers', scope: 'store_read', handler: listOffers },
		{ method: 'GET', path: 'v5/store/products', scope: 'store_read', handler: listProducts },
		{ method: 'GET', path: 'v5/store/product-groups', scope: 'store_read', handler: listProductGroups },
	];
}
