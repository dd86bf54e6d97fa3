/**
 * Every dropdown of every node, as the editor fills it: the static lists and each live list (loadOptions) read from
 * the seeded sandboxes through the node's credential. A review found a dropdown offering one value twice; here no
 * list offers a value or a label twice, every live list answers with something, and every method a field names exists
 * on its node (and none is left unused).
 */
import axios from 'axios';
import type { ILoadOptionsFunctions, INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';
import { basicAuthHeader } from '../../nodes/core/onec/auth';
import { PACKAGE, ourNodeTypes } from '../helpers/run-workflow';
import { useSeedSandboxes } from '../helpers/orders-template';

type Option = INodePropertyOptions & { values?: INodeProperties[] };

/** The fields of a description, collections and fixed collections walked (their inner fields are fields too). */
function fieldsOf(properties: readonly INodeProperties[], path = ''): Array<{ path: string; field: INodeProperties }> {
	const out: Array<{ path: string; field: INodeProperties }> = [];
	for (const field of properties) {
		const here = `${path}${field.name}`;
		out.push({ path: here, field });
		for (const option of (field.options ?? []) as Option[]) {
			if ('displayName' in option && 'type' in option) out.push(...fieldsOf([option as unknown as INodeProperties], `${here}.`));
			if (Array.isArray(option.values)) out.push(...fieldsOf(option.values, `${here}.${option.name}.`));
		}
	}
	return out;
}

/** Values and labels given more than once in one list. */
function repeated(options: readonly INodePropertyOptions[]): string[] {
	const seen = new Set<string>();
	const twice: string[] = [];
	for (const option of options) {
		for (const key of [`value ${JSON.stringify(option.value)}`, `label "${option.name}"`]) {
			if (seen.has(key)) twice.push(key);
			seen.add(key);
		}
	}
	return twice;
}

const nodes = Object.entries(ourNodeTypes()).map(([type, node]) => ({ name: type.replace(`${PACKAGE}.`, ''), node: node as INodeType }));

describe('dropdowns of every node', () => {
	const sandboxes = useSeedSandboxes();

	it('a value or a label given twice is caught', () => {
		expect(repeated([{ name: 'Основной склад', value: 'a' }, { name: 'Основной склад', value: 'b' }, { name: 'Склад 2', value: 'a' }])).toEqual(['label "Основной склад"', 'value "a"']);
	});

	it('covers the six nodes', () => {
		expect(nodes.map((n) => n.name).sort()).toEqual(['icmlBuilder', 'icmlCatalogGate', 'oneCUt10Store', 'retailCrm1cReconcile', 'retailCrmOrders', 'stockUpload']);
	});

	it.each(nodes)('$name: no static list offers a value or a label twice', ({ node }) => {
		const lists = fieldsOf(node.description.properties).filter(({ field }) => (field.type === 'options' || field.type === 'multiOptions') && Array.isArray(field.options));
		// The same field name may appear once per operation (displayOptions), each its own list.
		expect(lists.flatMap(({ path, field }) => repeated(field.options as INodePropertyOptions[]).map((twice) => `${path}: ${twice}`))).toEqual([]);
	});

	it.each(nodes)('$name: every live list a field names is a method of the node, and every method is named', ({ node }) => {
		const named = new Set(fieldsOf(node.description.properties).map(({ field }) => field.typeOptions?.loadOptionsMethod).filter((m): m is string => typeof m === 'string'));
		const methods = Object.keys(node.methods?.loadOptions ?? {});
		expect([...named].filter((m) => !methods.includes(m))).toEqual([]);
		expect(methods.filter((m) => !named.has(m))).toEqual([]);
	});

	/** A load-options context as n8n gives one: the credential's auth on every request, bytes when asked. */
	function context(node: string): ILoadOptionsFunctions {
		const { crm, onec } = sandboxes;
		return {
			getCredentials: async (type: string) => sandboxes.credentials[type],
			getNode: () => ({ id: 'n', name: node, type: `${PACKAGE}.${node}`, typeVersion: 1, position: [0, 0], parameters: {} }),
			getCurrentNodeParameter: () => undefined,
			getCurrentNodeParameters: () => ({}),
			logger: { info: () => undefined, warn: () => undefined, debug: () => undefined, error: () => undefined },
			helpers: {
				httpRequestWithAuthentication: async (type: string, options: { method: string; url: string; headers?: Record<string, string>; body?: string; encoding?: string }) => {
					const auth = type === 'retailCrmApi' ? { 'X-API-KEY': crm.keys.integration } : { Authorization: basicAuthHeader(onec.user, onec.password) };
					const res = await axios.request<string | Buffer>({
						method: options.method,
						url: options.url,
						data: options.body,
						headers: { ...(options.headers ?? {}), ...auth },
						responseType: options.encoding === 'arraybuffer' ? 'arraybuffer' : 'text',
						transformResponse: [(d: unknown) => d],
						validateStatus: () => true,
					});
					return { body: res.data, headers: res.headers, statusCode: res.status };
				},
			},
		} as unknown as ILoadOptionsFunctions;
	}

	const live = nodes.flatMap(({ name, node }) => Object.keys(node.methods?.loadOptions ?? {}).map((method) => ({ name, method, node })));

	it('finds the live lists of both systems', () => {
		expect(live.length).toBeGreaterThan(25);
		expect(live.map((l) => `${l.name}.${l.method}`)).toEqual(expect.arrayContaining(['oneCUt10Store.getWarehouses', 'retailCrmOrders.getStatusesAndGroups', 'stockUpload.getStores']));
	});

	it.each(live)('$name $method: answers from the seeded account, no value or label twice', async ({ name, method, node }) => {
		const load = (node.methods?.loadOptions as Record<string, (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>>)[method];
		const options = await load.call(context(name));
		expect(options.length).toBeGreaterThan(0);
		// A value of '' is a list's "(None)" entry (getSitesOrNone); a label is never empty.
		for (const option of options) expect(typeof option.name === 'string' && option.name.length > 0 && option.value !== undefined).toBe(true);
		expect(repeated(options)).toEqual([]);
	});
});
