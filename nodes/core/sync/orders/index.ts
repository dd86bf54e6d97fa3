/** Flow 1 domain: retailCRM order → 1C:УТ 10.3 Документ.ЗаказПокупателя. Pure functions, no I/O. */
export * from './changes';
export * from './contract';
export * from './counterparty';
export * from './crm-order';
export * from './document';
export * from './document-types';
export * from './errors';
export * from './history';
export * from './line-amounts';
export * from './nomenclature';
export * from './number';
export * from './offer-key';
export * from './totals';
export * from './ut103-model';
export * from './vat';
export * from './vat-on-top-reconcile';
export { dec, toNumber as decimalToNumber, toText as decimalToText, type Decimal } from './decimal';
export * from './upsert-plan';
