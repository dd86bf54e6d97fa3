/** Public surface of the 1C UT 10.3 OData client (no n8n imports). */
export * from './auth';
export * from './client';
export * from './codecs';
export * from './credentials-check';
export * from './errors';
export * from './model';
export * from './query';
export * from './url';
