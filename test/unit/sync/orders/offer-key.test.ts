import { formatOfferKey, tryParseOfferKey } from '../../../../nodes/core/sync/offer-key';
import { offerLookup, parseOfferKey } from '../../../../nodes/core/sync/orders/offer-match';

const ITEM = '5A1B3C4D-0001-11E5-8F1A-0050569A0797';
const CHAR = 'b0b0b0b0-0001-11e5-8f1a-0050569a0001';

describe('offer keys', () => {
	it('parses <item> and <item>#<characteristic>, lower-casing GUIDs', () => {
		expect(parseOfferKey(ITEM)).toEqual({ itemKey: ITEM.toLowerCase() });
		expect(parseOfferKey(`${ITEM}#${CHAR}`)).toEqual({ itemKey: ITEM.toLowerCase(), characteristicKey: CHAR });
	});

	it('treats an empty characteristic GUID as none and round-trips through format', () => {
		const key = parseOfferKey(`${ITEM}#00000000-0000-0000-0000-000000000000`);
		expect(key.characteristicKey).toBeUndefined();
		expect(formatOfferKey(parseOfferKey(`${ITEM}#${CHAR}`))).toBe(`${ITEM.toLowerCase()}#${CHAR}`);
		expect(formatOfferKey({ itemKey: ITEM })).toBe(ITEM.toLowerCase());
	});

	it('rejects what is not a key', () => {
		for (const bad of ['797', '', `${ITEM}#`, `${ITEM}#x`, `${ITEM}#${CHAR}#${CHAR}`, '00000000-0000-0000-0000-000000000000']) {
			expect(tryParseOfferKey(bad)).toBeUndefined();
		}
		expect(() => parseOfferKey('797')).toThrow(expect.objectContaining({ code: 'INVALID_OFFER_KEY' }));
	});

	it('tells the 1C side what to look up per strategy', () => {
		const offer = { id: 797, externalId: `${ITEM}#${CHAR}`, xmlId: '00000000797', article: ' J-48 ' };
		expect(offerLookup(offer, 'externalId')).toEqual({ kind: 'key', key: { itemKey: ITEM.toLowerCase(), characteristicKey: CHAR } });
		expect(offerLookup(offer, 'xmlId')).toMatchObject({ kind: 'missing' });
		expect(offerLookup(offer, 'article')).toEqual({ kind: 'field', field: 'Артикул', value: 'J-48' });
		expect(offerLookup(offer, 'code')).toEqual({ kind: 'field', field: 'Code', value: '00000000797' });
		expect(offerLookup({ id: 1 }, 'article')).toMatchObject({ kind: 'missing' });
		expect(offerLookup(null, 'externalId')).toMatchObject({ kind: 'missing' });
	});
});
