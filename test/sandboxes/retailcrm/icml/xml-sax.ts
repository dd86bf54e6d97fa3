/**
 * A small streaming XML tokenizer, enough for ICML: elements, attributes, text, CDATA, comments,
 * processing instructions, a DOCTYPE without internal subset, and the five XML entities plus numeric ones.
 * Throws XmlSyntaxError on mismatched or unclosed tags.
 */

export class XmlSyntaxError extends Error {}

export interface SaxHandlers {
	open(name: string, attrs: Record<string, string>): void;
	close(name: string): void;
	text(value: string): void;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
	if (s.indexOf('&') < 0) return s;
	return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (m, e: string) => {
		if (e[0] === '#') {
			const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
			return Number.isFinite(code) ? String.fromCodePoint(code) : m;
		}
		return NAMED[e] ?? m;
	});
}

const ATTR = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Index of the `>` that ends the tag starting at `from`, skipping quoted attribute values. */
function tagEnd(xml: string, from: number): number {
	// Fast path: no quote before the first `>`, or an even number of double quotes and no single quote.
	const gt = xml.indexOf('>', from);
	if (gt < 0) return -1;
	const head = xml.slice(from, gt);
	if (!head.includes("'")) {
		let dq = 0;
		for (let i = head.indexOf('"'); i >= 0; i = head.indexOf('"', i + 1)) dq++;
		if (dq % 2 === 0) return gt;
	}
	let quote = '';
	for (let i = from; i < xml.length; i++) {
		const c = xml[i];
		if (quote) {
			if (c === quote) quote = '';
		} else if (c === '"' || c === "'") quote = c;
		else if (c === '>') return i;
	}
	return -1;
}

export function parseXml(xml: string, h: SaxHandlers): void {
	const stack: string[] = [];
	let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
	let sawRoot = false;
	while (i < xml.length) {
		const lt = xml.indexOf('<', i);
		const textEnd = lt < 0 ? xml.length : lt;
		if (textEnd > i) {
			const t = xml.slice(i, textEnd);
			if (stack.length) h.text(decodeEntities(t));
			else if (t.trim()) throw new XmlSyntaxError('Text outside the root element');
		}
		if (lt < 0) break;
		if (xml.startsWith('<!--', lt)) {
			const end = xml.indexOf('-->', lt + 4);
			if (end < 0) throw new XmlSyntaxError('Unclosed comment');
			i = end + 3;
		} else if (xml.startsWith('<![CDATA[', lt)) {
			const end = xml.indexOf(']]>', lt + 9);
			if (end < 0) throw new XmlSyntaxError('Unclosed CDATA');
			h.text(xml.slice(lt + 9, end));
			i = end + 3;
		} else if (xml.startsWith('<?', lt)) {
			const end = xml.indexOf('?>', lt + 2);
			if (end < 0) throw new XmlSyntaxError('Unclosed processing instruction');
			i = end + 2;
		} else if (xml.startsWith('<!', lt)) {
			const end = xml.indexOf('>', lt + 2);
			if (end < 0) throw new XmlSyntaxError('Unclosed declaration');
			i = end + 1;
		} else if (xml[lt + 1] === '/') {
			const end = xml.indexOf('>', lt + 2);
			if (end < 0) throw new XmlSyntaxError('Unclosed end tag');
			const name = xml.slice(lt + 2, end).trim();
			const top = stack.pop();
			if (top !== name) throw new XmlSyntaxError(`Mismatched end tag </${name}> (expected </${top ?? ''}>)`);
			h.close(name);
			i = end + 1;
		} else {
			const end = tagEnd(xml, lt + 1);
			if (end < 0) throw new XmlSyntaxError('Unclosed start tag');
			let inner = xml.slice(lt + 1, end);
			const selfClosing = inner.endsWith('/');
			if (selfClosing) inner = inner.slice(0, -1);
			const nameMatch = /^[^\s/>]+/.exec(inner);
			if (!nameMatch) throw new XmlSyntaxError('Empty tag name');
			const name = nameMatch[0];
			if (stack.length === 0 && sawRoot) throw new XmlSyntaxError('More than one root element');
			sawRoot = true;
			const attrs: Record<string, string> = {};
			ATTR.lastIndex = name.length;
			for (let m = ATTR.exec(inner); m; m = ATTR.exec(inner)) attrs[m[1]] = decodeEntities(m[2] ?? m[3] ?? '');
			h.open(name, attrs);
			if (selfClosing) h.close(name);
			else stack.push(name);
			i = end + 1;
		}
	}
	if (stack.length) throw new XmlSyntaxError(`Unclosed element <${stack[stack.length - 1]}>`);
	if (!sawRoot) throw new XmlSyntaxError('No root element');
}
