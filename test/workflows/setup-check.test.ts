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
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { forgetSliceLastForms } from '../../nodes/core/onec/client';
import { REQUIRED_SETS } from '../../nodes/core/onec/model';

const CRM = 'retailCRM: Check Setup';
const ONEC = '1C: Check Setup';

describe('template setup-check (run by hand after import)', () => {
	let crm: RetailCrmSandbox;
	let onec: OneCSandbox;
	let credentials: Record<string, ICredentialDataDecryptedObject>;

	beforeAll(async () => {
		crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed', config: { rateLimit: false } });
		onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
		credentials = {
			retailCrmApi: { url: crm.url, apiKey: crm.keys.integration },
			oneCUt10Api: { url: onec.url, user: onec.user, password: onec.password },
		};
	});
	afterAll(async () => {
		await crm.close();
		await onec.close();
	});
	beforeEach(async () => {
		crm.reset('seed');
		await control(onec).reset();
		forgetSliceLastForms();
	});

	const run = (patch?: Parameters<typeof runWorkflow>[1]['patch']) => runWorkflow(template, { credentials, mode: 'manual', patch });
	const items = (result: Awaited<ReturnType<typeof run>>, node: string) => result.output(node).map((i) => i.json as IDataObject);
	const problems = (list: IDataObject[]) => list.filter((i) => i.status === 'fail' || i.status === 'warn');

	it('has a manual trigger only, and both Check Setup operations with the credentials by name', () => {
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
		const { SEED_IDS } = await import('../sandboxes/onec/fixtures/seed');
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
});
