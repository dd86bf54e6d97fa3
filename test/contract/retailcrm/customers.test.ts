import type { RetailCrmSandbox } from '../../sandboxes/retailcrm/server';
import { SEED_CUSTOMER_IDS } from '../../sandboxes/retailcrm/server';
import { get, postForm, start } from './helpers';

describe('customers', () => {
	let sb: RetailCrmSandbox;
	beforeAll(async () => (sb = await start()));
	afterAll(() => sb.close());
	beforeEach(() => sb.reset('seed'));

	it('seeds an individual, a legal entity with INN/KPP and an enterpreneur', async () => {
		const legal = await get(sb, `/api/v5/customers/${SEED_CUSTOMER_IDS.legalEntity}?by=id`);
		expect(legal.data.customer.contragent).toMatchObject({ contragentType: 'legal-entity', legalName: 'ООО "Ромашка"', INN: '7701234567', KPP: '770101001' });
		const byExternal = await get(sb, '/api/v5/customers/romashka');
		expect(byExternal.data.customer.id).toBe(SEED_CUSTOMER_IDS.legalEntity);
		const ip = await get(sb, `/api/v5/customers/${SEED_CUSTOMER_IDS.enterpreneur}?by=id`);
		expect(ip.data.customer.contragent).toMatchObject({ contragentType: 'enterpreneur', INN: '500100732259', OGRNIP: '304500116000157' });
		const list = await get(sb, '/api/v5/customers?filter[contragentTypes][]=legal-entity&filter[contragentTypes][]=enterpreneur');
		expect(list.data.customers.map((c: any) => c.id)).toEqual([SEED_CUSTOMER_IDS.enterpreneur, SEED_CUSTOMER_IDS.legalEntity]);
		const inn = await get(sb, '/api/v5/customers?filter[contragentInn]=7701234567');
		expect(inn.data.pagination.totalCount).toBe(1);
		expect((await get(sb, '/api/v5/customers/999?by=id')).status).toBe(404);
	});

	it('the site key creates and edits customers; duplicates of externalId are refused', async () => {
		const c = await postForm(sb, '/api/v5/customers/create', { customer: { externalId: 'shop-77', firstName: 'Ольга', phones: [{ number: '+79001112233' }], contragent: { contragentType: 'individual' } } }, sb.keys.site);
		expect(c.status).toBe(201);
		const e = await postForm(sb, '/api/v5/customers/shop-77/edit', { customer: { email: 'olga@example.ru' } }, sb.keys.site);
		expect(e.data).toEqual({ success: true, id: c.data.id });
		const got = await get(sb, '/api/v5/customers/shop-77', sb.keys.site);
		expect(got.data.customer).toMatchObject({ firstName: 'Ольга', email: 'olga@example.ru', phones: [{ number: '+79001112233' }], site: 'test-crm10' });
		const dup = await postForm(sb, '/api/v5/customers/create', { customer: { externalId: 'shop-77' } }, sb.keys.site);
		expect(dup.status).toBe(400);
		const bad = await postForm(sb, '/api/v5/customers/create', { customer: { contragent: { contragentType: 'company' } } });
		expect(bad.data.errors).toEqual({ 'contragent[contragentType]': 'The value you selected is not a valid choice.' });
		expect((await postForm(sb, '/api/v5/customers/create', { customer: {} }, sb.keys.readonly)).status).toBe(403);
	});
});
