import type { CrmOrder } from '../../core/retailcrm/schemas/orders';

/** A flat view of an order for people building flows: the fields they use most, at most a dozen. */
export function simplifyOrder(order: CrmOrder): Record<string, unknown> {
	const o = order as CrmOrder & Record<string, unknown>;
	const customerName = [o.lastName, o.firstName, o.patronymic].filter(Boolean).join(' ');
	const items = Array.isArray(o.items) ? o.items : [];
	return {
		id: o.id,
		number: o.number,
		externalId: o.externalId ?? null,
		site: o.site,
		status: o.status,
		createdAt: o.createdAt,
		customer: customerName || null,
		phone: o.phone ?? null,
		email: o.email ?? null,
		totalSumm: o.totalSumm,
		itemsCount: items.length,
		managerComment: o.managerComment ?? null,
	};
}
