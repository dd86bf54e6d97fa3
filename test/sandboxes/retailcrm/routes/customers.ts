/** Customers (reference §5): list and get by id|externalId. */
import { paginate, sortById, type RequestContext } from '../context';
import { notFound } from '../envelope';
import { asString, asStringList } from '../php-query';
import { renderCustomer } from '../render';
import type { Route } from '../router';
import type { Customer } from '../types';

const CUSTOMER_FILTERS = ['ids', 'externalIds', 'sites', 'email', 'name', 'contragentInn', 'contragentKpp', 'contragentTypes'] as const;

function listCustomers(ctx: RequestContext) {
	const { limit, page } = ctx.paging();
	const f = ctx.filter(CUSTOMER_FILTERS);
	const set = (name: string) => {
		const l = asStringList(f[name]);
		return l && l.length ? new Set(l) : undefined;
	};
	const ids = set('ids');
	const externalIds = set('externalIds');
	const sites = set('sites');
	const types = set('contragentTypes');
	const email = asString(f.email);
	const name = asString(f.name)?.toLowerCase();
	const inn = asString(f.contragentInn);
	const kpp = asString(f.contragentKpp);
	const visible = new Set(ctx.keySites());
	const rows = ctx.state.customers.filter(
		(c: Customer) =>
			visible.has(c.site) &&
			(!ids || ids.has(String(c.id))) &&
			(!externalIds || (c.externalId !== undefined && externalIds.has(c.externalId))) &&
			(!sites || sites.has(c.site)) &&
			(!types || types.has(c.contragent.contragentType)) &&
			(!email || c.email === email) &&
			(!name || [c.lastName, c.firstName, c.patronymic, c.contragent.legalName].filter(Boolean).join(' ').toLowerCase().includes(name)) &&
			(!inn || c.contragent.INN === inn) &&
			(!kpp || c.contragent.KPP === kpp),
	);
	sortById(rows, 'desc');
	const { items, pagination } = paginate(rows, limit, page);
	return { status: 200, body: { success: true, pagination, customers: items.map((c) => renderCustomer(ctx.store, c)) } };
}

function getCustomer(ctx: RequestContext) {
	const x = ctx.params.x;
	let c: Customer | undefined;
	if (ctx.by() === 'id') {
		c = /^\d+$/.test(x) ? ctx.store.customer(Number(x)) : undefined;
	} else {
		const site = ctx.site(true);
		c = ctx.state.customers.find((k) => k.externalId === x && k.site === site);
	}
	if (!c || !ctx.canSee(c.site)) throw notFound();
	return { status: 200, body: { success: true, customer: renderCustomer(ctx.store, c) } };
}

export function customerRoutes(): Route[] {
	return [
		{ method: 'GET', path: 'v5/customers', scope: 'customer_read', handler: listCustomers },
		{ method: 'GET', path: 'v5/customers/:x', scope: 'customer_read', handler: getCustomer },
	];
}
