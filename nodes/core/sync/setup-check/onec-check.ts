/**
 * Setup check of the 1C side, run by hand after import (1C UT10 Store → Setup → Check Setup): connection and login,
 * every set the package uses published and readable (404, 403 and other answers told apart), the platform features
 * the nodes rely on, the organization, warehouses, price types and currency chosen in the templates, and — only when
 * asked — the right to add and change customer orders. See docs/first-contact.md for what each failure means.
 *
 * Requests: 1 ($metadata) + 1 per set (a `$top=1` read) + up to 4 feature probes + 1 per setting given
 * + 2 with the write test (create, change). The write test leaves one «Заказ покупателя» marked for deletion.
 * It can mark features unsupported in the client (cast, composite order), as the nodes would on their first read.
 */
import type { OneCClient } from '../../onec/client';
import { OneCODataError, isNotInComposition, isQueryRefusal, passOn } from '../../onec/errors';
import { OPTIONAL_SETS, PROGRESS_SETS, REQUIRED_SETS, UT } from '../../onec/model';
import { guidLiteral, isGuid, queryParams, stringLiteral } from '../../onec/query';
import { redactUrl } from '../../onec/url';
import { servicesTableRefusal } from '../orders/nomenclature';
import { reporter, runReport, type CheckItem } from './report';

export interface OneCSetupOptions {
	/** Catalog_Организации Ref_Key the order template uses. */
	organizationKey?: string;
	/** Catalog_Склады Ref_Keys the templates use (orders, stock, catalog). */
	warehouseKeys?: readonly string[];
	/** Catalog_ТипыЦенНоменклатуры Ref_Keys the templates use. */
	priceTypeKeys?: readonly string[];
	/** Catalog_Валюты Ref_Key of the order currency. */
	currencyKey?: string;
	/** Catalog_Номенклатура Ref_Key of the orders' delivery item: must be a service (it goes to Услуги). */
	deliveryItemKey?: string;
	/** Create one customer order marked for deletion, then change it: proves the rights to add and change orders. */
	testWrite?: boolean;
	requiredSets?: readonly string[];
	/** Sets only some set-ups need, with what needs them: a missing one is a `warn`. Default: OPTIONAL_SETS and PROGRESS_SETS. */
	optionalSets?: Readonly<Record<string, string>>;
}

const COMPOSITION = 'Add it to the standard OData composition (УстановитьСоставСтандартногоИнтерфейсаOData, run once in the infobase, e.g. from an external processing; README lists every set).';
const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** 1C's own refusal of a right (an OData error body, or its «Нарушение прав доступа!»), not a web server's 403 page. */
function refusedBy1C(error: OneCODataError): boolean {
	return error.code !== undefined || /прав доступа/i.test(error.message1C ?? '');
}

/** What a failed read of a set means for the administrator; `published` when $metadata lists the set. */
function setProblem(set: string, error: OneCODataError, published: boolean): { message: string; advice: string } {
	if (isNotInComposition(error)) return { message: `${set} is not published: 1C answers ${error.status} («${error.message1C ?? ''}»).`, advice: COMPOSITION };
	if (error.kind === 'forbidden' || /прав доступа/i.test(error.message1C ?? '')) {
		const answer = `HTTP ${error.status ?? '—'}${error.message1C ? `, «${error.message1C}»` : ''}`;
		const message = published ? `${set} is published, but the 1C user may not read it (${answer}).` : `${set} may not be read (${answer}).`;
		return {
			message,
			advice:
				'Give the 1C user n8n works as the right to read it (a role with «Чтение» on this object), without record-level restrictions: ' +
				'1C refuses the whole read when it meets a row they hide from the user, also with the role.',
		};
	}
	return { message: `Reading ${set} failed: ${error.message}`, advice: error.hint };
}

/** Advice for a connection failure, by kind. */
function connectionAdvice(error: OneCODataError): string {
	switch (error.kind) {
		case 'auth':
			return 'Check the user and password in the credential «1C UT10 account», exactly as in the 1C user list (1C:Enterprise authentication, Cyrillic allowed).';
		case 'notPublished':
		case 'atom':
		case 'badResponse':
			return 'Check the OData URL: https://<server>/<publication>/odata/standard.odata, with «Публиковать стандартный интерфейс OData» switched on in the publication.';
		case 'network':
		case 'timeout':
			return 'Check that the web server is reachable from the n8n host (address, port, firewall, VPN).';
		default:
			return error.hint;
	}
}

/** The report (runReport: an unexpected failure ends it with a `fail connection` item after the items so far). */
export async function checkOneCSetup(client: OneCClient, options: OneCSetupOptions = {}): Promise<CheckItem[]> {
	return await runReport('1C', async (r) => await runChecks(client, r, options));
}

async function runChecks(client: OneCClient, r: Reporter, options: OneCSetupOptions): Promise<void> {
	const required = options.requiredSets ?? REQUIRED_SETS;
	const optional = options.optionalSets ?? { ...OPTIONAL_SETS, ...PROGRESS_SETS };

	// Connection: $metadata is cheap and lists the composition; a set read stands in where $metadata is blocked.
	let published: Set<string> | undefined;
	try {
		published = await client.publishedSets();
	} catch (error) {
		if (!(error instanceof OneCODataError)) throw passOn(error);
		try {
			await readProbe(client, UT.Catalog_Организации.set);
		} catch (probe) {
			if (!(probe instanceof OneCODataError)) throw passOn(probe);
			if (probe.kind === 'forbidden' && !refusedBy1C(probe)) {
				r.fail(
					'connection',
					`1C or the web server refuses the OData interface at ${redactUrl(client.rootUrl)} (HTTP ${error.status ?? '—'} on $metadata, 403 on ${UT.Catalog_Организации.set}${probe.message1C ? `: «${probe.message1C}»` : ''}): nothing shows that 1C answers or which sets are published.`,
					'Check that the 1C user may use the standard OData interface (its roles), and the web server\'s access rules for the publication (IIS or Apache settings, a proxy or firewall in front of it).',
				);
				return;
			}
			if (!isNotInComposition(probe) && probe.kind !== 'forbidden') {
				r.fail('connection', `No usable OData answer from ${redactUrl(client.rootUrl)}: ${probe.message}`, connectionAdvice(probe));
				return;
			}
		}
	}
	r.pass('connection', `1C answers at ${redactUrl(client.rootUrl)} and accepts the login${published ? `; ${published.size} sets are published` : ''}.`);

	// Every set: published ($metadata) and readable by this user (one $top=1 read).
	const readable = new Set<string>();
	const sets: Array<[string, string | undefined]> = [...required.map((s): [string, undefined] => [s, undefined]), ...Object.entries(optional)];
	for (const [set, purpose] of sets) {
		const report = purpose === undefined ? r.fail : r.warn;
		const needed = purpose === undefined ? '' : ` It is needed only for ${purpose}.`;
		const listed = published !== undefined && (published.has(set) || published.has(`${set}_RecordType`));
		if (published && !listed) {
			report(`set ${set}`, `${set} is not in the OData composition ($metadata does not list it).${needed}`, COMPOSITION);
			continue;
		}
		try {
			await readProbe(client, set);
			readable.add(set);
			r.pass(`set ${set}`, `${set} is published and readable.`);
		} catch (error) {
			if (!(error instanceof OneCODataError)) throw passOn(error);
			const problem = setProblem(set, error, listed);
			report(`set ${set}`, `${problem.message}${needed}`, problem.advice);
		}
	}

	await checkFeatures(client, r, readable);
	await checkSettings(client, r, options, readable);
	await checkWrite(client, r, options, readable);
}

/** `$top=1` of a set; catalogs and documents by Ref_Key only (a whole object can be large). */
async function readProbe(client: OneCClient, set: string): Promise<void> {
	const select = /^(Catalog|Document)_/.test(set) ? ['Ref_Key'] : undefined;
	await client.request('GET', client.url([set], queryParams({ select, top: 1 })), { safeToRepeat: true, set });
}

type Reporter = ReturnType<typeof reporter>;

async function checkFeatures(client: OneCClient, r: Reporter, readable: ReadonlySet<string>): Promise<void> {
	const stock = UT.AccumulationRegister_ТоварыНаСкладах;
	if (readable.has(stock.set)) {
		try {
			await client.balance(stock, { dimensions: ['Склад'], condition: `Склад_Key eq ${guidLiteral(EMPTY_GUID)}` });
			r.pass('feature Balance', 'The virtual table Balance of ТоварыНаСкладах answers (stock reads work).');
		} catch (error) {
			if (!(error instanceof OneCODataError)) throw passOn(error);
			r.fail('feature Balance', `Balance of ${stock.set} failed: ${error.message}`, 'Stock reads need the Balance virtual table; check the platform version (8.3.5 or later) and the publication.');
		}
	}
	const prices = UT.InformationRegister_ЦеныНоменклатуры;
	if (readable.has(prices.set)) {
		try {
			await client.sliceLast(prices, { condition: `ТипЦен_Key eq ${guidLiteral(EMPTY_GUID)}` });
			const form = client.rememberedSliceLastForm(prices) === 'plain' ? `${prices.set}/SliceLast` : `${prices.set}_RecordType/SliceLast`;
			r.pass('feature SliceLast', `The price slice answers (${form}).`);
		} catch (error) {
			if (!(error instanceof OneCODataError)) throw passOn(error);
			r.fail('feature SliceLast', `SliceLast of ${prices.set} failed: ${error.message}`, 'Price reads need the SliceLast virtual table; check the platform version and the publication.');
		}
	}
	const barcodes = UT.InformationRegister_Штрихкоды.records;
	if (readable.has(barcodes.set)) {
		const castFilter = `Владелец eq cast(${guidLiteral(EMPTY_GUID)},${stringLiteral(UT.Catalog_Номенклатура.set)})`;
		try {
			await client.request('GET', client.url([barcodes.set], queryParams({ select: ['Штрихкод'], filter: castFilter, top: 1 })), { safeToRepeat: true, set: barcodes.set });
			r.pass('feature cast', 'Filters on composite fields (cast, _Type) work: platform 8.3.8.1652 or later.');
		} catch (error) {
			if (!isQueryRefusal(error)) couldNotCheck(r, 'feature cast', 'filters on composite fields (cast, _Type)', error);
			else {
				client.markUnsupported('compositeFilter');
				r.warn(
					'feature cast',
					'1C refuses filters on composite fields (cast, _Type): the platform is older than 8.3.8.1652. The nodes read barcodes whole, and the order progress finds payments by contract, instead (slower on big bases).',
					'Update the 1C platform to 8.3.8.1652 or later when you can; nothing else is needed.',
				);
			}
		}
		try {
			await client.request('GET', client.url([barcodes.set], queryParams({ select: ['Штрихкод'], orderby: ['Владелец'], top: 1 })), { safeToRepeat: true, set: barcodes.set });
			r.pass('feature composite $orderby', '1C sorts by composite fields; paged reads of registers keyed by them work.');
		} catch (error) {
			if (!isQueryRefusal(error)) couldNotCheck(r, 'feature composite $orderby', 'sorting by composite fields', error);
			else {
				client.markUnsupported('compositeOrderBy');
				r.info('feature composite $orderby', `1C refuses to sort by composite fields («${error.message1C ?? ''}»). The nodes use their fallback: such registers (contact information) are read whole, without $orderby.`);
			}
		}
	}
}

/** A probe failed for another reason than 1C refusing the feature: a `warn` with 1C's answer, the check goes on. */
function couldNotCheck(r: Reporter, check: string, what: string, error: unknown): void {
	if (!(error instanceof OneCODataError)) throw passOn(error);
	r.warn(check, `Could not check ${what}: ${error.message}`, error.hint);
}

type SettingEntity = typeof UT.Catalog_Организации | typeof UT.Catalog_Склады | typeof UT.Catalog_ТипыЦенНоменклатуры | typeof UT.Catalog_Валюты | typeof UT.Catalog_Номенклатура;

async function checkSettings(client: OneCClient, r: Reporter, options: OneCSetupOptions, readable: ReadonlySet<string>): Promise<void> {
	/** The setting's reference in 1C: it exists, is not marked for deletion, and a warehouse is not a folder. */
	const lookUp = async (check: string, entity: SettingEntity, key: string, what: string): Promise<void> => {
		const row = (await client.find(entity as typeof UT.Catalog_Склады, key, ['Ref_Key', 'Description', 'DeletionMark'])) as { Description: string; DeletionMark: boolean } | null;
		if (!row) {
			r.fail(check, `The ${what} ${key} does not exist in this base (a key from the demo or from another base).`, `Pick the ${what} again from the list in the workflow's node.`);
			return;
		}
		if (row.DeletionMark) {
			r.fail(check, `The ${what} «${row.Description}» is marked for deletion in 1C.`, `Pick another ${what}, or clear its deletion mark in 1C.`);
			return;
		}
		if (entity.set === UT.Catalog_Склады.set) {
			const wh = await client.get(UT.Catalog_Склады, key, ['IsFolder', 'ВидСклада']);
			if (wh.IsFolder) {
				r.fail(check, `«${row.Description}» is a folder of warehouses, not a warehouse.`, 'Pick a warehouse inside the folder.');
				return;
			}
			if (wh.ВидСклада === 'НТТ') {
				r.info(check, `Warehouse «${row.Description}» exists; it is an НТТ (its stock is read from ТоварыВНТТ, and UT does not accept it as the warehouse of customer orders).`);
				return;
			}
		}
		if (entity.set === UT.Catalog_Номенклатура.set) {
			// Delivery goes to the order's Услуги (servicesTableRefusal): goods, a set or a kit there refuse every order
			// with a delivery cost.
			const item = await client.get(UT.Catalog_Номенклатура, key, ['IsFolder', 'Услуга', 'Набор', 'Комплект']);
			const refusal = servicesTableRefusal(item);
			const kind = item.IsFolder ? 'a folder' : refusal ? { goods: 'goods, not a service', set: 'a set (Набор)', kit: 'a kit (Комплект)' }[refusal] : '';
			if (kind) {
				r.fail(check, `The delivery item «${row.Description}» is ${kind}: UT 10.3 posts only services in the order's Услуги table, so orders with a delivery cost would stop.`, 'Mark it a service in 1C («Услуга»), or pick a service item as Delivery Item.');
				return;
			}
		}
		r.pass(check, `The ${what} «${row.Description}» exists.`);
	};
	const one = async (check: string, entity: SettingEntity, key: string, what: string): Promise<void> => {
		if (!isGuid(key)) {
			r.fail(check, `The ${what} "${key}" is not a 1C Ref_Key (GUID).`, `Pick the ${what} from the list in the workflow.`);
			return;
		}
		if (!readable.has(entity.set)) {
			r.info(check, `Not checked: ${entity.set} cannot be read (see its own check).`);
			return;
		}
		try {
			await lookUp(check, entity, key, what);
		} catch (error) {
			if (!(error instanceof OneCODataError)) throw passOn(error);
			r.warn(check, `Could not check the ${what} ${key}: ${error.message}`, error.hint);
		}
	};
	if (options.organizationKey) await one('setting organization', UT.Catalog_Организации, options.organizationKey, 'organization');
	for (const key of options.warehouseKeys ?? []) await one(`setting warehouse ${key}`, UT.Catalog_Склады, key, 'warehouse');
	for (const key of options.priceTypeKeys ?? []) await one(`setting price type ${key}`, UT.Catalog_ТипыЦенНоменклатуры, key, 'price type');
	if (options.currencyKey) await one('setting currency', UT.Catalog_Валюты, options.currencyKey, 'currency');
	if (options.deliveryItemKey) await one('setting delivery item', UT.Catalog_Номенклатура, options.deliveryItemKey, 'delivery item');
	if (!options.organizationKey && !(options.warehouseKeys ?? []).length && !(options.priceTypeKeys ?? []).length && !options.currencyKey && !options.deliveryItemKey) {
		r.info('settings', 'No organization, warehouse, price type, currency or delivery item given: fill them in as in your workflows to have them checked.');
	}
}

/** The test order's number: outside 1C's own numbering (`N8N` + day, hour, minute, second), so no number is used up. */
function testNumber(now: string): string {
	return `N8N${now.slice(8, 10)}${now.slice(11, 13)}${now.slice(14, 16)}${now.slice(17, 19)}`;
}

async function checkWrite(client: OneCClient, r: Reporter, options: OneCSetupOptions, readable: ReadonlySet<string>): Promise<void> {
	const orders = UT.Document_ЗаказПокупателя;
	if (!options.testWrite) {
		r.info('write customer order', 'Not run. Switch on "Test Order Write" to check that the 1C user may add and change customer orders (it creates one order marked for deletion).');
		return;
	}
	if (!readable.has(orders.set)) {
		r.info('write customer order', `Not checked: ${orders.set} cannot be read (see its own check).`);
		return;
	}
	const now = client.now();
	const number = testNumber(now);
	let ref: string;
	try {
		const created = await client.create(orders, {
			Date: now,
			Number: number,
			DeletionMark: true,
			...(options.organizationKey && isGuid(options.organizationKey) ? { Организация_Key: options.organizationKey } : {}),
			Комментарий: 'n8n setup check: a test order, marked for deletion; it can be deleted',
		});
		ref = created.ref;
	} catch (error) {
		if (!(error instanceof OneCODataError)) throw passOn(error);
		const rights = error.kind === 'forbidden' || /прав доступа/i.test(error.message1C ?? '');
		r.fail(
			'write customer order',
			rights ? `The 1C user may not add customer orders (HTTP ${error.status ?? '—'}${error.message1C ? `, «${error.message1C}»` : ''}).` : `Creating a test customer order failed: ${error.message}`,
			rights ? 'Give the 1C user the rights to add, change and post «Заказ покупателя» (and to add counterparties and contracts).' : error.hint,
		);
		return;
	}
	try {
		await client.update(orders, ref, { Комментарий: 'n8n setup check: a test order, marked for deletion; it can be deleted (changed once)' });
	} catch (error) {
		if (!(error instanceof OneCODataError)) throw passOn(error);
		r.fail('write customer order', `The 1C user could add the test order ${number} but not change it: ${error.message}`, 'Give the 1C user the right to change «Заказ покупателя».');
		return;
	}
	r.pass(
		'write customer order',
		`The 1C user may add and change customer orders: the test order ${number} (Ref_Key ${ref}) was created marked for deletion and changed once. It stays in 1C, marked for deletion, until «Удаление помеченных объектов» removes it. Not proved: the orders flow also creates counterparties (Catalog_Контрагенты) and their contracts (Catalog_ДоговорыКонтрагентов) for new buyers, which this test does not try; give the user the right to add those too, and load one real order with a new buyer on a test copy of the base.`,
	);
	r.info('post customer order', 'The right to post is not checked here (posting needs a complete order): post one real order on a test copy of the base (README, 1C smoke test).');
}
