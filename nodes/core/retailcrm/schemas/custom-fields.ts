import { z } from 'zod';
import { optStr, str } from '../normalise';
import { successSchema } from './common';

/**
 * `GET /api/v5/custom-fields/{entity}/{code}` answers `{success, customField}` (shape from the official PHP client,
 * Model/Entity/CustomFields/CustomField.php); needs the scope custom_fields_read.
 */
export const customFieldSchema = z.object({ code: str(), name: optStr(), entity: optStr(), type: optStr() }).passthrough();
export type CrmCustomField = z.infer<typeof customFieldSchema>;

export const customFieldGetResponseSchema = successSchema.extend({ customField: customFieldSchema });
