/** Dropdowns of both systems, the same loaders the other nodes use (shared/load-options). */
export { getCurrencies, getNomenclatureFolders, getPriceTypes, getWarehouses } from '../../shared/load-options/onec';
export { getCrmPriceTypes, getSites, getSitesOrNone, getStatusGroups, getStatuses, getStores } from '../../shared/load-options/retailcrm';
