/** Flow 4, the order's progress in 1C: shipments, payments, cancellation read in batches; hashes per order. */
export * from './followed-orders';
export * from './get-progress';
export * from './open-balances';
export * from './payments';
export * from './progress';
export * from './shipments';
export * from './state';
export * from './crm-write';
