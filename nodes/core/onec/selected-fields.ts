import type { FieldSpec, FieldSpecs } from './model';

/** What rowSchema and rowDecoder build for a selection of a model entity's fields, and how they cache it. */

/** The spec of a selected field; a name the model does not have is a programming error, said plainly. */
export function selectedSpec(specs: FieldSpecs, name: string): FieldSpec {
	const spec = specs[name];
	if (!spec) throw new Error(`Field "${name}" is not in the UT 10.3 model`);
	return spec;
}

/** Built once per spec set (the model's own long-lived objects, hence weakly held) and selection. */
export class SelectionCache<V> {
	private readonly bySpecs = new WeakMap<object, Map<string, V>>();

	get(specs: FieldSpecs, select: readonly string[], build: () => V): V {
		let perSpecs = this.bySpecs.get(specs);
		if (!perSpecs) {
			perSpecs = new Map();
			this.bySpecs.set(specs, perSpecs);
		}
		const cacheKey = select.join(',');
		let value = perSpecs.get(cacheKey);
		if (value === undefined) {
			value = build();
			perSpecs.set(cacheKey, value);
		}
		return value;
	}
}
