/**
 * Custom field definitions: `GET /api/v5/custom-fields` (list, `filter[entity]`) and `GET /api/v5/custom-fields/{entity}/{code}`
 * (scope custom_fields_read), as the official PHP client calls them (ResourceGroup/CustomFields.php). An unknown code is
 * 404 "Not found".
 */
import { notFound } from '../envelope';
import type { Route } from '../router';
import type { CustomFieldDefinition } from '../types';

export function customFieldRoutes(): Route[] {
	const all = (defs: CustomFieldDefinition[] | undefined) => defs ?? [];
	return [
		{
			method: 'GET',
			path: 'v5/custom-fields',
			scope: 'custom_fields_read',
			handler: (ctx) => {
				const { limit, page } = ctx.paging();
				const entity = ctx.filter(['entity', 'code', 'name', 'type'])['entity'] as string | undefined;
				const rows = all(ctx.state.customFieldDefinitions).filter((f) => entity === undefined || f.entity === entity);
				const items = rows.slice((page - 1) * limit, page * limit);
				return {
					status: 200,
					body: { success: true, pagination: { limit, totalCount: rows.length, currentPage: page, totalPageCount: Math.max(1, Math.ceil(rows.length / limit)) }, customFields: items },
				};
			},
		},
		{
			method: 'GET',
			path: 'v5/custom-fields/:entity/:code',
			scope: 'custom_fields_read',
			handler: (ctx) => {
				const field = all(ctx.state.customFieldDefinitions).find((f) => f.entity === ctx.params.entity && f.code === ctx.params.code);
				if (!field) throw notFound();
				return { status: 200, body: { success: true, customField: field } };
			},
		},
	];
}
