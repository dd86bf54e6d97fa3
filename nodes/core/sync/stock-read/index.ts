/** Flow 2, reading stock from 1C (I/O orchestration over core/onec; no n8n imports). */
export * from './balance-read';
export * from './catalog';
export * from './get-balances';
export * from './keyed-read';
export * from './warehouses';
export * from './ref-list';
export * from './scope-cache';
