/**
 * The hand-run template workflows/setup-check.json in n8n-core against both sandboxes: both Check Setup operations
 * all green on the seed with the template's values, a broken set-up on each side named by one failing item, the
 * opt-in write test, and the operations' shape in the template (manual trigger only, both credentials by name).
 * Checks keep no state, so an in-process run is the whole story (n8n saves no static data for manual runs anyway).
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import template from '../../workflows/setup-check.json';
import { runWorkflow } from '../helpers/run-workflow';
import { control } from '../integration/onec/sandbox-helpers';
import type { OneCSandbox } from '../sandboxes/onec/server';
import type { RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { forgetSliceLastForms } from '../../nodes/core/onec/client';
import { OPTIONAL_SETS, PROGRESS_SETS, REQUIRED_SETS } from '../../nodes/core/onec/model';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import { closeSandboxes, startTemplateSandboxes } from '../helpers/template-sandboxes';

const CRM = 'retailCRM: Check Setup';
const ONEC = '1C: Check Setup';

describe('template setup-check (run by hand after import)', () => {
	let crm: RetailCrmSandbox;
	let onec: OneCSandbox;
	let credentials: Record<string, ICredentialDataDecryptedObject>;

	beforeAll(async () => ({ crm, onec, credentials } = await startTemplateSandboxes({ rateLimit: false })));
	afterAll(async () => await closeSandboxes(crm, onec));
	beforeEach(async () => {
		crm.reset('seed');
		await control(onec).reset();
		forgetSliceLastForms();
	});

	const run = (patch?: Parameters<typeof runWorkflow>[1]['patch']) => runWorkflow(template, { credentials, mode: 'manual', patch });
	const items = (result: Awaited<ReturnType<typeof run>>, node: string) => result.output(node).map((i) => i.json as IDataObject);
	const problems = (list: IDataObject[]) => list.filter((i) => i.status === 'fail' || i.status === 'warn');

	it('has the id rcrm1cCheck, a manual trigger only, and both Check Setup operations with the credentials by name', () => {
		expect(template.id).toBe('rcrm1cCheck');
		const types = template.nodes.map((n) => n.type);
		expect(types.filter((t) => /Trigger$/.test(t))).toEqual(['n8n-nodes-base.manualTrigger']);
		expect(template.nodes.find((n) => n.name === CRM)).toMatchObject({ parameters: { resource: 'setup', operation: 'checkSetup' }, credentials: { retailCrmApi: { name: 'RetailCRM account' } } });
		expect(template.nodes.find((n) => n.name === ONEC)).toMatchObject({ parameters: { resource: 'setup', operation: 'checkSetup', testWrite: false }, credentials: { oneCUt10Api: { name: '1C UT10 account' } } });
	});

	it('is all green on the seed, one item per check with pairedItem, and writes nothing', async () => {
		onec.state.log.length = 0;
		const result = await run();
		expect(result.error()).toBeUndefined();
		const crmItems = items(result, CRM);
		const onecItems = items(result, ONEC);
		expect(problems(crmItems)).toEqual([]);
		expect(problems(onecItems)).toEqual([]);
		expect(crmItems.map((i) => i.check)).toEqual(expect.arrayContaining(['connection', 'scopes', 'trigger status send-to-assembling', 'store main', 'price type base', 'custom field onec_number']));
		expect(onecItems.map((i) => i.check)).toEqual(expect.arrayContaining(REQUIRED_SETS.map((s) => `set ${s}`)));
		expect(onecItems.filter((i) => /^setting /.test(String(i.check))).map((i) => i.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass']);
		expect(onecItems.find((i) => i.check === 'setting delivery item')).toMatchObject({ status: 'pass', message: 'The delivery item «Доставка» exists.' });
		for (const item of [...result.output(CRM), ...result.output(ONEC)]) expect(item.pairedItem).toEqual({ item: 0 });
		expect(onec.state.log.filter((r) => r.method !== 'GET')).toEqual([]);
		expect(crm.requests().filter((r) => r.method !== 'GET')).toEqual([]);
	});

	it('record-level restrictions: the set check reads one row, so it fails only when that row is hidden from the user (docs/first-contact.md, `set <name>`)', async () => {
		const counterparties = (result: Awaited<ReturnType<typeof run>>) => items(result, ONEC).find((i) => i.check === 'set Catalog_Контрагенты');
		// The first row the check reads ($top=1) is hidden: the set fails with 1C's 403 text and the advice.
		await control(onec).config({ rlsHidden: [{ set: 'Catalog_Контрагенты', refs: [SEED_IDS.counterparties.buyersFolder] }] });
		expect(counterparties(await run())).toMatchObject({ status: 'fail', message: expect.stringContaining('Нарушение прав доступа!'), advice: expect.stringMatching(/without record-level restrictions/) });
		// Another row hidden: the one-row read cannot see it, and the check passes.
		await control(onec).config({ rlsHidden: [{ set: 'Catalog_Контрагенты', refs: [SEED_IDS.counterparties.romashka] }] });
		expect(counterparties(await run())).toMatchObject({ status: 'pass' });
	});

	it('names a missing custom field and an unpublished set, each by one failing item with its advice', async () => {
		crm.state.customFieldDefinitions = crm.state.customFieldDefinitions?.filter((f) => f.code !== 'onec_number');
		await control(onec).config({ published: REQUIRED_SETS.filter((s) => s !== 'Catalog_Склады') });
		const result = await run();
		expect(problems(items(result, CRM)).map((i) => [i.status, i.check])).toEqual([['fail', 'custom field onec_number']]);
		const onecFailures = items(result, ONEC).filter((i) => i.status === 'fail');
		expect(onecFailures).toEqual([
			expect.objectContaining({ system: '1C', check: 'set Catalog_Склады', advice: expect.stringMatching(/УстановитьСоставСтандартногоИнтерфейсаOData/) }),
		]);
	});

	it('a credential refused before any request (plain http:// to a public host) is a failed connection item; the other report still comes out', async () => {
		const refused = (creds: Record<string, ICredentialDataDecryptedObject>) => runWorkflow(template, { credentials: creds, mode: 'manual' });
		const crmRefused = await refused({ ...credentials, retailCrmApi: { url: 'http://myshop.retailcrm.ru', apiKey: crm.keys.integration } });
		expect(crmRefused.error()).toBeUndefined();
		expect(items(crmRefused, CRM)).toEqual([
			{
				system: 'retailCRM',
				check: 'connection',
				status: 'fail',
				message: expect.stringMatching(/^The check could not start: RetailCRM API credential, field "Account URL": plain http:\/\/ to myshop\.retailcrm\.ru/),
				advice: expect.any(String),
			},
		]);
		expect(crmRefused.output(CRM)[0].pairedItem).toEqual({ item: 0 });
		expect(problems(items(crmRefused, ONEC))).toEqual([]);
		expect(items(crmRefused, ONEC).map((i) => i.check)).toEqual(expect.arrayContaining(REQUIRED_SETS.map((s) => `set ${s}`)));
		expect(JSON.stringify(crmRefused.run.data.resultData)).not.toContain(crm.keys.integration);

		const onecRefused = await refused({ ...credentials, oneCUt10Api: { url: 'http://1c.example.com/ut/odata/standard.odata', user: onec.user, password: onec.password } });
		expect(onecRefused.error()).toBeUndefined();
		expect(problems(items(onecRefused, CRM))).toEqual([]);
		expect(items(onecRefused, ONEC)).toEqual([expect.objectContaining({ system: '1C', check: 'connection', status: 'fail', message: expect.stringMatching(/^The check could not start: 1C UT10 API credential, field "OData URL"/) })]);
		expect(JSON.stringify(onecRefused.run.data.resultData)).not.toContain(onec.password);
	});

	it('with Test Order Write on, leaves exactly one order marked for deletion and says so', async () => {
		const result = await run({ [ONEC]: { parameters: { ...template.nodes.find((n) => n.name === ONEC)!.parameters, testWrite: true } } });
		const write = items(result, ONEC).find((i) => i.check === 'write customer order');
		expect(write).toMatchObject({ status: 'pass', message: expect.stringMatching(/marked for deletion/) });
		// It proves the order rights only, and says what it did not try.
		expect(write?.message).toMatch(/Not proved: .*Catalog_Контрагенты.*Catalog_ДоговорыКонтрагентов/);
		const writes = onec.state.log.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path.split('/').pop()?.replace(/\(.*\)/, '(…)')}`);
		expect(writes).toEqual(['POST Document_ЗаказПокупателя', 'PATCH Document_ЗаказПокупателя(…)']);
	});

	// README, First contact ("retailCRM key") and docs/first-contact.md, retailCRM checks: each wrong setting is named.
	const crmParameters = template.nodes.find((n) => n.name === CRM)!.parameters;
	const onecParameters = template.nodes.find((n) => n.name === ONEC)!.parameters;
	const finding = (list: IDataObject[], check: string) => list.find((i) => i.check === check);

	it('retailCRM: a store that does not exist, a missing and a switched-off trigger status, a missing warehouse and price type, a missing onec_ref: one item each; the store switches are a reminder', async () => {
		crm.state.statuses['send-to-assembling'].active = false;
		crm.state.customFieldDefinitions = crm.state.customFieldDefinitions?.filter((f) => f.code !== 'onec_ref');
		const result = await run({
			[CRM]: {
				parameters: { ...crmParameters, sites: ['test-crm10', 'no-such-site'], triggerStatuses: ['send-to-assembling', 'no-such-status'], stores: ['main', 'nowhere'], priceTypes: ['base', 'nope'] },
			},
		});
		expect(result.error()).toBeUndefined();
		const list = items(result, CRM);
		expect(problems(list).map((i) => [i.status, i.check])).toEqual([
			['fail', 'site no-such-site'],
			['fail', 'trigger status send-to-assembling'],
			['fail', 'trigger status no-such-status'],
			['fail', 'store nowhere'],
			['fail', 'price type nope'],
			['warn', 'custom field onec_ref'],
		]);
		expect(finding(list, 'site no-such-site')?.message).toBe('There is no store (site) with the code "no-such-site".');
		expect(finding(list, 'trigger status send-to-assembling')?.message).toMatch(/switched off/);
		expect(finding(list, 'trigger status no-such-status')?.message).toMatch(/no order status with the code "no-such-status"/);
		expect(finding(list, 'store nowhere')?.message).toMatch(/no warehouse \(store\) with the code "nowhere"/);
		expect(finding(list, 'price type nope')?.message).toMatch(/no price type with the code "nope"/);
		expect(finding(list, 'custom field onec_ref')?.message).toMatch(/no order custom field "onec_ref"/);
		expect(finding(list, 'stock and catalog editing')).toMatchObject({ status: 'info', message: expect.stringMatching(/stock editing must be ON .* catalog editing OFF/) });
		expect(crm.requests().filter((r) => r.method !== 'GET')).toEqual([]);
	});

	it('retailCRM: a key made for some nodes passes the scopes and warns per other node; a store it may not reach fails; without custom_fields_read the fields are a warning that it could not look', async () => {
		const key = 'StockOnlyKey0123456789abcdefABCDEF';
		crm.state.apiKeys.push({ label: 'stock', key, scopes: ['store_write', 'reference_read'], siteAccess: 'access_selective', sitesAvailable: [] });
		const result = await runWorkflow(template, { credentials: { ...credentials, retailCrmApi: { url: crm.url, apiKey: key } }, mode: 'manual' });
		expect(result.error()).toBeUndefined();
		const list = items(result, CRM);
		expect(finding(list, 'scopes')).toMatchObject({ status: 'pass', message: 'The API key serves Stock Upload.' });
		expect(problems(list).map((i) => [i.status, i.check])).toEqual([
			['warn', 'scopes RetailCRM Orders'],
			['warn', 'scopes Stock Upload → Register Warehouse System'],
			['warn', 'scopes retailCRM 1C Reconcile'],
			['fail', 'site test-crm10'],
			['warn', 'custom field onec_number'],
			['warn', 'custom field onec_ref'],
			['warn', 'custom field onec_shipment_number'],
		]);
		expect(finding(list, 'scopes RetailCRM Orders')?.message).toMatch(/lacks order_read, order_write, which RetailCRM Orders needs/);
		expect(finding(list, 'site test-crm10')?.message).toBe('The API key may not reach the store "test-crm10".');
		expect(finding(list, 'custom field onec_number')?.message).toMatch(/lacks custom_fields_read/);
		expect(JSON.stringify(result.run.data.resultData)).not.toContain(key);

		// A key that serves no node fails the scopes check, naming per node what it lacks.
		const readonly = items(await runWorkflow(template, { credentials: { ...credentials, retailCrmApi: { url: crm.url, apiKey: crm.keys.readonly } }, mode: 'manual' }), CRM);
		expect(finding(readonly, 'scopes')).toMatchObject({ status: 'fail', message: expect.stringMatching(/^The API key serves none of the nodes: RetailCRM Orders needs order_write; Stock Upload needs store_write/) });
	});

	// README, First contact ("Composition") and docs/first-contact.md, 1C checks.
	it('1C: an optional set left out is a warning naming what needs it; a needed set the user may not read fails with 403; an old platform warns about cast', async () => {
		const all = [...REQUIRED_SETS, ...Object.keys(OPTIONAL_SETS), ...Object.keys(PROGRESS_SETS)];
		await control(onec).config({ published: all.filter((s) => s !== 'InformationRegister_КурсыВалют'), deny: [{ set: 'Catalog_Валюты', access: 'read' }], compositeFilters: false });
		const result = await run();
		expect(result.error()).toBeUndefined();
		const list = items(result, ONEC);
		expect(problems(list).map((i) => [i.status, i.check])).toEqual([
			['fail', 'set Catalog_Валюты'],
			['warn', 'set InformationRegister_КурсыВалют'],
			['warn', 'feature cast'],
		]);
		expect(finding(list, 'set Catalog_Валюты')?.message).toMatch(/^Catalog_Валюты is published, but the 1C user may not read it \(HTTP 403/);
		expect(finding(list, 'set InformationRegister_КурсыВалют')?.message).toMatch(/not in the OData composition.* It is needed only for foreign-currency price types/);
		expect(finding(list, 'feature cast')?.message).toMatch(/older than 8\.3\.8\.1652\. The nodes read barcodes whole, and the order progress finds payments by contract, instead/);
		expect(finding(list, 'setting currency')).toMatchObject({ status: 'info', message: expect.stringMatching(/^Not checked/) });
		expect(onec.state.log.filter((r) => r.method !== 'GET')).toEqual([]);
	});

	it('1C: a setting that is not a GUID, does not exist, is marked for deletion or is a folder, and a delivery item that is goods: one failing item each', async () => {
		const priceTypes = 'Catalog_ТипыЦенНоменклатуры';
		onec.state.store.put(priceTypes, { ...onec.state.store.get(priceTypes, SEED_IDS.priceTypes.retail)!, DeletionMark: true, DataVersion: onec.state.store.nextDataVersion() });
		const missing = '5eed0004-0000-4000-8000-0000000000ff';
		const result = await run({
			[ONEC]: {
				parameters: {
					...onecParameters,
					organization: 'ИП Иванов',
					warehouses: [SEED_IDS.warehouses.main, SEED_IDS.warehouses.branchesFolder, missing],
					priceTypes: [SEED_IDS.priceTypes.retail],
					deliveryItem: SEED_IDS.items.jeans48,
				},
			},
		});
		expect(result.error()).toBeUndefined();
		const list = items(result, ONEC);
		expect(problems(list).map((i) => [i.status, i.check])).toEqual([
			['fail', 'setting organization'],
			['fail', `setting warehouse ${SEED_IDS.warehouses.branchesFolder}`],
			['fail', `setting warehouse ${missing}`],
			['fail', `setting price type ${SEED_IDS.priceTypes.retail}`],
			['fail', 'setting delivery item'],
		]);
		expect(finding(list, 'setting organization')?.message).toBe('The organization "ИП Иванов" is not a 1C Ref_Key (GUID).');
		expect(finding(list, `setting warehouse ${SEED_IDS.warehouses.branchesFolder}`)?.message).toMatch(/is a folder of warehouses/);
		expect(finding(list, `setting warehouse ${missing}`)?.message).toMatch(/does not exist in this base/);
		expect(finding(list, `setting price type ${SEED_IDS.priceTypes.retail}`)?.message).toMatch(/is marked for deletion/);
		expect(finding(list, 'setting delivery item')?.message).toMatch(/is goods, not a service: UT 10\.3 posts only services/);
		expect(onec.state.log.filter((r) => r.method !== 'GET')).toEqual([]);
	});

	it('1C: a wrong password, a wrong URL and a licence-limit page each fail the connection item with what 1C answered; the password is not shown', async () => {
		const onecItems = async (oneCUt10Api: ICredentialDataDecryptedObject) => items(await runWorkflow(template, { credentials: { ...credentials, oneCUt10Api }, mode: 'manual' }), ONEC);
		const wrongPassword = await onecItems({ url: onec.url, user: onec.user, password: 'wrong-secret' });
		expect(wrongPassword).toEqual([expect.objectContaining({ check: 'connection', status: 'fail', advice: expect.stringMatching(/Check the user and password/) })]);
		expect(JSON.stringify(wrongPassword)).not.toContain('wrong-secret');
		const wrongUrl = await onecItems({ url: `${new URL(onec.url).origin}/nothing/odata/standard.odata`, user: onec.user, password: onec.password });
		expect(wrongUrl).toEqual([expect.objectContaining({ check: 'connection', status: 'fail', advice: expect.stringMatching(/Публиковать стандартный интерфейс OData/) })]);
		await control(onec).faults({ status: 500, count: 1000, body: 'Превышено максимальное количество лицензий на клиентские подключения', contentType: 'text/plain;charset=utf-8' });
		const licence = await onecItems({ url: onec.url, user: onec.user, password: onec.password });
		expect(licence).toEqual([expect.objectContaining({ check: 'connection', status: 'fail', message: expect.stringContaining('Превышено максимальное количество лицензий') })]);
	});

	it('1C: Test Order Write leaves one «Заказ покупателя» numbered N8N…, marked for deletion; without the right to add orders it fails naming the rights', async () => {
		const orders = 'Document_ЗаказПокупателя';
		const before = new Set(onec.state.store.rows(orders).map((r) => String(r.Ref_Key)));
		const withWrite = { [ONEC]: { parameters: { ...onecParameters, testWrite: true } } };
		expect((await run(withWrite)).error()).toBeUndefined();
		const added = onec.state.store.rows(orders).filter((r) => !before.has(String(r.Ref_Key)));
		expect(added).toEqual([expect.objectContaining({ Number: expect.stringMatching(/^N8N\d{8}$/), DeletionMark: true, Posted: false })]);

		await control(onec).reset();
		await control(onec).config({ deny: [{ set: orders, access: 'write' }] });
		const denied = items(await run(withWrite), ONEC);
		expect(finding(denied, 'write customer order')).toMatchObject({ status: 'fail', message: expect.stringMatching(/^The 1C user may not add customer orders \(HTTP 403/), advice: expect.stringMatching(/rights to add, change and post «Заказ покупателя»/) });
		expect(onec.state.store.rows(orders).filter((r) => !before.has(String(r.Ref_Key)))).toEqual([]);
	});

	it('README Credentials, 1C UT10 API: the publication base URL without /odata/standard.odata is completed, as by the credential test', async () => {
		const base = onec.url.replace(/\/odata\/standard\.odata\/?$/, '');
		expect(base).not.toMatch(/odata/);
		const result = await runWorkflow(template, { credentials: { ...credentials, oneCUt10Api: { url: base, user: onec.user, password: onec.password } }, mode: 'manual' });
		expect(problems(items(result, ONEC))).toEqual([]);
		expect(items(result, ONEC).map((i) => i.check)).toEqual(expect.arrayContaining(REQUIRED_SETS.map((s) => `set ${s}`)));
	});

	// docs/first-contact.md, retailCRM checks: `warehouse system`, `catalog URL <code>`, `custom field …` of another type,
	// and a read that failed after the retries ("Could not check").
	it('retailCRM: the warehouse system not registered (info) or switched off (warn), catalog loading off (warn), onec_number of another type (fail), a 5xx on a read (warn "Could not check")', async () => {
		const seed = items(await run(), CRM);
		expect(finding(seed, 'warehouse system')).toMatchObject({ status: 'info', message: expect.stringMatching(/^No integration "n8n-1c-stock" is registered as the warehouse system yet: run Stock Upload → Register Warehouse System once/) });

		crm.state.integrationModules['n8n-1c-stock'] = { code: 'n8n-1c-stock', integrationCode: 'n8n-1c-stock', active: false, name: 'n8n', integrations: { store: { actions: [] } } };
		crm.state.sites['test-crm10'].ymlUrl = 'https://n8n.example.com/webhook/icml?token=x';
		crm.state.sites['test-crm10'].loadFromYml = false;
		crm.state.customFieldDefinitions = crm.state.customFieldDefinitions?.map((f) => (f.code === 'onec_number' ? { ...f, type: 'integer' } : f));
		crm.injectFault({ status: 503, count: 1000, match: { path: '/api/v5/reference/stores' } });
		const list = items(await run(), CRM);
		expect(problems(list).map((i) => [i.status, i.check])).toEqual([
			['warn', 'catalog URL test-crm10'],
			['warn', 'stores'],
			['fail', 'custom field onec_number'],
			['warn', 'warehouse system'],
		]);
		expect(finding(list, 'catalog URL test-crm10')?.message).toMatch(/loading from it is switched off/);
		expect(finding(list, 'stores')?.message).toMatch(/^Could not check: .*503/);
		expect(finding(list, 'custom field onec_number')?.message).toMatch(/is of type integer, but the orders template writes the 1C document number into it as text/);
		expect(finding(list, 'warehouse system')?.message).toMatch(/registered as the warehouse system, but switched off/);
		expect(crm.requests().filter((r) => r.method !== 'GET')).toEqual([]);
	}, 30_000);

	// docs/first-contact.md, 1C checks: `connection` (a web server answering 403 to everything), `feature Balance`, and
	// the change half of `write customer order`.
	it('1C: a web server answering 403 to everything fails the connection naming it; a Balance that does not answer fails its feature; a test order 1C will not change fails naming that', async () => {
		await control(onec).faults({ status: 403, count: 1000, body: '<html><body><h1>403 - Forbidden: Access is denied.</h1></body></html>', contentType: 'text/html' });
		const forbidden = items(await run(), ONEC);
		expect(forbidden).toEqual([expect.objectContaining({ check: 'connection', status: 'fail', message: expect.stringMatching(/^1C or the web server refuses the OData interface at /), advice: expect.stringMatching(/web server's access rules/) })]);

		await control(onec).clearFaults();
		await control(onec).faults({ status: 500, count: 1000, match: 'ТоварыНаСкладах/Balance', body: 'Превышено максимальное количество лицензий', contentType: 'text/plain;charset=utf-8' });
		// The control API takes no method; the in-process sandbox does.
		onec.state.faults.status.push({ status: 403, count: 1, method: 'PATCH', match: 'Document_ЗаказПокупателя' });
		const list = items(await run({ [ONEC]: { parameters: { ...onecParameters, testWrite: true } } }), ONEC);
		expect(problems(list).map((i) => [i.status, i.check])).toEqual([
			['fail', 'feature Balance'],
			['fail', 'write customer order'],
		]);
		expect(finding(list, 'feature Balance')?.message).toMatch(/^Balance of AccumulationRegister_ТоварыНаСкладах failed: .*Превышено максимальное количество лицензий/);
		expect(finding(list, 'write customer order')).toMatchObject({ message: expect.stringMatching(/^The 1C user could add the test order N8N\d{8} but not change it/), advice: 'Give the 1C user the right to change «Заказ покупателя».' });
	}, 30_000);

	it('retailCRM: a wrong key and a wrong account address each fail the connection item with the advice, and the key is not shown', async () => {
		const key = 'WrongKey0123456789abcdefABCDEFxyz';
		const wrongKey = await runWorkflow(template, { credentials: { ...credentials, retailCrmApi: { url: crm.url, apiKey: key } }, mode: 'manual' });
		expect(items(wrongKey, CRM)).toEqual([expect.objectContaining({ check: 'connection', status: 'fail', message: expect.stringMatching(/API key is not valid/), advice: expect.stringMatching(/Copy an active key from Administration → Integration → API access keys/) })]);
		expect(JSON.stringify(wrongKey.run.data)).not.toContain(key);
		const wrongUrl = await runWorkflow(template, { credentials: { ...credentials, retailCrmApi: { url: `${crm.url}/some/where`, apiKey: crm.keys.integration } }, mode: 'manual' });
		expect(items(wrongUrl, CRM)).toEqual([expect.objectContaining({ check: 'connection', status: 'fail', message: expect.stringMatching(/No retailCRM API answers at .*\/some\/where/), advice: expect.stringMatching(/account address/) })]);
		expect(JSON.stringify(wrongUrl.run.data)).not.toContain(crm.keys.integration);
	});
});
