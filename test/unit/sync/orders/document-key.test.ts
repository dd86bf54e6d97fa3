import { formatDocumentKey, hasCrmOrderId, parseDocumentKey } from '../../../../nodes/core/sync/orders/document-key';

describe('document key (НомерВходящегоДокументаЭлектронногоОбмена)', () => {
	it('is crm#<id>, or <site>#<id> when several shops feed the base', () => {
		expect(formatDocumentKey(15234)).toBe('crm#15234');
		expect(formatDocumentKey(15234, 'test-crm10')).toBe('test-crm10#15234');
	});

	it('reads back what it wrote, whatever the id and site', () => {
		for (const [id, site] of [[1, undefined], [101, 'test-crm10'], [99999999, 'shop_2'], [123456789012, undefined]] as const) {
			const parsed = parseDocumentKey(formatDocumentKey(id, site));
			expect(parsed).toEqual(site ? { crmOrderId: id, site } : { crmOrderId: id });
			expect(parsed && hasCrmOrderId(parsed)).toBe(true);
		}
	});

	it('recognises the keys of release 0.1: the CRM number, or <site>:<number>', () => {
		expect(parseDocumentKey('5488')).toEqual({ crmNumber: '5488' });
		expect(parseDocumentKey('5488A')).toEqual({ crmNumber: '5488A' });
		expect(parseDocumentKey('test-crm10:5488')).toEqual({ crmNumber: '5488', site: 'test-crm10' });
		expect(parseDocumentKey('test-crm10:5488-B')).toEqual({ crmNumber: '5488-B', site: 'test-crm10' });
		const legacy = parseDocumentKey('5488')!;
		expect(hasCrmOrderId(legacy)).toBe(false);
	});

	it('ignores the spaces 1C pads with and is empty for an empty field', () => {
		expect(parseDocumentKey('crm#101   ')).toEqual({ crmOrderId: 101 });
		expect(parseDocumentKey('   ')).toBeUndefined();
		expect(parseDocumentKey('')).toBeUndefined();
		expect(parseDocumentKey(null)).toBeUndefined();
	});

	it('does not take a number with a hash and letters, or a zero id, for an id key', () => {
		expect(parseDocumentKey('crm#0')).toEqual({ crmNumber: 'crm#0' });
		expect(parseDocumentKey('crm#12a')).toEqual({ crmNumber: 'crm#12a' });
		expect(parseDocumentKey('#12')).toEqual({ crmNumber: '#12' });
	});

	it('refuses keys 1C would cut to 20 characters, bad ids and site codes that would not read back', () => {
		expect(formatDocumentKey(12345, 'fourteen-chars')).toHaveLength(20);
		expect(() => formatDocumentKey(123456, 'fourteen-chars')).toThrow(expect.objectContaining({ code: 'INCOMING_KEY_TOO_LONG' }));
		expect(() => formatDocumentKey(0)).toThrow(/positive whole number/);
		expect(() => formatDocumentKey(1.5)).toThrow(/positive whole number/);
		expect(() => formatDocumentKey(7, 'a:b')).toThrow(/cannot be part of a key/);
		expect(() => formatDocumentKey(7, ' ')).toThrow(/cannot be part of a key/);
	});
});
