/** Dropdowns read live from the account, so users pick codes that exist instead of typing them. */
export { getPriceTypes, getStores } from '../../shared/retailcrm-options';
export { getSitesOrNone as getSites } from '../../shared/load-options/retailcrm';
