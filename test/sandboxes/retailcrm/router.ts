/** A tiny route table: `orders/:x/edit` patterns, literal segments win over parameters, 404 vs 405. */
import type { RequestContext } from './context';
import type { JsonReply } from './envelope';

export type Handler = (ctx: RequestContext) => JsonReply | Promise<JsonReply>;

export interface Route {
	method: 'GET' | 'POST' | 'DELETE';
	/** Path after `/api/`, e.g. `v5/orders/:x`. */
	path: string;
	/** Scope required; undefined = any valid key. */
	scope?: string;
	/** Allowed `limit` values for list endpoints. */
	limits?: number[];
	handler: Handler;
}

interface Compiled extends Route {
	segments: string[];
	literalCount: number;
}

export type RouteMatch = { kind: 'ok'; route: Route; params: Record<string, string> } | { kind: 'not-found' } | { kind: 'method-not-allowed' };

function safeDecode(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

export class Router {
	private readonly routes: Compiled[] = [];

	add(...routes: Route[]): void {
		for (const r of routes) {
			const segments = r.path.split('/');
			this.routes.push({ ...r, segments, literalCount: segments.filter((s) => !s.startsWith(':')).length });
		}
	}

	all(): Route[] {
		return this.routes;
	}

	match(method: string, path: string): RouteMatch {
		const parts = path.split('/');
		let best: { route: Compiled; params: Record<string, string> } | undefined;
		let pathMatched = false;
		for (const r of this.routes) {
			if (r.segments.length !== parts.length) continue;
			const params: Record<string, string> = {};
			let ok = true;
			for (let i = 0; i < parts.length; i++) {
				const seg = r.segments[i];
				if (seg.startsWith(':')) {
					if (!parts[i]) {
						ok = false;
						break;
					}
					params[seg.slice(1)] = safeDecode(parts[i]);
				} else if (seg !== parts[i]) {
					ok = false;
					break;
				}
			}
			if (!ok) continue;
			pathMatched = true;
			if (r.method !== method) continue;
			if (!best || r.literalCount > best.route.literalCount) best = { route: r, params };
		}
		if (best) {
			// A literal route of another verb (GET orders/create) is a 405, not an order lookup.
			const literalOther = this.routes.some(
				(r) => r.method !== method && r.literalCount > best!.route.literalCount && r.segments.length === parts.length && r.segments.every((s, i) => s.startsWith(':') || s === parts[i]),
			);
			if (literalOther) return { kind: 'method-not-allowed' };
			return { kind: 'ok', route: best.route, params: best.params };
		}
		return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
	}
}
