import type {
	IAuthenticateGeneric,
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
				'Key from Administration → Integration → API access keys. One key for every workflow: the scopes order_read, order_write, customer_read, reference_read, store_read, store_write, integration_read and integration_write. A key for one workflow needs only its nodes\' scopes (e.g. stock upload: store_write and reference_read); Test names the nodes the key serves.',
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			default: 10,
			typeOptions: { minValue: 0.5, maxValue: 10, numberPrecision: 1 },
			description:
				'How many requests per second n8n sends with this key. retailCRM allows 10 per key; the nodes use all of it and slow down when retailCRM answers "Rate limit exceeded". Lower it when other integrations use the same key, to leave them their share.',
		},
		{
			displayName: 'Allow Plain HTTP to a Public Host',
			name: 'allowPlainHttp',
			type: 'boolean',
			default: false,
			description:
				'Whether to accept an http:// URL to a public host. Off: only https:// or local hosts (localhost, 127.x, ::1, 10.x, 172.16–31.x, 192.168.x, 100.64–127.x (CGNAT), link-local 169.254.x and fe80::, fc00::/7, names without a dot, .local/.lan/.internal/.home.arpa/.localhost/.test) may use plain HTTP, because it sends the API key in clear text. Switch on only behind a VPN or tunnel.',
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

	// No declarative `test`: it could not look into the key's scopes. The nodes name a test function instead
	// (`testedBy: 'retailCrmApiConnectionTest'`, nodes/shared/credential-tests.ts), which tells a wrong URL, a
	// wrong key and missing scopes apart, per node.
}
