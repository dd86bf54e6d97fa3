/**
 * shortHash gives the same strings as ever: change hashes are kept in workflows' static data between runs (a changed
 * hash would resend every offer once), so a faster way of making the string must not change it. The expected values
 * are the former implementation's (one character appended at a time).
 */
import { shortHash } from '../../../nodes/core/common/short-hash';

describe('shortHash', () => {
	it.each([
		['', ['LwnPO8i', 'LwnPrO8iyS', 'LwnPrCO8iySC', 'LwnPrCAfO8iySCwL']],
		['a', ['ZgBaow6', 'ZgBaqow6Bs', 'ZgBaqAow6BsB', 'ZgBaqABGow6BsBCr']],
		['5eed0008-0000-4000-8000-000000000001#5eed0009-0000-4000-8000-000000000002', ['Y2OsSIZ', 'Y2OskSIZyS', 'Y2OskBSIZySB', 'Y2OskBZ7SIZySBhk']],
		['Джинсы Элегантность (48)', ['LXHY9p-', 'LXHY_9p-H_', 'LXHY_D9p-H_B', 'LXHY_Dcd9p-H_Bn6']],
		['{"stores":[{"code":"main","available":23}]}', ['IXpOPrW', 'IXpOHPrWj8', 'IXpOHCPrWj8A', 'IXpOHCclPrWj8Asa']],
	])('%j at 7, 10, 12 and 16 characters', (text, expected) => {
		expect([7, 10, 12, 16].map((chars) => shortHash(text, chars))).toEqual(expected);
	});

	it('every length from 1 to 12 is that many base64url characters', () => {
		for (let chars = 1; chars <= 12; chars++) expect(shortHash('offer', chars)).toMatch(new RegExp(`^[A-Za-z0-9_-]{${chars}}$`));
	});
});
