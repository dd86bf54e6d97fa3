/**
 * The setup checks against both sandboxes: all green on the seed, and each broken set-up gives exactly one failing
 * check, with advice that names the fix. (The nodes' Check Setup operations run these; see the workflow test.)
 */
import { checkOneCSetup, checkRetailCrmSetup, isGreen, type CheckItem, type OneCSetupOptions, type RetailCrmSetupOptions } from '../../../../nodes/core/sync/setup-check';
import { forgetSliceLastForms } from '../../../../nodes/core/onec/client';
import { basicAuthHeader } from '../../../../nodes/core/onec/auth';
import { OPTIONAL_SETS, PROGRESS_SETS, REQUIRED_SETS, UT } from '../../../../nodes/core/onec/model';
import { SEED_IDS } from '../../../sandboxes/onec/fixtures/seed';
import type { OneCSandbox } from '../../../sandboxes/onec/server';
import { control, sandboxClient, withSandbox } from '../../../integration/onec/sandbox-helpers';
import { SandboxHarness } from '../../../integration/retailcrm/sandbox-harness';
import { INTEGRATION_KEY, SITE_CODE } from '../../../sandboxes/retailcrm/fixtures/reference-data';

const failing = (items: CheckItem[]) => items.filter((i) => i.status === 'fail');
const warnings = (items: CheckItem[]) => items.filter((i) => i.status === 'warn');
const only = (items: CheckItem[]): CheckItem => {
	const f = failing(items);
	expect(f.map((i) => i.check)).toHaveLength(1);
	return f[0];
};

describe('1C setup check (1C UT10 Store → Check Setup)', () => {
	let sb: OneCSandbox;
	let ctl: ReturnType<typeof control>;
	const TEMPLATE: OneCSetupOptions = {
		organizationKey: SEED_IDS.organizations.ivanov,
		warehouseKeys: [SEED_IDS.warehouses.main, SEED_IDS.warehouses.retail],
		priceTypeKeys: [SEED_IDS.priceTypes.retail, SEED_IDS.priceTypes.purchase],
		currencyKey: SEED_IDS.currencies.rub,
		deliveryItemKey: SEED_IDS.items.delivery,
		testWrite: true,
	};
	const run = async (options: OneCSetupOptions = TEMPLATE, auth?: string) => (await checkOneCSetup(sandboxClient(sb, {}, auth).client, options));

	beforeAll(async () => {
		sb = await withSandbox('seed');
		ctl = control(sb);
	});
	afterAll(async () => sb.close());
	beforeEach(async () => {
		await ctl.reset();
		forgetSliceLastForms();
	});

	it('is all green on the seed with the templates\' settings, and says plainly what the write test left behind', async () => {
		const items = await run();
		expect(items.filter((i) => i.status === 'fail' || i.status === 'warn')).toEqual([]);
		expect(isGreen(items)).toBe(true);
		expect(items.every((i) => i.system === '1C')).toBe(true);
		const checks = items.map((i) => i.check);
		for (const set of REQUIRED_SETS) expect(checks).toContain(`set ${set}`);
		expect(checks).toEqual(expect.arrayContaining(['connection', 'feature Balance', 'feature SliceLast', 'feature cast', 'feature composite $orderby', 'setting organization', 'setting currency', 'write customer order']));
		// The default sandbox refuses composite $orderby: the fallback is reported, not failed.
		expect(items.find((i) => i.check === 'feature composite $orderby')).toMatchObject({ status: 'info', message: expect.stringMatching(/fallback/) });
		const write = items.find((i) => i.check === 'write customer order')!;
		expect(write.message).toMatch(/^The 1C user may add and change customer orders: the test order N8N\d{8} \(Ref_Key [0-9a-f-]{36}\) was created marked for deletion and changed once/);
		const ref = /Ref_Key ([0-9a-f-]{36})/.exec(write.message)![1];
		expect(sb.state.store.get(UT.Document_ЗаказПокупателя.set, ref)).toMatchObject({ DeletionMark: true, Posted: false });
	});

	it('without the write test it writes nothing and says how to run it', async () => {
		await ctl.clearRequests();
		const items = await run({ ...TEMPLATE, testWrite: false });
		expect(isGreen(items)).toBe(true);
		expect((await ctl.requests()).filter((r) => r.method !== 'GET')).toEqual([]);
		expect(items.find((i) => i.check === 'write customer order')).toMatchObject({ status: 'info', message: expect.stringMatching(/^Not run/) });
	});

	describe('each broken set-up gives one failing check with the right advice', () => {
		it('1. a set missing from the OData composition', async () => {
			await ctl.config({ published: REQUIRED_SETS.filter((s) => s !== UT.Catalog_Номенклатура.set) });
			const f = only(await run());
			expect(f).toMatchObject({ check: 'set Catalog_Номенклатура', advice: expect.stringMatching(/^Add it to the standard OData composition \(УстановитьСоставСтандартногоИнтерфейсаOData/) });
		});

		it('2. a set published but not readable by the 1C user (403)', async () => {
			await ctl.config({ deny: [{ set: UT.Catalog_Контрагенты.set, access: 'read' }] });
			const f = only(await run());
			expect(f).toMatchObject({ check: 'set Catalog_Контрагенты', message: expect.stringMatching(/may not read it \(HTTP 403, «Нарушение прав доступа!»\)/), advice: expect.stringMatching(/right to read/) });
		});

		it('3. a wrong password', async () => {
			const items = await run(TEMPLATE, basicAuthHeader(sb.user, 'wrong-password'));
			expect(items).toHaveLength(1);
			expect(only(items)).toMatchObject({ check: 'connection', advice: expect.stringMatching(/user and password/) });
			expect(JSON.stringify(items)).not.toContain('wrong-password');
		});

		it('4. a URL without the OData interface', async () => {
			const base = sb.url.replace('/ut103/', '/other/');
			const items = await checkOneCSetup(sandboxClient(sb, { rootUrl: base }).client, TEMPLATE);
			expect(only(items)).toMatchObject({ check: 'connection', advice: expect.stringMatching(/Check the OData URL/) });
		});

		it('5. the 1C server out of licences (its own text reaches the report)', async () => {
			await ctl.faults({ status: 500, count: 100, body: 'Превышено максимальное количество лицензий', contentType: 'text/plain;charset=utf-8' });
			const f = only(await run());
			expect(f).toMatchObject({ check: 'connection', message: expect.stringContaining('«Превышено максимальное количество лицензий»'), advice: expect.stringMatching(/no free licence/) });
		});

		it('6. an organization key from another base', async () => {
			const f = only(await run({ ...TEMPLATE, organizationKey: '5eed0002-0000-4000-8000-0000000000ff' }));
			expect(f).toMatchObject({ check: 'setting organization', advice: 'Pick the organization again from the list in the workflow\'s node.' });
		});

		it('7. a warehouse folder instead of a warehouse', async () => {
			const f = only(await run({ ...TEMPLATE, warehouseKeys: [SEED_IDS.warehouses.branchesFolder] }));
			expect(f).toMatchObject({ check: `setting warehouse ${SEED_IDS.warehouses.branchesFolder}`, advice: 'Pick a warehouse inside the folder.' });
		});

		it('7b. a delivery item that is goods or a set, not a service', async () => {
			expect(only(await run({ ...TEMPLATE, deliveryItemKey: SEED_IDS.items.jeans48 }))).toMatchObject({
				check: 'setting delivery item',
				message: 'The delivery item «Джинсы Элегантность (48)» is goods, not a service: UT 10.3 posts only services in the order\'s Услуги table, so orders with a delivery cost would stop.',
				advice: 'Mark it a service in 1C («Услуга»), or pick a service item as Delivery Item.',
			});
			expect(only(await run({ ...TEMPLATE, deliveryItemKey: SEED_IDS.items.kit, testWrite: false })).message).toMatch(/is goods, not a service/);
			const delivery = sb.state.store.get(UT.Catalog_Номенклатура.set, SEED_IDS.items.delivery)!;
			sb.state.store.put(UT.Catalog_Номенклатура.set, { ...delivery, Набор: true });
			expect((await run({ ...TEMPLATE, testWrite: false })).find((i) => i.check === 'setting delivery item')).toMatchObject({ status: 'fail', message: expect.stringMatching(/^The delivery item «Доставка» is a set \(Набор\)/) });
		});

		it('8. a price type marked for deletion', async () => {
			await sandboxClient(sb).client.setDeletionMark(UT.Catalog_ТипыЦенНоменклатуры, SEED_IDS.priceTypes.purchase, true);
			const f = only(await run());
			expect(f).toMatchObject({ check: `setting price type ${SEED_IDS.priceTypes.purchase}`, message: expect.stringMatching(/marked for deletion/) });
		});

		it('9. a 1C user who may not add customer orders', async () => {
			await ctl.config({ deny: [{ set: UT.Document_ЗаказПокупателя.set, access: 'write' }] });
			const f = only(await run());
			expect(f).toMatchObject({ check: 'write customer order', advice: expect.stringMatching(/rights to add, change and post «Заказ покупателя»/) });
		});
	});

	it('an optional set missing is a warning naming what needs it; an old platform a warning with the fallback', async () => {
		await ctl.config({ published: REQUIRED_SETS, compositeFilters: false });
		const items = await run();
		expect(failing(items)).toEqual([]);
		expect(warnings(items).map((i) => i.check).sort()).toEqual(
			[
				'feature cast',
				'set AccumulationRegister_ТоварыВНТТ',
				'set AccumulationRegister_ТоварыКПередачеСоСкладов',
				'set InformationRegister_КонтактнаяИнформация',
				'set InformationRegister_КурсыВалют',
				'set Catalog_ВидыКонтактнойИнформации',
				'set Document_РеализацияТоваровУслуг',
				'set AccumulationRegister_ЗаказыПокупателей',
				'set AccumulationRegister_РасчетыСКонтрагентами',
				'set Document_ПриходныйКассовыйОрдер',
				'set Document_ПлатежноеПоручениеВходящее',
				'set Document_ОплатаОтПокупателяПлатежнойКартой',
			].sort(),
		);
		expect(items.find((i) => i.check === 'set InformationRegister_КурсыВалют')?.message).toMatch(/needed only for foreign-currency price types/);
		expect(items.find((i) => i.check === 'set Catalog_ВидыКонтактнойИнформации')?.message).toMatch(/needed only for the phones and e-mails of new buyers/);
		expect(items.find((i) => i.check === 'set AccumulationRegister_РасчетыСКонтрагентами')?.message).toMatch(/needed only for the order progress \(payments\)\.$/);
		expect(items.find((i) => i.check === 'set Document_ОплатаОтПокупателяПлатежнойКартой')?.message).toMatch(/needed only for the order progress \(card payments\), and only if your base takes payments with this document/);
		expect(items.find((i) => i.check === 'feature cast')?.advice).toMatch(/8\.3\.8\.1652/);
	});

	describe('an answer that is not 1C\'s own, and reads that fail half-way', () => {
		const FORBIDDEN_PAGE = { status: 403, count: 1000, body: '<html><body><h1>403 Forbidden</h1></body></html>', contentType: 'text/html' };

		it('a web server answering 403 to everything: connection fails (nothing is known published), and the check stops', async () => {
			await ctl.faults(FORBIDDEN_PAGE);
			const items = await run();
			expect(items).toHaveLength(1);
			expect(only(items)).toMatchObject({
				check: 'connection',
				message: expect.stringMatching(/^1C or the web server refuses the OData interface at .* \(HTTP 403 on \$metadata, 403 on Catalog_Организации: «403 Forbidden»\)/),
				advice: expect.stringMatching(/standard OData interface.*web server's access rules/),
			});
		});

		it('$metadata refused by the web server, a set 1C refuses to this user: "may not be read", not "is published"', async () => {
			await ctl.faults({ ...FORBIDDEN_PAGE, match: '$metadata' });
			await ctl.config({ deny: [{ set: UT.Catalog_Контрагенты.set, access: 'read' }] });
			const items = await run();
			expect(items.find((i) => i.check === 'connection')?.status).toBe('pass');
			const f = only(items);
			expect(f).toMatchObject({ check: 'set Catalog_Контрагенты', message: 'Catalog_Контрагенты may not be read (HTTP 403, «Нарушение прав доступа!»).', advice: expect.stringMatching(/right to read/) });
		});

		it('$metadata refused: a set missing from the composition is still named, through its 404', async () => {
			await ctl.faults({ status: 403, count: 1000, match: '$metadata', body: 'denied', contentType: 'text/plain' });
			await ctl.config({ published: REQUIRED_SETS.filter((s) => s !== UT.Catalog_Склады.set) });
			const items = await run({ ...TEMPLATE, warehouseKeys: [], testWrite: false });
			expect(only(items)).toMatchObject({ check: 'set Catalog_Склады', message: expect.stringMatching(/^Catalog_Склады is not published: 1C answers 404/), advice: expect.stringMatching(/^Add it to the standard OData composition/) });
		});

		it('a server error on Balance fails the feature, naming the register', async () => {
			await ctl.faults({ status: 500, count: 10, match: 'Balance', body: '{"odata.error":{"code":"-1","message":{"lang":"ru","value":"Ошибка СУБД"}}}', contentType: 'application/json' });
			const f = only(await run());
			expect(f).toMatchObject({ check: 'feature Balance', message: expect.stringMatching(/^Balance of AccumulationRegister_ТоварыНаСкладах failed: .*Ошибка СУБД/), advice: expect.stringMatching(/8\.3\.5/) });
		});

		it('a gateway error on the cast probe is a warning with its text; the rest of the report follows', async () => {
			await ctl.faults({ status: 502, count: 10, match: 'cast', body: '<html><body>502 Bad Gateway</body></html>', contentType: 'text/html' });
			const items = await run();
			expect(failing(items)).toEqual([]);
			expect(warnings(items)).toEqual([
				expect.objectContaining({ check: 'feature cast', message: expect.stringMatching(/^Could not check filters on composite fields \(cast, _Type\): .*502/) }),
			]);
			expect(items.map((i) => i.check)).toEqual(expect.arrayContaining(['feature composite $orderby', 'setting organization', 'setting currency', 'write customer order']));
		});

		it('a server error reading a setting is a warning naming the setting; the next settings are still checked', async () => {
			await ctl.faults({ status: 503, count: 10, match: SEED_IDS.currencies.rub, body: '<html>Service Unavailable</html>', contentType: 'text/html' });
			const items = await run();
			expect(failing(items)).toEqual([]);
			expect(warnings(items)).toEqual([
				expect.objectContaining({ check: 'setting currency', message: expect.stringMatching(new RegExp(`^Could not check the currency ${SEED_IDS.currencies.rub}: .*503`)) }),
			]);
			expect(items.find((i) => i.check === 'write customer order')?.status).toBe('pass');
		});

		it('a setting that is not a GUID fails without a request for it', async () => {
			const items = await run({ ...TEMPLATE, organizationKey: 'Ivanov LLC' });
			expect(only(items)).toMatchObject({ check: 'setting organization', message: 'The organization "Ivanov LLC" is not a 1C Ref_Key (GUID).' });
		});

		it('an error no check expects ends the report with a failed connection item, after the items so far', async () => {
			const { client } = sandboxClient(sb);
			client.sliceLast = () => Promise.reject(new TypeError('boom'));
			const items = await checkOneCSetup(client, TEMPLATE);
			expect(items.at(-1)).toEqual({ system: '1C', check: 'connection', status: 'fail', message: 'The check stopped: boom', advice: expect.stringMatching(/^Fix what the message names/) });
			expect(items.find((i) => i.check === 'feature Balance')?.status).toBe('pass');
		});
	});

	it('names every order-progress set and the contact kinds among its checks, and passes them when published', async () => {
		const items = await run();
		for (const set of [...Object.keys(OPTIONAL_SETS), ...Object.keys(PROGRESS_SETS)]) expect(items.find((i) => i.check === `set ${set}`)).toMatchObject({ status: 'pass' });
		expect(Object.keys(OPTIONAL_SETS)).toContain(UT.Catalog_ВидыКонтактнойИнформации.set);
		expect(Object.keys(PROGRESS_SETS)).toHaveLength(6);
	});
});

describe('retailCRM setup check (RetailCRM Orders → Check Setup)', () => {
	const h = new SandboxHarness();
	const TEMPLATE: RetailCrmSetupOptions = { sites: [SITE_CODE], triggerStatuses: ['send-to-assembling'], stores: ['main', 'showroom'], priceTypes: ['base'] };
	const run = async (options: RetailCrmSetupOptions = TEMPLATE, key = h.keys.integration) => await checkRetailCrmSetup(h.client(key).client, options);
	/** A key with every scope but the ones named, reaching the given sites. */
	const keyWithout = (missing: string[], sites?: string[]) => {
		const integration = h.sandbox.state.apiKeys.find((k) => k.key === INTEGRATION_KEY)!;
		const key = `test-key-${missing.join('-') || 'selective'}-0123456789`;
		h.sandbox.state.apiKeys.push({ ...integration, label: 'test', key, scopes: integration.scopes.filter((s) => !missing.includes(s)), ...(sites ? { siteAccess: 'access_selective' as const, sitesAvailable: sites } : {}) });
		return key;
	};

	beforeAll(async () => h.start());
	afterAll(async () => h.stop());
	beforeEach(async () => h.reset());

	it('is all green on the seed with the templates\' settings', async () => {
		const items = await run();
		expect(items.filter((i) => i.status === 'fail' || i.status === 'warn')).toEqual([]);
		expect(items.map((i) => [i.check, i.status])).toEqual([
			['connection', 'pass'],
			['scopes', 'pass'],
			[`site ${SITE_CODE}`, 'pass'],
			[`catalog URL ${SITE_CODE}`, 'info'],
			['trigger status send-to-assembling', 'pass'],
			['store main', 'pass'],
			['store showroom', 'pass'],
			['price type base', 'pass'],
			['custom field onec_number', 'pass'],
			['custom field onec_ref', 'pass'],
			['custom field onec_shipment_number', 'pass'],
			['warehouse system', 'info'],
			['stock and catalog editing', 'info'],
		]);
		expect(items.find((i) => i.check === 'stock and catalog editing')?.message).toMatch(/Разрешить редактирование остатков.*Разрешить редактирование каталога/);
	});

	describe('each broken set-up gives one failing check with the right advice', () => {
		it('10. a key without store_write: Stock Upload is not served (a warning), the other nodes are', async () => {
			const items = await run(TEMPLATE, keyWithout(['store_write']));
			expect(failing(items)).toEqual([]);
			expect(items.find((i) => i.check === 'scopes')).toMatchObject({ status: 'pass', message: 'The API key serves RetailCRM Orders, Stock Upload → Register Warehouse System, retailCRM 1C Reconcile.' });
			expect(warnings(items)).toEqual([
				expect.objectContaining({ check: 'scopes Stock Upload', message: expect.stringMatching(/lacks store_write, which Stock Upload needs/), advice: expect.stringMatching(/allow: store_write\.$/) }),
			]);
		});

		it('10a. a key serving every node but without customer_read (no node reads customers): all green', async () => {
			const items = await run(TEMPLATE, keyWithout(['customer_read']));
			expect(items.filter((i) => i.status === 'fail' || i.status === 'warn')).toEqual([]);
			expect(items.find((i) => i.check === 'scopes')?.status).toBe('pass');
		});

		it('10b. a key serving no node fails, naming what each node needs', async () => {
			const f = only(await run(TEMPLATE, keyWithout(['order_write', 'store_read', 'store_write', 'integration_write'])));
			expect(f).toMatchObject({ check: 'scopes', message: expect.stringMatching(/^The API key serves none of the nodes: RetailCRM Orders needs order_write; Stock Upload needs store_write;/) });
		});

		it('10c. scopes the caller asks for are each needed', async () => {
			const f = only(await run({ ...TEMPLATE, requiredScopes: ['order_read', 'store_write'] }, keyWithout(['store_write'])));
			expect(f).toMatchObject({ check: 'scopes', message: 'The API key lacks store_write, which the nodes need.', advice: expect.stringMatching(/allow: store_write\.$/) });
		});

		it('11. a trigger status that does not exist', async () => {
			const f = only(await run({ ...TEMPLATE, triggerStatuses: ['to-1c'] }));
			expect(f).toMatchObject({ check: 'trigger status to-1c', advice: expect.stringMatching(/Create the status/) });
		});

		it('12. the custom field onec_number missing', async () => {
			h.sandbox.state.customFieldDefinitions = h.sandbox.state.customFieldDefinitions?.filter((f) => f.code !== 'onec_number');
			const f = only(await run());
			expect(f).toMatchObject({ check: 'custom field onec_number', advice: expect.stringMatching(/Create it in Administration → Custom fields \(entity: order, type: string, code onec_number\)/) });
		});

		it('13. a warehouse (store) code that does not exist', async () => {
			const f = only(await run({ ...TEMPLATE, stores: ['main', 'warehouse-2'] }));
			expect(f).toMatchObject({ check: 'store warehouse-2', advice: expect.stringMatching(/Create it in Administration → Warehouses/) });
		});

		it('14. a price type that does not exist', async () => {
			const f = only(await run({ ...TEMPLATE, priceTypes: ['retail'] }));
			expect(f).toMatchObject({ check: 'price type retail' });
		});

		it('15. a store (site) the key does not reach', async () => {
			h.sandbox.state.sites['other-shop'] = { ...h.sandbox.state.sites[SITE_CODE], id: 2, code: 'other-shop', name: 'Другой магазин' };
			const f = only(await run({ ...TEMPLATE, sites: ['other-shop'] }, keyWithout([], [SITE_CODE])));
			expect(f).toMatchObject({ check: 'site other-shop', advice: expect.stringMatching(/give the key access to the store "other-shop"/) });
		});

		it('16. a wrong API key (never shown)', async () => {
			const items = await run(TEMPLATE, 'WrongKey0123456789abcdefXYZ');
			expect(items).toHaveLength(1);
			expect(only(items)).toMatchObject({ check: 'connection', advice: expect.stringMatching(/Copy an active key/) });
			expect(JSON.stringify(items)).not.toContain('WrongKey0123');
		});

		it('17. a trigger status switched off', async () => {
			h.sandbox.state.statuses['send-to-assembling'].active = false;
			const f = only(await run());
			expect(f).toMatchObject({ check: 'trigger status send-to-assembling', advice: expect.stringMatching(/Switch the status on/) });
		});
	});

	it('onec_ref missing is a warning only; a key that cannot read custom fields gets a warning, not a failure', async () => {
		h.sandbox.state.customFieldDefinitions = h.sandbox.state.customFieldDefinitions?.filter((f) => f.code !== 'onec_ref');
		const items = await run();
		expect(failing(items)).toEqual([]);
		expect(warnings(items)).toMatchObject([{ check: 'custom field onec_ref', message: expect.stringMatching(/externalId belongs to another system/) }]);
		const noRead = await run(TEMPLATE, keyWithout(['custom_fields_read']));
		expect(failing(noRead)).toEqual([]);
		expect(warnings(noRead).map((i) => i.check)).toEqual(['custom field onec_number', 'custom field onec_ref', 'custom field onec_shipment_number']);
	});

	it('the progress field missing is a warning naming the progress template; a field of another type than text fails or warns', async () => {
		const defs = h.sandbox.state.customFieldDefinitions!;
		h.sandbox.state.customFieldDefinitions = defs.filter((f) => f.code !== 'onec_shipment_number').map((f) => (f.code === 'onec_number' ? { ...f, type: 'integer' } : f));
		const items = await run();
		expect(failing(items)).toMatchObject([{ check: 'custom field onec_number', message: 'The order custom field «Номер в 1С» (onec_number) is of type integer, but the orders template writes the 1C document number into it as text.' }]);
		expect(warnings(items)).toMatchObject([{ check: 'custom field onec_shipment_number', message: expect.stringMatching(/the order progress template writes the 1C shipment numbers into it/) }]);
	});

	it('a store (site) code that does not exist fails, naming it', async () => {
		const f = only(await run({ ...TEMPLATE, sites: ['no-such-shop'] }));
		expect(f).toMatchObject({ check: 'site no-such-shop', message: 'There is no store (site) with the code "no-such-shop".' });
	});

	it('a trigger status group that does not exist fails, naming it', async () => {
		const f = only(await run({ ...TEMPLATE, triggerGroups: ['nope'] }));
		expect(f).toMatchObject({ check: 'trigger status group nope', advice: 'Pick the group again in Get Changed Orders.' });
	});

	it('a warehouse and a price type switched off fail, each by its own item', async () => {
		const st = h.sandbox.state as unknown as { stores: Array<{ code: string; active?: boolean }>; priceTypes: Array<{ code: string; active?: boolean }> };
		st.stores.find((s) => s.code === 'main')!.active = false;
		st.priceTypes.find((s) => s.code === 'base')!.active = false;
		const items = await run();
		expect(failing(items).map((i) => [i.check, i.message])).toEqual([
			['store main', expect.stringMatching(/is switched off\.$/)],
			['price type base', expect.stringMatching(/is switched off\.$/)],
		]);
	});

	it('a read that fails after the retries is a warning naming the check; the rest of the report follows', async () => {
		await h.fault({ status: 503, count: 20, match: { path: 'reference/stores$' } });
		const items = await run();
		expect(failing(items)).toEqual([]);
		expect(warnings(items)).toEqual([expect.objectContaining({ check: 'stores', message: expect.stringMatching(/^Could not check: .*503/) })]);
		expect(items.find((i) => i.check === 'price type base')?.status).toBe('pass');
		expect(items.at(-1)?.check).toBe('stock and catalog editing');
	});

	it('an error no check expects ends the report with a failed connection item, after the items so far', async () => {
		const { client } = h.client();
		client.priceTypes = () => Promise.reject(new TypeError('boom'));
		const items = await checkRetailCrmSetup(client, TEMPLATE);
		expect(items.at(-1)).toEqual({ system: 'retailCRM', check: 'connection', status: 'fail', message: 'The check stopped: boom', advice: expect.stringMatching(/^Fix what the message names/) });
		expect(items.find((i) => i.check === 'store main')?.status).toBe('pass');
	});

	it('a warehouse system switched off, and a catalog URL whose loading is off, are warnings saying how to switch them on', async () => {
		const { client } = h.client();
		await client.editIntegrationModule({ code: 'n8n-1c-stock', integrationCode: 'n8n-1c-stock', name: 'n8n', active: false, integrations: { store: { actions: [] } } } as never);
		h.sandbox.state.sites[SITE_CODE] = { ...h.sandbox.state.sites[SITE_CODE], ymlUrl: 'https://n8n.example.ru/webhook/icml', loadFromYml: false };
		const items = await run();
		expect(failing(items)).toEqual([]);
		expect(warnings(items)).toEqual([
			expect.objectContaining({ check: `catalog URL ${SITE_CODE}`, message: expect.stringMatching(/loading from it is switched off/), advice: expect.stringMatching(/^Switch on loading/) }),
			expect.objectContaining({ check: 'warehouse system', message: expect.stringMatching(/but switched off/), advice: expect.stringMatching(/Active on/) }),
		]);
		h.sandbox.state.sites[SITE_CODE].loadFromYml = true;
		expect((await run()).find((i) => i.check === `catalog URL ${SITE_CODE}`)).toMatchObject({ status: 'pass', message: `retailCRM loads the catalog of ${SITE_CODE} from https://n8n.example.ru/webhook/icml.` });
	});

	it('a registered warehouse system passes', async () => {
		const { client } = h.client();
		await client.editIntegrationModule({ code: 'n8n-1c-stock', integrationCode: 'n8n-1c-stock', name: 'n8n', active: true, integrations: { store: { actions: [] } } } as never);
		expect((await run()).find((i) => i.check === 'warehouse system')).toMatchObject({ status: 'pass' });
	});
});
