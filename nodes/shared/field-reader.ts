/** Reads one mapped parameter for row `r` (an input item, or a row of a batch: row-items.ts's rowFieldReader). */
export type FieldReader = (r: number) => unknown;
