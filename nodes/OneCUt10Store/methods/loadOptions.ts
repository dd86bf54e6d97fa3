/** Dropdowns read live from 1C: shared/load-options/onec.ts (the reconciliation node offers the same ones). */
export * from '../../shared/load-options/onec';
