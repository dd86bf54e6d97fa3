import { documentNumberFromCrm, normaliseCrmNumber } from '../../../../nodes/core/sync/orders/number';
import { formatDocumentKey, legacyDocumentKey, parseDocumentKey } from '../../../../nodes/core/sync/orders/document-key';

describe('1C document number from the CRM number', () => {
	it('pads to 11 characters behind the default prefix ЦРМ', () => {
		expect(documentNumberFromCrm('5488')).toBe('ЦРМ00005488');
		expect(documentNumberFromCrm('5488')).toHaveLength(11);
		expect(documentNumberFromCrm('12345678')).toBe('ЦРМ12345678');
	});

	it('keeps letters, upper-cased, and drops separators', () => {
		expect(documentNumberFromCrm('5488A')).toBe('ЦРМ0005488A');
		expect(documentNumberFromCrm('A-5488')).toBe('ЦРМ000A5488');
		expect(documentNumberFromCrm('7141c')).toBe('ЦРМ0007141C');
		expect(normaliseCrmNumber(' 12/34_5.6 ')).toBe('123456');
	});

	it('distinguishes numbers that differ only by a letter', () => {
		expect(documentNumberFromCrm('5488A')).not.toBe(documentNumberFromCrm('5488B'));
	});

	it('supports other prefixes, Latin CRM included, and an empty prefix', () => {
		expect(documentNumberFromCrm('5488', 'CRM')).toBe('CRM00005488');
		expect(documentNumberFromCrm('5488', 'ИМ')).toBe('ИМ000005488');
		expect(documentNumberFromCrm('5488', '')).toBe('00000005488');
	});

	it('fails clearly when the number cannot fit, instead of letting 1C truncate', () => {
		expect(() => documentNumberFromCrm('123456789')).toThrow(expect.objectContaining({ code: 'NUMBER_TOO_LONG' }));
		expect(() => documentNumberFromCrm('123456789')).toThrow(/room for 8/);
		expect(() => documentNumberFromCrm('--')).toThrow(expect.objectContaining({ code: 'NUMBER_EMPTY' }));
		expect(() => documentNumberFromCrm('1', 'Ц-М')).toThrow(expect.objectContaining({ code: 'PREFIX_INVALID' }));
		expect(() => documentNumberFromCrm('1', '12345678901')).toThrow(expect.objectContaining({ code: 'PREFIX_INVALID' }));
	});
});

describe('document key (НомерВходящегоДокументаЭлектронногоОбмена)', () => {
	const order = { id: 105488, number: '5488A', site: 'test-crm10' };

	it('is the CRM order id, so a renumbered order keeps its document', () => {
		expect(formatDocumentKey(order)).toBe('crm#105488');
		expect(formatDocumentKey({ ...order, number: 'NEW-1' })).toBe('crm#105488');
		expect(parseDocumentKey('crm#105488')).toEqual({ kind: 'id', crmOrderId: 105488 });
	});

	it('carries the site when several shops feed one base', () => {
		expect(formatDocumentKey(order, { includeSite: true })).toBe('test-crm10#105488');
		expect(parseDocumentKey('test-crm10#105488')).toEqual({ kind: 'id', crmOrderId: 105488, site: 'test-crm10' });
	});

	it('knows the keys version 0.1 wrote: the CRM number, or <site>:<number>', () => {
		expect(legacyDocumentKey(order)).toBe('5488A');
		expect(legacyDocumentKey(order, { includeSite: true })).toBe('test-crm10:5488A');
		expect(legacyDocumentKey({ id: 1 })).toBeUndefined();
		expect(parseDocumentKey('5488A')).toEqual({ kind: 'number', crmNumber: '5488A' });
		expect(parseDocumentKey('test-crm10:5488A  ')).toEqual({ kind: 'number', crmNumber: '5488A', site: 'test-crm10' });
		expect(parseDocumentKey('  ')).toBeUndefined();
	});

	it('fails when the key exceeds string(20), the site is missing or the id is not an id', () => {
		expect(() => formatDocumentKey({ ...order, site: 'a-very-long-shop-code' }, { includeSite: true })).toThrow(
			expect.objectContaining({ code: 'INCOMING_KEY_TOO_LONG' }),
		);
		expect(() => formatDocumentKey({ ...order, site: null }, { includeSite: true })).toThrow(/no site code/);
		expect(formatDocumentKey({ ...order, site: '123456789012' }, { includeSite: true })).toHaveLength(19);
		expect(() => formatDocumentKey({ ...order, id: 0 })).toThrow(/not a positive integer/);
	});
});
