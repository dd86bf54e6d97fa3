import type { IncomingHttpHeaders } from 'http';
import { checkComposite, coerceValue } from './coerce';
import { ODataError, internalError, notFoundSegment } from './errors';
import type { Rec } from './filter/evaluator';
import { EMPTY_GUID, type SetDef } from './model';
import { assignCatalogCode, assignDocumentNumber } from './numbering';
import { beforeWriteDocument } from './documents';
import { beforeWriteCatalog } from './catalogs';
import type { Sandbox } from './sandbox';
import { localIsoDate } from './sandbox';
import { isGuid, newGuid } from './store';
import { removeMovements } from './posting';

/**
 * POST/PATCH of catalogs and documents with 1C's parsing rules (docs/1c-odata.md#writes): unknown properties
 * ignored, strings truncated, bad GUID/bool → 400 code 1, malformed JSON → 500 code -1, tabular
 * sections replaced wholesale with LineNumber 1..n required.
 */
export function parseJsonBody(body: string): Rec {
	let v: unknown;
	try {
		v = JSON.parse(body);
	} catch {
		throw internalError('Непредвиденный символ при чтении JSON');
	}
	if (!v || typeof v !== 'object' || Array.isArray(v)) throw internalError('Непредвиденный символ при чтении JSON');
	return v as Rec;
}

const IGNORED = new Set(['Ref_Key', 'DataVersion', 'Posted', 'odata.metadata']);

function isDataLoad(headers: IncomingHttpHeaders): boolean {
	return String(headers['1c_odata_dataloadmode'] ?? '').toLowerCase() === 'true';
}

/** Applies body values onto `own` (the stored own properties). */
function applyBody(sb: Sandbox, def: SetDef, own: Rec, body: Rec): void {
	for (const [k, v] of Object.entries(body)) {
		if (k.includes('@') || k.startsWith('odata.')) continue;
		if (k === 'Posted' && sb.config.strictPosted) throw new ODataError(400, '6', "Свойство 'Posted' недоступно для записи");
		if (IGNORED.has(k)) continue;
		const tab = def.tabularByName.get(k);
		if (tab) {
			own[k] = tabularRows(sb, tab.name, tab.propByName, v);
			continue;
		}
		const p = def.propByName.get(k);
		if (!p) {
			if (sb.config.rejectUnknownWriteProperties) throw notFoundSegment(k);
			continue; // 1C silently ignores unknown properties (docs/1c-odata.md#writes)
		}
		if (ignoredInt64(sb, p, v)) continue;
		own[k] = coerceValue(p, v);
	}
	fixComposites(def.propByName, own, body);
}

/** An Int64 sent as a JSON number: a real base ignores it (docs/1c-odata.md#values-on-the-wire), unless `int64Numbers: 'accepted'`. */
function ignoredInt64(sb: Sandbox, p: import('./model').PropDef, v: unknown): boolean {
	return p.kind === 'int64' && typeof v === 'number' && sb.config.int64Numbers !== 'accepted';
}

function fixComposites(props: Map<string, import('./model').PropDef>, own: Rec, body: Rec): void {
	for (const p of props.values()) {
		if (p.kind !== 'composite') continue;
		if (!(p.name in body) && !(`${p.name}_Type` in body)) continue;
		const type = own[`${p.name}_Type`] ?? 'StandardODATA.Undefined';
		own[p.name] = checkComposite(p.name, own[p.name] ?? '', type);
	}
}

function tabularRows(sb: Sandbox, section: string, props: Map<string, import('./model').PropDef>, v: unknown): Rec[] {
	if (!Array.isArray(v)) throw new ODataError(400, '1', `Неверное значение табличной части '${section}'`);
	const rows: Rec[] = [];
	v.forEach((raw, i) => {
		if (!raw || typeof raw !== 'object') throw new ODataError(400, '1', `Неверная строка табличной части '${section}'`);
		const r = raw as Rec;
		if (r.LineNumber === undefined || r.LineNumber === null) {
			// observed on live 1C: a row without LineNumber breaks the OData layer (docs/1c-odata.md#writes)
			throw internalError('Произошла внутренняя ошибка OData сервиса. Не задан номер строки табличной части');
		}
		const ln = Number(r.LineNumber);
		if (ln !== i + 1) {
			// Exact code/text for bad numbering is not documented; 400 is what was observed (docs/1c-odata.md#writes).
			throw new ODataError(400, '1', `Неверный номер строки табличной части '${section}': ${String(r.LineNumber)} (ожидается ${i + 1})`);
		}
		const own: Rec = { LineNumber: ln };
		for (const [k, val] of Object.entries(r)) {
			if (k === 'LineNumber' || k === 'Ref_Key' || k.includes('@')) continue;
			const p = props.get(k);
			if (!p) {
				if (sb.config.rejectUnknownWriteProperties) throw notFoundSegment(k);
				continue;
			}
			if (ignoredInt64(sb, p, val)) continue;
			own[k] = coerceValue(p, val);
		}
		fixComposites(props, own, r);
		rows.push(own);
	});
	return rows;
}

function beforeWrite(sb: Sandbox, def: SetDef, own: Rec, headers: IncomingHttpHeaders): void {
	if (def.kind === 'Document') {
		if (!own.Date || own.Date === '0001-01-01T00:00:00') own.Date = localIsoDate(new Date());
		assignDocumentNumber(sb, def, own);
		beforeWriteDocument(sb, def, own, isDataLoad(headers));
	} else if (def.kind === 'Catalog') {
		beforeWriteCatalog(sb, def, own, isDataLoad(headers));
		assignCatalogCode(sb, def, own);
		if (def.name === 'Catalog_Контрагенты' && (!own.ГоловнойКонтрагент_Key || own.ГоловнойКонтрагент_Key === EMPTY_GUID)) {
			own.ГоловнойКонтрагент_Key = own.Ref_Key; // UT sets the head counterparty to itself on write
		}
	}
	own.DataVersion = sb.store.nextDataVersion();
}

export function createEntity(sb: Sandbox, def: SetDef, bodyText: string, headers: IncomingHttpHeaders): Rec {
	const body = parseJsonBody(bodyText);
	const own: Rec = {};
	// A client-chosen Ref_Key is honoured when it is a free GUID (1C allows it); otherwise one is generated.
	const wanted = body.Ref_Key;
	own.Ref_Key = isGuid(wanted) && wanted !== EMPTY_GUID && !sb.store.get(def.name, wanted.toLowerCase()) ? wanted.toLowerCase() : newGuid();
	applyBody(sb, def, own, body);
	for (const t of def.tabulars) if (!own[t.name]) own[t.name] = [];
	beforeWrite(sb, def, own, headers);
	if (def.kind === 'Document') own.Posted = false;
	return sb.store.put(def.name, own);
}

/**
 * POST of one record of an independent information register. Like the platform's record manager writing
 * without replacement, a record whose dimensions equal an existing one's is refused (strict, the default);
 * `registerPostReplaces` makes the POST overwrite it instead. КонтактнаяИнформация also runs its
 * ПередЗаписью checks (rf-bessome/ut10_3_22_percent: src/InformationRegisters/КонтактнаяИнформация/Ext/
 * RecordSetModule.bsl), skipped in data-load mode as there.
 */
export function createRegisterRecord(sb: Sandbox, def: SetDef, bodyText: string, headers: IncomingHttpHeaders): Rec {
	const body = parseJsonBody(bodyText);
	const own: Rec = {};
	applyBody(sb, def, own, body);
	const rec = sb.store.materialize(def.name, def.props, own);
	if (def.name === 'InformationRegister_КонтактнаяИнформация' && !isDataLoad(headers)) checkContactRecord(sb, rec);
	if (!sb.config.registerPostReplaces && sb.store.table(def.name)?.byKey.has(sb.store.keyOf(def, rec))) {
		throw internalError('Запись с такими ключевыми полями существует!');
	}
	return sb.store.put(def.name, own);
}

function checkContactRecord(sb: Sandbox, rec: Rec): void {
	const type = String(rec.Объект_Type ?? '');
	const set = type.startsWith('StandardODATA.') ? type.slice('StandardODATA.'.length) : '';
	const owner = set && rec.Объект !== EMPTY_GUID ? sb.store.get(set, String(rec.Объект)) : undefined;
	if (!owner) throw internalError('Не удалось записать: "Контактная информация"! Не заполнен объект.');
	if (owner.IsFolder === true) throw internalError('Не удалось записать: "Контактная информация"! Нельзя использовать в качестве объекта контактной информации - группу.');
}

export function patchEntity(sb: Sandbox, def: SetDef, current: Rec, bodyText: string, headers: IncomingHttpHeaders): Rec {
	const body = parseJsonBody(bodyText);
	const own: Rec = { ...current };
	for (const t of def.tabulars) own[t.name] = ((current[t.name] as Rec[]) ?? []).map((r) => ({ ...r }));
	applyBody(sb, def, own, body);
	beforeWrite(sb, def, own, headers);
	if (def.kind === 'Document' && own.DeletionMark === true && current.Posted === true) {
		// Setting the deletion mark on a posted document unposts it (platform behaviour).
		own.Posted = false;
		removeMovements(sb, String(own.Ref_Key));
	}
	return sb.store.put(def.name, own);
}
