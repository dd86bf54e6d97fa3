/** Flow 3, reading the catalog from 1C for ICML (I/O orchestration over core/onec; no n8n imports). */
export * from './barcodes';
export * from './catalog-prices';
export * from './folder-tree';
export * from './get-folders';
export * from './get-items';
export * from './item-read';
export * from './offer-rows';
export * from './stock-price-join';
export * from './units';
export * from './vat';
