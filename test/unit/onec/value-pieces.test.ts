/**
 * A collection answer read from its bytes in pieces (nodes/core/onec/value-pieces.ts) gives exactly JSON.parse's rows,
 * or undefined (then the client reads the text): never other rows. The layouts are those a 1C may write: compact,
 * with "odata.metadata" first, in lines with CR LF and tabs, after a byte order mark.
 */
import { PIECES_FROM_BYTES, readValueInPieces } from '../../../nodes/core/onec/value-pieces';

const guid = (n: number) => `5eed0008-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Rows of a Balance page, with Cyrillic field names: enough of them to pass PIECES_FROM_BYTES several times. */
function balanceRows(count: number): Array<Record<string, unknown>> {
	const rows: Array<Record<string, unknown>> = [];
	for (let i = 0; i < count; i++) {
		rows.push({ Склад_Key: guid(1), Номенклатура_Key: guid(i), ХарактеристикаНоменклатуры_Key: guid(0), КоличествоBalance: (i % 17) - 3 + i / 1000 });
	}
	return rows;
}

/** 1C's layout in lines: each field on its own line, rows joined by "},{" on one line (CR LF, tabs). */
function inLines(body: { 'odata.metadata'?: string; value: unknown[] }): string {
	const row = (r: unknown) => JSON.stringify(r, null, '\t').replace(/\n/g, '\r\n');
	const head = body['odata.metadata'] === undefined ? '{\r\n' : `{\r\n"odata.metadata": ${JSON.stringify(body['odata.metadata'])},\r\n`;
	return `${head}"value": [${body.value.map(row).join(',')}]\r\n}\r\n`;
}

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('readValueInPieces', () => {
	const rows = balanceRows(20_000);

	it('reads a compact answer in pieces: the same rows as JSON.parse', () => {
		const text = JSON.stringify({ value: rows });
		expect(Buffer.byteLength(text)).toBeGreaterThan(2 * PIECES_FROM_BYTES);
		expect(readValueInPieces(bytes(text))).toEqual(JSON.parse(text).value);
	});

	it('reads 1C layouts: "odata.metadata" first, rows in lines with CR LF and tabs, a byte order mark', () => {
		const metadata = 'http://1c.local/base/odata/standard.odata/$metadata#AccumulationRegister_ТоварыНаСкладах';
		for (const text of [
			JSON.stringify({ 'odata.metadata': metadata, value: rows }),
			inLines({ 'odata.metadata': metadata, value: rows }),
			inLines({ value: rows }),
			`\uFEFF${JSON.stringify({ value: rows })}`,
			inLines({ value: rows }).replace(/\},\{/g, '},\r\n{'),
		]) {
			const read = readValueInPieces(bytes(text));
			expect(read).toHaveLength(rows.length);
			expect(read).toEqual(JSON.parse(text.replace(/^\uFEFF/, '')).value);
		}
	});

	it('a cut that would fall inside a string value gives undefined (the text is read), never other rows', () => {
		// Every row's name holds what a cut looks for, so cuts land inside strings; with escaped quotes too.
		const tricky = rows.map((r, i) => ({ ...r, Наименование: `Джинсы "Элегантность" },{ (${i}) },\r\n{"x":1}` }));
		const text = JSON.stringify({ value: tricky });
		const read = readValueInPieces(bytes(text));
		if (read !== undefined) expect(read).toEqual(tricky);
		// A row whose whole text is one long string holding "},{" right where the first cut is looked for.
		const long = [{ Наименование: `${'я'.repeat(200_000)}},{${'я'.repeat(400_000)}` }, ...rows.slice(0, 100)];
		expect(readValueInPieces(bytes(JSON.stringify({ value: long })))).toBeUndefined();
	});

	it('rows with nested lines (a document and its table) are rows or undefined, never cut in two', () => {
		const docs = Array.from({ length: 10_000 }, (_, i) => ({ Ref_Key: guid(i), Товары: [{ LineNumber: '1', Количество: 1 }, { LineNumber: '2', Количество: 2 }] }));
		const text = JSON.stringify({ value: docs });
		expect(Buffer.byteLength(text)).toBeGreaterThan(PIECES_FROM_BYTES);
		const read = readValueInPieces(bytes(text));
		if (read !== undefined) expect(read).toEqual(docs);
	});

	it('leaves to the text reading: small answers, other shapes, errors', () => {
		expect(readValueInPieces(bytes(JSON.stringify({ value: rows.slice(0, 10) })))).toBeUndefined();
		const big = JSON.stringify(rows);
		expect(readValueInPieces(bytes(JSON.stringify({ value: rows, 'odata.nextLink': 'x' })))).toBeUndefined();
		expect(readValueInPieces(bytes(JSON.stringify({ other: 1, value: rows })))).toBeUndefined();
		expect(readValueInPieces(bytes(big))).toBeUndefined();
		expect(readValueInPieces(bytes(JSON.stringify({ 'odata.error': { code: '1', message: { lang: 'ru', value: 'x'.repeat(PIECES_FROM_BYTES) } } })))).toBeUndefined();
		expect(readValueInPieces(bytes(`${JSON.stringify({ value: rows }).slice(0, -2)}`))).toBeUndefined();
	});
});
