/** What a route handler gets: the parsed request, the calling key, and helpers for retailCRM's parameter rules. */
import { ApiError, accessDenied, entityFormat, inputErrors, missingParameter } from './envelope';
import { asString, type PhpParams, type PhpValue } from './php-query';
import type { StateStore } from './state-store';
import type { ApiKeyConfig } from './types';

export class RequestContext {
	constructor(
		readonly store: StateStore,
		readonly key: ApiKeyConfig,
		readonly method: string,
		readonly query: PhpParams,
		readonly form: PhpParams,
		readonly params: Record<string, string>,
		readonly limits: number[] | undefined,
	) {}

	get state() {
		return this.store.state;
	}

	get tz(): string {
		return this.state.config.timezone;
	}

	/**
	 * POST reads the form body only, GET the query. Whether retailCRM also reads POST parameters from the query string is
	 * not published; the official clients send them in the body (docs/retailcrm-api.md#encoding), so the sandbox takes
	 * the stricter side and ignores them there.
	 */
	param(name: string): PhpValue | undefined {
		return this.method === 'POST' ? this.form[name] : this.query[name];
	}

	stringParam(name: string): string | undefined {
		return asString(this.param(name));
	}

	/** A form field holding JSON (docs/retailcrm-api.md#encoding). Absent → 400 Parameter missing; unparseable → 400 entity format. */
	jsonParam(name: string): unknown {
		const raw = this.param(name);
		if (raw === undefined) throw missingParameter(name);
		if (typeof raw !== 'string') throw entityFormat({ [name]: 'This value should be a JSON string.' });
		try {
			return JSON.parse(raw);
		} catch {
			throw entityFormat({ [name]: 'Invalid JSON.' });
		}
	}

	/** Sites this key reaches. */
	keySites(): string[] {
		const all = Object.keys(this.state.sites);
		if (this.key.siteAccess === 'access_full') return all;
		return this.key.sitesAvailable.filter((s) => all.includes(s));
	}

	canSee(site: string): boolean {
		return this.keySites().includes(site);
	}

	/**
	 * The `site` parameter: checked against the key (403 Access denied). When absent and `needed`
	 * (externalId/xmlId addressing), a key reaching several sites gets 400 Parameter 'site' is missing (test/sandboxes/retailcrm/README.md).
	 */
	site(needed: boolean, value: string | undefined = this.stringParam('site')): string | undefined {
		if (value !== undefined && value !== '') {
			if (!this.canSee(value)) throw accessDenied();
			return value;
		}
		const sites = this.keySites();
		if (sites.length === 1) return sites[0];
		if (needed) throw missingParameter('site');
		return undefined;
	}

	/** `by` = externalId (default, as the real server) or id. */
	by(): 'id' | 'externalId' {
		const by = this.stringParam('by');
		if (by === undefined || by === '' || by === 'externalId') return 'externalId';
		if (by === 'id') return 'id';
		throw inputErrors({ by: 'The value you selected is not a valid choice.' });
	}

	/** limit/page validation (test/sandboxes/retailcrm/README.md). */
	paging(): { limit: number; page: number } {
		const allowed = this.limits ?? [20, 50, 100];
		const rawLimit = this.stringParam('limit');
		const rawPage = this.stringParam('page');
		const limit = rawLimit === undefined ? 20 : Number(rawLimit);
		if (!/^\d+$/.test(rawLimit ?? '20') || !allowed.includes(limit)) throw inputErrors({ limit: 'The value you selected is not a valid choice.' });
		const page = rawPage === undefined ? 1 : Number(rawPage);
		if (!/^\d+$/.test(rawPage ?? '1') || page < 1) throw inputErrors({ page: 'This value should be greater than or equal to 1.' });
		// A misbehaving server (or proxy cache) that answers page 1 whatever was asked: clients must not loop on it.
		return { limit, page: this.state.config.ignorePageParameter ? 1 : page };
	}

	/** The `filter` map; unknown keys → 400 (test/sandboxes/retailcrm/README.md, a choice). */
	filter(known: readonly string[]): Record<string, PhpValue> {
		const f = this.param('filter');
		if (f === undefined || f === '') return {};
		if (typeof f === 'string' || Array.isArray(f)) throw inputErrors({ filter: 'This value is not valid.' });
		const errors: Record<string, string> = {};
		for (const k of Object.keys(f)) if (!known.includes(k)) errors[`children[${k}]`] = 'This form should not contain extra fields.';
		if (Object.keys(errors).length) throw new ApiError(400, 'Errors in the input parameters', errors);
		return f;
	}
}

/** Slices a sorted list into a page plus the pagination block. */
export function paginate<T>(rows: T[], limit: number, page: number): { items: T[]; pagination: { limit: number; totalCount: number; currentPage: number; totalPageCount: number } } {
	const totalCount = rows.length;
	return {
		items: rows.slice((page - 1) * limit, page * limit),
		pagination: { limit, totalCount, currentPage: page, totalPageCount: Math.ceil(totalCount / limit) },
	};
}

/** Sorts rows by id (test/sandboxes/retailcrm/README.md: lists newest first). State arrays are normally kept in id order, so this is usually a reverse. */
export function sortById<T extends { id: number }>(rows: T[], direction: 'asc' | 'desc'): T[] {
	let ascending = true;
	for (let i = 1; i < rows.length && ascending; i++) if (rows[i - 1].id > rows[i].id) ascending = false;
	if (!ascending) rows.sort((a, b) => a.id - b.id);
	return direction === 'desc' ? rows.reverse() : rows;
}
