import { parseFilter } from '../../sandboxes/onec/filter/parser';
import { tokenize } from '../../sandboxes/onec/filter/tokenizer';
import { ODataError } from '../../sandboxes/onec/errors';

/** Unit level: the $filter tokenizer and recursive-descent parser of the sandbox. */
describe('$filter tokenizer', () => {
	it('reads typed literals, doubled quotes, numbers with suffixes and Cyrillic identifiers', () => {
		const t = tokenize("Цена ge 10.5M and Описание eq 'it''s' and Ref_Key eq guid'5eed0001-0000-4000-8000-000000000001' and Date lt datetime'2024-01-01T00:00'");
		expect(t.filter((x) => x.t !== 'ident' && x.t !== 'eof').map((x) => ('kind' in x ? `${x.kind}:${x.v}` : `${x.t}:${String(x.v)}`))).toEqual([
			'number:10.5',
			"string:it's",
			'guid:5eed0001-0000-4000-8000-000000000001',
			'datetime:2024-01-01T00:00',
		]);
	});
});

describe('$filter parser', () => {
	it('binds and tighter than or, not tighter than and', () => {
		expect(parseFilter('A eq 1 or B eq 2 and not C eq 3')).toEqual({
			type: 'binary',
			op: 'or',
			left: { type: 'binary', op: 'eq', left: { type: 'path', segments: ['A'] }, right: { type: 'literal', value: 1, lit: 'number' } },
			right: {
				type: 'binary',
				op: 'and',
				left: { type: 'binary', op: 'eq', left: { type: 'path', segments: ['B'] }, right: { type: 'literal', value: 2, lit: 'number' } },
				right: { type: 'not', expr: { type: 'binary', op: 'eq', left: { type: 'path', segments: ['C'] }, right: { type: 'literal', value: 3, lit: 'number' } } },
			},
		});
	});

	it('parses functions, cast, navigation paths and lambdas', () => {
		expect(parseFilter("substringof('x', Owner/Description)")).toEqual({
			type: 'call',
			name: 'substringof',
			args: [
				{ type: 'literal', value: 'x', lit: 'string' },
				{ type: 'path', segments: ['Owner', 'Description'] },
			],
		});
		const l = parseFilter("Товары/any(r: r/Количество gt 1)");
		expect(l).toMatchObject({ type: 'lambda', op: 'any', path: ['Товары'], variable: 'r', body: { type: 'binary', op: 'gt' } });
		expect(parseFilter("X eq cast(guid'5eed0001-0000-4000-8000-000000000001', 'Catalog_Склады')")).toMatchObject({ right: { type: 'call', name: 'cast' } });
	});

	it('takes datetime literals as YYYY-MM-DDTHH:MM:SS only and lower-cases guids', () => {
		expect(parseFilter("D eq datetime'2024-06-01T10:20:30'")).toMatchObject({ right: { value: '2024-06-01T10:20:30', lit: 'datetime' } });
		expect(parseFilter("K eq guid'5EED0001-0000-4000-8000-00000000000A'")).toMatchObject({ right: { value: '5eed0001-0000-4000-8000-00000000000a' } });
	});

	it.each(["A eq 'x", 'A eq', 'A eq 1)', '(A eq 1', 'A eq 1 1', "A eq datetime'yesterday'", "A eq datetime'2024-06-01'", "A eq datetime'2024-06-01T10:20'", "A eq datetime'2024-06-01T10:20:00Z'", "A eq datetime'2024-06-01T10:20:00+05:00'", "A eq datetime'2024-06-01T10:20:00.5'", "A eq datetime'2024-06-01 10:20:00'", "A eq datetimeoffset'2024-06-01T10:20:00Z'", 'A/ eq 1', 'Товары/any(r r/X eq 1)', ''])('rejects %p with code 14', (src) => {
		let err: unknown;
		try {
			parseFilter(src);
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(ODataError);
		expect((err as ODataError).code).toBe('14');
		expect((err as ODataError).status).toBe(400);
	});
});
