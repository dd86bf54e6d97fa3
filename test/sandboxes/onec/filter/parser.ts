import { filterSyntax } from '../errors';
import type { FilterNode } from './ast';
import { tokenize, type Token } from './tokenizer';

/**
 * Recursive-descent parser for `$filter`:
 *   or    := and ('or' and)*
 *   and   := not ('and' not)*
 *   not   := 'not' not | cmp
 *   cmp   := add (('eq'|'ne'|'gt'|'ge'|'lt'|'le') add)?
 *   add   := mul (('add'|'sub') mul)*
 *   mul   := unary (('mul'|'div'|'mod') unary)*
 *   unary := literal | '(' or ')' | func '(' args ')' | path ['/' ('any'|'all') '(' [var ':' or] ')']
 */
const CMP = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

/**
 * The one date-time form this sandbox takes on the wire, in `$filter` literals (`datetime'…'`) and write bodies:
 * `YYYY-MM-DDTHH:MM:SS`, as 1C writes it. 1C has no time zones, and what a real base does with `Z`, an offset, a
 * date alone or a fraction is unproven, so they are refused (the stricter side; the client sends only this form).
 */
export function strictDateTime(v: string): string | undefined {
	return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(v) ? v : undefined;
}

/**
 * Lenient: '2024-01-31T23:59:59' (time, seconds, fraction optional) → canonical `YYYY-MM-DDTHH:MM:SS`. For the
 * control API and the Period of virtual tables only; OData values use strictDateTime.
 */
export function normalizeDateTime(v: string): string | undefined {
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(v.trim());
	if (!m) return undefined;
	return `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}`;
}

class Parser {
	private i = 0;
	constructor(private readonly tokens: Token[]) {}

	private peek(): Token {
		return this.tokens[this.i];
	}
	private next(): Token {
		return this.tokens[this.i++];
	}
	private isWord(w: string): boolean {
		const t = this.peek();
		return t.t === 'ident' && t.v.toLowerCase() === w;
	}
	private isPunct(p: string): boolean {
		const t = this.peek();
		return t.t === 'punct' && t.v === p;
	}
	private expectPunct(p: string): void {
		const t = this.next();
		if (t.t !== 'punct' || t.v !== p) throw filterSyntax(`ожидается '${p}' в позиции ${t.pos + 1}`);
	}

	parseAll(): FilterNode {
		const e = this.or();
		const t = this.peek();
		if (t.t !== 'eof') throw filterSyntax(`лишние символы в позиции ${t.pos + 1}`);
		return e;
	}

	private or(): FilterNode {
		let left = this.and();
		while (this.isWord('or')) {
			this.next();
			left = { type: 'binary', op: 'or', left, right: this.and() };
		}
		return left;
	}
	private and(): FilterNode {
		let left = this.not();
		while (this.isWord('and')) {
			this.next();
			left = { type: 'binary', op: 'and', left, right: this.not() };
		}
		return left;
	}
	private not(): FilterNode {
		if (this.isWord('not')) {
			this.next();
			return { type: 'not', expr: this.not() };
		}
		return this.cmp();
	}
	private cmp(): FilterNode {
		const left = this.add();
		const t = this.peek();
		if (t.t === 'ident' && CMP.has(t.v.toLowerCase())) {
			this.next();
			return { type: 'binary', op: t.v.toLowerCase() as 'eq', left, right: this.add() };
		}
		return left;
	}
	private add(): FilterNode {
		let left = this.mul();
		while (this.isWord('add') || this.isWord('sub')) {
			const op = (this.next() as { v: string }).v.toLowerCase() as 'add';
			left = { type: 'binary', op, left, right: this.mul() };
		}
		return left;
	}
	private mul(): FilterNode {
		let left = this.unary();
		while (this.isWord('mul') || this.isWord('div') || this.isWord('mod')) {
			const op = (this.next() as { v: string }).v.toLowerCase() as 'mul';
			left = { type: 'binary', op, left, right: this.unary() };
		}
		return left;
	}
	private unary(): FilterNode {
		const t = this.next();
		switch (t.t) {
			case 'string':
				return { type: 'literal', value: t.v, lit: 'string' };
			case 'number':
				return { type: 'literal', value: t.v, lit: 'number' };
			case 'typed': {
				if (t.kind === 'guid') {
					if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(t.v)) throw filterSyntax(`неверный guid '${t.v}'`);
					return { type: 'literal', value: t.v.toLowerCase(), lit: 'guid' };
				}
				if (t.kind === 'datetime') {
					const d = strictDateTime(t.v);
					if (!d) throw filterSyntax(`неверная дата '${t.v}'`);
					return { type: 'literal', value: d, lit: 'datetime' };
				}
				throw filterSyntax(`литерал ${t.kind} не поддерживается`);
			}
			case 'punct':
				if (t.v === '(') {
					const e = this.or();
					this.expectPunct(')');
					return e;
				}
				throw filterSyntax(`неожиданный '${t.v}' в позиции ${t.pos + 1}`);
			case 'eof':
				throw filterSyntax('неожиданный конец выражения');
			case 'ident':
				return this.identStart(t.v);
		}
	}
	private identStart(word: string): FilterNode {
		const lower = word.toLowerCase();
		if (lower === 'true' || lower === 'false') return { type: 'literal', value: lower === 'true', lit: 'bool' };
		if (lower === 'null') return { type: 'literal', value: null, lit: 'null' };
		if (this.isPunct('(')) {
			this.next();
			const args: FilterNode[] = [];
			if (!this.isPunct(')')) {
				args.push(this.or());
				while (this.isPunct(',')) {
					this.next();
					args.push(this.or());
				}
			}
			this.expectPunct(')');
			return { type: 'call', name: lower, args };
		}
		const segments = [word];
		while (this.isPunct('/')) {
			this.next();
			const seg = this.next();
			if (seg.t !== 'ident') throw filterSyntax(`ожидается имя после '/' в позиции ${seg.pos + 1}`);
			const segLower = seg.v.toLowerCase();
			if ((segLower === 'any' || segLower === 'all') && this.isPunct('(')) {
				this.next();
				if (this.isPunct(')')) {
					this.next();
					return { type: 'lambda', op: segLower, path: segments };
				}
				const v = this.next();
				if (v.t !== 'ident') throw filterSyntax(`ожидается переменная лямбда-выражения в позиции ${v.pos + 1}`);
				this.expectPunct(':');
				const body = this.or();
				this.expectPunct(')');
				return { type: 'lambda', op: segLower, path: segments, variable: v.v, body };
			}
			segments.push(seg.v);
		}
		return { type: 'path', segments };
	}
}

export function parseFilter(src: string): FilterNode {
	if (!src.trim()) throw filterSyntax('пустое выражение');
	return new Parser(tokenize(src)).parseAll();
}
