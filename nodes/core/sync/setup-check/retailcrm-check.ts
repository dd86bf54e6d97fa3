/**
 * Setup check of the retailCRM side, run by hand after import (RetailCRM Orders → Setup → Check Setup): the key and
 * its scopes against what the nodes need, the stores (sites), trigger statuses, warehouses (stores) and price types
 * the templates use, the order custom fields the 1C write-back fills, the warehouse-system registration, and the
 * catalog and stock settings as far as the API shows them. See docs/first-contact.md for what each failure means.
 *
 * Requests: credentials 1 + sites, statuses, status groups, stores, price types 1 each (only when needed) + 2 custom
 * fields + 1 integration module.
 */
import type { RetailCrmClient } from '../../retailcrm/client';
import { credentialsCheck, DEFAULT_REQUIRED_SCOPES, nodeCoverage } from '../../retailcrm/credentials-check';
import { RetailCrmApiError } from '../../retailcrm/errors';
import { passOn } from '../../onec/errors';
import { reporter, runReport, type CheckItem } from './report';

export interface RetailCrmSetupOptions {
	requiredScopes?: readonly string[];
	/** Site (store) codes the workflows serve; empty = every site the key reaches. */
	sites?: readonly string[];
	/** Status codes that send an order to 1C (Get Changed). */
	triggerStatuses?: readonly string[];
	/** Status group codes that send an order to 1C. */
	triggerGroups?: readonly string[];
	/** Warehouse (store) codes the stock upload maps 1C warehouses to. */
	stores?: readonly string[];
	/** Price type codes the price upload maps 1C price types to. */
	priceTypes?: readonly string[];
	/** The order custom field for the 1C document number (written by the orders template). Default `onec_number`. */
	numberField?: string;
	/** The optional order custom field for the 1C Ref_Key when externalId belongs to another system. Default `onec_ref`. */
	refField?: string;
	/** The order custom field the order progress template writes the 1C shipment numbers into. Default `onec_shipment_number`. */
	shipmentNumberField?: string;
	/** Code of the warehouse-system integration module (Stock Upload → Register Warehouse System). Default `n8n-1c-stock`. */
	warehouseSystemCode?: string;
}

const KEYS_PAGE = 'Administration → Integration → API access keys';
const SETTINGS_STORE = 'Administration → Settings → Store (Администрирование > Настройки > Склад)';

type Reporter = ReturnType<typeof reporter>;

/**
 * Runs `read`; a refused scope becomes an `info` item (the scopes check already failed for it), not a second failure;
 * any other retailCRM error (a 5xx after the retries) a `warn` item with its text: this check could not be done.
 */
async function guarded<T>(r: Reporter, check: string, read: () => Promise<T>): Promise<T | undefined> {
	try {
		return await read();
	} catch (error) {
		if (!(error instanceof RetailCrmApiError)) throw passOn(error);
		if (error.kind === 'accessDenied') r.info(check, 'Not checked: the API key may not read this (see the scopes check).');
		else r.warn(check, `Could not check: ${error.message}`, error.hint);
		return undefined;
	}
}

/** The report (runReport: an unexpected failure ends it with a `fail connection` item after the items so far). */
export async function checkRetailCrmSetup(client: RetailCrmClient, options: RetailCrmSetupOptions = {}): Promise<CheckItem[]> {
	return await runReport('retailCRM', async (r) => await runChecks(client, r, options));
}

async function runChecks(client: RetailCrmClient, r: Reporter, options: RetailCrmSetupOptions): Promise<void> {
	const requiredScopes = options.requiredScopes ?? DEFAULT_REQUIRED_SCOPES;
	const access = await credentialsCheck(client, requiredScopes);
	if (access.problem === 'wrongUrl' || access.problem === 'wrongKey' || access.problem === 'unavailable') {
		const advice =
			access.problem === 'wrongUrl'
				? 'Put the account address into the credential «RetailCRM account», e.g. https://<account>.retailcrm.ru (no /api).'
				: access.problem === 'wrongKey'
					? `Copy an active key from ${KEYS_PAGE} into the credential.`
					: 'Try again later; if it repeats, check retailCRM\'s status page and the network between n8n and retailCRM.';
		r.fail('connection', access.message, advice);
		return;
	}
	r.pass('connection', `retailCRM answers at ${client.baseUrl} and accepts the API key.`);
	const credentials = access.credentials;
	if (options.requiredScopes || !credentials) {
		// Scopes asked for by the caller (or a key that may not read its own): every one of them is needed.
		if ((access.missingScopes ?? []).length > 0) {
			r.fail('scopes', `The API key lacks ${access.missingScopes?.join(', ')}, which the nodes need.`, `In ${KEYS_PAGE}, edit the key and allow: ${access.missingScopes?.join(', ')}.`);
		} else {
			r.pass('scopes', `The API key has every scope the nodes use (${requiredScopes.join(', ')}).`);
		}
	} else {
		// Judged per node, as the credential's Test does (credentialsCheckAnyNode): a key made for some workflows only
		// (least privilege) is right for them; it fails only when it serves no node.
		const { served, lacking } = nodeCoverage(credentials.scopes);
		if (served.length === 0) {
			const needs = lacking.map(({ node, needs: scopes }) => `${node} needs ${scopes.join(', ')}`).join('; ');
			r.fail('scopes', `The API key serves none of the nodes: ${needs}.`, `In ${KEYS_PAGE}, edit the key and allow the scopes of the nodes you use (one key for every workflow: ${DEFAULT_REQUIRED_SCOPES.join(', ')}).`);
		} else {
			r.pass('scopes', lacking.length === 0 ? `The API key has every scope the nodes use (${DEFAULT_REQUIRED_SCOPES.join(', ')}).` : `The API key serves ${served.join(', ')}.`);
			for (const { node, needs } of lacking) {
				r.warn(`scopes ${node}`, `The API key lacks ${needs.join(', ')}, which ${node} needs: that node fails with this credential.`, `If a workflow uses ${node} with this credential, in ${KEYS_PAGE} edit the key and allow: ${needs.join(', ')}.`);
			}
		}
	}

	// Sites: those asked for exist and the key reaches them.
	const sites = await guarded(r, 'sites', () => client.sites());
	if (sites) {
		const reachable = (code: string) => credentials?.siteAccess !== 'access_selective' || (credentials?.sitesAvailable ?? []).includes(code);
		const wanted = options.sites ?? [];
		for (const code of wanted) {
			const site = sites.find((s) => s.code === code);
			if (!site) r.fail(`site ${code}`, `There is no store (site) with the code "${code}".`, 'Pick the store from the list in the workflow, or create it in Administration → Stores.');
			else if (!reachable(code)) r.fail(`site ${code}`, `The API key may not reach the store "${code}".`, `In ${KEYS_PAGE}, give the key access to the store "${code}".`);
			else r.pass(`site ${code}`, `The store «${site.name ?? code}» (${code}) exists and the key reaches it.`);
		}
		if (wanted.length === 0) r.info('sites', `No store given; the key reaches: ${sites.filter((s) => reachable(s.code)).map((s) => s.code).join(', ') || 'none'}.`);
		for (const site of sites.filter((s) => (wanted.length === 0 ? reachable(s.code) : wanted.includes(s.code)))) {
			if (site.ymlUrl && site.loadFromYml === false) {
				r.warn(`catalog URL ${site.code}`, `The store ${site.code} has the catalog URL ${site.ymlUrl}, but loading from it is switched off: retailCRM does not take the catalog the ICML workflow serves.`, 'Switch on loading the catalog from the URL in the store\'s catalog settings (Administration → Stores), or ignore this if you do not use the ICML workflow for this store.');
			} else if (site.ymlUrl) r.pass(`catalog URL ${site.code}`, `retailCRM loads the catalog of ${site.code} from ${site.ymlUrl}.`);
			else r.info(`catalog URL ${site.code}`, `The store ${site.code} has no catalog (ICML) URL yet: paste the production URL of the ICML workflow's webhook into the store's catalog settings when you use it.`);
		}
	}

	const statuses = options.triggerStatuses ?? [];
	const groups = options.triggerGroups ?? [];
	if (statuses.length > 0) {
		const known = await guarded(r, 'trigger statuses', () => client.statuses());
		for (const code of known ? statuses : []) {
			const status = known?.find((s) => s.code === code);
			if (!status) r.fail(`trigger status ${code}`, `There is no order status with the code "${code}": no order would ever be sent to 1C by it.`, 'Create the status in Administration → Statuses, or pick an existing one in Get Changed Orders.');
			else if (status.active === false) r.fail(`trigger status ${code}`, `The status «${status.name ?? code}» is switched off: managers cannot move orders into it.`, 'Switch the status on in Administration → Statuses, or pick another.');
			else r.pass(`trigger status ${code}`, `The status «${status.name ?? code}» (${code}) exists.`);
		}
	}
	if (groups.length > 0) {
		const known = await guarded(r, 'trigger status groups', () => client.statusGroups());
		for (const code of known ? groups : []) {
			const group = known?.find((g) => g.code === code);
			if (!group) r.fail(`trigger status group ${code}`, `There is no status group with the code "${code}".`, 'Pick the group again in Get Changed Orders.');
			else r.pass(`trigger status group ${code}`, `The status group «${group.name ?? code}» (${(group.statuses ?? []).join(', ')}) exists.`);
		}
	}
	if (statuses.length === 0 && groups.length === 0) r.info('trigger statuses', 'No trigger status given: fill in the statuses of Get Changed Orders to have them checked.');

	if ((options.stores ?? []).length > 0) {
		const known = await guarded(r, 'stores', () => client.stores());
		for (const code of known ? (options.stores ?? []) : []) {
			const store = known?.find((s) => s.code === code);
			if (!store) r.fail(`store ${code}`, `There is no warehouse (store) with the code "${code}": stock mapped to it cannot be uploaded.`, 'Create it in Administration → Warehouses, or map the 1C warehouse to an existing code.');
			else if (store.active === false) r.fail(`store ${code}`, `The warehouse «${store.name ?? code}» is switched off.`, 'Switch it on, or map to another warehouse.');
			else r.pass(`store ${code}`, `The warehouse «${store.name ?? code}» (${code}) exists${store.inventoryType === 'available' ? '; it keeps availability only, so stock goes as 0 or 1' : ''}.`);
		}
	}
	if ((options.priceTypes ?? []).length > 0) {
		const known = await guarded(r, 'price types', () => client.priceTypes());
		for (const code of known ? (options.priceTypes ?? []) : []) {
			const type = known?.find((t) => t.code === code);
			if (!type) r.fail(`price type ${code}`, `There is no price type with the code "${code}": prices mapped to it cannot be uploaded.`, 'Create it in Administration → Price types, or map the 1C price type to an existing code.');
			else if (type.active === false) r.fail(`price type ${code}`, `The price type «${type.name ?? code}» is switched off.`, 'Switch it on, or map to another price type.');
			else r.pass(`price type ${code}`, `The price type «${type.name ?? code}» (${code}) exists.`);
		}
	}

	await checkCustomField(client, r, options.numberField ?? 'onec_number', true);
	await checkCustomField(client, r, options.refField ?? 'onec_ref', false);
	await checkCustomField(client, r, options.shipmentNumberField ?? 'onec_shipment_number', false, 'the order progress template writes the 1C shipment numbers into it');

	const moduleCode = options.warehouseSystemCode ?? 'n8n-1c-stock';
	try {
		const module = await client.getIntegrationModule(moduleCode);
		const store = (module as { integrations?: { store?: unknown } }).integrations?.store;
		if (store && module.active === false) {
			r.warn('warehouse system', `The integration "${moduleCode}" is registered as the warehouse system, but switched off: retailCRM does not leave stock to the uploads.`, 'Run Stock Upload → Register Warehouse System again with Active on, or switch the integration on in Administration → Integration.');
		} else if (store) r.pass('warehouse system', `The integration "${moduleCode}" is registered as the warehouse system.`);
		else r.info('warehouse system', `The integration "${moduleCode}" exists but is not registered as a warehouse system.`);
	} catch (error) {
		if (!(error instanceof RetailCrmApiError)) throw passOn(error);
		if (error.kind !== 'notFound' && error.kind !== 'accessDenied') r.warn('warehouse system', `Could not check the integration "${moduleCode}": ${error.message}`, error.hint);
		else r.info('warehouse system', `No integration "${moduleCode}" is registered as the warehouse system yet: run Stock Upload → Register Warehouse System once, so retailCRM leaves stock to the uploads.`);
	}
	r.info(
		'stock and catalog editing',
		`Not visible over the API: in ${SETTINGS_STORE}, stock editing must be ON («Разрешить редактирование остатков») and catalog editing OFF («Разрешить редактирование каталога») when 1C owns the catalog.`,
	);
}

/** An order custom field: required ones fail when missing, optional ones warn; unreadable (no scope) ones warn. */
async function checkCustomField(client: RetailCrmClient, r: Reporter, code: string, required: boolean, purpose?: string): Promise<void> {
	const check = `custom field ${code}`;
	const use = purpose ?? (required ? 'the orders template writes the 1C document number into it' : 'the order flow keeps the 1C reference there when the order\'s externalId belongs to another system');
	try {
		const field = await client.customField('order', code);
		// The nodes write 1C numbers and references as text: a number, date or dictionary field cannot hold them.
		if (field.type && field.type !== 'string' && field.type !== 'text') {
			(required ? r.fail : r.warn)(check, `The order custom field «${field.name ?? code}» (${code}) is of type ${field.type}, but ${use} as text.`, `Create it as a string field (Administration → Custom fields), or point the node at another field.`);
			return;
		}
		r.pass(check, `The order custom field «${field.name ?? code}» (${code}) exists.`);
	} catch (error) {
		if (!(error instanceof RetailCrmApiError)) throw passOn(error);
		if (error.kind === 'notFound') {
			const report = required ? r.fail : r.warn;
			report(check, `There is no order custom field "${code}": ${use}.`, `Create it in Administration → Custom fields (entity: order, type: string, code ${code})${required ? ', or remove that row from the write-back node' : ''}.`);
		} else if (error.kind === 'accessDenied') {
			r.warn(check, `Could not check the order custom field "${code}": the API key lacks custom_fields_read (only this check needs it).`, `Allow custom_fields_read for the key in ${KEYS_PAGE}, or check by hand that the order field ${code} exists.`);
		} else r.warn(check, `Could not check the order custom field "${code}": ${error.message}`, error.hint);
	}
}
