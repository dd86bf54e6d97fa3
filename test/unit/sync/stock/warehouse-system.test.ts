/** Register Warehouse System: the module body, merging with what is registered, and the 404 → create path. */
import { RetailCrmApiError } from '../../../../nodes/core/retailcrm/errors';
import { registerWarehouseSystem, warehouseSystemModule } from '../../../../nodes/core/sync/stock/warehouse-system';

const notFound = () => new RetailCrmApiError({ kind: 'notFound', status: 404, message: 'Not found', hint: '' });

describe('warehouse system registration', () => {
	it('builds integrations.store with code, integrationCode and clientId from the code', () => {
		expect(warehouseSystemModule({ code: ' n8n-1c-stock ', name: 'n8n', active: true })).toEqual({
			code: 'n8n-1c-stock',
			integrationCode: 'n8n-1c-stock',
			active: true,
			name: 'n8n',
			clientId: 'n8n-1c-stock',
			integrations: { store: { actions: [] } },
		});
	});

	it('keeps what is registered, puts our fields over it and extra fields over ours; extra cannot move the code', () => {
		const module = warehouseSystemModule(
			{ code: 'm', name: 'new', active: false, baseUrl: 'https://n8n.example.com', extra: { code: 'other', integrations: { store: { actions: [{ code: 'a' }] } }, logo: 'x' } },
			{ code: 'm', name: 'old', active: true, accountUrl: 'https://old', integrations: { delivery: { x: 1 } } } as never,
		);
		expect(module).toEqual({
			code: 'm',
			integrationCode: 'm',
			name: 'new',
			active: false,
			clientId: 'm',
			baseUrl: 'https://n8n.example.com',
			accountUrl: 'https://old',
			logo: 'x',
			integrations: { delivery: { x: 1 }, store: { actions: [{ code: 'a' }] } },
		});
	});

	it('refuses an invalid code or an empty name', () => {
		expect(() => warehouseSystemModule({ code: 'n8n 1c', name: 'x', active: true })).toThrow(/not valid/);
		expect(() => warehouseSystemModule({ code: 'ok', name: ' ', active: true })).toThrow(/name is empty/);
	});

	it('creates on 404, updates when registered, and passes other errors on', async () => {
		const edit = jest.fn(async () => ({}));
		const created = await registerWarehouseSystem({ getIntegrationModule: async () => Promise.reject(notFound()), editIntegrationModule: edit }, { code: 'm', name: 'n', active: true });
		expect(created.created).toBe(true);
		expect(edit).toHaveBeenCalledTimes(1);
		const updated = await registerWarehouseSystem({ getIntegrationModule: async () => ({ code: 'm', active: true }), editIntegrationModule: edit }, { code: 'm', name: 'n', active: false });
		expect(updated).toMatchObject({ created: false, module: { active: false } });
		const denied = new RetailCrmApiError({ kind: 'accessDenied', status: 403, message: 'Access denied', hint: 'scope' });
		await expect(
			registerWarehouseSystem({ getIntegrationModule: async () => Promise.reject(denied), editIntegrationModule: edit }, { code: 'm', name: 'n', active: true }),
		).rejects.toBe(denied);
		expect(edit).toHaveBeenCalledTimes(2);
	});
});
