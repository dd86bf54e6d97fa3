/** Dropdowns read live from the account, so users pick codes that exist instead of typing them. */
export { getPriceTypes, getStores } from '../../shared/retailcrm-options';
export { getSitesOrNone as getSites } from '../../shared/load-options/retailcrm';
/** Upload Stock and Prices from 1C reads 1C too: its lists come from the 1C credential (1C price types under their own name). */
export { getCurrencies, getNomenclatureFolders, getPriceTypes as getOneCPriceTypes, getWarehouses } from '../../shared/load-options/onec';
