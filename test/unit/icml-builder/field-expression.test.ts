import { jsonPathOf, readPath } from '../../../nodes/shared/field-expression';
import { listIssues, summarizeIssue } from '../../../nodes/core/icml/issue-report';

describe('jsonPathOf: plain $json property reads only', () => {
	it.each([
		['={{ $json.offerKey }}', ['offerKey']],
		['={{$json.offerKey}}', ['offerKey']],
		['={{ $json.unit.code }}', ['unit', 'code']],
		['={{ $json["Цена розничная"] }}', ['Цена розничная']],
		["={{ $json['a b'].c }}", ['a b', 'c']],
		['={{ $json }}', []],
	])('%s → %j', (raw, path) => {
		expect(jsonPathOf(raw)).toEqual(path);
	});

	it.each([
		"={{ $json.isService ? 'service' : 'product' }}",
		'={{ $json.price * 1.2 }}',
		'={{ $json.name.toUpperCase() }}',
		'={{ $json.a }} {{ $json.b }}',
		'=x{{ $json.a }}',
		"={{ $('1C').item.json.a }}",
		'={{ $json.a[0] }}',
		'$json.a',
		'plain text',
		42,
	])('%s → evaluated by n8n', (raw) => {
		expect(jsonPathOf(raw)).toBeUndefined();
	});
});

describe('readPath', () => {
	it('reads nested values; missing steps are undefined', () => {
		const json = { unit: { code: '796' }, folders: [{ ref: 'g' }], n: null };
		expect(readPath(json, ['unit', 'code'])).toBe('796');
		expect(readPath(json, ['folders'])).toEqual([{ ref: 'g' }]);
		expect(readPath(json, ['n', 'x'])).toBeUndefined();
		expect(readPath(json, ['missing', 'x'])).toBeUndefined();
		expect(readPath(json, [])).toBe(json);
	});
});

describe('issue report', () => {
	it('names the input item when it differs from the offer index, and lists the first N', () => {
		const issue = { severity: 'error' as const, code: 'missing-price', field: 'price', message: 'Offer #0 (id "a"), price: a price is required', offerIndex: 0, offerId: 'a' };
		expect(summarizeIssue(issue, [4])).toEqual({ code: 'missing-price', field: 'price', message: 'Offer #0 (id "a"), price: a price is required (input item #4)', itemIndex: 4, offerId: 'a' });
		expect(summarizeIssue(issue, [0]).message).toBe(issue.message);
		const list = [summarizeIssue(issue), summarizeIssue({ ...issue, offerIndex: 1, offerId: 'b', message: 'b' }), summarizeIssue({ ...issue, message: 'c' })];
		expect(listIssues(list, 7, 2)).toBe('- Offer #0 (id "a"), price: a price is required\n- b\n… and 5 more');
	});
});
