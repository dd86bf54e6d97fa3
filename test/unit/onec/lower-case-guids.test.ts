/**
 * GUIDs that are lower case already are kept as they are, not lower-cased again (core/onec/query.ts lowerCaseLatin):
 * Node 24's `toLowerCase` returns a new string even for a lower-case one, so every key the catalog read lower-cased
 * again was held twice (docs/large-catalogs.md). A string's identity cannot be seen from JavaScript, so the tests
 * watch `String.prototype.toLowerCase` instead: it must not run for a lower-case GUID, and still must for an upper-case one.
 */
import { rowDecoder } from '../../../nodes/core/onec/row-decoder';
import { UT } from '../../../nodes/core/onec/model';
import { lowerCaseLatin } from '../../../nodes/core/onec/query';
import { normalizeRef, offerKey, tryParseOfferKey } from '../../../nodes/core/sync/offer-key';

const LOWER = '5eed0004-0000-4000-8000-00000000000a';
const CHARACTERISTIC = '5eed0009-0000-4000-8000-0000000000bc';

describe('lower-case GUIDs are not lower-cased again', () => {
	let calls: jest.SpyInstance;
	beforeEach(() => {
		calls = jest.spyOn(String.prototype, 'toLowerCase');
	});
	afterEach(() => calls.mockRestore());

	it.each([
		['lowerCaseLatin', () => lowerCaseLatin(LOWER)],
		['normalizeRef', () => normalizeRef(LOWER)],
		['offerKey of an item and a characteristic', () => offerKey(LOWER, CHARACTERISTIC)],
		['tryParseOfferKey', () => tryParseOfferKey(`${LOWER}#${CHARACTERISTIC}`)?.itemKey],
		['a decoded Ref_Key', () => (rowDecoder(UT.Catalog_Номенклатура.specs, ['Ref_Key'])({ Ref_Key: LOWER }) as { Ref_Key: string }).Ref_Key],
	])('%s', (_, run) => {
		expect(run()).toEqual(expect.stringContaining(LOWER.slice(0, 8)));
		expect(calls).not.toHaveBeenCalled();
	});

	it('an upper-case GUID is still lower-cased, once', () => {
		expect(normalizeRef(LOWER.toUpperCase())).toBe(LOWER);
		expect(offerKey(LOWER.toUpperCase(), CHARACTERISTIC.toUpperCase())).toBe(`${LOWER}#${CHARACTERISTIC}`);
		expect(lowerCaseLatin('Ab-CD')).toBe('ab-cd');
	});
});
