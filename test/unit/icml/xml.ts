/**
 * Test helpers: a real XML parser (xml2js, bundled with n8n-workflow, strict sax underneath) to prove
 * the writer's output is well-formed, plus the checks sax does not make (XML 1.0 character range,
 * lone surrogates), and golden-file comparison.
 */
import * as fs from 'fs';
import * as path from 'path';

// xml2js ships without types; this is the slice we use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const xml2js = require('xml2js') as {
	parseStringPromise(xml: string, options: Record<string, unknown>): Promise<XmlElement>;
};

export interface XmlElement {
	/** Text content (explicitCharkey). */
	_?: string;
	/** Attributes. */
	$?: Record<string, string>;
	[child: string]: unknown;
}

/** Characters outside XML 1.0's Char production, or a lone surrogate. */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** sax does not check attribute uniqueness (a well-formedness constraint); values are double-quoted. */
function assertNoDuplicateAttributes(text: string): void {
	const tag = /<[A-Za-z_][^\s/>]*((?:\s+[^\s=/>]+\s*=\s*"[^"]*")*)\s*\/?>/g;
	for (let m = tag.exec(text); m; m = tag.exec(text)) {
		const names = [...m[1].matchAll(/([^\s=]+)\s*=/g)].map((a) => a[1]);
		if (new Set(names).size !== names.length) throw new Error(`duplicate attribute in ${m[0].slice(0, 80)}`);
	}
}

/** Decodes UTF-8 strictly (throws on invalid sequences), checks the XML char range, parses strictly. */
export async function parseIcml(doc: Buffer | string): Promise<{ root: XmlElement; text: string }> {
	const text = typeof doc === 'string' ? doc : new TextDecoder('utf-8', { fatal: true }).decode(doc);
	const bad = NOT_XML_CHAR.exec(text);
	if (bad) throw new Error(`character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${bad.index} is not allowed in XML`);
	assertNoDuplicateAttributes(text);
	const parsed = await xml2js.parseStringPromise(text, { strict: true, explicitCharkey: true, explicitArray: true, trim: false, normalize: false });
	return { root: parsed.yml_catalog as XmlElement, text };
}

export function children(el: unknown, name: string): XmlElement[] {
	const v = (el as XmlElement | undefined)?.[name];
	return Array.isArray(v) ? (v as XmlElement[]) : [];
}

export function child(el: unknown, name: string): XmlElement {
	const found = children(el, name);
	if (found.length !== 1) throw new Error(`expected one <${name}>, found ${found.length}`);
	return found[0];
}

export function textOf(el: unknown, name: string): string {
	return child(el, name)._ ?? '';
}

export function offersOf(root: XmlElement): XmlElement[] {
	return children(child(child(root, 'shop'), 'offers'), 'offer');
}

export function categoriesOf(root: XmlElement): XmlElement[] {
	return children(child(child(root, 'shop'), 'categories'), 'category');
}

const GOLDEN_DIR = path.join(__dirname, 'golden');

/**
 * Compares with test/unit/icml/golden/<name>. `UPDATE_GOLDEN=1 npx jest test/unit/icml` rewrites the
 * files (review the diff before committing); a missing file fails the test otherwise.
 */
export function expectGolden(name: string, actual: string): void {
	const file = path.join(GOLDEN_DIR, name);
	if (process.env.UPDATE_GOLDEN === '1') {
		fs.mkdirSync(GOLDEN_DIR, { recursive: true });
		fs.writeFileSync(file, actual, 'utf8');
	}
	if (!fs.existsSync(file)) throw new Error(`golden file ${name} is missing; run with UPDATE_GOLDEN=1 to create it`);
	expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}
