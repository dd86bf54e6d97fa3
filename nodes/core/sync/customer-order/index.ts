/** Flow 1 I/O: retailCRM orders → 1C ЗаказПокупателя, with batched look-ups and per-run caches. No n8n import. */
export * from './contracts';
export * from './counterparties';
export * from './errors';
export * from './existing-documents';
export * from './get';
export * from './items';
export * from './raw-read';
export * from './resolve-references';
export * from './types';
export * from './upsert';
