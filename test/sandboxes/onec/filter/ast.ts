/** AST of a parsed `$filter` expression. */
export type Literal = string | number | boolean | null;

export type FilterNode =
	| { type: 'literal'; value: Literal; lit: 'string' | 'guid' | 'datetime' | 'number' | 'bool' | 'null' }
	| { type: 'path'; segments: string[] }
	| { type: 'binary'; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'and' | 'or' | 'add' | 'sub' | 'mul' | 'div' | 'mod'; left: FilterNode; right: FilterNode }
	| { type: 'not'; expr: FilterNode }
	| { type: 'call'; name: string; args: FilterNode[] }
	| { type: 'lambda'; op: 'any' | 'all'; path: string[]; variable?: string; body?: FilterNode };
