/**
 * README, Troubleshooting: what a user sees in n8n when 1C answers with an error page or refuses a read, through the
 * shipped stock template (workflows/1c-stock-and-prices-to-retailcrm.json) in n8n-core's engine against both sandboxes:
 * - "A 1C error page instead of data ("1C server error (HTTP 500)", with 1C's text): licence limit, locked sessions,
 *   a cluster message … The message keeps 1C's own words."
 * - ""1C refused access … (HTTP 403)" «Нарушение прав доступа!» although the n8n user has the role: record-level
 *   restrictions … hide some rows, and 1C fails the whole read when it meets one."
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import template from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import { runWorkflow, type RunResult } from '../helpers/run-workflow';
import { control } from '../integration/onec/sandbox-helpers';
import type { OneCSandbox } from '../sandboxes/onec/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import type { RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { stockTemplateHooks } from '../helpers/template-sandboxes';

/** Everything n8n shows of a node error: its message and its description. */
const shown = (result: RunResult): string => {
	const e = result.error() as (Error & { description?: string | null }) | undefined;
	expect(e).toBeDefined();
	return `${e!.message}\n${e!.description ?? ''}`;
};

describe('1C error pages and refusals reach the user of the stock template with 1C\'s words', () => {
	let crm: RetailCrmSandbox;
	let onec: OneCSandbox;
	let oneC: ReturnType<typeof control>;
	let credentials: Record<string, ICredentialDataDecryptedObject>;

	stockTemplateHooks((sandboxes) => ({ crm, onec, oneC, credentials } = sandboxes));

	const run = () => runWorkflow(template, { credentials, staticData: {}, trigger: 'Run Now' });
	const uploads = () => crm.requests().filter((r) => r.path.startsWith('/api/v5/store/') && r.method === 'POST');

	it.each([
		['the licence limit (1C\'s plain text)', 'text/plain;charset=utf-8', 'Превышено максимальное количество лицензий на клиентские подключения', 'Превышено максимальное количество лицензий на клиентские подключения', /no free licence/],
		[
			'sessions locked by an administrator (an HTML page)',
			'text/html;charset=utf-8',
			'<html><head><title>Ошибка</title></head><body><p>Начало сеанса с информационной базой запрещено</p></body></html>',
			'Начало сеанса с информационной базой запрещено',
			/locked new sessions/,
		],
		[
			'the 1C server cluster down (1C\'s text on the web server)',
			'text/plain;charset=utf-8',
			'Сервер 1С:Предприятия не обнаружен\nНе удалось подключиться к серверу 1С:Предприятия 8.3 srv1c:1541',
			'Сервер 1С:Предприятия не обнаружен',
			/cannot reach the 1C server cluster/,
		],
	])('%s: the run fails with "1C server error (HTTP 500)" and 1C\'s text; nothing is uploaded', async (_what, contentType, body, words, advice) => {
		await oneC.faults({ status: 500, count: 1000, body, contentType });
		const result = await run();
		const text = shown(result);
		expect(text).toMatch(/1C server error \(HTTP 500\)/);
		expect(text).toContain(words);
		expect(text).toMatch(advice);
		expect(uploads()).toEqual([]);
	});

	it('a row hidden from the n8n user by record-level restrictions: "1C refused access to … (HTTP 403)" with «Нарушение прав доступа!» and the advice to lift the restrictions', async () => {
		await oneC.config({ rlsHidden: [{ set: 'Catalog_Номенклатура', refs: [SEED_IDS.items.jeans48] }] });
		const result = await run();
		const text = shown(result);
		expect(text).toMatch(/1C refused access to Catalog_Номенклатура \(HTTP 403\)/);
		expect(text).toContain('1C: «Нарушение прав доступа!»');
		expect(text).toMatch(/without record-level restrictions/);
		expect(uploads()).toEqual([]);
	});

	// README, First contact ("Composition": "a real base answers 404 for it") and Credentials (a wrong URL): what a run
	// of a template shows when the publication is not right, rather than the setup check.
	it('a set left out of the OData composition: the run fails naming the set, with the advice to add it; nothing is uploaded', async () => {
		const stock = 'AccumulationRegister_ТоварыНаСкладах';
		await oneC.config({ published: [...onec.state.store.model.sets.keys()].filter((name) => !name.startsWith(stock)) });
		const text = shown(await run());
		expect(text).toMatch(/^1C does not publish AccumulationRegister_ТоварыНаСкладах in its OData interface, which this read needs\. Add the register to the OData composition \(«Настройка состава стандартного интерфейса OData» \/ SetStandardODataInterfaceContent\)\.$/m);
		// A register every stock read needs: no option to turn off instead.
		expect(text).not.toMatch(/turn the option off/);
		expect(uploads()).toEqual([]);
	});

	it('an OData URL of no publication: the run fails with "No OData answer from 1C (HTTP 404)" and the advice on the URL; the password is not shown', async () => {
		const wrong = { ...credentials, oneCUt10Api: { url: `${new URL(onec.url).origin}/nothing/odata/standard.odata`, user: onec.user, password: onec.password } };
		const result = await runWorkflow(template, { credentials: wrong, staticData: {}, trigger: 'Run Now' });
		const text = shown(result);
		expect(text).toMatch(/No OData answer from 1C \(HTTP 404\)/);
		expect(text).toMatch(/must end with \/odata\/standard\.odata and «Публиковать стандартный интерфейс OData» must be on/);
		expect(JSON.stringify(result.run.data)).not.toContain(onec.password);
		expect(uploads()).toEqual([]);
	});
});
