/**
 * Runs a credential's declarative `test` the way n8n 1.123's CredentialsTester does
 * (packages/cli/src/services/credentials-tester.service.ts): a temporary node whose single property
 * routes the test request, executed by n8n-core's real RoutingNode with the credential's
 * `authenticate`; then responseCode rules on a failed request and responseSuccessBody rules on an
 * answered one. The steps and messages below follow that file line by line.
 */
import './run-workflow';
import type { ICredentialDataDecryptedObject, INode, INodeType, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { credentialTypes, ourNodeTypes, TestCredentialsHelper } from './run-workflow';

// n8n's tester uses lodash's get; lodash ships with n8n-workflow.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const get = require('lodash/get') as (value: unknown, path: string) => unknown;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require('n8n-core') as typeof import('n8n-core');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const wf = require('n8n-workflow') as typeof import('n8n-workflow');

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * As n8n's getCredentialTestFunction: the credential's own `test` first, else the first of our nodes that names a
 * test function for it (`testedBy`), called with n8n-core's CredentialTestContext; n8n then redacts the
 * credential's secret values from the message (redactSecrets), which we skip so a leak would show.
 */
export async function testCredential(type: string, data: ICredentialDataDecryptedObject): Promise<CredentialTestResult> {
	const credentialType = credentialTypes[type];
	const testRequest = credentialType.test;
	if (!testRequest) {
		for (const nodeType of Object.values(ourNodeTypes())) {
			const testedBy = nodeType.description.credentials?.find((c) => c.name === type)?.testedBy;
			if (typeof testedBy !== 'string') continue;
			const fn = nodeType.methods?.credentialTest?.[testedBy];
			if (!fn) throw new Error(`${nodeType.description.name} names ${testedBy} but has no such credentialTest method`);
			const context = new (core as unknown as { CredentialTestContext: new () => object }).CredentialTestContext();
			return (await fn.call(context as never, { id: 'test', name: 'test', type, data })) as CredentialTestResult;
		}
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: 'noOp',
		typeVersion: 1,
		position: [0, 0],
		credentials: { [type]: { id: 'test', name: 'test' } },
	};
	const nodeTypeCopy: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'noOp',
			group: ['organization'],
			version: 1,
			description: '',
			defaults: { name: 'No Operation' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' },
			],
		} as INodeType['description'],
	};
	const nodeTypes = {
		getByName: () => nodeTypeCopy,
		getByNameAndVersion: () => nodeTypeCopy,
		getKnownTypes: () => ({}),
	};
	const workflow = new wf.Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = {
		credentialsHelper: new TestCredentialsHelper({ [type]: data }),
		currentNodeParameters: node.parameters,
	} as unknown as IWorkflowExecuteAdditionalData;
	const runExecutionData = wf.createEmptyRunExecutionData
		? wf.createEmptyRunExecutionData()
		: ({ resultData: { runData: {} } } as never);
	const executeData = { node, data: {}, source: null };
	const context = new core.ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		runExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	const routingNode = new core.RoutingNode(context, nodeTypeCopy, { id: 'test', name: 'test', type, data });
	let response: Awaited<ReturnType<typeof routingNode.runNode>>;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		const e = error as { cause?: { response?: { status: number; statusText?: string }; code?: string }; message: string };
		if (e.cause?.response) {
			const statusCode = e.cause.response.status;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return { status: 'Error', message: e.cause.response.statusText || `Received HTTP status code: ${statusCode}` };
			}
		} else if (e.cause?.code) {
			return { status: 'Error', message: e.cause.code };
		}
		return { status: 'Error', message: String(e.message) };
	}
	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response?.[0]?.[0]?.json;
			if (get(body, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

