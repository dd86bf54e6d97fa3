/** Stock domain for flow 2 (1C balances → retailCRM store/inventories/upload). Pure: no I/O, no n8n. */
export * from '../offer-key';
export * from './balance-rows';
export * from './lookup-table';
export * from './offer-identifier';
export * from './upload-batches';
export * from './inventory-batches';
export * from './change-hashes';
export * from './upload-plan';
export * from './item-level-stock';
