/**
 * README, First contact: "**1C platform**: 8.3.5 or later …; 8.3.8.1652 or later recommended (filters on composite
 * fields; older platforms work: barcodes are read whole …)." The ICML
 * template (workflows/1c-catalog-to-retailcrm-icml.json) reads barcodes; run in n8n-core's engine against the 1C
 * sandbox emulating an older platform (`compositeFilters: false`: `cast(…)` refused with 400 code 14, as 1C does), it
 * writes the same catalog.xml as on a current one, and its barcode reads carry no composite filter.
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeParameters } from 'n8n-workflow';
import template from '../../workflows/1c-catalog-to-retailcrm-icml.json';
import { runWorkflow } from '../helpers/run-workflow';
import { control } from '../integration/onec/sandbox-helpers';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';

const FILES = mkdtempSync(join(tmpdir(), 'old-platform-'));
process.env.N8N_RESTRICT_FILE_ACCESS_TO = FILES;
afterAll(() => rmSync(FILES, { recursive: true, force: true }));

const BUILDER = 'ICML Builder';
const BARCODES = 'InformationRegister_Штрихкоды';
let onec: OneCSandbox;
let credentials: Record<string, ICredentialDataDecryptedObject>;

beforeAll(async () => {
	onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
	credentials = { oneCUt10Api: { url: onec.url, user: onec.user, password: onec.password } };
});
afterAll(async () => onec.close());

/** catalog.xml of one run (its date left out) and the barcode reads' $filter values. */
async function build(compositeFilters: boolean): Promise<{ xml: string; barcodeFilters: string[] }> {
	await control(onec).reset();
	await control(onec).config({ compositeFilters });
	const file = join(FILES, `catalog-${String(compositeFilters)}.xml`);
	const builder = (template.nodes as Array<{ name: string; parameters: IDataObject }>).find((n) => n.name === BUILDER)!;
	const patch: Record<string, Partial<INode>> = { [BUILDER]: { parameters: { ...builder.parameters, options: { ...(builder.parameters.options as IDataObject), filePath: file } } as INodeParameters } };
	const from = onec.state.log.length;
	const run = await runWorkflow(template, { credentials, trigger: 'Run Now', patch });
	expect(run.error()).toBeUndefined();
	const barcodeReads = onec.state.log.slice(from).filter((r) => decodeURIComponent(r.path).endsWith(BARCODES));
	expect(barcodeReads.length).toBeGreaterThan(0);
	return { xml: readFileSync(file, 'utf8').replace(/ date="[^"]*"/, ''), barcodeFilters: barcodeReads.filter((r) => r.status < 400).map((r) => String(r.query.$filter ?? '')) };
}

it('an older platform (no filters on composite fields): the same catalog.xml, barcodes included, read without cast', async () => {
	const current = await build(true);
	const older = await build(false);
	expect(current.xml).toMatch(/<barcode>\d+<\/barcode>/);
	expect(older.xml).toBe(current.xml);
	expect(current.barcodeFilters.some((f) => /cast\(/.test(f))).toBe(true);
	expect(older.barcodeFilters.filter((f) => /cast\(|_Type/.test(f))).toEqual([]);
});
