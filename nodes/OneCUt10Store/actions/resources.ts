import { resource as catalog } from './catalog';
import { resource as customerOrder } from './customerOrder';
import { resource as price } from './price';
import { resource as setup } from './setup';
import { resource as stock } from './stock';
import type { OneCClient } from '../../core/onec/client';
import type { NodeResource } from '../../shared/routing';

/** Resources that have at least one operation, in the order the node lists them. */
export const resources: NodeResource<OneCClient>[] = [customerOrder, stock, price, catalog, setup].filter(
	(r) => Object.keys(r.operations).length > 0,
);
