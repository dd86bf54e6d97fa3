/** The 1C dropdowns of "Build From 1C" (folders, warehouses, price types, currencies), the loaders Get Items uses. */
export { getCurrencies, getNomenclatureFolderPaths, getPriceTypes, getWarehouses } from '../../shared/load-options/onec';
