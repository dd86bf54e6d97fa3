/**
 * Hostile corpus, part 4: what 1C item and folder names may hold, through the shipped catalog template (webhook row,
 * n8n's engine, the 1C sandbox holding the names as a real base can). The ICML must stay well-formed XML 1.0 — a
 * strict parser reads it (test/unit/icml/xml.ts) and the retailCRM sandbox imports it — with the documented
 * normalisation: characters XML 1.0 cannot hold (C0 controls but tab/LF/CR, U+FFFE/FFFF, lone surrogates) are dropped
 * (nodes/core/icml/escape.ts stripInvalidXmlChars); everything else — emoji, HTML, quotes, ampersands — is kept as
 * text, escaped, and reads back exactly.
 */
import type { IDataObject } from 'n8n-workflow';
import catalogTemplate from '../../workflows/1c-catalog-to-retailcrm-icml.json';
import { runWorkflow } from '../helpers/run-workflow';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import { categoriesOf, offersOf, parseIcml, textOf, type XmlElement } from '../unit/icml/xml';
import { catalogWebhookRun, expectNoSecrets, respondNode, startWorld, type World } from './world';

let world: World;
beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world?.close());

const N = SEED_IDS.items;
const ITEMS = 'Catalog_Номенклатура';

interface NameCase {
	name: string;
	/** What 1C holds: the item «Носки хлопковые» renamed, its article, or the folder «Одежда» renamed. */
	item?: string;
	article?: string;
	folder?: string;
	/** What the ICML must say. */
	expected: { name?: string; article?: string; category?: string };
}

const CASES: NameCase[] = [
	{ name: 'C0 control characters in an item name (dropped)', item: 'Носки\u0001\u0007 хлопковые\u000B\u001F', expected: { name: 'Носки хлопковые' } },
	// CR is written as &#13;, so a parser's end-of-line handling cannot turn CRLF into LF.
	{ name: 'tab, LF and CR in an item name (kept exactly: XML 1.0 allows them)', item: 'Носки\tхлопковые\r\nновые', expected: { name: 'Носки\tхлопковые\r\nновые' } },
	{ name: 'emoji and a flag in an item name (kept)', item: 'Носки 🧦 хлопковые 🇷🇺', expected: { name: 'Носки 🧦 хлопковые 🇷🇺' } },
	{ name: 'HTML, quotes and ampersands in an item name (escaped, read back exactly)', item: '<b>Носки</b> & "хлопок" <script>alert(1)</script> ]]> &amp;', expected: { name: '<b>Носки</b> & "хлопок" <script>alert(1)</script> ]]> &amp;' } },
	{ name: 'U+FFFE, U+FFFF and a lone surrogate in an article (dropped)', article: 'НС\uFFFE-6\uFFFF\uD800', expected: { article: 'НС-6' } },
	{ name: 'a folder name with HTML and a control character (category name)', folder: 'Одежда\u0002 <i>& обувь</i>', expected: { category: 'Одежда <i>& обувь</i>' } },
];

async function buildWith(c: NameCase): Promise<{ text: string; root: XmlElement }> {
	world.reset();
	const store = world.onec.state.store;
	if (c.item !== undefined || c.article !== undefined) {
		const socks = store.get(ITEMS, N.socks)!;
		store.put(ITEMS, { ...socks, ...(c.item !== undefined ? { Description: c.item, НаименованиеПолное: c.item } : {}), ...(c.article !== undefined ? { Артикул: c.article } : {}) });
	}
	if (c.folder !== undefined) store.put(ITEMS, { ...store.get(ITEMS, N.clothesFolder)!, Description: c.folder });
	const responded: IDataObject[] = [];
	const result = await runWorkflow(catalogTemplate, {
		credentials: world.credentials(),
		trigger: 'Catalog URL for retailCRM',
		mode: 'webhook',
		...catalogWebhookRun(catalogTemplate),
		extraNodeTypes: { 'n8n-nodes-base.respondToWebhook': respondNode(responded) },
	});
	expect(result.error()).toBeUndefined();
	expect(responded).toHaveLength(1);
	expectNoSecrets(result, world);
	const file = result.output('ICML Builder (on request)')[0].binary?.data;
	const parsed = await parseIcml(Buffer.from(String(file?.data), 'base64'));
	return parsed;
}

describe.each(CASES.map((c) => [c.name, c] as const))('1C names: %s', (_name, c) => {
	it('the ICML is well-formed, says what is documented, and retailCRM imports it', async () => {
		const { text, root } = await buildWith(c);
		const offers = offersOf(root);
		expect(offers).toHaveLength(6);
		const socks = offers.find((o) => o.$?.id === N.socks);
		expect(socks).toBeDefined();
		if (c.expected.name !== undefined) expect(textOf(socks, 'name')).toBe(c.expected.name);
		if (c.expected.article !== undefined) {
			const article = (socks!.param as XmlElement[] | undefined)?.find((p) => p.$?.code === 'article');
			expect(article?._ ?? textOf(socks, 'vendorCode')).toBe(c.expected.article);
		}
		if (c.expected.category !== undefined) expect(categoriesOf(root).map((cat) => cat._)).toContain(c.expected.category);
		const imported = world.crm.importIcml(text);
		expect(imported.products).toBeGreaterThan(0);
	});
});
