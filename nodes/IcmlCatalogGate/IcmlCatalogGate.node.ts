import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError, sleep } from 'n8n-workflow';
import { BuildsInFlight, isFresh, requestToken, TOKEN_HEADER, TOKEN_QUERY_PARAMETER, tokenMatches } from '../core/icml/catalog-gate';
import { catalogFile } from './helpers/catalog-file';
import { themedIcon } from '../shared/node-description';

/** Builds under way in this n8n process, by file (webhook executions of one n8n instance share the process). */
const inFlight = new BuildsInFlight();
/** How often a waiting request looks whether the running build has written the file. */
const POLL_MS = 200;

export class IcmlCatalogGate implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ICML Catalog Gate',
		name: 'icmlCatalogGate',
		icon: themedIcon('icml'),
		group: ['transform'],
		version: 1,
		subtitle: '={{"cache " + $parameter["maxAgeMinutes"] + " min"}}',
		description: 'Guard the catalog URL: a secret token, and the last built ICML file served while it is young, so requests do not each read 1C',
		defaults: { name: 'ICML Catalog Gate' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Cached', 'Build', 'Refused'],
		properties: [
			{
				displayName:
					'Put the token into retailCRM\'s catalog URL: the production URL of the Webhook node before this one, with ?token=YOUR-TOKEN appended. Other clients may send it in the X-Catalog-Token header.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Token',
				name: 'token',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					'A long random secret (e.g. from `openssl rand -hex 24`). Requests without it go to the Refused output; while it is empty, every request does.',
			},
			{
				displayName: 'Catalog File Path',
				name: 'filePath',
				type: 'string',
				default: '~/.n8n-files/catalog.xml',
				description: 'The file the ICML Builder writes (its option "Also Write to File Path"); served from here while it is young',
			},
			{
				displayName: 'Max Age (Minutes)',
				name: 'maxAgeMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 30,
				description: 'A file younger than this is served without reading 1C. 0 builds on every request.',
			},
			{
				displayName: 'Wait for a Running Build (Seconds)',
				name: 'waitSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 120,
				description: 'Requests that arrive while another request is building the file wait for it up to this long, then build themselves',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description: 'The binary field of the Cached output, as the ICML Builder names its file',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const cached: INodeExecutionData[] = [];
		const build: INodeExecutionData[] = [];
		const refused: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const pairedItem = { item: i };
			const token = String(this.getNodeParameter('token', i, '') ?? '');
			if (!tokenMatches(token, requestToken(items[i].json))) {
				// Never the expected token in the answer; only why it was refused.
				const error = token === '' ? 'no token is set in the ICML Catalog Gate node: every request is refused until one is' : `wrong or missing token (query parameter "${TOKEN_QUERY_PARAMETER}" or header "${TOKEN_HEADER}")`;
				refused.push({ json: { statusCode: 403, error }, pairedItem });
				continue;
			}
			const path = String(this.getNodeParameter('filePath', i, '')).trim();
			const maxAgeMinutes = Number(this.getNodeParameter('maxAgeMinutes', i, 30));
			const waitSeconds = Number(this.getNodeParameter('waitSeconds', i, 120));
			if (path === '') throw new NodeOperationError(this.getNode(), '"Catalog File Path" is empty: set the file the ICML Builder writes', { itemIndex: i });
			if (!Number.isFinite(maxAgeMinutes) || maxAgeMinutes < 0) throw new NodeOperationError(this.getNode(), `"Max Age (Minutes)" must be 0 or more, got ${maxAgeMinutes}`, { itemIndex: i });
			const maxAgeMs = maxAgeMinutes * 60_000;
			const waitMs = Math.max(0, waitSeconds) * 1000;

			let served = await serveIfFresh.call(this, path, maxAgeMs, i);
			if (!served && maxAgeMs > 0) {
				const claim = inFlight.claim(path, Date.now(), waitMs, (await catalogFile(this, path))?.writtenAtMs);
				if (!claim.build) {
					// Another request is building: wait until its file lands (or the wait runs out, then build).
					const until = claim.since + waitMs;
					while (!served && Date.now() < until) {
						await sleep(POLL_MS);
						served = await serveIfFresh.call(this, path, maxAgeMs, i, claim.since);
					}
					if (!served) inFlight.claim(path, Date.now(), 0);
				}
			}
			if (served) cached.push(served);
			else build.push({ json: { cached: false, reason: 'the catalog file is missing or older than Max Age' }, pairedItem });
		}
		return [cached, build, refused];
	}
}

/** The Cached item when the file is younger than `maxAgeMs` (and, when waiting, written after `notBeforeMs`). */
async function serveIfFresh(this: IExecuteFunctions, path: string, maxAgeMs: number, i: number, notBeforeMs = 0): Promise<INodeExecutionData | undefined> {
	const file = await catalogFile(this, path);
	const now = Date.now();
	if (!file || !isFresh(file.writtenAtMs, now, maxAgeMs) || file.writtenAtMs < notBeforeMs) return undefined;
	inFlight.settle(path);
	const data = await file.read();
	const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', i, 'data'));
	const json: IDataObject = { cached: true, ageSeconds: Math.round((now - file.writtenAtMs) / 1000), bytes: data.length };
	return { json, binary: { [binaryPropertyName]: await this.helpers.prepareBinaryData(data, 'catalog.xml', 'application/xml') }, pairedItem: { item: i } };
}
