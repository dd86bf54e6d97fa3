import type { OneCClient } from '../../../onec/client';
import { UT } from '../../../onec/model';
import { and, eq } from '../../../onec/query';
import type { ContractPayload, ContractRowLike, SettlementMode } from '../contract';
import { buildContractPayload, contractLookup, pickContract } from '../contract';

/**
 * Customer contracts (СПокупателем) of a run: the contracts of every already existing counterparty are read
 * in one batched look-up by Owner_Key; a counterparty created in this run has none, so its contract is
 * created without a look-up. Cached per counterparty + organization.
 */
export interface ContractEntry {
	key?: string;
	by?: 'found' | 'created';
	create?: ContractPayload;
}

const SELECT = contractLookup('', '').select as Array<keyof typeof UT.Catalog_ДоговорыКонтрагентов.specs & string>;

export class ContractResolver {
	private readonly rowsByOwner = new Map<string, ContractRowLike[]>();
	private readonly entries = new Map<string, ContractEntry>();

	constructor(
		private readonly client: OneCClient,
		private readonly options: { currencyKey: string; priceTypeKey?: string; settlement?: SettlementMode },
	) {}

	async lookup(counterpartyKeys: readonly string[]): Promise<void> {
		const keys = [...new Set(counterpartyKeys.map((k) => k.toLowerCase()))].filter((k) => !this.rowsByOwner.has(k));
		if (keys.length === 0) return;
		for (const key of keys) this.rowsByOwner.set(key, []);
		const rows = await this.client.readWhereIn(UT.Catalog_ДоговорыКонтрагентов, 'Owner_Key', keys, {
			select: SELECT,
			filter: and(eq('ВидДоговора', 'СПокупателем'), eq('DeletionMark', false), eq('IsFolder', false)),
		});
		for (const row of rows as ContractRowLike[]) {
			const owner = String(row.Owner_Key ?? '').toLowerCase();
			this.rowsByOwner.get(owner)?.push(row);
		}
	}

	/** The contract to use, or what would be created; `counterpartyKey` undefined means "to be created". */
	resolve(counterpartyKey: string | undefined, organizationKey: string, mainContractKey?: string): ContractEntry {
		const id = `${counterpartyKey ?? 'new'}|${organizationKey}`;
		const held = counterpartyKey ? this.entries.get(id) : undefined;
		if (held) return held;
		const rows = counterpartyKey ? (this.rowsByOwner.get(counterpartyKey.toLowerCase()) ?? []) : [];
		const key = counterpartyKey
			? pickContract(rows, { counterpartyKey, organizationKey, currencyKey: this.options.currencyKey, mainContractKey })
			: undefined;
		const entry: ContractEntry = key
			? { key, by: 'found' }
			: {
					create: buildContractPayload({
						counterpartyKey: counterpartyKey ?? '',
						organizationKey,
						currencyKey: this.options.currencyKey,
						settlement: this.options.settlement,
						priceTypeKey: this.options.priceTypeKey,
					}),
				};
		if (counterpartyKey) this.entries.set(id, entry);
		return entry;
	}

	/** The contract's Ref_Key, creating it on first need (once per counterparty + organization and run). */
	async ensure(counterpartyKey: string, organizationKey: string, mainContractKey?: string): Promise<string> {
		const entry = this.resolve(counterpartyKey, organizationKey, mainContractKey);
		if (entry.key) return entry.key;
		const body = { ...(entry.create as ContractPayload), Owner_Key: counterpartyKey };
		const created = await this.client.create(UT.Catalog_ДоговорыКонтрагентов, body as never);
		entry.key = created.ref;
		entry.by = 'created';
		return created.ref;
	}
}
