import type { RetailCrmClient } from '../../../core/retailcrm/client';
import { setupResource } from '../../../shared/setup-resource';
import * as checkSetup from './checkSetup.operation';

/** Resource "Setup": the hand-run check of the retailCRM side after import (docs/first-contact.md). */
export const resource = setupResource<RetailCrmClient>(
	checkSetup,
	'retailCRM',
	'Check the setup',
	'One item per check: API key and scopes, statuses, stores, price types, custom fields, settings',
);
