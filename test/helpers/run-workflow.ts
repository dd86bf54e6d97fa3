/**
 * Runs a workflow JSON in-process through n8n-core's real engine (WorkflowExecute), with our node
 * classes and a credentials helper that applies our credentials' `authenticate` exactly as n8n's
 * CredentialsHelper does (generic: evaluate each header/qs/body/auth expression over $credentials;
 * function: call it).
 *
 * The same file runs on the n8n 1.x pair (n8n-core 1.122.28 / n8n-workflow 1.120.14) and, in the
 * compat job (scripts/test-n8n2.js), on the 2.x pair (2.8.1 / 2.8.0): only
 * `processRunExecutionData`, whose signature did not change, is used.
 *
 * Triggers (Manual, Schedule, Webhook) belong to n8n-nodes-base, which is not a dependency of this
 * package: a run starts at the nodes a trigger feeds, with the trigger's single empty item, as n8n
 * does after a trigger fires. The real triggers run in the end-to-end tests (real n8n CLI).
 */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-test-'));
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require('n8n-core') as typeof import('n8n-core');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const wf = require('n8n-workflow') as typeof import('n8n-workflow');

import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	Workflow as WorkflowType,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { RetailCrmApi } from '../../credentials/RetailCrmApi.credentials';
import { OneCUt10Api } from '../../credentials/OneCUt10Api.credentials';

export const PACKAGE = 'n8n-nodes-retailcrm-1c';

/** Runs started in this process (the next run's execution id). */
let executions = 0;

const TRIGGER_TYPES = new Set([
	'n8n-nodes-base.manualTrigger',
	'n8n-nodes-base.scheduleTrigger',
	'n8n-nodes-base.webhook',
	'n8n-nodes-base.cron',
	'n8n-nodes-base.start',
	'n8n-nodes-base.formTrigger',
]);

export const credentialTypes: Record<string, ICredentialType> = {
	retailCrmApi: new RetailCrmApi(),
	oneCUt10Api: new OneCUt10Api(),
};

/** Our node classes, loaded lazily so a helper import does not require every node to exist. */
export function ourNodeTypes(): Record<string, INodeType> {
	const map: Record<string, INodeType> = {};
	const candidates: Array<[string, string, string]> = [
		['retailCrmOrders', '../../nodes/RetailCrmOrders/RetailCrmOrders.node.ts', 'RetailCrmOrders'],
		['oneCUt10Store', '../../nodes/OneCUt10Store/OneCUt10Store.node.ts', 'OneCUt10Store'],
		['stockUpload', '../../nodes/StockUpload/StockUpload.node.ts', 'StockUpload'],
		['icmlBuilder', '../../nodes/IcmlBuilder/IcmlBuilder.node.ts', 'IcmlBuilder'],
		['retailCrm1cReconcile', '../../nodes/RetailCrm1cReconcile/RetailCrm1cReconcile.node.ts', 'RetailCrm1cReconcile'],
		['icmlCatalogGate', '../../nodes/IcmlCatalogGate/IcmlCatalogGate.node.ts', 'IcmlCatalogGate'],
	];
	for (const [name, file, cls] of candidates) {
		try {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const mod = require(file) as Record<string, new () => INodeType>;
			map[`${PACKAGE}.${name}`] = new mod[cls]();
		} catch (error) {
			if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND') throw error;
		}
	}
	return map;
}

/** Built-in pass-through nodes that carry no logic (sticky notes, NoOp) are known but never executed. */
const stickyNote: INodeType = {
	description: {
		displayName: 'Sticky Note',
		name: 'stickyNote',
		group: ['input'],
		version: [1],
		description: '',
		defaults: { name: 'Sticky Note' },
		inputs: [],
		outputs: [],
		properties: [],
	},
};

function nodeTypesFor(extra: Record<string, INodeType> = {}): INodeTypes {
	const map: Record<string, INodeType> = {
		'n8n-nodes-base.stickyNote': stickyNote,
		...ourNodeTypes(),
		...extra,
	};
	return {
		getByName: (type: string) => map[type],
		getByNameAndVersion: (type: string, version?: number) =>
			map[type] ? wf.NodeHelpers.getVersionedNodeType(map[type], version) : (undefined as unknown as INodeType),
		getKnownTypes: () => ({}),
	} as INodeTypes;
}

/** Mirrors n8n's CredentialsHelper.authenticate/resolveValue (packages/cli/src/credentials-helper.ts). */
export class TestCredentialsHelper extends (wf.ICredentialsHelper as unknown as new () => object) {
	constructor(private readonly creds: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: WorkflowType,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const type = credentialTypes[typeName];
		if (!type?.authenticate) return requestOptions;
		if (typeof type.authenticate === 'function') return await type.authenticate(credentials, requestOptions);
		const resolve = (value: unknown): unknown => {
			if (typeof value !== 'string' || value.charAt(0) !== '=') return value;
			const resolved = workflow.expression.getSimpleParameterValue(
				node,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
			return resolved ? String(resolved) : '';
		};
		const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
		if (requestOptions.headers === undefined) requestOptions.headers = {};
		for (const [outerKey, inner] of Object.entries(type.authenticate.properties)) {
			for (const [key, value] of Object.entries(inner as Record<string, unknown>)) {
				target[outerKey] ??= {};
				target[outerKey][String(resolve(key))] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used in tests');
	}

	async getDecrypted(_additionalData: unknown, _nodeCredentials: unknown, type: string): Promise<ICredentialDataDecryptedObject> {
		const found = this.creds[type];
		if (!found) throw new Error(`No test credentials of type ${type}`);
		return found;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string) {
		return credentialTypes[type]?.properties ?? [];
	}
}

export interface RunOptions {
	/** Decrypted credential data per credential type, e.g. { retailCrmApi: { url, apiKey } }. */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** Which trigger fires (by node name); default: the first Manual Trigger, else the first trigger. */
	trigger?: string;
	/** Items the trigger emits; default one empty item. */
	triggerItems?: INodeExecutionData[];
	/** Workflow static data to start from (cursor, hashes); mutated in place like n8n does. */
	staticData?: IDataObject;
	/** 'trigger' behaves like a scheduled run; 'manual' like a click in the editor. */
	mode?: WorkflowExecuteMode;
	/** Extra node types (e.g. real n8n-nodes-base classes when available). */
	extraNodeTypes?: Record<string, INodeType>;
	/** Per-node overrides merged into the JSON (e.g. parameters, onError), by node name. */
	patch?: Record<string, Partial<INode>>;
	/**
	 * Start at this node with `triggerItems` (as if its parent had emitted them) instead of at the trigger's children:
	 * for rows whose first nodes are n8n-nodes-base logic (IF, Respond to Webhook) that only the real n8n runs.
	 */
	startAt?: string;
}

export interface RunResult {
	run: IRun;
	workflow: WorkflowType;
	staticData: IDataObject;
	/** Items of `node`'s output `index` in its last run (empty array when it did not run). */
	output(node: string, index?: number): INodeExecutionData[];
	/** The rows of `node`'s output: each item's json, or each row of an item that is a batch of rows (`rows`). */
	rows(node: string, index?: number): IDataObject[];
	/** Whether the node ran at all. */
	ran(node: string): boolean;
	/** The first node error, if any. */
	error(): Error | undefined;
}

export async function runWorkflow(json: IWorkflowBase | Record<string, unknown>, options: RunOptions): Promise<RunResult> {
	const data = JSON.parse(JSON.stringify(json)) as IWorkflowBase;
	for (const node of data.nodes) Object.assign(node, options.patch?.[node.name] ?? {});
	const nodeTypes = nodeTypesFor(options.extraNodeTypes);
	const staticData = options.staticData ?? {};
	const workflow = new wf.Workflow({
		id: String(data.id ?? 'test'),
		name: data.name,
		nodes: data.nodes,
		connections: data.connections,
		active: false,
		nodeTypes,
		staticData,
		settings: data.settings,
	});

	const triggers = data.nodes.filter((n) => TRIGGER_TYPES.has(n.type));
	const trigger =
		(options.trigger && triggers.find((n) => n.name === options.trigger)) ||
		triggers.find((n) => n.type === 'n8n-nodes-base.manualTrigger') ||
		triggers[0];
	if (!trigger) throw new Error('The workflow has no trigger to start from');
	const items = options.triggerItems ?? [{ json: {} }];
	const children = options.startAt ? [options.startAt] : (data.connections[trigger.name]?.main?.[0] ?? []).map((c) => c.node);
	if (children.length === 0) throw new Error(`Trigger "${trigger.name}" feeds no node`);
	if (options.startAt && !workflow.getNode(options.startAt)) throw new Error(`No node "${options.startAt}" to start at`);

	const runData = {
		[trigger.name]: [
			{
				startTime: Date.now(),
				executionTime: 0,
				executionIndex: 0,
				source: [],
				executionStatus: 'success',
				data: { main: [items] },
			},
		],
	};
	const runExecutionData = {
		startData: {},
		resultData: { runData },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: children.map((name) => ({
				node: workflow.getNode(name) as INode,
				data: { main: [items.map((item, index) => ({ ...item, pairedItem: { item: index } }))] },
				source: { main: [{ previousNode: trigger.name, previousNodeOutput: 0, previousNodeRun: 0 }] },
			})),
		},
	} as unknown as IRunExecutionData;

	const mode = options.mode ?? 'trigger';
	// Each run its own execution id, as n8n gives them (nodes may keep what one run read for that run only).
	const executionId = String(++executions);
	const hooks = new core.ExecutionLifecycleHooks(mode, executionId, data);
	const additionalData = {
		hooks,
		credentialsHelper: new TestCredentialsHelper(options.credentials),
		currentNodeParameters: undefined,
		executionId,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
		userId: 'test-user',
		logAiEvent: () => {},
		setExecutionStatus: () => {},
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not available in tests');
		},
		getRunExecutionData: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('Task runners are not available in tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;

	const execute = new core.WorkflowExecute(additionalData, mode, runExecutionData);
	const run = await execute.processRunExecutionData(workflow);

	const result: RunResult = {
		run,
		workflow,
		staticData: workflow.staticData as IDataObject,
		output(node: string, index = 0) {
			const runs = run.data.resultData.runData[node];
			if (!runs || runs.length === 0) return [];
			return runs[runs.length - 1].data?.main?.[index] ?? [];
		},
		rows(node: string, index = 0) {
			const out: IDataObject[] = [];
			for (const item of result.output(node, index)) {
				if (typeof item.json.batchOf === 'string' && Array.isArray(item.json.rows)) for (const row of item.json.rows as IDataObject[]) out.push(row);
				else out.push(item.json);
			}
			return out;
		},
		ran(node: string) {
			return (run.data.resultData.runData[node]?.length ?? 0) > 0;
		},
		error() {
			if (run.data.resultData.error) return run.data.resultData.error as unknown as Error;
			for (const runs of Object.values(run.data.resultData.runData)) {
				for (const r of runs) if (r.error) return r.error as unknown as Error;
			}
			return undefined;
		},
	};
	return result;
}

/** A Manual Trigger feeding one node of ours: the shape of every single-node workflow test. */
export function singleNodeWorkflow(node: {
	id: string;
	name: string;
	type: 'retailCrmOrders' | 'oneCUt10Store' | 'stockUpload' | 'icmlBuilder' | 'icmlCatalogGate';
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: null; name: string }>;
	extra?: Record<string, unknown>;
	timezone?: string;
}) {
	return {
		id: node.id,
		name: node.id,
		nodes: [
			{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'n',
				name: node.name,
				type: `${PACKAGE}.${node.type}`,
				typeVersion: 1,
				position: [200, 0],
				parameters: node.parameters,
				...(node.credentials ? { credentials: node.credentials } : {}),
				...(node.extra ?? {}),
			},
		],
		connections: { Start: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1', ...(node.timezone ? { timezone: node.timezone } : {}) },
	};
}
