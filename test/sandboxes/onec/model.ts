import * as fs from 'fs';
import * as path from 'path';

/**
 * The OData entity model, generated from ut103-metadata.json (a real UT 10.3.88 dump) by the
 * platform's naming rules (docs/1c-odata.md#values-on-the-wire): single-type refs → `X_Key` (Edm.Guid), composite types → `X` + `X_Type`,
 * enums → Edm.String holding the value name, integers → Int16/Int32/Int64 by digit count.
 * Nothing here is hand-written per object, so names cannot drift from the dump.
 */

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
export const EMPTY_DATE = '0001-01-01T00:00:00';
export const UNDEFINED_TYPE = 'StandardODATA.Undefined';

export type PropKind =
	| 'guid' // Ref_Key or single-type reference X_Key
	| 'composite' // value part of a composite (X); its type lives in X_Type
	| 'compositeType'
	| 'enum'
	| 'string'
	| 'bool'
	| 'date'
	| 'double'
	| 'int16'
	| 'int32'
	| 'int64'
	| 'binary';

export interface PropDef {
	name: string;
	kind: PropKind;
	edmType: string;
	/** String length (0 = unlimited). */
	length?: number;
	fixed?: boolean;
	/** For single refs: the target entity set (e.g. Catalog_Склады). */
	target?: string;
	/** For composites: allowed target sets / primitive types. */
	targets?: string[];
	enumValues?: string[];
	/** Navigation property name that resolves this ref (X for X_Key). */
	nav?: string;
	/** Standard (platform) field, not an attribute of the dump. */
	standard?: boolean;
	/** Fraction digits of a number attribute (`fractionDigits` of the dump): a written value is rounded to them. */
	scale?: number;
}

export interface TabularDef {
	name: string;
	/** Set name of the rows, e.g. Document_ЗаказПокупателя_Товары */
	setName: string;
	props: PropDef[];
	propByName: Map<string, PropDef>;
}

export type SetKind =
	| 'Catalog'
	| 'Document'
	| 'TabularSection'
	| 'AccumulationRegister' // record sets by recorder
	| 'AccumulationRegisterRecordType'
	| 'InformationRegister' // independent: records; subordinate: record sets by recorder
	| 'InformationRegisterRecordType';

export interface SetDef {
	name: string;
	kind: SetKind;
	/** 1C metadata name, e.g. Catalog.Номенклатура */
	metaName: string;
	props: PropDef[];
	propByName: Map<string, PropDef>;
	tabulars: TabularDef[];
	tabularByName: Map<string, TabularDef>;
	/** navigation name → property holding the key */
	navs: Map<string, PropDef>;
	/** entity key property names */
	keyProps: string[];
	codeLength?: number;
	codeIsString?: boolean;
	codeFixed?: boolean;
	autonumbering?: boolean;
	/** Code/Number must be unique (checkUnique of the dump). */
	checkUnique?: boolean;
	numberLength?: number;
	hierarchical?: boolean;
	hasFolders?: boolean;
	/** Registers: names of dimensions and resources. */
	dimensions?: PropDef[];
	resources?: PropDef[];
	registerType?: string;
	periodic?: boolean;
	recorderSubordinate?: boolean;
	/** For TabularSection: parent set and section name. */
	parentSet?: string;
	section?: string;
	/** For record-type / record-set views: the sibling set. */
	baseRegister?: string;
}

interface RawAttr {
	name: string;
	types: string[];
	length?: number;
	allowedLength?: string;
	digits?: number;
	fractionDigits?: number;
	dateFractions?: string;
}

interface RawObject {
	kind: string;
	hierarchical?: string;
	hierarchyType?: string;
	codeLength?: string;
	codeType?: string;
	codeAllowedLength?: string;
	descriptionLength?: string;
	autonumbering?: string;
	checkUnique?: string;
	numberLength?: string;
	numberAllowedLength?: string;
	owners?: string[];
	attributes?: RawAttr[];
	tabularSections?: { name: string; attributes: RawAttr[] }[];
	dimensions?: RawAttr[];
	resources?: RawAttr[];
	registerType?: string;
	informationRegisterPeriodicity?: string;
	writeMode?: string;
	values?: string[];
}

export interface RawMetadata {
	objects: Record<string, RawObject>;
	configuration: Record<string, string>;
}

export interface Model {
	sets: Map<string, SetDef>;
	enums: Map<string, string[]>;
	configuration: Record<string, string>;
}

const REF_PREFIX: Record<string, string> = {
	Catalog: 'Catalog', // owners are listed as Catalog.X, attribute types as CatalogRef.X
	CatalogRef: 'Catalog',
	DocumentRef: 'Document',
	ChartOfCharacteristicTypesRef: 'ChartOfCharacteristicTypes',
	ExchangePlanRef: 'ExchangePlan',
};

/** `CatalogRef.Склады` → `Catalog_Склады`; primitives → Edm types (for composite targets). */
function typeToSetOrEdm(t: string): string {
	const dot = t.indexOf('.');
	if (dot > 0 && REF_PREFIX[t.slice(0, dot)]) return `${REF_PREFIX[t.slice(0, dot)]}_${t.slice(dot + 1)}`;
	if (t === 'xs:string') return 'Edm.String';
	if (t === 'xs:decimal') return 'Edm.Double';
	if (t === 'xs:boolean') return 'Edm.Boolean';
	if (t === 'xs:dateTime') return 'Edm.DateTime';
	return 'Edm.String';
}

/**
 * Integer width by digit count: ≤4 digits Int16 (a JSON number), anything longer Int64 (a JSON string) — real
 * bases publish 5–9-digit integers (e.g. КлючСтроки) as Int64 strings too, so clients must read both forms.
 */
function intKind(digits: number): PropKind {
	if (digits <= 4) return 'int16';
	return 'int64';
}

/**
 * Value types of the characteristic charts behind `TypeSet:` attributes, from the UT 10.3.88 dump. A chart with a
 * single type makes a plain property (no `_Type`): ТипыШтрихкодов holds String(200)
 * (rf-bessome/ut10_3_22_percent: src/ChartsOfCharacteristicTypes/ТипыШтрихкодов.xml), so `Штрихкод` is a string.
 */
const CHARACTERISTIC_TYPES: Record<string, Omit<RawAttr, 'name'>> = {
	'TypeSet:Characteristic.ТипыШтрихкодов': { types: ['xs:string'], length: 200, allowedLength: 'Variable' },
};

const EDM: Record<PropKind, string> = {
	guid: 'Edm.Guid',
	composite: 'Edm.String',
	compositeType: 'Edm.String',
	enum: 'Edm.String',
	string: 'Edm.String',
	bool: 'Edm.Boolean',
	date: 'Edm.DateTime',
	double: 'Edm.Double',
	int16: 'Edm.Int16',
	int32: 'Edm.Int32',
	int64: 'Edm.Int64',
	binary: 'Edm.Binary',
};

function prop(name: string, kind: PropKind, extra: Partial<PropDef> = {}): PropDef {
	return { name, kind, edmType: EDM[kind], ...extra };
}

/** Properties for one attribute of the dump (1 or 2 OData properties). */
function attrProps(attr: RawAttr, enums: Map<string, string[]>): PropDef[] {
	const known = attr.types.length === 1 ? CHARACTERISTIC_TYPES[attr.types[0]] : undefined;
	const a: RawAttr = known ? { name: attr.name, ...known } : attr;
	const types = a.types;
	if (types.length === 1 && !types[0].startsWith('TypeSet:')) {
		const t = types[0];
		const dot = t.indexOf('.');
		const head = dot > 0 ? t.slice(0, dot) : t;
		if (REF_PREFIX[head]) {
			return [prop(`${a.name}_Key`, 'guid', { target: typeToSetOrEdm(t), nav: a.name })];
		}
		if (head === 'EnumRef') return [prop(a.name, 'enum', { enumValues: enums.get(t.slice(dot + 1)) })];
		if (t === 'xs:string') {
			return [prop(a.name, 'string', { length: a.length ?? 0, fixed: a.allowedLength === 'Fixed' && (a.length ?? 0) > 0 })];
		}
		if (t === 'xs:boolean') return [prop(a.name, 'bool')];
		if (t === 'xs:dateTime') return [prop(a.name, 'date')];
		if (t === 'xs:decimal') {
			return [(a.fractionDigits ?? 0) > 0 ? prop(a.name, 'double', { scale: a.fractionDigits }) : prop(a.name, intKind(a.digits ?? 10))];
		}
		if (t === 'v8:UUID') return [prop(a.name, 'guid')];
		if (t === 'v8:ValueStorage') return [prop(`${a.name}_Base64Data`, 'binary')];
		return [prop(a.name, 'string', { length: 0 })];
	}
	// Composite (several types, or a characteristic type set): value + _Type.
	const targets = types.filter((t) => !t.startsWith('TypeSet:')).map(typeToSetOrEdm);
	if (types.some((t) => t.startsWith('TypeSet:'))) targets.push('Edm.String', 'Edm.Double', 'Edm.Boolean', 'Edm.DateTime');
	return [
		prop(a.name, 'composite', { targets, length: a.length ?? 0 }),
		prop(`${a.name}_Type`, 'compositeType', { targets }),
	];
}

function finish(def: Omit<SetDef, 'propByName' | 'navs' | 'tabularByName'>): SetDef {
	const propByName = new Map(def.props.map((p) => [p.name, p]));
	const navs = new Map<string, PropDef>();
	for (const p of def.props) if (p.kind === 'guid' && p.nav && p.target) navs.set(p.nav, p);
	return { ...def, propByName, navs, tabularByName: new Map(def.tabulars.map((t) => [t.name, t])) };
}

function tabular(parentSet: string, name: string, attrs: RawAttr[], enums: Map<string, string[]>): TabularDef {
	const props = [
		prop('LineNumber', 'int64', { standard: true }),
		...attrs.flatMap((a) => attrProps(a, enums)),
	];
	return { name, setName: `${parentSet}_${name}`, props, propByName: new Map(props.map((p) => [p.name, p])) };
}

function buildCatalog(metaName: string, name: string, o: RawObject, enums: Map<string, string[]>): SetDef {
	const setName = `Catalog_${name}`;
	const codeLength = Number(o.codeLength ?? 0);
	const hierarchical = o.hierarchical === 'true';
	const hasFolders = hierarchical && o.hierarchyType === 'HierarchyFoldersAndItems';
	const owners = (o.owners ?? []).map(typeToSetOrEdm);
	const props: PropDef[] = [
		prop('Ref_Key', 'guid', { standard: true }),
		prop('DataVersion', 'string', { standard: true }),
		prop('DeletionMark', 'bool', { standard: true }),
	];
	if (owners.length === 1) props.push(prop('Owner_Key', 'guid', { standard: true, target: owners[0], nav: 'Owner' }));
	if (owners.length > 1) {
		props.push(prop('Owner', 'composite', { standard: true, targets: owners }));
		props.push(prop('Owner_Type', 'compositeType', { standard: true, targets: owners }));
	}
	if (hierarchical) props.push(prop('Parent_Key', 'guid', { standard: true, target: setName, nav: 'Parent' }));
	if (hasFolders) props.push(prop('IsFolder', 'bool', { standard: true }));
	if (codeLength > 0) {
		props.push(
			o.codeType === 'String'
				? prop('Code', 'string', { standard: true, length: codeLength, fixed: o.codeAllowedLength === 'Fixed' })
				: prop('Code', intKind(codeLength), { standard: true }),
		);
	}
	props.push(prop('Description', 'string', { standard: true, length: Number(o.descriptionLength ?? 0) }));
	props.push(...(o.attributes ?? []).flatMap((a) => attrProps(a, enums)));
	const tabulars = (o.tabularSections ?? []).map((t) => tabular(setName, t.name, t.attributes, enums));
	props.push(prop('Predefined', 'bool', { standard: true }), prop('PredefinedDataName', 'string', { standard: true, length: 0 }));
	return finish({
		name: setName,
		kind: 'Catalog',
		metaName,
		props,
		tabulars,
		keyProps: ['Ref_Key'],
		codeLength,
		codeIsString: o.codeType === 'String',
		codeFixed: o.codeAllowedLength === 'Fixed',
		autonumbering: o.autonumbering === 'true',
		checkUnique: o.checkUnique === 'true',
		hierarchical,
		hasFolders,
	});
}

function buildDocument(metaName: string, name: string, o: RawObject, enums: Map<string, string[]>): SetDef[] {
	const setName = `Document_${name}`;
	const numberLength = Number(o.numberLength ?? 0);
	const props: PropDef[] = [
		prop('Ref_Key', 'guid', { standard: true }),
		prop('DataVersion', 'string', { standard: true }),
		prop('DeletionMark', 'bool', { standard: true }),
		prop('Number', 'string', { standard: true, length: numberLength, fixed: o.numberAllowedLength === 'Fixed' }),
		prop('Date', 'date', { standard: true }),
		prop('Posted', 'bool', { standard: true }),
		...(o.attributes ?? []).flatMap((a) => attrProps(a, enums)),
	];
	const tabulars = (o.tabularSections ?? []).map((t) => tabular(setName, t.name, t.attributes, enums));
	const doc = finish({ name: setName, kind: 'Document', metaName, props, tabulars, keyProps: ['Ref_Key'], numberLength, autonumbering: o.autonumbering === 'true' });
	const rows = tabulars.map((t) =>
		finish({
			name: t.setName,
			kind: 'TabularSection',
			metaName: `${metaName}.ТабличнаяЧасть.${t.name}`,
			props: [prop('Ref_Key', 'guid', { standard: true, target: setName }), ...t.props],
			tabulars: [],
			keyProps: ['Ref_Key', 'LineNumber'],
			parentSet: setName,
			section: t.name,
		}),
	);
	return [doc, ...rows];
}

function recorderProps(): PropDef[] {
	return [
		prop('Recorder', 'composite', { standard: true, targets: [] }),
		prop('Recorder_Type', 'compositeType', { standard: true, targets: [] }),
	];
}

function buildRegister(metaName: string, name: string, o: RawObject, enums: Map<string, string[]>): SetDef[] {
	const kindPrefix = o.kind; // AccumulationRegister | InformationRegister
	const base = `${kindPrefix}_${name}`;
	const dimensions = (o.dimensions ?? []).flatMap((a) => attrProps(a, enums));
	const resources = (o.resources ?? []).flatMap((a) => attrProps(a, enums));
	const attributes = (o.attributes ?? []).flatMap((a) => attrProps(a, enums));
	const periodic = kindPrefix === 'AccumulationRegister' || (o.informationRegisterPeriodicity ?? 'Nonperiodical') !== 'Nonperiodical';
	const subordinate = kindPrefix === 'AccumulationRegister' || o.writeMode === 'RecorderSubordinate';
	const common = { metaName, dimensions, resources, registerType: o.registerType, periodic, recorderSubordinate: subordinate, tabulars: [] };
	if (!subordinate) {
		const props = [...(periodic ? [prop('Period', 'date', { standard: true })] : []), ...dimensions, ...resources, ...attributes];
		const keyProps = [...(periodic ? ['Period'] : []), ...dimensions.filter((d) => d.kind !== 'compositeType').map((d) => d.name)];
		return [finish({ ...common, name: base, kind: 'InformationRegister', props, keyProps })];
	}
	const recordProps: PropDef[] = [
		...recorderProps(),
		...(periodic ? [prop('Period', 'date', { standard: true })] : []),
		prop('LineNumber', 'int64', { standard: true }),
		prop('Active', 'bool', { standard: true }),
		...(kindPrefix === 'AccumulationRegister' && o.registerType === 'Balance' ? [prop('RecordType', 'string', { standard: true })] : []),
		...dimensions,
		...resources,
		...attributes,
	];
	const recordKind: SetKind = kindPrefix === 'AccumulationRegister' ? 'AccumulationRegisterRecordType' : 'InformationRegisterRecordType';
	const setKind: SetKind = kindPrefix === 'AccumulationRegister' ? 'AccumulationRegister' : 'InformationRegister';
	return [
		finish({ ...common, name: `${base}_RecordType`, kind: recordKind, props: recordProps, keyProps: ['Recorder', 'LineNumber'], baseRegister: base }),
		finish({ ...common, name: base, kind: setKind, props: recorderProps(), keyProps: ['Recorder'], baseRegister: base }),
	];
}

export function buildModel(raw: RawMetadata): Model {
	const enums = new Map<string, string[]>();
	for (const [metaName, o] of Object.entries(raw.objects)) {
		if (o.kind === 'Enum') enums.set(metaName.slice(metaName.indexOf('.') + 1), o.values ?? []);
	}
	const sets = new Map<string, SetDef>();
	for (const [metaName, o] of Object.entries(raw.objects)) {
		const name = metaName.slice(metaName.indexOf('.') + 1);
		const defs =
			o.kind === 'Catalog'
				? [buildCatalog(metaName, name, o, enums)]
				: o.kind === 'Document'
					? buildDocument(metaName, name, o, enums)
					: o.kind === 'AccumulationRegister' || o.kind === 'InformationRegister'
						? buildRegister(metaName, name, o, enums)
						: [];
		for (const d of defs) sets.set(d.name, d);
	}
	return { sets, enums, configuration: raw.configuration };
}

export const METADATA_PATH = path.join(__dirname, 'ut103-metadata.json');

let cached: Model | undefined;

/** The model of the shared metadata file (built once per process). */
export function loadModel(): Model {
	if (!cached) cached = buildModel(JSON.parse(fs.readFileSync(METADATA_PATH, 'utf8')) as RawMetadata);
	return cached;
}

/** Default value of a property in a fresh object (false/0/empty GUID/empty date/padded string). */
export function defaultValue(p: PropDef): unknown {
	switch (p.kind) {
		case 'guid':
			return EMPTY_GUID;
		case 'composite':
			return '';
		case 'compositeType':
			return UNDEFINED_TYPE;
		case 'bool':
			return false;
		case 'date':
			return EMPTY_DATE;
		case 'double':
		case 'int16':
		case 'int32':
		case 'int64':
			return 0;
		case 'string':
			return p.fixed && p.length ? ''.padEnd(p.length, ' ') : '';
		default:
			return '';
	}
}
