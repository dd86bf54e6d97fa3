/** Dropdowns read live from the account: shared/load-options/retailcrm.ts. */
export { getSites, getStatusGroups, getStatuses, getStatusesAndGroups } from '../../shared/load-options/retailcrm';
