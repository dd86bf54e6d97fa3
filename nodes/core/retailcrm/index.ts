/** retailCRM API v5 client: plain TypeScript, no n8n imports (used by nodes, tests and benchmarks). */
export * from './client';
export * from './credentials-check';
export * from './encoding';
export * from './errors';
export * from './normalise';
export * from './order-check';
export * from './pagination';
export * from './redact';
export { interpretResponse } from './response';
export * from './schemas/api';
export * from './schemas/common';
export * from './schemas/customers';
export * from './schemas/history';
export * from './schemas/integration';
export * from './schemas/orders';
export * from './schemas/payments';
export * from './schemas/reference';
export * from './schemas/store';
