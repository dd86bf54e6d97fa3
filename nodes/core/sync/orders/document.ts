import type { CrmDeliveryAddressLike, CrmOrderLike, CrmOrderItemLike } from './crm-order';
import { activeItems, crmDateTo1C } from './crm-order';
import { cmp, dec, sub, toNumber, ZERO } from './decimal';
import type { CustomerOrderPayload, GoodsRow, RowAmountColumns, ServiceRow } from './document-types';
import { OrderMappingError } from './errors';
import type { FractionalPriceMode, RowAmounts } from './line-amounts';
import { lineRows } from './line-amounts';
import type { DocumentKeyOptions } from './document-key';
import { formatDocumentKey } from './document-key';
import { DEFAULT_NUMBER_PREFIX, documentNumberFromCrm } from './number';
import type { TotalsMismatch } from './totals';
import { checkTotals, crmOrderTotal, documentTotal } from './totals';
import { reconcileVatOnTop } from './vat-on-top-reconcile';
import type { VatRateName } from './ut103-model';
import { EMPTY_GUID, UNDEFINED_TYPE, WAREHOUSE_GROUP_TYPE, WAREHOUSE_TYPE } from './ut103-model';
import { vatRateFromCrm } from './vat';

/** What the 1C side resolved for one active CRM line (see `activeItems`). */
export interface ResolvedLine {
	/** Catalog_Номенклатура Ref_Key */
	itemKey: string;
	/** Catalog_ХарактеристикиНоменклатуры Ref_Key, if the offer is a characteristic. */
	characteristicKey?: string;
	/** Catalog_ЕдиницыИзмерения Ref_Key, normally the item's ЕдиницаХраненияОстатков. */
	unitKey: string;
	/** That unit's Коэффициент. The CRM quantity is taken as counted in this unit (as exported to ICML). */
	coefficient: number;
	/** The item's own СтавкаНДС in 1C. */
	vatRate?: VatRateName;
	/** Номенклатура.Услуга: goes to Услуги (posting refuses services in Товары). */
	isService: boolean;
	/** Номенклатура.Набор: posting refuses sets in Товары and in Услуги, so the order cannot be mapped. */
	isSet?: boolean;
	/** Номенклатура.Комплект: posting refuses kits in Услуги. */
	isKit?: boolean;
}

export interface OrderReferences {
	organizationKey: string;
	counterpartyKey: string;
	contractKey: string;
	currencyKey: string;
	/** КурсВзаиморасчетов, default 1 (RUB). */
	exchangeRate?: number;
	/** КратностьВзаиморасчетов, default 1. */
	multiplicity?: number;
	priceTypeKey?: string;
	/** СкладГруппа: a warehouse (Catalog_Склады) or a warehouse group (Catalog_ГруппыДоступностиСкладов). */
	warehouse: { key: string; isGroup?: boolean };
	responsibleKey?: string;
	departmentKey?: string;
	/** Service item for the delivery line; required when the order has a delivery cost. */
	deliveryItem?: { itemKey: string; vatRate?: VatRateName };
	/** One entry per `activeItems(order)`, same order. */
	lines: ResolvedLine[];
}

export interface DocumentOptions {
	/** `onec`: 1C assigns the number; `prefix` (default): `<prefix><zero-padded CRM number>`. */
	numberMode?: 'onec' | 'prefix';
	numberPrefix?: string;
	/** How the document key (НомерВходящегоДокументаЭлектронногоОбмена) is formed; see document-key.ts. */
	documentKey?: DocumentKeyOptions;
	/** УчитыватьНДС, default true. */
	keepVat?: boolean;
	/** СуммаВключаетНДС, default true (retailCRM prices are what the customer pays). */
	amountIncludesVat?: boolean;
	/** Which rate wins for a row: the CRM line's (default; falls back to 1C's) or the 1C item's. */
	vatSource?: 'crm' | 'onec';
	/** Rate when neither side gives one. Default БезНДС. */
	defaultVatRate?: VatRateName;
	/** Document date `YYYY-MM-DDTHH:mm:ss`; default the CRM order's createdAt. */
	date?: string;
	/** Put the warehouse into Товары.Размещение, which reserves stock when posted. Default false. */
	reserve?: boolean;
	fractionalPrice?: FractionalPriceMode;
	/** Содержание of the delivery row when the CRM delivery has no service name. */
	deliveryContent?: string;
	/** Also add the manager's comment to Комментарий. Default false. */
	includeManagerComment?: boolean;
	/**
	 * A line whose sum is zero (a gift: 100 % discount, or a zero price). `refuse` (default): the order is refused
	 * before anything is written, naming the line and the 1C right UT 10.3 posts such lines with; `write`: written
	 * as it is, for a base whose OData user has that right (see docs/orders-buyers-and-lines.md).
	 */
	zeroSumLines?: 'refuse' | 'write';
}

export interface BuiltDocument {
	payload: CustomerOrderPayload;
	/** Undefined when СуммаДокумента equals the retailCRM total. */
	mismatch?: TotalsMismatch;
	/** Human notes: split rows, adjusted sums, fallbacks taken. */
	notes: string[];
}

export function deliveryAddressText(address: CrmDeliveryAddressLike | null | undefined): string {
	if (!address) return '';
	const text = (address.text ?? '').trim();
	if (text) return text;
	const house = address.house ?? address.building;
	const parts = [address.index, address.region, address.city, address.street, house ? `д. ${house}` : '', address.flat ? `кв. ${address.flat}` : ''];
	return parts.map((p) => (p ?? '').trim()).filter((p) => p !== '').join(', ');
}

export function orderComment(order: CrmOrderLike, includeManagerComment = false): string {
	const parts = [`retailCRM №${(order.number ?? '').trim()}`];
	const customer = (order.customerComment ?? '').trim();
	if (customer) parts.push(customer);
	const manager = (order.managerComment ?? '').trim();
	if (includeManagerComment && manager) parts.push(manager);
	return parts.join('\n');
}

function lineName(item: CrmOrderItemLike, index: number): string {
	return item.productName ?? item.offer?.displayName ?? item.offer?.name ?? `line ${index + 1}`;
}

function pickRate(crmRate: unknown, onecRate: VatRateName | undefined, options: DocumentOptions): VatRateName {
	const fromCrm = vatRateFromCrm(crmRate as string | number | null | undefined);
	const fallback = options.defaultVatRate ?? 'БезНДС';
	if (options.vatSource === 'onec') return onecRate ?? fromCrm ?? fallback;
	return fromCrm ?? onecRate ?? fallback;
}

const money = (d: RowAmounts['amount']): number => toNumber(d);

/**
 * UT 10.3 posts a Товары/Услуги row with Сумма = 0 only for a user with the additional right РазрешитьНулевыеЦеныВОпте
 * (header warehouse wholesale, a warehouse group or none) or РазрешитьНулевыеЦеныВРознице (retail, НТТ):
 * rf-bessome/ut10_3_22_percent: src/Documents/ЗаказПокупателя/Ext/ObjectModule.bsl (ПроверитьЗаполнениеТабличнойЧастиТовары,
 * …Услуги: Сумма is required), src/CommonModules/УправлениеЗапасами (КорректировкаСтруктурыОбязательныхПолей drops it
 * for such a user), src/CommonModules/УправлениеДопПравамиПользователей (РазрешитьНулевыеЦеныВОпте/ВРознице).
 */
function zeroSumLineMessage(crmNumber: string, position: number, name: string): string {
	return (
		`retailCRM order ${crmNumber}: line ${position} "${name}" has a zero sum (a 100 % discount or a zero price). ` +
		'UT 10.3 posts such a line only for a 1C user with the additional right "Разрешить нулевые цены в оптовой торговле" ' +
		'(РазрешитьНулевыеЦеныВОпте; "…в розничной торговле", РазрешитьНулевыеЦеныВРознице, for a retail warehouse). ' +
		'Grant it to the 1C user of n8n and set "Zero-Sum Lines" to "Write", or change the line in retailCRM'
	);
}

/**
 * UT 10.3 keeps Количество as Number(15,3) and Цена, Сумма, СуммаНДС, СуммаДокумента as Number(15,2) (ut103
 * metadata): 12 and 13 digits before the point. A larger value cannot be written as it is, so the order is refused
 * before anything is written, naming the line.
 */
const QUANTITY_LIMIT = dec(10 ** 12);
const MONEY_LIMIT = dec(10 ** 13);

/** The quantity and money columns of a Товары or Услуги row; discounts are already in retailCRM's prices. */
function amountColumns(quantity: number, row: RowAmounts, rate: VatRateName): RowAmountColumns {
	return {
		Количество: quantity,
		Цена: money(row.price),
		ПроцентСкидкиНаценки: 0,
		ПроцентАвтоматическихСкидок: 0,
		Сумма: money(row.amount),
		СтавкаНДС: rate,
		СуммаНДС: money(row.vat),
	};
}

function checkDigits(crmNumber: string, line: string, row: RowAmounts): void {
	const tooLarge = (value: RowAmounts['amount'], limit: typeof QUANTITY_LIMIT) => cmp(value, limit) >= 0;
	const what = tooLarge(row.quantity, QUANTITY_LIMIT)
		? `Количество ${toNumber(row.quantity)} is too large for 1C (at most 12 digits before the point)`
		: [row.price, row.amount].some((v) => tooLarge(v, MONEY_LIMIT))
			? `Сумма ${toNumber(row.amount)} is too large for 1C (at most 13 digits before the point)`
			: undefined;
	if (what) throw new OrderMappingError('AMOUNT_TOO_LARGE', `retailCRM order ${crmNumber}: ${line}: ${what}`);
}

/** Builds the ЗаказПокупателя body for one CRM order. Pure: every 1C reference comes in `refs`. */
export function buildCustomerOrder(order: CrmOrderLike, refs: OrderReferences, options: DocumentOptions = {}): BuiltDocument {
	const crmNumber = (order.number ?? '').trim();
	if (!crmNumber) throw new OrderMappingError('NUMBER_EMPTY', `retailCRM order ${order.id} has no number`);
	const notes: string[] = [];
	const keepVat = options.keepVat ?? true;
	const amountIncludesVat = options.amountIncludesVat ?? true;
	const lineOptions = { fractionalPrice: options.fractionalPrice ?? 'splitRows', keepVat, amountIncludesVat };
	const items = activeItems(order);
	if (refs.lines.length !== items.length) {
		throw new OrderMappingError(
			'ITEMS_NOT_RESOLVED',
			`retailCRM order ${crmNumber}: ${items.length} active lines but ${refs.lines.length} resolved 1C items`,
		);
	}

	const date = options.date ?? crmDateTo1C(order.createdAt);
	if (!date) throw new OrderMappingError('DATE_MISSING', `retailCRM order ${crmNumber} has no createdAt and no date was given`);

	// Размещение allows only ЗаказПоставщику, ВнутреннийЗаказ and Склады (UT 10.3 metadata): a warehouse group there
	// is refused by 1C (the sandbox answers 400 code 1). Not reachable today: no node sets `warehouse.isGroup`
	// (onec-writer/resolve-references.ts passes a plain warehouse key). Whoever adds groups must refuse reserving with
	// a group here, as an item-level error, before this line sends WAREHOUSE_GROUP_TYPE.
	const placement = options.reserve ? refs.warehouse.key : '';
	const placementType = options.reserve ? (refs.warehouse.isGroup ? WAREHOUSE_GROUP_TYPE : WAREHOUSE_TYPE) : UNDEFINED_TYPE;

	const goods: GoodsRow[] = [];
	const services: ServiceRow[] = [];
	items.forEach((item, index) => {
		const line = refs.lines[index];
		const name = lineName(item, index);
		// UT 10.3 refuses sets in both tables and kits among services (ЗаказПокупателя's ObjectModule.bsl,
		// ПроверитьЧтоНетНаборов / ПроверитьЧтоНетКомплектов in CommonModules/УправлениеЗапасами).
		if (line.isSet) {
			throw new OrderMappingError('SET_OR_KIT', `retailCRM order ${crmNumber}: "${name}" is a set (Набор) in 1C; UT 10.3 refuses to post sets in Товары or Услуги`);
		}
		if (line.isKit && line.isService) {
			throw new OrderMappingError('SET_OR_KIT', `retailCRM order ${crmNumber}: "${name}" is a service kit (Комплект) in 1C; UT 10.3 refuses to post kits in Услуги`);
		}
		// With VAT not kept, 1C forces БезНДС on every row; we send it that way so nothing changes on write.
		const rate = keepVat ? pickRate(item.vatRate, line.vatRate, options) : 'БезНДС';
		const rows = lineRows(item, rate, lineOptions, `retailCRM order ${crmNumber}, "${name}"`);
		if ((options.zeroSumLines ?? 'refuse') === 'refuse' && rows.some((r) => cmp(r.amount, ZERO) === 0)) {
			throw new OrderMappingError('ZERO_SUM_LINE', zeroSumLineMessage(crmNumber, index + 1, name));
		}
		for (const row of rows) checkDigits(crmNumber, `line ${index + 1} "${name}"`, row);
		if (rows.length > 1) notes.push(`"${name}": unit price has fractions of a kopeck, split into ${rows.length} rows`);
		for (const row of rows) {
			if (row.adjusted) notes.push(`"${name}": Сумма ${money(row.amount)} kept from retailCRM, ≠ Цена × Количество`);
			if (line.isService) {
				services.push({
					LineNumber: String(services.length + 1),
					Номенклатура_Key: line.itemKey,
					Содержание: name,
					...amountColumns(toNumber(row.quantity), row, rate),
				});
			} else {
				goods.push({
					LineNumber: String(goods.length + 1),
					Номенклатура_Key: line.itemKey,
					ХарактеристикаНоменклатуры_Key: line.characteristicKey ?? EMPTY_GUID,
					ЕдиницаИзмерения_Key: line.unitKey,
					Коэффициент: line.coefficient,
					...amountColumns(toNumber(row.quantity), row, rate),
					Размещение: placement,
					Размещение_Type: placementType,
				});
			}
		}
	});

	const deliveryCost = dec(order.delivery?.cost ?? 0);
	if (cmp(deliveryCost, ZERO) > 0) {
		if (!refs.deliveryItem) {
			throw new OrderMappingError('MISSING_DELIVERY_ITEM', `retailCRM order ${crmNumber} has a delivery cost but no delivery service item is configured`);
		}
		const rate = keepVat ? pickRate(order.delivery?.vatRate, refs.deliveryItem.vatRate, options) : 'БезНДС';
		const deliveryLine: CrmOrderItemLike = { quantity: 1, initialPrice: order.delivery?.cost ?? 0 };
		const [row] = lineRows(deliveryLine, rate, lineOptions, `retailCRM order ${crmNumber}, delivery`);
		checkDigits(crmNumber, 'delivery', row);
		services.push({
			LineNumber: String(services.length + 1),
			Номенклатура_Key: refs.deliveryItem.itemKey,
			Содержание: (order.delivery?.service?.name ?? '').trim() || options.deliveryContent || 'Доставка',
			...amountColumns(1, row, rate),
		});
	}

	const shipment = crmDateTo1C(order.delivery?.date ?? order.shipmentDate) ?? `${date.slice(0, 10)}T00:00:00`;
	const payload: CustomerOrderPayload = {
		Date: date,
		Организация_Key: refs.organizationKey,
		Контрагент_Key: refs.counterpartyKey,
		ДоговорКонтрагента_Key: refs.contractKey,
		ВалютаДокумента_Key: refs.currencyKey,
		КурсВзаиморасчетов: refs.exchangeRate ?? 1,
		КратностьВзаиморасчетов: String(refs.multiplicity ?? 1),
		СкладГруппа: refs.warehouse.key,
		СкладГруппа_Type: refs.warehouse.isGroup ? WAREHOUSE_GROUP_TYPE : WAREHOUSE_TYPE,
		УчитыватьНДС: keepVat,
		СуммаВключаетНДС: amountIncludesVat,
		СуммаДокумента: 0,
		Комментарий: orderComment(order, options.includeManagerComment),
		ДатаОтгрузки: shipment,
		АдресДоставки: deliveryAddressText(order.delivery?.address),
		ДополнениеКАдресуДоставки: (order.delivery?.address?.notes ?? '').trim(),
		НомерВходящегоДокументаЭлектронногоОбмена: formatDocumentKey(order, options.documentKey),
		ДатаВходящегоДокументаЭлектронногоОбмена: crmDateTo1C(order.createdAt) ?? date,
		Товары: goods,
		Услуги: services,
	};
	if ((options.numberMode ?? 'prefix') === 'prefix') payload.Number = documentNumberFromCrm(crmNumber, options.numberPrefix ?? DEFAULT_NUMBER_PREFIX);
	if (refs.priceTypeKey) payload.ТипЦен_Key = refs.priceTypeKey;
	if (refs.responsibleKey) payload.Ответственный_Key = refs.responsibleKey;
	if (refs.departmentKey) payload.Подразделение_Key = refs.departmentKey;
	if (keepVat && !amountIncludesVat) {
		const note = reconcileVatOnTop([...goods, ...services], sub(documentTotal(payload), crmOrderTotal(order)));
		if (note) notes.push(note);
	}
	// 1C recomputes it in ПередЗаписью the same way; we send it so a dry run shows the real total.
	payload.СуммаДокумента = toNumber(documentTotal(payload));

	return { payload, mismatch: checkTotals(order, payload), notes };
}
