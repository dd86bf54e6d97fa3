/** Setup check of both systems (Check Setup operations): one report item per check. */
export * from './onec-check';
export * from './report';
export * from './retailcrm-check';
