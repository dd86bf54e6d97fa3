/** Upload orchestration for flow 2 (stock and prices → retailCRM): runs the plans of core/sync/stock against the client. */
export * from './reference-check';
export * from './upload-runner';
export * from './stock-upload';
export * from './price-upload';
export * from './warehouse-system';
