import {
	commitSent,
	emptyChangeHashState,
	loadChangeHashState,
	OFFER_HASH_CHARS,
	selectChanged,
	droppedCodes,
	rememberCodes,
	ChangeSelector,
	elementHash,
	type ChangeHashState,
} from '../../../../nodes/core/sync/crm-upload/change-hashes';
import { buildInventoryOffers, type InventoryInputRow } from '../../../../nodes/core/sync/stock/inventory-batches';
import { buildPriceOffers } from '../../../../nodes/core/sync/prices/price-batches';
import type { InventoryOffer } from '../../../../nodes/core/sync/stock/inventory-batches';
import type { PriceOffer } from '../../../../nodes/core/sync/prices/price-batches';
import { splitIntoBatches } from '../../../../nodes/core/sync/crm-upload/upload-batches';
import { guid, seededRandom } from '../stock/fixtures';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

function stockFixture(offers: number, stores: string[], seed = 1): InventoryOffer[] {
	const random = seededRandom(seed);
	const out: InventoryOffer[] = [];
	for (let i = 0; i < offers; i++) {
		out.push({ externalId: guid(1, i), stores: stores.map((code) => ({ code, available: Math.floor(random() * 50) })) });
	}
	return out;
}

/** Runs one sync: select, "send" in batches (failing those listed), commit the successful ones. Returns what was sent. */
function run<E extends InventoryOffer | PriceOffer>(elements: E[], state: ChangeHashState, now: number, failBatches: number[] = [], hours = 24) {
	const selection = selectChanged(elements, state, now, hours);
	const batches = splitIntoBatches(selection.elements, 250);
	batches.forEach((batch, i) => {
		if (!failBatches.includes(i)) selection.commit(batch);
	});
	return { sent: selection.elements, full: selection.full, batches, unchanged: selection.unchangedCount };
}

describe('change hashes ("Only changed")', () => {
	it('first run sends everything; an unchanged rerun sends nothing', () => {
		const state = emptyChangeHashState();
		const offers = stockFixture(1000, ['msk', 'spb', 'ekb']);
		const first = run(offers, state, T0);
		expect(first.full).toBe(true);
		expect(first.sent).toHaveLength(1000);
		const second = run(offers, state, T0 + HOUR);
		expect(second.full).toBe(false);
		expect(second.sent).toEqual([]);
		expect(second.unchanged).toBe(1000);
	});

	it('a sale changes one offer on one store → only that offer is sent, with all its stores (one hash per offer)', () => {
		const state = emptyChangeHashState();
		const offers = stockFixture(500, ['msk', 'spb', 'ekb']);
		run(offers, state, T0);
		const after = structuredClone(offers);
		after[137].stores[1].available += 5;
		after[137].stores[1].available -= 6; // sold one
		const second = run(after, state, T0 + HOUR);
		expect(second.sent).toEqual([after[137]]);
		expect(run(after, state, T0 + 2 * HOUR).sent).toEqual([]);
	});

	it('a change of purchase price alone is a change; a zero is remembered like any value', () => {
		const state = emptyChangeHashState();
		const offer: InventoryOffer = { externalId: 'x', stores: [{ code: 'msk', available: 0 }] };
		run([offer], state, T0);
		expect(run([offer], state, T0 + 1).sent).toEqual([]);
		const priced = { externalId: 'x', stores: [{ code: 'msk', available: 0, purchasePrice: 10 }] };
		expect(run([priced], state, T0 + 2).sent).toEqual([priced]);
	});

	it('a failed batch stays dirty and is resent next run; successful batches are not', () => {
		const state = emptyChangeHashState();
		const offers = stockFixture(1000, ['msk']);
		const first = run(offers, state, T0, [2]);
		expect(first.batches).toHaveLength(4);
		const second = run(offers, state, T0 + HOUR);
		expect(second.sent.map((o) => o.externalId)).toEqual(first.batches[2].map((o) => o.externalId));
		expect(run(offers, state, T0 + 2 * HOUR).sent).toEqual([]);
	});

	it('offers the CRM reported as not found are not recorded, so they are sent again next run', () => {
		const state = emptyChangeHashState();
		const offers = stockFixture(300, ['msk']);
		const selection = selectChanged(offers, state, T0);
		const batches = splitIntoBatches(selection.elements, 250);
		selection.commit(batches[0], [{ externalId: guid(1, 7) }, { xmlId: guid(1, 8) }]);
		selection.commit(batches[1], [{ externalId: guid(1, 299) }]);
		const next = run(offers, state, T0 + HOUR);
		expect(next.sent.map((o) => o.externalId)).toEqual([guid(1, 7), guid(1, 299)]); // xmlId 8 is another identifier kind
	});

	it('a changed offer whose batch failed is resent with its new value even if it changes again', () => {
		const state = emptyChangeHashState();
		const offers = stockFixture(10, ['msk']);
		run(offers, state, T0);
		const changed = structuredClone(offers);
		changed[3].stores[0].available = 999;
		expect(run(changed, state, T0 + 1, [0]).sent).toHaveLength(1);
		const back = run(offers, state, T0 + 2); // value went back to the old one: CRM still holds an unknown value
		expect(back.sent.map((o) => o.externalId)).toEqual([guid(1, 3)]);
	});

	it('full resend after N hours, then quiet again; a failed batch during the full resend is resent', () => {
		const state = emptyChangeHashState();
		const offers = stockFixture(600, ['msk', 'spb']);
		run(offers, state, T0);
		expect(run(offers, state, T0 + 23 * HOUR).sent).toHaveLength(0);
		const full = run(offers, state, T0 + 24 * HOUR, [1]);
		expect(full.full).toBe(true);
		expect(full.sent).toHaveLength(600);
		expect(full.sent.every((o) => o.stores.length === 2)).toBe(true);
		const next = run(offers, state, T0 + 25 * HOUR);
		expect(next.full).toBe(false);
		expect(next.sent.map((o) => o.externalId)).toEqual(full.batches[1].map((o) => o.externalId));
		expect(run(offers, state, T0 + 26 * HOUR).sent).toEqual([]);
		expect(run(offers, state, T0 + 30 * HOUR, [], 6).full).toBe(true);
	});

	it('the state holds one hash per offer the CRM holds: offers that disappeared drop out, a store that disappeared is a change', () => {
		const state = emptyChangeHashState();
		const hashes = () => state.hashes.length / OFFER_HASH_CHARS;
		run(stockFixture(100, ['msk', 'old']), state, T0);
		expect(hashes()).toBe(100);
		const fewer = stockFixture(40, ['msk']);
		expect(run(fewer, state, T0 + HOUR).sent).toHaveLength(40);
		expect(hashes()).toBe(40);
		expect(run(fewer.slice(0, 30), state, T0 + 2 * HOUR).sent).toEqual([]);
		expect(hashes()).toBe(30);
		run(fewer, state, T0 + 25 * HOUR);
		expect(hashes()).toBe(40);
		expect(run(fewer, state, T0 + 26 * HOUR).sent).toEqual([]);
	});

	it('a value that comes back (A → B → A) is sent each time: the hash of an old value is not kept', () => {
		const state = emptyChangeHashState();
		const a: InventoryOffer = { externalId: 'x', stores: [{ code: 'msk', available: 5 }] };
		const b: InventoryOffer = { externalId: 'x', stores: [{ code: 'msk', available: 4 }] };
		run([a], state, T0);
		expect(run([b], state, T0 + 1).sent).toEqual([b]);
		expect(run([a], state, T0 + 2).sent).toEqual([a]);
		expect(run([a], state, T0 + 3).sent).toEqual([]);
	});

	it('a clock going backwards forces a full resend (state from the future is not trusted)', () => {
		const state = emptyChangeHashState();
		run(stockFixture(5, ['msk']), state, T0);
		expect(run(stockFixture(5, ['msk']), state, T0 - HOUR).full).toBe(true);
	});

	it('new stores and offers are changes; the same offer on another site is a different key', () => {
		const state = emptyChangeHashState();
		run([{ externalId: 'a', site: 's1', stores: [{ code: 'msk', available: 1 }] }], state, T0);
		const sent = run(
			[
				{ externalId: 'a', site: 's1', stores: [{ code: 'msk', available: 1 }, { code: 'new', available: 2 }] },
				{ externalId: 'a', site: 's2', stores: [{ code: 'msk', available: 1 }] },
			],
			state,
			T0 + 1,
		).sent;
		expect(sent).toEqual([
			{ externalId: 'a', site: 's1', stores: [{ code: 'msk', available: 1 }, { code: 'new', available: 2 }] },
			{ externalId: 'a', site: 's2', stores: [{ code: 'msk', available: 1 }] },
		]);
	});

	it('switching the identifier kind (externalId → id) counts as new offers', () => {
		const state = emptyChangeHashState();
		run([{ externalId: '15', stores: [{ code: 'msk', available: 1 }] }], state, T0);
		expect(run([{ id: 15, stores: [{ code: 'msk', available: 1 }] }], state, T0 + 1).sent).toHaveLength(1);
		expect(run([{ id: 15, stores: [{ code: 'msk', available: 1 }] }], state, T0 + 2).sent).toHaveLength(0);
	});

	it('works for price elements: only changed offers are sent (all their price types), removals count as a value', () => {
		const state = emptyChangeHashState();
		const prices: PriceOffer[] = [
			{ externalId: 'a', prices: [{ code: 'base', price: 300 }, { code: 'opt', price: 250 }] },
			{ externalId: 'b', prices: [{ code: 'base', price: 100 }] },
		];
		run(prices, state, T0);
		const changed: PriceOffer[] = [
			{ externalId: 'a', prices: [{ code: 'base', price: 300 }, { code: 'opt', remove: true }] },
			{ externalId: 'b', prices: [{ code: 'base', price: 100 }] },
		];
		expect(run(changed, state, T0 + 1).sent).toEqual([changed[0]]);
		expect(run(changed, state, T0 + 2).sent).toEqual([]);
	});

	it('selection does not modify the input elements', () => {
		const offers = stockFixture(3, ['msk', 'spb']);
		const copy = structuredClone(offers);
		const state = emptyChangeHashState();
		run(offers, state, T0);
		offers[0].stores[0].available += 1;
		copy[0].stores[0].available += 1;
		run(offers, state, T0 + 1);
		expect(offers).toEqual(copy);
	});

	it('loads static data safely: missing or foreign shapes start empty, a valid state is used as is', () => {
		expect(loadChangeHashState(undefined)).toEqual(emptyChangeHashState());
		expect(loadChangeHashState({ version: 2, hashes: {} })).toEqual(emptyChangeHashState());
		expect(loadChangeHashState({ version: 2, hashes: 'abc', lastFullAt: null })).toEqual(emptyChangeHashState());
		// Version 1 (a hash per offer and store, keyed) is dropped: one full resend after the upgrade.
		expect(loadChangeHashState({ version: 1, slots: ['msk'], hashes: { abcdefgh: 'xxxxxx' }, lastFullAt: new Date(T0).toISOString() })).toEqual(emptyChangeHashState());
		const state = emptyChangeHashState();
		commitSent(state, [{ externalId: 'a', stores: [{ code: 'msk', available: 1 }] }]);
		const roundTripped = loadChangeHashState(JSON.parse(JSON.stringify(state)));
		expect(roundTripped).toEqual(state);
		expect(selectChanged([{ externalId: 'a', stores: [{ code: 'msk', available: 1 }] }], { ...roundTripped, lastFullAt: new Date(T0).toISOString() }, T0 + 1).elements).toEqual([]);
	});

	it('keeps the state for 100,000 offers × 3 stores at 7 bytes an offer (0.7 MB of JSON; version 1 took ~3 MB)', () => {
		const state = emptyChangeHashState();
		const offers = stockFixture(100_000, ['msk', 'spb', 'ekb'], 9);
		for (let i = 0; i < offers.length; i += 4) offers[i] = { ...offers[i], externalId: `${guid(1, i)}#${guid(6, i)}` };
		const first = run(offers, state, T0);
		expect(first.batches).toHaveLength(400);
		expect(state.hashes).toHaveLength(100_000 * OFFER_HASH_CHARS);
		const bytes = Buffer.byteLength(JSON.stringify(state));
		expect(bytes).toBeLessThan(100_000 * OFFER_HASH_CHARS + 100);
		expect(run(offers, state, T0 + HOUR).sent).toHaveLength(0);
	});

	it('the hash of an element is what it always was (the state of earlier runs stays valid)', () => {
		// The former implementation's values (the joined text hashed at once).
		expect(
			[
				{ externalId: '5eed0008-0000-4000-8000-000000000001', stores: [{ code: 'main', available: 23 }, { code: 'showroom', available: 1 }] },
				{ xmlId: 'x-1', site: 'shop', stores: [{ code: 'main', available: 0.5, purchasePrice: 120.25 }] },
				{ id: 42, prices: [{ code: 'base', price: 300 }, { code: 'wholesale', remove: true as const }] },
				{ externalId: 'a#b', site: 'shop', prices: [{ code: 'base', price: 248.4 }] },
			].map((element) => elementHash(element)),
		).toEqual(['FAZSX3i', 'KrJYnRM', '0r1HF13', 'ymsaNGk']);
	});

	it('offers made through a ChangeSelector: an unchanged offer never becomes an element; selection, counts and state as selectChanged gives them', () => {
		const random = seededRandom(5);
		const warehouses = ['w1', 'w2', 'w3'];
		const rowsOf = (changed: Set<number>): InventoryInputRow[] =>
			Array.from({ length: 600 }, (_, i) => warehouses.map((warehouseRef, w) => ({ offerKey: guid(1, i), warehouseRef, quantity: (i * 7 + w) % 11 + (changed.has(i) ? 1 : 0) }))).flat();
		const options = { identifierKind: 'externalId' as const, storeCodeByWarehouse: { w1: 'msk', w2: 'spb', w3: 'msk' }, site: 'shop' };
		const through = emptyChangeHashState();
		const after = emptyChangeHashState();
		const runs: Array<[number, Set<number>]> = [
			[T0, new Set()], // full: every offer is an element
			[T0 + HOUR, new Set()], // unchanged: none is
			[T0 + 2 * HOUR, new Set(Array.from({ length: 40 }, () => Math.floor(random() * 600)))],
			[T0 + 30 * HOUR, new Set([3])], // the periodic full resend
		];
		for (const [now, changed] of runs) {
			const rows = rowsOf(changed);
			const changes = new ChangeSelector(through, now);
			const made = buildInventoryOffers(rows, { ...options, changes }).offers;
			const selection = changes.finish(made);
			const reference = selectChanged(buildInventoryOffers(rows, options).offers, after, now);
			expect(made).toEqual(reference.elements);
			expect([selection.full, selection.unchangedCount]).toEqual([reference.full, reference.unchangedCount]);
			expect(made).toHaveLength(now === T0 + HOUR ? 0 : now === T0 + 2 * HOUR ? changed.size : 600);
			selection.commit(selection.elements);
			reference.commit(reference.elements);
			expect(new Set(through.hashes.match(/.{7}/g))).toEqual(new Set(after.hashes.match(/.{7}/g)));
			expect(through.lastFullAt).toBe(after.lastFullAt);
		}
		// Prices too: a price that did not change makes no element.
		const prices = [{ offerKey: guid(1, 1), priceTypeRef: 't1', price: 10 }, { offerKey: guid(1, 2), priceTypeRef: 't1', price: 20 }];
		const priceState = emptyChangeHashState();
		const priceOptions = { identifierKind: 'externalId' as const, priceCodeByType: { t1: 'base' } };
		selectChanged(buildPriceOffers(prices, priceOptions).offers, priceState, T0).commit(buildPriceOffers(prices, priceOptions).offers);
		const changes = new ChangeSelector(priceState, T0 + HOUR);
		const made = buildPriceOffers([prices[0], { ...prices[1], price: 21 }], { ...priceOptions, changes }).offers;
		expect(made).toEqual([{ externalId: guid(1, 2), prices: [{ code: 'base', price: 21 }] }]);
		expect(changes.finish(made).unchangedCount).toBe(1);
	});
});

describe('codes gone from the mapping (ChangeHashState.codes)', () => {
	it('a state kept before the field loads as it was, and clears nothing until codes are remembered', () => {
		const old = { version: 2, hashes: 'abcdefg', lastFullAt: '2025-01-01T00:00:00.000Z' };
		const state = loadChangeHashState(JSON.parse(JSON.stringify(old)));
		expect(state).toEqual(old);
		expect(droppedCodes(state, ['main'])).toEqual([]);
		expect(loadChangeHashState({ ...old, codes: 'main' })).toEqual(old);
	});

	it('an offer carrying a cleared code is sent although unchanged, and its commit is the hash the next run computes', () => {
		const state = emptyChangeHashState();
		const element = { externalId: 'a', stores: [{ code: 'main', available: 1 }] };
		const first = selectChanged([element], state, 0);
		first.commit(first.elements);
		rememberCodes(state, ['main', 'old'], [], true);
		expect(droppedCodes(state, ['main'])).toEqual(['old']);
		const clearing = new ChangeSelector(state, 1000, 24, new Set(['old']));
		const withZero = { externalId: 'a', stores: [{ code: 'main', available: 1 }, { code: 'old', available: 0 }] };
		expect(clearing.leavesOut(withZero, () => elementHash(withZero))).toBe(false);
		clearing.finish([withZero]).commit([withZero]);
		rememberCodes(state, ['main'], ['old'], true);
		expect(state.codes).toEqual(['main']);
		expect(selectChanged([element], state, 2000).elements).toEqual([]);
	});
});
