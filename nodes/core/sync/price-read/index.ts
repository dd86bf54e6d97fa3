/** Flow 2, reading prices from 1C (I/O orchestration over core/onec and core/sync/prices; no n8n imports). */
export * from './get-prices';
export * from './price-date';
