import type { OneCClient } from '../../../onec/client';
import { OneCODataError, passOn } from '../../../onec/errors';
import { UT } from '../../../onec/model';
import { and, eq, guidLiteral, isGuid, queryParams } from '../../../onec/query';
import { formatDocumentKey } from '../document-key';
import { INCOMING_KEY_FIELD } from './existing-documents';
import type { RawRow } from '../../onec-read/raw-read';
import { readRawPages, withoutAnnotations } from '../../onec-read/raw-read';

/**
 * How the Get operation finds a ЗаказПокупателя. `crmNumber` is the document key as stored
 * (НомерВходящегоДокументаЭлектронногоОбмена: `crm#<id>`, `<site>#<id>`, or a version 0.1 number key);
 * `crmOrderId` builds the key of a single-shop base from the CRM order id.
 */
export type GetBy = 'ref' | 'number' | 'crmNumber' | 'crmOrderId';

/**
 * Whole documents (header, Товары, Услуги) by Ref_Key, by 1C number, by CRM order id or by document key.
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
	if (by === 'crmOrderId' && !/^\d+$/.test(text)) throw new Error(`"${text}" is not a retailCRM order id (a whole number)`);
	const field = by === 'number' ? 'Number' : INCOMING_KEY_FIELD;
	const wanted = by === 'crmOrderId' ? formatDocumentKey({ id: Number(text) }) : text;
	const rows = await readRawPages(client, set, { filter: and(eq(field, wanted), eq('DeletionMark', false)), orderby: ['Date desc', 'Ref_Key'], limit: 100 });
	return rows.map(withoutAnnotations);
}
