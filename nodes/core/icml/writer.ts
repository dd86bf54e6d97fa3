/**
 * Streaming ICML writer (docs/retailcrm-api.md#icml): string parts and an escaping function, no DOM.
 * xmlbuilder2 is 10–40× slower at catalog scale (`npm run bench:icml` measures both).
 *
 * It yields string chunks of about `chunkSize` UTF-16 units and never holds more than one chunk,
 * so a caller can stream them to a file or collect them once. All text goes through escape.ts,
 * so every chunk is XML-valid and free of lone surrogates (safe to encode as UTF-8 chunk by chunk).
 * No pretty-printing: one element per line, no indentation (the official generators' re-formatting
 * pass is what makes them slow and memory-heavy, docs/retailcrm-api.md#icml).
 */
import { escapeAttr, escapeText } from './escape';
import { formatDecimal, formatIcmlDate, formatPrice } from './format';
import type { ProductAssignment } from './grouping';
import { isTopLevelParent, type IcmlCategory, type IcmlInput, type IcmlOffer } from './types';

export interface IcmlWriterOptions {
	/** About how big a chunk is: bytes for Buffer chunks (writeIcmlBuffers, buildIcml), UTF-16 units for writeIcml's strings. Default 64 K. */
	chunkSize?: number;
	/** IANA zone for `yml_catalog@date` when the date is a Date. Default UTC. */
	timeZone?: string;
	/**
	 * `integer` (default): quantity floored, as the official writers emit it. `decimal`: up to 3
	 * places, for weighed goods; whether retailCRM keeps fractional ICML stock is UNVERIFIED.
	 */
	quantityFormat?: 'integer' | 'decimal';
	/**
	 * When an offer has no quantity: `zero` (default) writes quantity="0" like every official
	 * writer; `omit` leaves the attribute out. How ICML quantity combines with stock uploaded
	 * through the API is UNVERIFIED (docs/retailcrm-api.md#icml), so keep this configurable.
	 */
	missingQuantity?: 'zero' | 'omit';
	/** Decimal places of `<weight>`: 3 for kilograms to the gram (default), 6 for accounts set to milligrams. */
	weightDecimals?: number;
	/** Label of the article param. Default `Артикул` (code is always `article`). */
	articleParamName?: string;
}

export const DEFAULT_CHUNK_SIZE = 64 * 1024;

function categoryXml(c: IcmlCategory): string {
	const parent = isTopLevelParent(c.parentId) ? '' : ` parentId="${escapeAttr(c.parentId!)}"`;
	const head = `<category id="${escapeAttr(c.id)}"${parent}>`;
	if (c.picture) {
		return `${head}<name>${escapeText(c.name)}</name><picture>${escapeText(c.picture)}</picture></category>\n`;
	}
	return `${head}${escapeText(c.name)}</category>\n`;
}

interface ResolvedOptions {
	integerQuantity: boolean;
	zeroWhenMissing: boolean;
	weightDecimals: number;
	articleParamName: string;
}

function quantityAttr(q: number | undefined, o: ResolvedOptions): string {
	if (q === undefined || q === null) return o.zeroWhenMissing ? ' quantity="0"' : '';
	// Negative stock reaches the writer only when validation was told to clamp it (a warning).
	const v = q > 0 ? q : 0;
	return ` quantity="${o.integerQuantity ? Math.floor(v) : formatDecimal(v, 3)}"`;
}

function offerXml(offer: IcmlOffer, productId: string | undefined, productName: string, o: ResolvedOptions): string {
	let s = `<offer id="${escapeAttr(offer.id)}"`;
	if (productId !== undefined) s += ` productId="${escapeAttr(productId)}"`;
	s += quantityAttr(offer.quantity, o);
	if (offer.type !== undefined) s += ` type="${escapeAttr(offer.type)}"`;
	s += '>\n';
	if (offer.price !== undefined) s += `<price>${formatPrice(offer.price)}</price>\n`;
	if (offer.purchasePrice !== undefined) s += `<purchasePrice>${formatPrice(offer.purchasePrice)}</purchasePrice>\n`;
	if (offer.categoryId !== undefined) s += `<categoryId>${escapeText(offer.categoryId)}</categoryId>\n`;
	const ids = offer.categoryIds;
	if (ids !== undefined) {
		for (let i = 0; i < ids.length; i++) {
			if (ids[i] !== offer.categoryId) s += `<categoryId>${escapeText(ids[i])}</categoryId>\n`;
		}
	}
	s += `<name>${escapeText(offer.name)}</name>\n<productName>${escapeText(productName)}</productName>\n`;
	if (offer.xmlId !== undefined) s += `<xmlId>${escapeText(offer.xmlId)}</xmlId>\n`;
	if (offer.vendor !== undefined) s += `<vendor>${escapeText(offer.vendor)}</vendor>\n`;
	if (offer.article !== undefined && offer.article !== '') {
		s += `<param name="${o.articleParamName}" code="article">${escapeText(offer.article)}</param>\n`;
	}
	const params = offer.params;
	if (params !== undefined) {
		for (let i = 0; i < params.length; i++) {
			const p = params[i];
			const code = p.code !== undefined && p.code !== '' ? ` code="${escapeAttr(p.code)}"` : '';
			s += `<param name="${escapeAttr(p.name)}"${code}>${escapeText(String(p.value))}</param>\n`;
		}
	}
	const u = offer.unit;
	if (u !== undefined) s += `<unit code="${escapeAttr(u.code)}" name="${escapeAttr(u.name)}" sym="${escapeAttr(u.sym)}"/>\n`;
	if (offer.vatRate !== undefined) {
		const vat = typeof offer.vatRate === 'number' ? formatDecimal(offer.vatRate, 2) : escapeText(offer.vatRate.trim());
		s += `<vatRate>${vat}</vatRate>\n`;
	}
	if (offer.weight !== undefined) s += `<weight>${formatDecimal(offer.weight, o.weightDecimals)}</weight>\n`;
	const d = offer.dimensions;
	// Omitted when all zero, as the Bitrix writer does (docs/retailcrm-api.md#icml).
	if (d !== undefined && (d.length > 0 || d.width > 0 || d.height > 0)) {
		s += `<dimensions>${formatDecimal(d.length, 3)}/${formatDecimal(d.width, 3)}/${formatDecimal(d.height, 3)}</dimensions>\n`;
	}
	const barcodes = offer.barcodes;
	if (barcodes !== undefined) {
		for (let i = 0; i < barcodes.length; i++) s += `<barcode>${escapeText(barcodes[i])}</barcode>\n`;
	}
	if (offer.url !== undefined) s += `<url>${escapeText(offer.url)}</url>\n`;
	const pictures = offer.pictures;
	if (pictures !== undefined) {
		for (let i = 0; i < pictures.length; i++) s += `<picture>${escapeText(pictures[i])}</picture>\n`;
	}
	if (offer.productActivity !== undefined) s += `<productActivity>${offer.productActivity ? 'Y' : 'N'}</productActivity>\n`;
	if (offer.markable !== undefined) s += `<markable>${offer.markable ? 'Y' : 'N'}</markable>\n`;
	return s + '</offer>\n';
}

/** Updated by the writers as they go, so a collector can size its buffer from the bytes per offer so far. */
export interface IcmlWriteProgress {
	offersWritten: number;
}

function resolve(options: IcmlWriterOptions): ResolvedOptions {
	return {
		integerQuantity: (options.quantityFormat ?? 'integer') === 'integer',
		zeroWhenMissing: (options.missingQuantity ?? 'zero') === 'zero',
		weightDecimals: options.weightDecimals ?? 3,
		articleParamName: escapeAttr(options.articleParamName ?? 'Артикул'),
	};
}

/**
 * The document as small pieces: the head, one string per category, one per offer, the tail.
 * Measured on Node 20: encoding many small strings (or joining plain parts once) is about twice as
 * fast as building one 64K-character string by `+=` and encoding that (flattening a deep rope is
 * the expensive part), so the chunkers below pack pieces instead of concatenating them.
 * `products` comes from groupOffers (aligned with input.offers). The input is expected to have passed
 * validateIcml; the writer itself does not check it.
 */
export function* writeIcmlPieces(
	input: IcmlInput,
	products: ProductAssignment,
	options: IcmlWriterOptions = {},
	progress: IcmlWriteProgress = { offersWritten: 0 },
): Generator<string, void, undefined> {
	const o = resolve(options);
	const date = formatIcmlDate(input.date, options.timeZone);
	yield '<?xml version="1.0" encoding="UTF-8"?>\n' +
		`<yml_catalog date="${escapeAttr(date)}">\n<shop>\n` +
		`<name>${escapeText(input.shop.name)}</name>\n<company>${escapeText(input.shop.company)}</company>\n` +
		'<categories>\n';
	const categories = input.categories;
	for (let i = 0; i < categories.length; i++) yield categoryXml(categories[i]);
	yield '</categories>\n<offers>\n';
	const offers = input.offers;
	const { productIds, productNames } = products;
	for (let i = 0; i < offers.length; i++) {
		progress.offersWritten = i;
		yield offerXml(offers[i], productIds[i], productNames[i], o);
	}
	progress.offersWritten = offers.length;
	yield '</offers>\n</shop>\n</yml_catalog>\n';
}

/** The document as string chunks of at least `chunkSize` UTF-16 units (the last one may be shorter). */
export function* writeIcml(
	input: IcmlInput,
	products: ProductAssignment,
	options: IcmlWriterOptions = {},
	progress: IcmlWriteProgress = { offersWritten: 0 },
): Generator<string, void, undefined> {
	const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
	let parts: string[] = [];
	let length = 0;
	for (const piece of writeIcmlPieces(input, products, options, progress)) {
		parts.push(piece);
		length += piece.length;
		if (length >= chunkSize) {
			yield parts.join('');
			parts = [];
			length = 0;
		}
	}
	if (parts.length > 0) yield parts.join('');
}

/**
 * The document as UTF-8 Buffers of about `chunkSize` bytes: pieces are encoded straight into a
 * chunk-sized Buffer (no intermediate big string). A piece larger than a chunk gets a chunk of its own.
 * Pieces never contain lone surrogates (escape.ts), so no character is split across chunks.
 */
export function* writeIcmlBuffers(
	input: IcmlInput,
	products: ProductAssignment,
	options: IcmlWriterOptions = {},
	progress: IcmlWriteProgress = { offersWritten: 0 },
): Generator<Buffer, void, undefined> {
	const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
	let chunk = Buffer.allocUnsafe(chunkSize);
	let used = 0;
	for (const piece of writeIcmlPieces(input, products, options, progress)) {
		// UTF-8 needs at most 3 bytes per UTF-16 unit; reserving that means write() never truncates.
		const worst = piece.length * 3;
		if (used + worst > chunk.length) {
			if (used > 0) yield chunk.subarray(0, used);
			chunk = Buffer.allocUnsafe(Math.max(chunkSize, worst));
			used = 0;
		}
		used += chunk.write(piece, used, 'utf8');
	}
	if (used > 0) yield chunk.subarray(0, used);
}
