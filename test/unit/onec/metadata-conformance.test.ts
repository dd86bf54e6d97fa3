import * as fs from 'fs';
import * as path from 'path';
import { UT, ENUMS, REQUIRED_SETS, type AccumulationRegisterDef, type FieldSpec, type FieldSpecs, type EntityDef } from '../../../nodes/core/onec/model';

/**
 * Every field the UT 10.3 model declares (and so every field the code reads or writes) must exist in the
 * metadata extracted from a real UT 10.3.88 dump, with a matching type.
 */
interface MetaAttr {
	name: string;
	types: string[];
	length?: number;
	digits?: number;
	fractionDigits?: number;
}
interface MetaObject {
	kind: string;
	hierarchical?: string;
	hierarchyType?: string;
	codeLength?: string;
	descriptionLength?: string;
	numberLength?: string;
	owners?: string[];
	attributes?: MetaAttr[];
	dimensions?: MetaAttr[];
	resources?: MetaAttr[];
	tabularSections?: { name: string; attributes: MetaAttr[] }[];
	values?: string[];
	informationRegisterPeriodicity?: string;
	writeMode?: string;
	registerType?: string;
}

const metadata = JSON.parse(fs.readFileSync(path.join(__dirname, '../../sandboxes/onec/ut103-metadata.json'), 'utf8')) as { objects: Record<string, MetaObject> };
const objects = metadata.objects;

/** `CatalogRef.X` → `Catalog.X`. */
const refTarget = (type: string) => type.replace(/^(\w+?)Ref\./, '$1.');

/**
 * Characteristic charts behind `TypeSet:` attributes that hold a single type (from the dump's chart XML):
 * ТипыШтрихкодов is String(200), so `Штрихкод` is a plain string property.
 */
const SINGLE_TYPE_SETS: Record<string, Pick<MetaAttr, 'types' | 'length'>> = {
	'TypeSet:Characteristic.ТипыШтрихкодов': { types: ['xs:string'], length: 200 },
};

/** Problems of one field spec against a metadata attribute; empty when it matches. */
function mismatch(name: string, spec: FieldSpec, given: MetaAttr | undefined): string[] {
	if (!given) return [`${name}: no such attribute in the metadata`];
	const single = given.types.length === 1 ? SINGLE_TYPE_SETS[given.types[0]] : undefined;
	const attr: MetaAttr = single ? { ...given, ...single } : given;
	const types = attr.types;
	switch (spec.kind) {
		case 'ref':
			if (types.length !== 1 || !/Ref\./.test(types[0])) return [`${name}: model says single ref, metadata has ${types.join('|')}`];
			if (refTarget(types[0]) !== spec.to) return [`${name}: model says ref to ${spec.to}, metadata ${types[0]}`];
			return [];
		case 'composite': {
			if (types.length < 2 && !types[0].startsWith('TypeSet:')) return [`${name}: model says composite, metadata has ${types.join('|')}`];
			const want = [...spec.to].sort().join('|');
			const have = types.map((t) => (t.startsWith('TypeSet:') ? t : refTarget(t))).filter((t) => !t.startsWith('xs:')).sort().join('|');
			return want === have ? [] : [`${name}: composite targets ${want} ≠ ${have}`];
		}
		case 'string':
			if (types.join() !== 'xs:string') return [`${name}: model says string, metadata ${types.join('|')}`];
			return (attr.length ?? 0) === spec.length ? [] : [`${name}: length ${spec.length} ≠ ${attr.length ?? 0}`];
		case 'number':
			if (types.join() !== 'xs:decimal') return [`${name}: model says number, metadata ${types.join('|')}`];
			return attr.digits === spec.digits && attr.fractionDigits === spec.fraction ? [] : [`${name}: (${spec.digits},${spec.fraction}) ≠ (${attr.digits},${attr.fractionDigits})`];
		case 'int':
			if (types.join() !== 'xs:decimal' || attr.fractionDigits !== 0) return [`${name}: model says integer, metadata ${types.join('|')} (${attr.digits},${attr.fractionDigits})`];
			return attr.digits === spec.digits ? [] : [`${name}: digits ${spec.digits} ≠ ${attr.digits}`];
		case 'boolean':
			return types.join() === 'xs:boolean' ? [] : [`${name}: model says boolean, metadata ${types.join('|')}`];
		case 'date':
			return types.join() === 'xs:dateTime' ? [] : [`${name}: model says date, metadata ${types.join('|')}`];
		case 'enum':
			return types.join() === `EnumRef.${spec.enum}` ? [] : [`${name}: model says enum ${spec.enum}, metadata ${types.join('|')}`];
		default:
			return [`${name}: kind ${spec.kind} cannot map to an attribute`];
	}
}

/** The 1C attribute name behind an OData property name. */
function attributeName(odataName: string, spec: FieldSpec): string {
	if (spec.kind === 'ref') return odataName.replace(/_Key$/, '');
	return odataName;
}

function checkStandard(object: MetaObject, meta: string, name: string, spec: FieldSpec, specs: FieldSpecs): string[] | undefined {
	const p = (s: string) => [`${meta}.${name}: ${s}`];
	const hierarchical = object.hierarchical === 'true';
	switch (name) {
		case 'Ref_Key':
			return spec.kind === 'guid' ? [] : p('must be guid');
		case 'DataVersion':
		case 'PredefinedDataName':
			return spec.kind === 'opaque' ? [] : p('must be opaque');
		case 'DeletionMark':
		case 'Predefined':
		case 'Posted':
			return spec.kind === 'boolean' ? [] : p('must be boolean');
		case 'Code':
			return spec.kind === 'string' && Number(object.codeLength) > 0 && spec.length === Number(object.codeLength) ? [] : p(`code length ${object.codeLength}`);
		case 'Description':
			return spec.kind === 'string' && spec.length === Number(object.descriptionLength) ? [] : p(`description length ${object.descriptionLength}`);
		case 'Number':
			return spec.kind === 'string' && spec.length === Number(object.numberLength) ? [] : p(`number length ${object.numberLength}`);
		case 'Date':
			return object.kind === 'Document' && spec.kind === 'date' ? [] : p('Date must be a document date');
		case 'Parent_Key':
			return hierarchical && spec.kind === 'ref' && spec.to === meta ? [] : p('not hierarchical or wrong parent');
		case 'IsFolder':
			return hierarchical && object.hierarchyType === 'HierarchyFoldersAndItems' && spec.kind === 'boolean' ? [] : p('no folders');
		case 'Owner_Key':
			return object.owners?.length === 1 && spec.kind === 'ref' && spec.to === object.owners[0] ? [] : p(`owners ${object.owners?.join('|')}`);
		case 'Owner':
			return (object.owners?.length ?? 0) > 1 && spec.kind === 'composite' && [...spec.to].sort().join() === [...object.owners!].sort().join() ? [] : p(`owners ${object.owners?.join('|')}`);
		case 'Owner_Type':
			return specs.Owner?.kind === 'composite' ? [] : p('Owner_Type without Owner');
		default:
			return undefined;
	}
}

function checkFields(meta: string, object: MetaObject, specs: FieldSpecs, attrs: MetaAttr[], isTabular: boolean): string[] {
	const problems: string[] = [];
	for (const [name, spec] of Object.entries(specs)) {
		if (isTabular && name === 'LineNumber') {
			if (spec.kind !== 'int') problems.push(`${meta}.LineNumber must be int`);
			continue;
		}
		const standard = isTabular ? undefined : checkStandard(object, meta, name, spec, specs);
		if (standard) {
			problems.push(...standard);
			continue;
		}
		if (spec.kind === 'type') {
			const base = name.replace(/_Type$/, '');
			if (spec.of !== base || specs[base]?.kind !== 'composite') problems.push(`${meta}.${name}: _Type without its composite`);
			continue;
		}
		const attr = attrs.find((a) => a.name === attributeName(name, spec));
		problems.push(...mismatch(name, spec, attr).map((m) => `${meta}.${m}`));
	}
	return problems;
}

const entities = (Object.values(UT) as unknown[]).filter(
	(v): v is EntityDef => typeof v === 'object' && v !== null && 'kind' in v && ((v as EntityDef).kind === 'Catalog' || (v as EntityDef).kind === 'Document'),
);

describe('UT 10.3 model vs ut103-metadata.json', () => {
	it('covers the objects the package needs', () => {
		expect(entities.map((e) => e.set).sort()).toEqual(
			[
				'Catalog_Номенклатура',
				'Catalog_ХарактеристикиНоменклатуры',
				'Catalog_ЕдиницыИзмерения',
				'Catalog_КлассификаторЕдиницИзмерения',
				'Catalog_Склады',
				'Catalog_Контрагенты',
				'Catalog_ДоговорыКонтрагентов',
				'Catalog_ТипыЦенНоменклатуры',
				'Catalog_Организации',
				'Catalog_Валюты',
				'Catalog_Пользователи',
				'Catalog_ВидыКонтактнойИнформации',
				'Document_ЗаказПокупателя',
				'Document_РеализацияТоваровУслуг',
				'Document_ПриходныйКассовыйОрдер',
				'Document_ПлатежноеПоручениеВходящее',
				'Document_ОплатаОтПокупателяПлатежнойКартой',
			].sort(),
		);
		for (const set of REQUIRED_SETS) expect(objects[set.replace('_', '.')]).toBeDefined();
	});

	it.each(entities.map((e) => [e.set, e] as const))('%s: every field exists with a matching type', (_set, entity) => {
		const object = objects[entity.meta];
		expect(object).toBeDefined();
		expect(object.kind).toBe(entity.kind);
		expect(entity.set).toBe(entity.meta.replace('.', '_'));
		const problems = checkFields(entity.meta, object, entity.specs, object.attributes ?? [], false);
		for (const [name, tab] of Object.entries(entity.tabular)) {
			const section = object.tabularSections?.find((t) => t.name === name);
			if (!section) {
				problems.push(`${entity.meta}: no tabular section ${name}`);
				continue;
			}
			expect(tab.set).toBe(`${entity.set}_${name}`);
			problems.push(...checkFields(`${entity.meta}.${name}`, object, tab.specs, section.attributes, true));
		}
		expect(problems).toEqual([]);
	});

	type LooseRegister = Pick<AccumulationRegisterDef, 'set' | 'meta' | 'dimensions' | 'resources'> &
		({ kind: 'AccumulationRegister'; balance: { specs: FieldSpecs } } | { kind: 'InformationRegister'; periodic: boolean; recorderSubordinate: boolean });
	const registers = [
		UT.AccumulationRegister_ТоварыНаСкладах,
		UT.AccumulationRegister_ТоварыВРезервеНаСкладах,
		UT.AccumulationRegister_ТоварыКПередачеСоСкладов,
		UT.AccumulationRegister_ТоварыВРознице,
		UT.AccumulationRegister_ЗаказыПокупателей,
		UT.AccumulationRegister_РасчетыСКонтрагентами,
		UT.AccumulationRegister_ВзаиморасчетыСКонтрагентами,
		UT.InformationRegister_ЦеныНоменклатуры,
		UT.InformationRegister_КурсыВалют,
		UT.InformationRegister_Штрихкоды,
		UT.InformationRegister_КонтактнаяИнформация,
	] as unknown as LooseRegister[];

	it.each(registers.map((r) => [r.set, r] as const))('%s: dimensions and resources match', (_set, register) => {
		const object = objects[register.meta];
		expect(object).toBeDefined();
		expect(object.kind).toBe(register.kind);
		const problems: string[] = [];
		const check = (specs: FieldSpecs, attrs: MetaAttr[] | undefined, what: string) => {
			for (const [name, spec] of Object.entries(specs)) problems.push(...mismatch(name, spec, attrs?.find((a) => a.name === name)).map((m) => `${register.meta} ${what} ${m}`));
		};
		check(register.dimensions, object.dimensions, 'dimension');
		check(register.resources, object.resources, 'resource');
		if (register.kind === 'AccumulationRegister') {
			expect(object.registerType).toBe('Balance');
			// Every Balance column is a dimension column or a resource + "Balance".
			for (const [col, spec] of Object.entries(register.balance.specs as FieldSpecs)) {
				const res = col.endsWith('Balance') ? col.slice(0, -'Balance'.length) : undefined;
				if (res && register.resources[res]) expect(spec).toBe(register.resources[res]);
				else expect(Object.keys(register.dimensions)).toContain(col.replace(/_(Key|Type)$/, ''));
			}
		} else {
			expect(register.periodic).toBe(object.informationRegisterPeriodicity !== 'Nonperiodical');
			expect(register.recorderSubordinate).toBe(object.writeMode === 'RecorderSubordinate');
		}
		expect(problems).toEqual([]);
	});

	const recordSets = [UT.AccumulationRegister_ЗаказыПокупателей, UT.AccumulationRegister_РасчетыСКонтрагентами, UT.AccumulationRegister_ВзаиморасчетыСКонтрагентами];
	const RECORD_STANDARD = ['Recorder', 'Recorder_Type', 'Period', 'LineNumber', 'Active', 'RecordType'];

	it.each(recordSets.map((r) => [r.records.set, r] as const))('%s: record columns are dimensions or resources of the register', (_set, register) => {
		const object = objects[register.meta];
		expect(register.records.set).toBe(`${register.set}_RecordType`);
		const specs = register.records.specs as FieldSpecs;
		const problems: string[] = [];
		for (const [name, spec] of Object.entries(specs)) {
			if (RECORD_STANDARD.includes(name)) continue;
			if (spec.kind === 'type') {
				if (specs[name.replace(/_Type$/, '')]?.kind !== 'composite') problems.push(`${name}: _Type without its composite`);
				continue;
			}
			const attr = [...(object.dimensions ?? []), ...(object.resources ?? [])].find((a) => a.name === attributeName(name, spec));
			problems.push(...mismatch(name, spec, attr).map((m) => `${register.records.set} ${m}`));
		}
		expect(problems).toEqual([]);
	});

	it('enum value lists match the metadata', () => {
		for (const [name, values] of Object.entries(ENUMS)) {
			const object = objects[`Enum.${name}`];
			if (values.length === 0) {
				expect(object).toBeUndefined(); // values unknown: we pass them through
				continue;
			}
			expect(object?.values).toEqual(values);
		}
	});

	it('the conformance check itself catches a wrong name, type and length', () => {
		const order = objects['Document.ЗаказПокупателя'];
		expect(checkFields('X', order, { Склад_Key: { kind: 'ref', to: 'Catalog.Склады' } }, order.attributes!, false)).toHaveLength(1);
		expect(checkFields('X', order, { Комментарий: { kind: 'boolean' } }, order.attributes!, false)).toHaveLength(1);
		expect(checkFields('X', order, { НомерВходящегоДокументаЭлектронногоОбмена: { kind: 'string', length: 25 } }, order.attributes!, false)).toHaveLength(1);
		expect(checkFields('X', order, { КратностьВзаиморасчетов: { kind: 'number', digits: 10, fraction: 4 } }, order.attributes!, false)).toHaveLength(1);
		expect(checkFields('X', order, { Number: { kind: 'string', length: 9 } }, order.attributes!, false)).toHaveLength(1);
	});
});
