import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { basicAuthHeader } from '../nodes/core/onec/auth';

/**
 * 1C:Управление торговлей 10.3 through the platform's standard OData interface, HTTP Basic.
 * The login is encoded as UTF-8 (not Latin-1), so Cyrillic user names such as «Администратор» work.
 */
export class OneCUt10Api implements ICredentialType {
	name = 'oneCUt10Api';

	displayName = '1C UT10 API';

	icon: Icon = { light: 'file:../icons/onec.svg', dark: 'file:../icons/onec.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-retailcrm-1c/n8n-nodes-retailcrm-1c#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'OData URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://1c.example.com/trade/odata/standard.odata',
			description:
				'Root of the 1C publication\'s standard OData interface: the web server address, the publication name, then /odata/standard.odata.',
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. Администратор',
			description: '1C user, exactly as in the 1C user list (Cyrillic allowed)',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Allow Plain HTTP to a Public Host',
			name: 'allowPlainHttp',
			type: 'boolean',
			default: false,
			description:
				'Whether to accept an http:// URL to a public host. Off: only https:// or local hosts (localhost, 127.x, ::1, 10.x, 172.16–31.x, 192.168.x, 100.64–127.x (CGNAT), link-local 169.254.x and fe80::, fc00::/7, names without a dot, .local/.lan/.internal/.home.arpa/.localhost/.test) may use plain HTTP, because it sends the 1C login and password in clear text. Switch on only behind a VPN or tunnel.',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		requestOptions.headers = {
			...(requestOptions.headers ?? {}),
			Authorization: basicAuthHeader(String(credentials.user ?? ''), String(credentials.password ?? '')),
		};
		return requestOptions;
	}

	// No declarative `test`: it would send the Basic login to any http:// host, before the rule of "Allow Plain HTTP to
	// a Public Host" could refuse it. The nodes name a test function instead (`testedBy: 'oneCUt10ApiConnectionTest'`,
	// nodes/shared/credential-tests.ts), which applies that rule first and then reads the OData service document.
}
