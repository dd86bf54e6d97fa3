import { OneCUt10Api } from '../../../credentials/OneCUt10Api.credentials';
import { RetailCrmApi } from '../../../credentials/RetailCrmApi.credentials';
import { REQUIRED_SETS } from '../../../nodes/core/onec/model';
import { basicAuthHeader } from '../../../nodes/core/onec/auth';
import { oneCUt10ApiConnectionTest, retailCrmApiConnectionTest } from '../../../nodes/shared/credential-tests';
import { ourNodeTypes } from '../../helpers/run-workflow';

describe('1C UT10 API credential', () => {
	const credential = new OneCUt10Api();

	it('has no declarative test (it would send the login to any http:// host): every node that uses it names the test function', () => {
		expect((credential as unknown as { test?: unknown }).test).toBeUndefined();
		const users = Object.values(ourNodeTypes()).filter((node) => node.description.credentials?.some((c) => c.name === 'oneCUt10Api'));
		expect(users.map((node) => node.description.name).sort()).toEqual(['icmlBuilder', 'oneCUt10Store', 'retailCrm1cReconcile', 'stockUpload']);
		for (const node of users) {
			expect(node.description.credentials?.find((c) => c.name === 'oneCUt10Api')?.testedBy).toBe('oneCUt10ApiConnectionTest');
			expect(node.methods?.credentialTest?.oneCUt10ApiConnectionTest).toBe(oneCUt10ApiConnectionTest);
		}
	});

	it('names exactly the OData sets the package needs in its empty-composition message', async () => {
		const fetchSpy = jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('{"odata.metadata":"x","value":[]}', { status: 200 }));
		try {
			const result = await oneCUt10ApiConnectionTest.call({} as never, { id: 't', name: 't', type: 'oneCUt10Api', data: { url: 'https://1c.example.com/ut', user: 'u', password: 'p' } });
			expect(result.status).toBe('Error');
			const listed = result.message.split(': ').pop()!.split(', ');
			expect(listed.sort()).toEqual([...REQUIRED_SETS].sort());
		} finally {
			fetchSpy.mockRestore();
		}
	});

	it('sends Basic auth encoded as UTF-8, identical to the client helper', async () => {
		const options = await credential.authenticate({ user: 'Администратор', password: 'пароль' }, { url: '/' });
		expect(options.headers?.Authorization).toBe(basicAuthHeader('Администратор', 'пароль'));
		expect(Buffer.from(String(options.headers?.Authorization).slice(6), 'base64').toString('utf8')).toBe('Администратор:пароль');
	});
});

describe('RetailCRM API credential', () => {
	it('puts the key in the X-API-KEY header and nowhere else', () => {
		const credential = new RetailCrmApi();
		expect(credential.authenticate.properties).toEqual({ headers: { 'X-API-KEY': '={{$credentials.apiKey}}' } });
	});

	it('is tested by a function of every node that uses it (n8n picks the first node naming one)', () => {
		const users = Object.values(ourNodeTypes()).filter((node) => node.description.credentials?.some((c) => c.name === 'retailCrmApi'));
		expect(users.map((node) => node.description.name).sort()).toEqual(['retailCrm1cReconcile', 'retailCrmOrders', 'stockUpload']);
		for (const node of users) {
			const testedBy = node.description.credentials?.find((c) => c.name === 'retailCrmApi')?.testedBy;
			expect(testedBy).toBe('retailCrmApiConnectionTest');
			expect(node.methods?.credentialTest?.retailCrmApiConnectionTest).toBe(retailCrmApiConnectionTest);
		}
	});
});
