import { OneCUt10Api } from '../../../credentials/OneCUt10Api.credentials';
import { RetailCrmApi } from '../../../credentials/RetailCrmApi.credentials';
import { REQUIRED_SETS } from '../../../nodes/core/onec/model';
import { basicAuthHeader } from '../../../nodes/core/onec/auth';
import { retailCrmApiConnectionTest } from '../../../nodes/shared/credential-tests';
import { ourNodeTypes } from '../../helpers/run-workflow';

describe('1C UT10 API credential', () => {
	const credential = new OneCUt10Api();

	it('names exactly the OData sets the package needs in its composition message', () => {
		const rule = (credential.test.rules as Array<{ properties: { key?: string; value: unknown; message: string } }>).find(
			(r) => r.properties.key === 'value[0]',
		);
		const listed = rule!.properties.message.split(': ').pop()!.split(', ');
		expect(listed.sort()).toEqual([...REQUIRED_SETS].sort());
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
