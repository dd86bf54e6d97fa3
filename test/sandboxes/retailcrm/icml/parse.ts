/** ICML (docs/retailcrm-api.md#icml) → plain records. Offers missing id, productId or name are skipped and reported. */
import { parseXml, XmlSyntaxError } from './xml-sax';

export interface IcmlCategory {
	id: string;
	parentId?: string;
	name: string;
}

export interface IcmlOffer {
	id: string;
	productId: string;
	name: string;
	productName?: string;
	quantity?: number;
	type?: string;
	price?: number;
	purchasePrice?: number;
	categoryIds: string[];
	xmlId?: string;
	vendor?: string;
	url?: string;
	pictures: string[];
	params: { code?: string; name?: string; value: string }[];
	unit?: { code: string; name: string; sym: string };
	vatRate?: string;
	weight?: number;
	barcode?: string;
	productActivity?: string;
}

export interface IcmlSkipped {
	/** Position of the offer in the file (0-based). */
	index: number;
	id?: string;
	reason: string;
}

export interface ParsedIcml {
	categories: IcmlCategory[];
	offers: IcmlOffer[];
	skipped: IcmlSkipped[];
}

export class IcmlError extends Error {}

const numberOrUndefined = (s: string | undefined) => {
	if (s === undefined || s.trim() === '') return undefined;
	const n = Number(s.trim().replace(',', '.'));
	return Number.isFinite(n) ? n : undefined;
};

export function parseIcml(xml: string): ParsedIcml {
	const categories: IcmlCategory[] = [];
	const offers: IcmlOffer[] = [];
	const skipped: IcmlSkipped[] = [];
	const path: string[] = [];
	let text = '';
	let category: { attrs: Record<string, string>; name?: string } | undefined;
	let offer: { attrs: Record<string, string>; fields: Record<string, string>; categoryIds: string[]; pictures: string[]; params: IcmlOffer['params']; unit?: IcmlOffer['unit']; param?: Record<string, string> } | undefined;
	let offerIndex = 0;
	const seen = new Set<string>();

	try {
		parseXml(xml, {
			open(name, attrs) {
				if (path.length === 0 && name !== 'yml_catalog') throw new IcmlError(`Root element must be <yml_catalog>, got <${name}>`);
				path.push(name);
				text = '';
				const parent = path[path.length - 2];
				if (name === 'category' && parent === 'categories') category = { attrs };
				else if (name === 'offer' && parent === 'offers') offer = { attrs, fields: {}, categoryIds: [], pictures: [], params: [] };
				else if (offer && name === 'param' && parent === 'offer') offer.param = attrs;
				else if (offer && name === 'unit' && parent === 'offer') offer.unit = { code: attrs.code ?? '', name: attrs.name ?? '', sym: attrs.sym ?? '' };
			},
			text(value) {
				text += value;
			},
			close(name) {
				path.pop();
				const parent = path[path.length - 1];
				const value = text.trim();
				if (category) {
					// The name is either the element text or a <name> child (docs/retailcrm-api.md#icml).
					if (name === 'name' && parent === 'category') category.name = value;
					else if (name === 'category') {
						const id = category.attrs.id;
						const parentId = category.attrs.parentId;
						if (id) categories.push({ id, parentId: parentId && !(Number(parentId) <= 0) ? parentId : undefined, name: category.name ?? value });
						category = undefined;
					}
				}
				if (offer) {
					if (parent === 'offer') {
						if (name === 'categoryId') offer.categoryIds.push(value);
						else if (name === 'picture') offer.pictures.push(value);
						else if (name === 'param') {
							offer.params.push({ code: offer.param?.code, name: offer.param?.name, value });
							offer.param = undefined;
						} else if (name !== 'unit') offer.fields[name] = value;
					} else if (name === 'offer') {
						finishOffer(offer, offerIndex++);
						offer = undefined;
					}
				}
				text = '';
			},
		});
	} catch (e) {
		if (e instanceof IcmlError) throw e;
		if (e instanceof XmlSyntaxError) throw new IcmlError(`Malformed XML: ${e.message}`);
		throw e;
	}

	function finishOffer(o: NonNullable<typeof offer>, index: number): void {
		const id = o.attrs.id?.trim();
		const productId = o.attrs.productId?.trim();
		const name = o.fields.name;
		const reason = !id ? 'missing offer id' : !productId ? 'missing productId' : !name ? 'missing name' : seen.has(id) ? 'duplicate offer id' : undefined;
		if (reason) {
			skipped.push({ index, id: id || undefined, reason });
			return;
		}
		seen.add(id!);
		offers.push({
			id: id!,
			productId: productId!,
			name: name!,
			productName: o.fields.productName || undefined,
			quantity: numberOrUndefined(o.attrs.quantity),
			type: o.attrs.type,
			price: numberOrUndefined(o.fields.price),
			purchasePrice: numberOrUndefined(o.fields.purchasePrice),
			categoryIds: o.categoryIds.filter(Boolean),
			xmlId: o.fields.xmlId || undefined,
			vendor: o.fields.vendor || undefined,
			url: o.fields.url || undefined,
			pictures: o.pictures,
			params: o.params,
			unit: o.unit,
			vatRate: o.fields.vatRate || undefined,
			weight: numberOrUndefined(o.fields.weight),
			barcode: o.fields.barcode || undefined,
			productActivity: o.fields.productActivity || undefined,
		});
	}

	return { categories, offers, skipped };
}
