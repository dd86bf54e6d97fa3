/**
 * The UT 10.3 sandbox of one test file, with posted customer orders as the order flow leaves them and the control
 * actions of a 1C user (shipments, payments, cancel).
 */
import axios from 'axios';
import { forgetDealFilterForms } from '../../../../nodes/core/sync/order-progress/payments';
import type { OneCSandbox } from '../../../sandboxes/onec/server';
import { control, sandboxClient, withSandbox } from '../../../integration/onec/sandbox-helpers';
import { orderBody, row } from '../../../contract/onec/order-bodies';

export function useOrderSandbox() {
	const ctx = {} as { sb: OneCSandbox; ctl: ReturnType<typeof control> };
	beforeAll(async () => {
		ctx.sb = await withSandbox('seed');
		ctx.ctl = control(ctx.sb);
	});
	afterAll(() => ctx.sb.close());
	beforeEach(async () => {
		await ctx.ctl.reset();
		await ctx.ctl.config({ compositeFilters: true });
		forgetDealFilterForms();
	});

	/** A 1C user's action through the control API (`shipments`, `payments`, `cancel`). */
	const post = (action: string, body: unknown) => axios.post(`${ctx.sb.controlUrl}${action}`, body).then((r) => r.data);

	/** N posted orders of 4 jeans (48) at 300 (1,200); key crm#<first + i> unless `key` says otherwise ('' = not from retailCRM). */
	async function orders(n: number, options: { date?: string; key?: (i: number) => string } = {}): Promise<string[]> {
		const { client } = sandboxClient(ctx.sb);
		const refs: string[] = [];
		for (let i = 0; i < n; i++) {
			const body = orderBody({
				...(options.date ? { Date: options.date } : {}),
				НомерВходящегоДокументаЭлектронногоОбмена: options.key ? options.key(i) : `crm#${1000 + i}`,
				Товары: [row(1, { Количество: 4, Сумма: 1200, СуммаНДС: 200 })],
			});
			const r = (await client.request('POST', client.url(['Document_ЗаказПокупателя'], [['$format', 'json']]), { body, safeToRepeat: false })) as { Ref_Key: string };
			await client.post({ set: 'Document_ЗаказПокупателя' }, r.Ref_Key);
			refs.push(r.Ref_Key);
		}
		await ctx.ctl.clearRequests();
		return refs;
	}

	return { ctx, post, orders, client: () => sandboxClient(ctx.sb).client };
}
