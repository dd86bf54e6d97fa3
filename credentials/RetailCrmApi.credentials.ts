import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/**
 * retailCRM (Simla.com) API key. The key travels only in the X-API-KEY header, never in a query
 * string, so it cannot leak into proxy or n8n logs.
 */
export class RetailCrmApi implements ICredentialType {
	name = 'retailCrmApi';

	displayName = 'RetailCRM API';

	icon: Icon = { light: 'file:../icons/retailcrm.svg', dark: 'file:../icons/retailcrm.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-retailcrm-1c/n8n-nodes-retailcrm-1c#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Account URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://myshop.retailcrm.ru',
			description:
				'Address of your retailCRM account (https://). Plain http:// is accepted only for local hosts (sandboxes) unless the option below allows it.',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Key from Administration → Integration → API access keys. It needs the scopes order_read, order_write, customer_read, reference_read, store_read, store_write, integration_read and integration_write.',
		},
		{
			displayName: 'Allow Plain HTTP to a Public Host',
			name: 'allowPlainHttp',
			type: 'boolean',
			default: false,
			description:
				'Whether to accept an http:// URL to a public host. Off: only https:// or local hosts (localhost, 10.x, 172.16–31.x, 192.168.x, names without a dot, .local/.lan/.internal) may use plain HTTP, because it sends the API key in clear text. Switch on only behind a VPN or tunnel.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-API-KEY': '={{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.url.replace(/\\/+$/, "").replace(/\\/api(\\/v5)?$/, "")}}',
			url: '/api/credentials',
			method: 'GET',
			// Read retailCRM's own errorMsg instead of n8n's generic status texts.
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errorMsg',
					value: 'Wrong "apiKey" value.',
					message:
						'retailCRM rejected the API key (wrong or deactivated key). The account URL is right; check the key in Administration → Integration → API access keys.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errorMsg',
					value: '"apiKey" is missing.',
					message: 'retailCRM received no API key. Enter the key from Administration → Integration → API access keys.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errorMsg',
					value: 'Access denied.',
					message:
						'The API key is valid but may not use this account or method. Give it access to the stores and the scopes order_read, order_write, customer_read, reference_read, store_read, store_write, integration_read, integration_write.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errorMsg',
					value: 'Account does not exist.',
					message: 'This retailCRM account does not exist. Check the subdomain in the account URL.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errorMsg',
					value: 'Method not found',
					message: 'No retailCRM API at this address. Check the account URL, e.g. https://myshop.retailcrm.ru (without /api).',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'success',
					value: undefined as unknown as string,
					message:
						'The address answered, but not like the retailCRM API. Check the account URL, e.g. https://myshop.retailcrm.ru (without /api).',
				},
			},
		],
	};
}
