import type { OneCClient } from '../../../core/onec/client';
import { setupResource } from '../../../shared/setup-resource';
import * as checkSetup from './checkSetup.operation';

/** Resource "Setup": the hand-run check of the 1C side after import (docs/first-contact.md). */
export const resource = setupResource<OneCClient>(
	checkSetup,
	'1C',
	'Check the 1C setup',
	'One item per check: OData publication and composition, rights, platform features, the chosen references',
);
