import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import type { OneCClient } from '../../../core/onec/client';
import { hasRead, holdAhead, noteOwnRead, releaseAhead, takeAhead, type AheadRead } from '../../../core/sync/onec-read/read-ahead';
import { n8nClock } from '../../../shared/transport';
import { publishedFor } from '../../../shared/unchanged-prices-state';
import { runOf, shareOf } from '../shared-options';
import { priceReadPlan, priceSettingsFrom, readPrices, type PriceRead } from './price-read';

/**
 * Read Ahead (Get Prices → Options, on by default): in the stock template Get Balances and Get Prices hang off the same
 * trigger, and n8n runs Get Balances, the stock upload, Get Prices, the price upload one after the other. When Get
 * Balances ends it holds Get Prices' read, with Get Prices' own parameters and its share of the catalog scope; Upload
 * Stock starts it once its batches are planned (runAhead), so the 1C read runs while the stock upload waits on
 * retailCRM's pace; Get Prices then takes the rows, or starts the read itself if nothing did
 * (core/sync/onec-read/read-ahead.ts).
 *
 * Only when nothing can differ from Get Prices reading for itself: a run that is not manual, Get Prices the only one
 * fed by exactly Get Balances' inputs, not disabled, not yet run, its parameters without expressions (they could read
 * what the stock upload outputs), and the same 1C credential and address when it runs (checked by the key). The prices
 * are then 1C's as the stock upload began (at the price date of Get Balances' end), minutes before Get Prices would
 * have read them.
 */

function credentialOf(node: INode): string {
	const credential = node.credentials?.oneCUt10Api;
	return credential === undefined ? '' : `${credential.id ?? ''}\u0000${credential.name}`;
}

function keyOf(run: string, node: { name: string; typeVersion: number; parameters?: unknown }, credential: string, rootUrl: string): string {
	return JSON.stringify([run, node.name, credential, rootUrl, node.typeVersion, node.parameters ?? {}]);
}

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

function isGetPrices(node: { type: string; disabled: boolean; parameters?: IDataObject }, type: string): boolean {
	return node.type === type && !node.disabled && node.parameters?.resource === 'price' && node.parameters.operation === 'getPrices';
}

/** The Get Prices node Get Balances may read ahead for in this run, if there is exactly one. */
function aheadTarget(ctx: IExecuteFunctions, run: string): { name: string; typeVersion: number; parameters: IDataObject } | undefined {
	if (ctx.getMode?.() === 'manual' || typeof ctx.getChildNodes !== 'function' || typeof ctx.getParentNodes !== 'function') return undefined;
	const self = ctx.getNode();
	const inputs = new Set(ctx.getParentNodes(self.name, { depth: 1 }).map((node) => node.name));
	if (inputs.size === 0) return undefined;
	const found = new Map<string, { name: string; typeVersion: number; parameters: IDataObject }>();
	for (const input of inputs) {
		for (const node of ctx.getChildNodes(input, { includeNodeParameters: true })) {
			if (node.name !== self.name && isGetPrices(node, self.type)) found.set(node.name, { name: node.name, typeVersion: node.typeVersion, parameters: node.parameters ?? {} });
		}
	}
	const candidates = [...found.values()].filter((node) => {
		const fedBy = ctx.getParentNodes(node.name, { depth: 1 }).map((parent) => parent.name);
		return fedBy.length === inputs.size && fedBy.every((name) => inputs.has(name));
	});
	if (candidates.length !== 1) return undefined;
	const [target] = candidates;
	const options = (target.parameters.options ?? {}) as IDataObject;
	if (target.typeVersion !== self.typeVersion || options.readAhead === false || hasExpression(target.parameters) || hasRead(run, target.name)) return undefined;
	return target;
}

/** Get Balances (one input item, its read done): holds Get Prices' read when it may (above); never fails the node. */
export function holdPricesAhead(ctx: IExecuteFunctions, client: OneCClient): void {
	const run = runOf(ctx);
	if (run === undefined || ctx.getInputData().length !== 1) return;
	try {
		const target = aheadTarget(ctx, run);
		if (target === undefined) return;
		const parameters = target.parameters;
		const options = (parameters.options ?? {}) as IDataObject;
		const now = n8nClock.now();
		const plan = priceReadPlan(
			priceSettingsFrom((name, fallback) => parameters[name] ?? fallback, options, ctx.getTimezone()),
			options,
			shareOf(ctx, 'prices'),
			() => publishedFor(ctx, target.name, now),
			true,
		);
		holdAhead(keyOf(run, target, credentialOf(ctx.getNode()), client.rootUrl), run, async () => await readPrices(client, plan), n8nClock.now);
		ctx.logger.info(`1C prices: "${target.name}" is read ahead once the stock upload is planned`);
	} catch (error) {
		// A setting Get Prices would refuse (no price type): it refuses it itself when it runs.
		ctx.logger.info(`1C prices: not read ahead: ${(error as Error).message}`);
	}
}

/**
 * Get Prices (one input item): the read Get Balances held for it with its current parameters and credential, if
 * any; from now on nothing reads ahead for it in this run.
 */
export function takePricesAhead(ctx: IExecuteFunctions, client: OneCClient): AheadRead<PriceRead> | undefined {
	const run = runOf(ctx);
	if (run === undefined) return undefined;
	const node = ctx.getNode();
	noteOwnRead(run, node.name);
	return takeAhead<PriceRead>(keyOf(run, node, credentialOf(node), client.rootUrl));
}

/** Upload Stock, its batches planned: starts the read held for this run, if any. */
export function runAhead(ctx: IExecuteFunctions): void {
	const run = runOf(ctx);
	if (run !== undefined) releaseAhead(run);
}
