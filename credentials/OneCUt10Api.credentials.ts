import type {
	IAuthenticateRuleResponseCode,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { basicAuthHeader } from '../nodes/core/onec/auth';

/** Kept equal to core/onec's REQUIRED_SETS (a unit test checks), without bundling the model here. */
const REQUIRED_SETS =
	'Catalog_Организации, Catalog_Номенклатура, Catalog_ХарактеристикиНоменклатуры, Catalog_ЕдиницыИзмерения, Catalog_КлассификаторЕдиницИзмерения, Catalog_Склады, Catalog_Контрагенты, Catalog_ДоговорыКонтрагентов, Catalog_ТипыЦенНоменклатуры, Catalog_Валюты, Catalog_Пользователи, Document_ЗаказПокупателя, AccumulationRegister_ТоварыНаСкладах, AccumulationRegister_ТоварыВРезервеНаСкладах, AccumulationRegister_ТоварыВРознице, InformationRegister_ЦеныНоменклатуры, InformationRegister_Штрихкоды';

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

	test: ICredentialTestRequest = {
		request: {
			// Like the client (core/onec/url.ts normalizeRootUrl): query and fragment dropped, a pasted /$metadata dropped,
			// and a publication base URL gets /odata/standard.odata appended (the path 1C publishes, in its own case).
			baseURL:
				'={{$credentials.url.trim().replace(/[?#].*$/, "").replace(/\\/+$/, "").replace(/\\/\\$metadata$/, "").replace(/\\/odata\\/standard\\.odata$/i, "") + "/odata/standard.odata"}}',
			// The service document: it answers whatever the composition holds, so a 404 here can only be a wrong URL
			// (a real base answers 404 for a set missing from the composition too, which a set read could not tell
			// from a wrong URL), and its list shows an empty composition, the state of every new publication.
			url: '/?$format=json',
			method: 'GET',
		},
		// n8n 1.123's tester applies responseCode rules only when the thrown error keeps the HTTP
		// response as its cause, which its NodeApiError does not; it then shows its own status texts
		// ("Authorization failed…" for 401, "…could not be found" for 404), which still tell a wrong
		// login from a wrong URL. Where the rules do apply, they give the fuller messages below.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: '1C rejected the user or password. Check the login exactly as in the 1C user list.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'The 1C user may not use the OData interface. Give the user the rights README lists, then run 1C UT10 Store → Setup → Check Setup.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'No standard OData interface at this URL. It must end with /odata/standard.odata, and the publication must have «Публиковать стандартный интерфейс OData» on.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 500,
					message: '1C or its web server failed (licence limit, sessions locked for maintenance, the 1C server cluster down). 1C UT10 Store → Setup → Check Setup shows 1C\'s own text.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'value',
					value: undefined as unknown as string,
					message:
						'The server answered, but not with 1C OData JSON. Check that the URL ends with /odata/standard.odata and that OData is published for this base.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'value[0]',
					value: undefined as unknown as string,
					message: `Connected to 1C, but its OData composition is empty (a new publication publishes nothing). Publish these sets (УстановитьСоставСтандартногоИнтерфейсаOData): ${REQUIRED_SETS}`,
				},
			},
			// n8n checks responseCode rules on failed requests and responseSuccessBody rules on
			// answered ones, in one list; the type only allows one kind per list. A composition that lacks
			// some sets passes here; Check Setup names each missing set.
		] as unknown as IAuthenticateRuleResponseCode[],
	};
}
