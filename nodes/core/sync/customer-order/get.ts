import type { OneCClient } from '../../onec/client';
import { OneCODataError, passOn } from '../../onec/errors';
import { UT } from '../../onec/model';
import { and, eq, guidLiteral, isGuid, queryParams } from '../../onec/query';
import { INCOMING_KEY_FIELD } from './existing-documents';
import type { RawRow } from './raw-read';
import { readRawPages, withoutAnnotations } from './raw-read';

/** How the Get operation finds a ЗаказПокупателя. */
export type GetBy = 'ref' | 'number' | 'crmNumber';

/**
 * Whole documents (header, Товары, Услуги) by Ref_Key, by 1C number or by CRM order number
 * (НомерВходящегоДокументаЭлектронногоОбмена; with several shops the key is `<site>:<number>`).
 * Numbers repeat across years in 1C, so `number` may return several documents; deletion-marked ones are skipped.
 */
export async function getCustomerOrders(client: OneCClient, by: GetBy, value: string): Promise<RawRow[]> {
	const text = value.trim();
	if (text === '') throw new Error('The value to find the customer order by is empty');
	const set = UT.Document_ЗаказПокупателя.set;
	if (by === 'ref') {
		if (!isGuid(text)) throw new Error(`"${text}" is not a 1C Ref_Key (GUID)`);
		try {
			const url = client.url([`${set}(${guidLiteral(text)})`], queryParams({}));
			const row = (await client.request('GET', url, { safeToRepeat: true, set })) as RawRow | undefined;
			return row ? [withoutAnnotations(row)] : [];
		} catch (error) {
			if (error instanceof OneCODataError && error.kind === 'odata' && error.code === '9') return [];
			throw passOn(error);
		}
	}
	const field = by === 'number' ? 'Number' : INCOMING_KEY_FIELD;
	const rows = await readRawPages(client, set, { filter: and(eq(field, text), eq('DeletionMark', false)), orderby: ['Date desc', 'Ref_Key'], limit: 100 });
	return rows.map(withoutAnnotations);
}
