/**
 * The compiled row decoders (core/onec/row-decoder.ts) against the zod schemas of codecs.ts they replace on the hot
 * path: for every field kind and a spread of well-formed and malformed wire values, the same decoded value, or a
 * failure with zod's own path and message.
 */
import { rowSchema } from '../../../nodes/core/onec/codecs';
import { field, UT, type FieldSpec, type FieldSpecs } from '../../../nodes/core/onec/model';
import { isDecodeIssue, rowDecoder } from '../../../nodes/core/onec/row-decoder';

const VALUES: unknown[] = [
	undefined,
	null,
	'',
	' ',
	'   padded   ',
	'trailing\u00a0',
	'tab\t',
	'line\n',
	'ideographic\u3000',
	'no-break inside\u00a0text',
	'00000000-0000-0000-0000-000000000000',
	'5EED0004-0000-4000-8000-00000000000A',
	'5eed0004-0000-4000-8000-00000000000a',
	'5eed0004-0000-4000-8000-00000000000',
	'StandardODATA.Undefined',
	'StandardODATA.Catalog_Номенклатура',
	'true',
	'false',
	'TRUE',
	true,
	false,
	0,
	1,
	-2.5,
	12.345,
	Number.NaN,
	Number.POSITIVE_INFINITY,
	9007199254740993,
	'42',
	'42.5',
	'1e3',
	'abc',
	'0001-01-01T00:00:00',
	'2024-05-20T10:00:00',
	'2024-05-20T10:00:00.123',
	'2024-05-20T10:00:00Z',
	'2024-05-20T10:00:00+03:00',
	'2024-05-20',
	'НДС20',
	{},
	[],
	{ nested: 1 },
];

const SPECS: Array<[string, FieldSpec]> = [
	['guid', field.guid()],
	['ref', field.ref('Catalog.Склады')],
	['composite', field.composite('Catalog.Номенклатура')],
	['type', field.type('Владелец')],
	['string', field.string(25)],
	['number', field.number(15, 2)],
	['int', field.int(10)],
	['boolean', field.boolean()],
	['date', field.date()],
	['enum', field.enum('СтавкиНДС')],
	['opaque', field.opaque()],
];

function same(specs: FieldSpecs, select: string[], raw: unknown): void {
	const expected = rowSchema(specs, select).safeParse(raw);
	const actual = rowDecoder(specs, select)(raw);
	if (expected.success) {
		expect(isDecodeIssue(actual)).toBe(false);
		expect(actual).toEqual(expected.data);
		expect(Object.keys(actual as object)).toEqual(Object.keys(expected.data as object));
	} else {
		expect(isDecodeIssue(actual)).toBe(true);
		const issue = expected.error.issues[0];
		expect(actual).toMatchObject({ path: issue.path.join('.'), message: issue.message });
	}
}

describe('rowDecoder gives what rowSchema (zod) gives', () => {
	it.each(SPECS)('%s fields, for every value', (_kind, spec) => {
		const specs = { Value: spec, Ref_Key: field.guid() };
		for (const value of VALUES) same(specs, ['Value'], { Value: value, Ref_Key: '5eed0004-0000-4000-8000-000000000001', Extra: 'ignored' });
		same(specs, ['Value'], {});
	});

	it('rows that are not objects, and the first failing field of several', () => {
		const specs = UT.Catalog_Номенклатура.specs;
		const select = ['Ref_Key', 'Code', 'Description', 'ВестиУчетПоХарактеристикам', 'СтавкаНДС'] as const;
		for (const raw of [null, undefined, 'row', 7, [], [{ Ref_Key: 'x' }]]) same(specs, [...select], raw);
		same(specs, [...select], { Ref_Key: 'not a guid', Code: 5, Description: 'x' });
		same(specs, [...select], { Ref_Key: '5eed0004-0000-4000-8000-000000000001', Code: '00001      ', Description: 'Товар', ВестиУчетПоХарактеристикам: 'yes' });
	});

	it('decodes a whole row of every set the model describes the same way', () => {
		const sample = (spec: FieldSpec): unknown =>
			({ guid: '5EED0004-0000-4000-8000-000000000001', ref: '00000000-0000-0000-0000-000000000000', composite: '5eed0004-0000-4000-8000-000000000002', type: 'StandardODATA.Undefined', string: 'text  ', number: '12.5', int: '7', boolean: 'true', date: '2024-05-20T10:00:00', enum: '', opaque: null })[spec.kind];
		let sets = 0;
		for (const def of Object.values(UT) as Array<{ specs?: FieldSpecs; balance?: { specs: FieldSpecs }; slice?: { specs: FieldSpecs } }>) {
			for (const specs of [def.specs, def.balance?.specs, def.slice?.specs]) {
				if (specs === undefined) continue;
				const names = Object.keys(specs);
				same(specs, names, Object.fromEntries(names.map((name) => [name, sample(specs[name])])));
				sets++;
			}
		}
		expect(sets).toBeGreaterThan(20);
	});

	it('is cached per spec set and selection', () => {
		const specs = UT.Catalog_Склады.specs;
		expect(rowDecoder(specs, ['Ref_Key', 'Code'])).toBe(rowDecoder(specs, ['Ref_Key', 'Code']));
		expect(rowDecoder(specs, ['Ref_Key', 'Code'])).not.toBe(rowDecoder(specs, ['Code', 'Ref_Key']));
		expect(() => rowDecoder(specs, ['Ref_Key', 'Nope' as 'Code'])).toThrow(/"Nope" is not in the UT 10.3 model/);
	});
});
