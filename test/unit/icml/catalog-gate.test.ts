import { BuildsInFlight, isFresh, requestToken, tokenMatches } from '../../../nodes/core/icml/catalog-gate';

describe('catalog gate: token and freshness', () => {
	it('reads the token from the query, else the x-catalog-token header (n8n lower-cases header names)', () => {
		expect(requestToken({ query: { token: 'q' }, headers: { 'x-catalog-token': 'h' } })).toBe('q');
		expect(requestToken({ query: {}, headers: { 'x-catalog-token': 'h' } })).toBe('h');
		expect(requestToken({ query: { token: ['a', 'b'] } })).toBeUndefined();
		expect(requestToken({})).toBeUndefined();
	});

	it('a token matches only itself; an empty expected token matches nothing', () => {
		expect(tokenMatches('s3cret', 's3cret')).toBe(true);
		expect(tokenMatches('s3cret', 's3cre')).toBe(false);
		expect(tokenMatches('s3cret', 's3cretX')).toBe(false);
		expect(tokenMatches('s3cret', undefined)).toBe(false);
		expect(tokenMatches('', '')).toBe(false);
	});

	it('a file is fresh while younger than the max age; a file from the future or none is not', () => {
		expect(isFresh(1000, 1500, 600)).toBe(true);
		expect(isFresh(1000, 1600, 600)).toBe(false);
		expect(isFresh(2000, 1500, 600)).toBe(false);
		expect(isFresh(undefined, 1500, 600)).toBe(false);
		expect(isFresh(1500, 1500, 0)).toBe(false);
	});

	it('one build at a time per file: others wait until it writes the file or the wait runs out', () => {
		const builds = new BuildsInFlight();
		expect(builds.claim('/f', 1000, 500)).toEqual({ build: true });
		expect(builds.claim('/f', 1200, 500)).toEqual({ build: false, since: 1000 });
		expect(builds.claim('/g', 1200, 500)).toEqual({ build: true });
		// The file written at 1300 ≥ the claim: that build is over, the next stale look builds again.
		expect(builds.claim('/f', 1400, 500, 1300)).toEqual({ build: true });
		// A build that never writes holds others back only for the wait.
		expect(builds.claim('/f', 1500, 500, 1300)).toEqual({ build: false, since: 1400 });
		expect(builds.claim('/f', 1900, 500, 1300)).toEqual({ build: true });
		builds.settle('/f');
		expect(builds.claim('/f', 1901, 500)).toEqual({ build: true });
	});
});
