import { resource as catalog } from './catalog';
import { resource as customerOrder } from './customerOrder';
import { resource as price } from './price';
import { resource as setup } from './setup';
import { resource as stock } from './stock';
import type { OneCResource } from './types';

/** Resources that have at least one operation, in the order the node lists them. */
export const resources: OneCResource[] = [customerOrder, stock, price, catalog, setup].filter(
	(r) => Object.keys(r.operations).length > 0,
);
