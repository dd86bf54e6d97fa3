/**
 * Flow 4 in the demo's `--once` run and in the end-to-end test, after the orders reached 1C (runScenario): the progress
 * template runs once (every order stands where the order flow left it: nothing to report), then a 1C user ships 5488
 * and takes its payment, ships half of 5489 and cancels 5490 (the 1C sandbox's scenario), and the template runs again.
 * The outcome is read from the retailCRM sandbox.
 */
import type { N8nInstance } from './instance';
import { executeWorkflow, type ExecutionSummary, type Sandboxes } from './scenario';
import { SEED_ORDER_IDS } from '../../test/sandboxes/retailcrm/server';
import { orderProgressScenario } from '../../test/sandboxes/onec/progress/control';

export const PROGRESS_WORKFLOW = 'rcrm1cProgress';

/** What the template's status mapping makes of the seed scenario. */
export const EXPECTED_PROGRESS: Record<string, { status: string; shipped: boolean; paid: number }> = {
	'5488': { status: 'complete', shipped: true, paid: 1990 },
	'5489': { status: 'assembling-complete', shipped: false, paid: 1070 },
	'5490': { status: 'cancel-other', shipped: false, paid: 0 },
};

export interface ProgressInCrm {
	crmNumber: string;
	status: string;
	shipped: boolean;
	shipmentDate?: string;
	shipmentNumber?: string;
	/** Sum of payments with status paid. */
	paid: number;
	/** Payments whose external ID is a 1C document. */
	from1C: number;
}

export interface ProgressReport {
	ok: boolean;
	executions: ExecutionSummary[];
	orders: ProgressInCrm[];
	problems: string[];
}

export function progressInCrm(sandboxes: Sandboxes): ProgressInCrm[] {
	return Object.entries(SEED_ORDER_IDS).map(([crmNumber, id]) => {
		const o = sandboxes.retailCrm.state.orders.find((x) => x.id === id)!;
		return {
			crmNumber,
			status: o.status,
			shipped: o.shipped === true,
			shipmentDate: o.shipmentDate,
			shipmentNumber: o.customFields.onec_shipment_number as string | undefined,
			paid: o.payments.filter((p) => p.status === 'paid').reduce((a, p) => a + p.amount, 0),
			from1C: o.payments.filter((p) => /^[0-9a-f-]{36}$/.test(p.externalId ?? '')).length,
		};
	});
}

export async function runProgressScenario(instance: N8nInstance, sandboxes: Sandboxes, log: (line: string) => void = console.log): Promise<ProgressReport> {
	const problems: string[] = [];
	const executions: ExecutionSummary[] = [];
	const run = async (what: string) => {
		log(`Running "${what}" (${PROGRESS_WORKFLOW}) through the n8n CLI…`);
		const summary = await executeWorkflow(instance, PROGRESS_WORKFLOW);
		executions.push(summary);
		log(`  ${summary.ok ? 'ok' : 'FAILED'} in ${summary.seconds} s${summary.error ? `: ${summary.error}` : ''}`);
		if (!summary.ok) problems.push(`${what}: ${summary.error ?? summary.status}`);
	};
	await run('1C order progress → retailCRM (first run: nothing happened in 1C yet)');
	const story = orderProgressScenario(sandboxes.oneC.state, {}) as Record<string, Record<string, { number?: string }>>;
	log(`In 1C: 5488 shipped (${story['5488'].shipment.number}) and paid (${story['5488'].payment.number}), 5489 shipped in part (${story['5489'].shipment.number}), 5490 cancelled.`);
	await run('1C order progress → retailCRM');
	const orders = progressInCrm(sandboxes);
	for (const o of orders) {
		const want = EXPECTED_PROGRESS[o.crmNumber];
		if (o.status !== want.status || o.shipped !== want.shipped || o.paid !== want.paid) {
			problems.push(`retailCRM: order ${o.crmNumber} is ${o.status}, shipped ${o.shipped}, paid ${o.paid}; expected ${want.status}, shipped ${want.shipped}, paid ${want.paid}`);
		}
	}
	return { ok: problems.length === 0, executions, orders, problems };
}

export function printProgressReport(report: ProgressReport, log: (line: string) => void = console.log): void {
	log('Order progress from 1C in retailCRM:');
	for (const o of report.orders) {
		const shipping = o.shipped ? `shipped ${o.shipmentDate ?? ''} (1C ${o.shipmentNumber ?? '?'})` : o.shipmentNumber ? `partly shipped (1C ${o.shipmentNumber})` : 'not shipped';
		const parts = [o.status, shipping];
		parts.push(o.paid ? `paid ${o.paid.toFixed(2)}${o.from1C ? ' (1C payment)' : ''}` : 'not paid');
		log(`  retailCRM №${o.crmNumber}: ${parts.join(', ')}`);
	}
	log(report.ok ? 'The order progress workflow succeeded.' : `Problems:\n  - ${report.problems.join('\n  - ')}`);
}
