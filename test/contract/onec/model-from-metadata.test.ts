import * as fs from 'fs';
import { buildModel, loadModel, METADATA_PATH, type RawMetadata } from '../../sandboxes/onec/model';

/** The sandbox model is generated from ut103-metadata.json: every attribute of the dump must surface under 1C's OData naming. */
const raw = JSON.parse(fs.readFileSync(METADATA_PATH, 'utf8')) as RawMetadata;
const model = loadModel();

/** Characteristic charts with a single value type publish a plain property (ТипыШтрихкодов: String(200)). */
const SINGLE_TYPE_SETS = ['TypeSet:Characteristic.ТипыШтрихкодов'];

function expectedNames(a: { name: string; types: string[] }): string[] {
	if (a.types.length === 1 && SINGLE_TYPE_SETS.includes(a.types[0])) return [a.name];
	if (a.types.length > 1 || a.types[0].startsWith('TypeSet:')) return [a.name, `${a.name}_Type`];
	const t = a.types[0];
	if (/^(CatalogRef|DocumentRef|ChartOfCharacteristicTypesRef)\./.test(t)) return [`${a.name}_Key`];
	if (t === 'v8:ValueStorage') return [`${a.name}_Base64Data`];
	return [a.name];
}

describe('model from metadata', () => {
	it('has a set for every catalog, document (+ tabular sections) and register (+ _RecordType) of the dump', () => {
		for (const [metaName, o] of Object.entries(raw.objects)) {
			const name = metaName.split('.')[1];
			if (o.kind === 'Catalog') expect(model.sets.has(`Catalog_${name}`)).toBe(true);
			if (o.kind === 'Document') {
				expect(model.sets.has(`Document_${name}`)).toBe(true);
				for (const t of o.tabularSections ?? []) expect(model.sets.has(`Document_${name}_${t.name}`)).toBe(true);
			}
			if (o.kind === 'AccumulationRegister') expect(model.sets.has(`AccumulationRegister_${name}_RecordType`)).toBe(true);
		}
		expect(model.sets.has('InformationRegister_ЦеныНоменклатуры_RecordType')).toBe(true);
		expect(model.sets.has('InformationRegister_Штрихкоды_RecordType')).toBe(false); // independent register
	});

	it('maps every attribute, dimension and resource with 1C naming rules', () => {
		for (const [metaName, o] of Object.entries(raw.objects)) {
			const [kind, name] = metaName.split('.');
			const set =
				kind === 'Catalog' || kind === 'Document'
					? model.sets.get(`${kind}_${name}`)
					: model.sets.get(`${kind}_${name}_RecordType`) ?? model.sets.get(`${kind}_${name}`);
			if (!set) continue;
			for (const a of [...(o.attributes ?? []), ...(o.dimensions ?? []), ...(o.resources ?? [])]) {
				for (const n of expectedNames(a)) expect([metaName, n, set.propByName.has(n)]).toEqual([metaName, n, true]);
			}
			for (const t of o.tabularSections ?? []) {
				const tab = set.tabularByName.get(t.name)!;
				for (const a of t.attributes) for (const n of expectedNames(a)) expect([t.name, n, tab.propByName.has(n)]).toEqual([t.name, n, true]);
			}
		}
	});

	it('types lengths, integers, enums and owners as the dump says', () => {
		const item = model.sets.get('Catalog_Номенклатура')!;
		expect(item.propByName.get('Артикул')).toMatchObject({ kind: 'string', length: 25 });
		expect(item.propByName.get('Code')).toMatchObject({ kind: 'string', length: 11, fixed: true });
		expect(item.propByName.get('ВесовойКоэффициентВхождения')).toMatchObject({ kind: 'int64', edmType: 'Edm.Int64' });
		expect(item.propByName.get('СтавкаНДС')?.enumValues).toContain('НДС22');
		const order = model.sets.get('Document_ЗаказПокупателя')!;
		expect(order.propByName.get('Number')).toMatchObject({ length: 11, fixed: true });
		expect(order.propByName.get('КратностьВзаиморасчетов')?.kind).toBe('int64');
		expect(order.propByName.get('СкладГруппа')?.targets).toEqual(['Catalog_Склады', 'Catalog_ГруппыДоступностиСкладов']);
		expect(model.sets.get('Catalog_ЕдиницыИзмерения')!.propByName.get('Owner_Type')?.targets).toEqual(['Catalog_Номенклатура', 'Catalog_НоменклатурныеГруппы']);
		expect(model.sets.get('Catalog_ХарактеристикиНоменклатуры')!.propByName.get('Owner_Key')?.target).toBe('Catalog_Номенклатура');
		expect(model.sets.get('Catalog_Склады')!.propByName.get('НомерСекции')?.kind).toBe('int16');
	});

	it('is rebuilt from a changed dump without code changes', () => {
		const copy = JSON.parse(JSON.stringify(raw)) as RawMetadata;
		copy.objects['Catalog.Склады'].attributes!.push({ name: 'НовыйРеквизит', types: ['xs:string'], length: 7, allowedLength: 'Variable' });
		const m = buildModel(copy);
		expect(m.sets.get('Catalog_Склады')!.propByName.get('НовыйРеквизит')).toMatchObject({ kind: 'string', length: 7 });
	});
});
