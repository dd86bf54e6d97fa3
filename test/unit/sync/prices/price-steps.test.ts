/**
 * The price part's long passes in steps (nodes/core/common/steps.ts): the calculation, the upload build and Get Prices
 * let a timer due meanwhile run before they end (the direct stock mode's paced stock upload runs on such timers while
 * the prices are computed), and give the same result as the passes run straight through.
 */
import { runSteps, runStepsTakingTurns, STEP_ROWS } from '../../../../nodes/core/common/steps';
import { calculatePrices, visitPriceSteps, type CalculatedPrice, type PriceCalcInput } from '../../../../nodes/core/sync/prices/price-calc';
import { buildPriceOfferSteps, buildPriceOffers, type PriceInputRow } from '../../../../nodes/core/sync/prices/price-batches';
import { planPriceUpload } from '../../../../nodes/core/sync/prices/price-upload';
import { getPrices } from '../../../../nodes/core/sync/prices/get-prices';
import { forgetSliceLastForms } from '../../../../nodes/core/onec/client';
import { startOneCSandbox, type OneCSandbox } from '../../../sandboxes/onec/server';
import { SEED_IDS } from '../../../sandboxes/onec/fixtures/seed';
import { sandboxClient } from '../../../integration/onec/sandbox-helpers';

const OFFERS = 2 * STEP_ROWS + 1_000;
const guid = (n: number, tail: string) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-${tail.padStart(12, '0')}`;
const RETAIL = guid(1, 'aa');
const UNIT = guid(2, 'bb');

function calcInput(): PriceCalcInput {
	const itemRefs = Array.from({ length: OFFERS }, (_, i) => guid(i + 100, 'cc'));
	return {
		priceTypeRefs: [RETAIL],
		priceTypes: [{ Ref_Key: RETAIL, Description: 'Розничная', Рассчитывается: false, ПорядокОкругления: 'Окр0_01' }],
		sliceRows: itemRefs.map((ref, i) => ({ ТипЦен_Key: RETAIL, Номенклатура_Key: ref, Цена: 100 + i, ЕдиницаИзмерения_Key: UNIT })),
		items: new Map(itemRefs.map((ref) => [ref, { ЕдиницаХраненияОстатков_Key: UNIT }])),
		units: new Map([[UNIT, { Коэффициент: 1 }]]),
	};
}

/** A turn that lets timers run (setTimeout 0, as n8n's sleep(0) does). */
const timerTurn = async () => await new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Runs `work` with a timer set just before it; says how much of the work's progress had been made when the timer ran. */
async function timerDuring(work: (progress: () => void) => Promise<unknown>): Promise<{ atTimer: number | undefined; total: number }> {
	let progress = 0;
	let atTimer: number | undefined;
	setTimeout(() => (atTimer = progress), 0);
	await work(() => progress++);
	return { atTimer, total: progress };
}

describe('price passes in steps', () => {
	it('the calculation: the same prices and problems as calculatePrices, and a timer runs before it ends', async () => {
		const straight = calculatePrices(calcInput());
		const stepped: CalculatedPrice[] = [];
		const { atTimer, total } = await timerDuring(async (progress) => {
			const problems = await runStepsTakingTurns(
				visitPriceSteps(calcInput(), (price) => {
					stepped.push(price);
					progress();
				}),
				timerTurn,
			);
			expect(problems).toEqual(straight.problems);
		});
		expect(stepped).toEqual(straight.prices);
		expect(total).toBe(OFFERS);
		// Run straight through, the timer would run only after the last price (atTimer === OFFERS).
		expect(atTimer).toBeLessThan(OFFERS);
	});

	it('the upload build: the same elements as buildPriceOffers, and a timer runs before planPriceUpload ends', async () => {
		const rows: PriceInputRow[] = Array.from({ length: OFFERS }, (_, i) => ({ offerKey: guid(i + 100, 'cc'), priceTypeRef: RETAIL, price: 100 + i }));
		const options = { identifierKind: 'externalId' as const, priceCodeByType: new Map([[RETAIL, 'base']]) };
		expect(runSteps(buildPriceOfferSteps(rows, options))).toEqual(buildPriceOffers(rows, options));
		let turns = 0;
		const { atTimer } = await timerDuring(async (progress) => {
			// retailCRM is outside the process: its two answers here are the code list and nothing sent.
			const client = { priceTypes: async () => [{ code: 'base', name: 'Базовая' }], uploadPrices: async () => ({ success: true }) };
			await planPriceUpload(client as never, {
				...options,
				rows,
				batchSize: 250,
				onlyChanged: false,
				now: 0,
				turn: async () => {
					turns++;
					progress();
					await timerTurn();
				},
			});
		});
		// One turn per STEP_ROWS rows checked for a mapping, one per STEP_ROWS offers built.
		expect(turns).toBe(2 * Math.floor(OFFERS / STEP_ROWS));
		expect(atTimer).toBeLessThan(turns);
	});

	describe('Get Prices on the large fixture', () => {
		let sb: OneCSandbox;
		beforeAll(async () => {
			forgetSliceLastForms();
			sb = await startOneCSandbox({ port: 0, fixture: 'large', large: { items: 10_000, characteristics: 2_000 } });
		});
		afterAll(async () => sb.close());

		it('takes turns in its passes over the rows, beyond the page slices of the read', async () => {
			const sleeps: number[] = [];
			const { client } = sandboxClient(sb, {
				clock: {
					now: () => Date.now(),
					sleep: async (ms: number) => {
						sleeps.push(ms);
						await timerTurn();
					},
				},
			});
			const { items } = await getPrices(client, { priceTypeRefs: [SEED_IDS.priceTypes.retail, SEED_IDS.priceTypes.purchase], period: '2030-01-01T00:00:00' });
			expect(items.length).toBeGreaterThan(STEP_ROWS);
			// The SliceLast rows come in one page; slicing it (onec/client.ts decodedSlices) takes one turn per 10,000 rows after the first.
			const sliceReads = sb.state.log.filter((r) => decodeURIComponent(r.path).includes('SliceLast')).length;
			expect(sliceReads).toBe(1);
			const sliceTurns = Math.ceil(items.length / 10_000) - 1;
			// The item-level, offer, unit passes over the rows and the calculation's row and price passes: at least one each.
			expect(sleeps.filter((ms) => ms === 0).length).toBeGreaterThanOrEqual(sliceTurns + 5);
		});
	});
});
