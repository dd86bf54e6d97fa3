import type { RetailCrmClient } from '../../core/retailcrm/client';
import type { NodeResource } from '../../shared/routing';
import { resource as order } from './order';
import { resource as setup } from './setup';

/** The node's resources in the order it lists them; each resource's index names its operations. */
export const resources: Array<NodeResource<RetailCrmClient>> = [order, setup];
