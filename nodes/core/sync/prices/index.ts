/** Price domain for flow 2 (1C ЦеныНоменклатуры → retailCRM store/prices/upload). Pure: no I/O, no n8n. */
export * from './price-rounding';
export * from './price-calc';
export * from './price-batches';
