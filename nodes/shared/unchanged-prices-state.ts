import type { IExecuteFunctions } from 'n8n-workflow';
import {
	emptyPublishedState,
	loadPublished,
	parametersSignature,
	PUBLISHED_STATE_KEY,
	type PublishedPriceInputs,
	type PublishedPriceInputsState,
} from '../core/sync/prices/unchanged-prices';
import { readState, writeState } from './state';

/**
 * The record of unchanged prices between Get Prices and Upload Prices (core/sync/prices/unchanged-prices.ts) in the
 * workflow's global static data: Upload Prices writes it for the Get Prices node it took the rows of, Get Prices reads
 * its own. Both nodes' packages use this file, so the key and the checks are one.
 */

function readPublished(ctx: IExecuteFunctions): PublishedPriceInputsState {
	return readState<PublishedPriceInputsState>(ctx, 'global', PUBLISHED_STATE_KEY, emptyPublishedState);
}

/** The signature of the running node's parameters, as Get Prices computes it of its child. */
export function ownSignature(ctx: IExecuteFunctions): string {
	const node = ctx.getNode();
	return parametersSignature(node.typeVersion, node.parameters);
}

/**
 * The record the running Get Prices may rely on: published for it, no full resend due, not a manual run (a manual run
 * is for looking at the rows; n8n 1.x starts it without static data anyway), and its Upload Prices unchanged, straight
 * after it and the only thing after it: a node between them, or another branch, would get the item that says the
 * prices are unchanged instead of rows.
 */
export function publishedForThisNode(ctx: IExecuteFunctions, now: number): PublishedPriceInputs | undefined {
	return publishedFor(ctx, ctx.getNode().name, now);
}

/** publishedForThisNode for Get Prices node `name` of the running workflow (Get Balances reading ahead for it). */
export function publishedFor(ctx: IExecuteFunctions, name: string, now: number): PublishedPriceInputs | undefined {
	// An n8n older than the node-graph calls cannot show what comes after this node: read.
	if (ctx.getMode?.() === 'manual' || typeof ctx.getChildNodes !== 'function' || typeof ctx.getParentNodes !== 'function') return undefined;
	const published = loadPublished(readPublished(ctx), name);
	if (published === undefined || now >= published.validUntil) return undefined;
	const after = ctx.getChildNodes(name, { includeNodeParameters: true });
	const upload = after.find((node) => node.name === published.upload.node);
	if (upload === undefined || upload.disabled || parametersSignature(upload.typeVersion, upload.parameters) !== published.upload.signature) return undefined;
	const afterUpload = new Set(ctx.getChildNodes(upload.name).map((node) => node.name));
	if (after.some((node) => node.name !== upload.name && !afterUpload.has(node.name))) return undefined;
	const before = ctx.getParentNodes(upload.name, { depth: 1 });
	return before.length === 1 && before[0].name === name ? published : undefined;
}

/** Upload Prices: publishes `record` for Get Prices node `source`, or (undefined) withdraws what it published for any. */
export function publishForSource(ctx: IExecuteFunctions, source: string | undefined, record: PublishedPriceInputs | undefined): void {
	const state = readPublished(ctx);
	const own = ctx.getNode().name;
	const bySource: Record<string, PublishedPriceInputs> = {};
	for (const [name, entry] of Object.entries(state.bySource ?? {})) if (name !== source && entry?.upload?.node !== own) bySource[name] = entry;
	if (source !== undefined && record !== undefined) bySource[source] = record;
	const before = JSON.stringify(state.bySource ?? {});
	if (JSON.stringify(bySource) !== before) writeState(ctx, 'global', PUBLISHED_STATE_KEY, { version: 1, bySource });
}
