/** Customers (docs/retailcrm-api.md#customers): list and get by id|externalId. */
import { paginate, sortById, type RequestContext } from '../context';
import { ApiError, entityFormat, notFound } from '../envelope';
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

function findCustomer(ctx: RequestContext, x: string): Customer {
	let c: Customer | undefined;
	if (ctx.by() === 'id') {
		c = /^\d+$/.test(x) ? ctx.store.customer(Number(x)) : undefined;
	} else {
		const site = ctx.site(true);
		c = ctx.state.customers.find((k) => k.externalId === x && k.site === site);
	}
	if (!c || !ctx.canSee(c.site)) throw notFound();
	return c;
}

function getCustomer(ctx: RequestContext) {
	return { status: 200, body: { success: true, customer: renderCustomer(ctx.store, findCustomer(ctx, ctx.params.x)) } };
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const CONTRAGENT_TYPES = ['individual', 'legal-entity', 'enterpreneur'];

function customerInput(ctx: RequestContext): Json {
	const v = ctx.jsonParam('customer');
	if (!isObj(v)) throw entityFormat({ customer: 'This value should be an object.' });
	const errors: Record<string, string> = {};
	if (isObj(v.contragent) && v.contragent.contragentType !== undefined && !CONTRAGENT_TYPES.includes(String(v.contragent.contragentType)))
		errors['contragent[contragentType]'] = 'The value you selected is not a valid choice.';
	if (v.phones !== undefined && !Array.isArray(v.phones)) errors.phones = 'This value should be of type array.';
	if (Object.keys(errors).length) throw entityFormat(errors);
	return v;
}

/** Copies the writable customer fields from `input` (a partial customer) onto `c`. */
function applyCustomer(c: Customer, input: Json): void {
	for (const k of ['firstName', 'lastName', 'patronymic', 'email', 'externalId'] as const) if (typeof input[k] === 'string') c[k] = input[k] as string;
	if (typeof input.vip === 'boolean') c.vip = input.vip;
	if (typeof input.bad === 'boolean') c.bad = input.bad;
	if (Array.isArray(input.phones)) c.phones = input.phones.filter(isObj).map((p) => ({ number: String(p.number ?? '') }));
	if (isObj(input.address)) c.address = { ...(c.address ?? {}), ...(input.address as Customer['address']) };
	if (isObj(input.contragent)) c.contragent = { ...c.contragent, ...(input.contragent as Partial<Customer['contragent']>) };
	if (isObj(input.customFields)) c.customFields = { ...c.customFields, ...input.customFields };
}

function createCustomer(ctx: RequestContext) {
	const input = customerInput(ctx);
	const site = ctx.site(true, ctx.stringParam('site') ?? (typeof input.site === 'string' ? input.site : undefined))!;
	if (typeof input.externalId === 'string' && ctx.state.customers.some((c) => c.site === site && c.externalId === input.externalId))
		throw new ApiError(400, 'Errors in the entity format', { externalId: 'Customer with this externalId already exists.' });
	const c: Customer = {
		type: 'customer',
		id: ctx.store.nextId('customer'),
		site,
		createdAt: ctx.store.nowIso(),
		phones: [],
		contragent: { contragentType: 'individual' },
		customFields: {},
		vip: false,
		bad: false,
	};
	applyCustomer(c, input);
	ctx.store.addCustomer(c);
	return { status: 201, body: { success: true, id: c.id } };
}

function editCustomer(ctx: RequestContext) {
	const input = customerInput(ctx);
	const c = findCustomer(ctx, ctx.params.x);
	if (typeof input.externalId === 'string' && ctx.state.customers.some((k) => k !== c && k.site === c.site && k.externalId === input.externalId))
		throw new ApiError(400, 'Errors in the entity format', { externalId: 'Customer with this externalId already exists.' });
	applyCustomer(c, input);
	return { status: 200, body: { success: true, id: c.id } };
}

export function customerRoutes(): Route[] {
	return [
		{ method: 'GET', path: 'v5/customers', scope: 'customer_read', handler: listCustomers },
		{ method: 'GET', path: 'v5/customers/:x', scope: 'customer_read', handler: getCustomer },
		{ method: 'POST', path: 'v5/customers/create', scope: 'customer_write', handler: createCustomer },
		{ method: 'POST', path: 'v5/customers/:x/edit', scope: 'customer_write', handler: editCustomer },
	];
}
