/**
 * Barcodes of a chosen set of items (nodes/core/sync/catalog/barcodes.ts): asked by owner while the OR-chains fit
 * `maxWhereInRequests` URLs, the whole register otherwise. Whether they fit is first judged on a slice of the set (a
 * 300,000-item folder must not build 300,000 terms to learn they do not); these tests pin both outcomes on a set
 * larger than that slice, where the slice alone does not settle it.
 */
import { readBarcodes, ownerChunks } from '../../../nodes/core/sync/catalog/barcodes';
import { UT } from '../../../nodes/core/onec/model';
import { and, eq } from '../../../nodes/core/onec/query';
import { startOneCSandbox, type OneCSandbox } from '../../sandboxes/onec/server';
import { control, sandboxClient } from './sandbox-helpers';

const MAX_REQUESTS = 3;
/** More than the slice the decision starts from ((MAX_REQUESTS + 1) × 16 refs). */
const WANTED = 150;

describe('readBarcodes for a set of items larger than the first slice', () => {
	let sb: OneCSandbox;
	let wanted: Set<string>;
	let expected: Map<string, string[]>;

	beforeAll(async () => {
		sb = await startOneCSandbox({ port: 0, fixture: 'large', large: { items: 400, characteristics: 0 } });
		// A web server that takes long URLs (under Node's own 16 KB header limit), so that the whole set fits a few OR-chains.
		await control(sb).config({ maxUrlLength: 15_000, maxQueryStringLength: 0 });
		const { client } = sandboxClient(sb);
		const items = await client.readAll(UT.Catalog_Номенклатура, { select: ['Ref_Key'], filter: and(eq('IsFolder', false), eq('DeletionMark', false)), orderby: ['Ref_Key'] });
		wanted = new Set(items.slice(0, WANTED).map((item) => String(item.Ref_Key)));
		// What the whole register holds for these items: the answer either way must be this.
		const all = await readBarcodes(client);
		expected = new Map([...all].filter(([key]) => wanted.has(key.split('#')[0]!)));
	}, 60_000);
	afterAll(async () => sb.close());
	beforeEach(async () => control(sb).clearRequests());

	const registerReads = async () => (await control(sb).requests()).filter((r) => decodeURIComponent(r.rawUrl).includes(UT.InformationRegister_Штрихкоды.records.set));

	it('asks by owner, for every item of the set, when all the chains fit (long URLs)', async () => {
		const { client } = sandboxClient(sb, { maxUrlLength: 14_000 });
		const chains = ownerChunks(client, [...wanted]);
		expect(chains.length).toBeGreaterThan(0);
		expect(chains.length).toBeLessThanOrEqual(MAX_REQUESTS);

		const index = await readBarcodes(client, { itemRefs: wanted, maxWhereInRequests: MAX_REQUESTS });

		expect(expected.size).toBeGreaterThan(WANTED / 2);
		expect(index).toEqual(expected);
		const reads = await registerReads();
		expect(reads).toHaveLength(chains.length);
		for (const read of reads) expect(decodeURIComponent(read.rawUrl)).toContain('Владелец eq cast(');
	});

	it('reads the whole register when the chains would take more requests than allowed (default URL length)', async () => {
		const { client } = sandboxClient(sb);
		expect(ownerChunks(client, [...wanted]).length).toBeGreaterThan(MAX_REQUESTS);

		const index = await readBarcodes(client, { itemRefs: wanted, maxWhereInRequests: MAX_REQUESTS });

		expect(index).toEqual(expected);
		const reads = await registerReads();
		expect(reads.length).toBeGreaterThan(0);
		for (const read of reads) expect(decodeURIComponent(read.rawUrl)).not.toContain('$filter');
	});
});
