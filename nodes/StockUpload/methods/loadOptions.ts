/** Dropdowns read live from the account: shared/load-options/retailcrm.ts. */
export { getCrmPriceTypes as getPriceTypes, getSitesOrNone as getSites, getStores } from '../../shared/load-options/retailcrm';
