import { buildUrl, encodeQueryComponent, normalizeRootUrl, redactUrl } from '../../../nodes/core/onec/url';
import { and, datetimeLiteral, eq, guid, guidLiteral, inListChunks, isGuid, or, queryParams, stringLiteral, datetime } from '../../../nodes/core/onec/query';
import { UT } from '../../../nodes/core/onec/model';

const ROOT = 'https://host/base/odata/standard.odata';
const G = '6f1b2c3d-0000-4a5b-8c9d-0123456789ab';

describe('URL encoding', () => {
	it('percent-encodes Cyrillic set names as UTF-8 and spaces as %20, never +', () => {
		const url = buildUrl(ROOT, [UT.Catalog_Склады.set], queryParams({ select: ['Ref_Key', 'Description'], filter: "Description eq 'Основной склад'" }));
		expect(url).toBe(
			`${ROOT}/Catalog_%D0%A1%D0%BA%D0%BB%D0%B0%D0%B4%D1%8B?$format=json&$select=Ref_Key,Description&$filter=Description%20eq%20%27%D0%9E%D1%81%D0%BD%D0%BE%D0%B2%D0%BD%D0%BE%D0%B9%20%D1%81%D0%BA%D0%BB%D0%B0%D0%B4%27`,
		);
		expect(url).not.toContain('+');
		expect(decodeURIComponent(url)).toContain("Catalog_Склады?$format=json&$select=Ref_Key,Description&$filter=Description eq 'Основной склад'");
	});

	it('always puts $format=json first, and encodes a literal plus, ampersand and percent', () => {
		const url = buildUrl(ROOT, ['Catalog_Контрагенты'], queryParams({ select: ['Ref_Key'], filter: eq('Description', 'A+B & 100%') }));
		expect(url).toContain('?$format=json&');
		expect(url).toContain('Description%20eq%20%27A%2BB%20%26%20100%25%27');
		expect(encodeQueryComponent('a b+c')).toBe('a%20b%2Bc');
	});

	it('keeps key syntax readable in paths and encodes the Cyrillic around it', () => {
		const url = buildUrl(ROOT, [`Document_ЗаказПокупателя(${guidLiteral(G)})`, 'Post'], [['PostingModeOperational', 'false']]);
		expect(url).toMatch(/\/Document_%D0%97[^/]*\(guid'6f1b2c3d-0000-4a5b-8c9d-0123456789ab'\)\/Post\?PostingModeOperational=false$/);
	});

	it('normalises the address a user types', () => {
		expect(normalizeRootUrl('https://host/base/odata/standard.odata/')).toBe(ROOT);
		expect(normalizeRootUrl('https://host/base')).toBe(ROOT);
		expect(normalizeRootUrl(' https://host/base/odata/standard.odata/$metadata ')).toBe(ROOT);
		expect(normalizeRootUrl('http://host/торговля/')).toBe('http://host/%D1%82%D0%BE%D1%80%D0%B3%D0%BE%D0%B2%D0%BB%D1%8F/odata/standard.odata');
		// Already encoded input is not encoded twice.
		expect(normalizeRootUrl('http://host/%D1%82/odata/standard.odata')).toBe('http://host/%D1%82/odata/standard.odata');
	});

	it('redacts userinfo from URLs', () => {
		expect(redactUrl('https://user:secret@host/base')).toBe('https://host/base');
	});
});

describe('isGuid', () => {
	// The check it replaced, kept here as the specification.
	const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

	it('answers as the regular expression on GUIDs and on every one-character change of one', () => {
		const characters = ['0', '9', 'a', 'f', 'A', 'F', 'g', 'G', 'z', '-', ' ', '/', ':', '@', '`', '\u0130', '\u0430', '\u0000', '\uff10'];
		const samples = [G, G.toUpperCase(), '00000000-0000-0000-0000-000000000000', G.slice(1), `${G}0`, '', G.replace(/-/g, '')];
		for (let at = 0; at < G.length; at++) {
			for (const c of characters) samples.push(G.slice(0, at) + c + G.slice(at + 1));
			samples.push(G.slice(0, at) + G.slice(at + 1) + '0');
		}
		let valid = 0;
		for (const sample of samples) {
			expect([sample, isGuid(sample)]).toEqual([sample, GUID_RE.test(sample)]);
			if (GUID_RE.test(sample)) valid++;
		}
		// Both answers occur, and often: the comparison is not one-sided.
		expect(valid).toBeGreaterThan(100);
		expect(samples.length - valid).toBeGreaterThan(300);
	});
});

describe('literals', () => {
	it('types GUIDs and refuses anything else', () => {
		expect(guidLiteral(G.toUpperCase())).toBe(`guid'${G}'`);
		expect(() => guidLiteral("x' or 1 eq 1")).toThrow('Not a GUID');
	});

	it('formats local date-times without zone', () => {
		expect(datetimeLiteral('2024-06-01T23:59:59')).toBe("datetime'2024-06-01T23:59:59'");
		expect(datetimeLiteral('2024-06-01')).toBe("datetime'2024-06-01T00:00:00'");
		expect(datetimeLiteral(new Date(Date.UTC(2024, 0, 31, 9, 5, 7)))).toBe("datetime'2024-01-31T09:05:07'");
		expect(() => datetimeLiteral('2024-06-01T23:59:59Z')).toThrow();
	});

	it('doubles quotes inside strings', () => {
		expect(stringLiteral("ООО 'Ромашка'")).toBe("'ООО ''Ромашка'''");
		expect(eq('Description', "O'Brien")).toBe("Description eq 'O''Brien'");
		expect(eq('Контрагент_Key', guid(G))).toBe(`Контрагент_Key eq guid'${G}'`);
		expect(eq('DeletionMark', false)).toBe('DeletionMark eq false');
		expect(eq('Date', datetime('2024-01-01'))).toBe("Date eq datetime'2024-01-01T00:00:00'");
	});

	it('groups conditions with parentheses and skips empty parts', () => {
		expect(and(eq('IsFolder', false), undefined, eq('DeletionMark', false))).toBe('(IsFolder eq false) and (DeletionMark eq false)');
		expect(and(eq('IsFolder', false))).toBe('IsFolder eq false');
		expect(or()).toBeUndefined();
	});
});

describe('in-list chunking', () => {
	const guids = Array.from({ length: 100 }, (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);

	it('splits an OR-chain so every encoded chunk fits the budget and keeps every value once', () => {
		const chunks = inListChunks('Номенклатура_Key', [...guids, guids[0]].map(guid), 1200);
		expect(chunks.length).toBeGreaterThan(1);
		for (const chunk of chunks) expect(encodeQueryComponent(chunk).length).toBeLessThanOrEqual(1200);
		const terms = chunks.flatMap((c) => c.split(' or '));
		expect(terms).toHaveLength(100);
		expect(terms[0]).toBe(`Номенклатура_Key eq guid'${guids[0]}'`);
	});

	it('returns one chunk when everything fits', () => {
		expect(inListChunks('Code', ['1', '2'], 2000)).toEqual(["Code eq '1' or Code eq '2'"]);
	});
});
