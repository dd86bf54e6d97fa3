import { REDACTED, redactSecrets } from '../../../nodes/core/retailcrm/redact';

const KEY = 'aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI';

describe('redactSecrets', () => {
	it('removes apiKey parameters in queries, forms and JSON', () => {
		expect(redactSecrets('GET /api/v5/orders?apiKey=abc123&limit=20')).toBe(`GET /api/v5/orders?apiKey=${REDACTED}&limit=20`);
		expect(redactSecrets('body apikey=zzz')).toBe(`body apikey=${REDACTED}`);
		expect(redactSecrets('{"apiKey":"secret-1"}')).toBe(`{"apiKey":"${REDACTED}"}`);
		expect(redactSecrets('q=apiKey%3Dxyz')).toBe(`q=apiKey%3D${REDACTED}`);
	});

	it('removes X-API-KEY header values', () => {
		expect(redactSecrets('headers: { X-API-KEY: s3cr3t, Accept: json }')).toBe(`headers: { X-API-KEY: ${REDACTED}, Accept: json }`);
		expect(redactSecrets('"x-api-key":"s3cr3t"')).toBe(`"x-api-key":"${REDACTED}"`);
	});

	it('removes key-like tokens and explicitly known secrets', () => {
		expect(redactSecrets(`token ${KEY} leaked`)).toBe(`token ${REDACTED} leaked`);
		expect(redactSecrets('short key abc', ['abc1'])).toBe('short key abc');
		expect(redactSecrets('the key is my-Secret_1!', ['my-Secret_1!'])).toBe(`the key is ${REDACTED}`);
		expect(redactSecrets('encoded my%2DSecret', ['my/Secret'])).toBe('encoded my%2DSecret');
		expect(redactSecrets('encoded my%2FSecret', ['my/Secret'])).toBe(`encoded ${REDACTED}`);
	});

	it('leaves ordinary messages, lower-case hex ids and GUIDs alone', () => {
		const text = 'Order 7141C not found; offer 9c1e4a7b0d2f4e6a8b1c3d5e7f9a0b2c, guid 9c1e4a7b-0d2f-4e6a-8b1c-3d5e7f9a0b2c';
		expect(redactSecrets(text)).toBe(text);
	});
});
