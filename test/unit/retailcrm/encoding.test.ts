import { encodeComponent, toBracketPairs, toFormBody, toQueryString } from '../../../nodes/core/retailcrm/encoding';

describe('toQueryString (GET, PHP bracket notation)', () => {
	it('writes scalar lists with empty brackets and nested filters with named brackets', () => {
		const pairs = toBracketPairs({
			filter: { ids: [1, 2], extendedStatus: ['new', 'complete'], customFields: { nps: { min: 5 } } },
			limit: 100,
			page: 2,
		});
		expect(pairs).toEqual([
			['filter[ids][]', '1'],
			['filter[ids][]', '2'],
			['filter[extendedStatus][]', 'new'],
			['filter[extendedStatus][]', 'complete'],
			['filter[customFields][nps][min]', '5'],
			['limit', '100'],
			['page', '2'],
		]);
	});

	it('percent-encodes brackets, spaces as %20 (never +) and UTF-8 text', () => {
		const qs = toQueryString({ filter: { numbers: ['12 A'], name: 'Иван+1' } });
		expect(qs).toBe('filter%5Bnumbers%5D%5B%5D=12%20A&filter%5Bname%5D=%D0%98%D0%B2%D0%B0%D0%BD%2B1');
		expect(new URLSearchParams(qs).getAll('filter[numbers][]')).toEqual(['12 A']);
	});

	it('leaves out undefined and null, writes booleans as 1/0 and keeps zero', () => {
		expect(toBracketPairs({ filter: { details: true, offerActive: false, sinceId: 0, site: undefined, x: null }, page: undefined })).toEqual([
			['filter[details]', '1'],
			['filter[offerActive]', '0'],
			['filter[sinceId]', '0'],
		]);
	});

	it('indexes lists of objects so PHP keeps their fields together', () => {
		expect(toBracketPairs({ rows: [{ a: 1, b: 'x' }, { a: 2 }] })).toEqual([
			['rows[0][a]', '1'],
			['rows[0][b]', 'x'],
			['rows[1][a]', '2'],
		]);
	});

	it('encodes the characters encodeURIComponent leaves alone, like rawurlencode', () => {
		expect(encodeComponent("a!b'c(d)e*f g")).toBe('a%21b%27c%28d%29e%2Af%20g');
	});
});

describe('toFormBody (POST form with JSON fields)', () => {
	it('puts nested values as JSON strings and scalars plain', () => {
		const body = toFormBody({ by: 'id', site: 'shop 1', order: { status: 'assembling', customFields: { n: 'УТ-1' } } });
		expect(body).toBe(
			'by=id&site=shop%201&order=' + encodeComponent(JSON.stringify({ status: 'assembling', customFields: { n: 'УТ-1' } })),
		);
		expect(body).not.toContain('+');
		const decoded = new URLSearchParams(body);
		expect(JSON.parse(decoded.get('order') as string)).toEqual({ status: 'assembling', customFields: { n: 'УТ-1' } });
		expect(decoded.get('site')).toBe('shop 1');
	});

	it('keeps zero stock in JSON arrays and skips undefined fields', () => {
		const body = toFormBody({ offers: [{ externalId: 'a', stores: [{ code: 'main', available: 0 }] }], site: undefined });
		expect(new URLSearchParams(body).get('offers')).toBe('[{"externalId":"a","stores":[{"code":"main","available":0}]}]');
		expect(body.startsWith('offers=')).toBe(true);
		expect(body).not.toContain('site=');
	});
});
