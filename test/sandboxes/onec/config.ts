/**
 * Switches for behaviours where the reference is uncertain or where a client must be tested both
 * ways. Changed at runtime through `POST /__sandbox/config`.
 */
export interface SandboxConfig {
	/** Sets answering on the publication; null = every set of the model. */
	published: string[] | null;
	/**
	 * SliceLast/SliceFirst on the plain `InformationRegister_ЦеныНоменклатуры` (recorder-subordinate)
	 * set: strict → 400 code 6 «Метод не найден»; lenient → works like `_RecordType` (docs/1c-odata.md#virtual-tables).
	 */
	strictSliceLast: boolean;
	/** Infobase node prefix prepended to autonumbers when an exchange is on (docs/1c-odata.md#numbering); '' = off. */
	nodePrefix: string;
	/**
	 * Whether `Accept: application/json` alone selects JSON. Live probes saw Atom without `$format=json`
	 * (docs/1c-odata.md#urls-and-authentication), so the default demands `$format=json`.
	 */
	acceptHeaderSelectsJson: boolean;
	/**
	 * `$format=json;odata=nometadata` (JSON without `odata.metadata` and the `X@navigationLinkUrl` after every filled
	 * reference): `honoured` as the 1C guide's example shows it; `refused` (400) or `atom` (the format not understood:
	 * Atom XML) for a platform that does not know it (docs/1c-odata.md#urls-and-authentication).
	 */
	noMetadataFormat: 'honoured' | 'refused' | 'atom';
	/** `Posted` in a POST/PATCH body: ignored (false) or 400 (true) (docs/1c-odata.md#writes). */
	strictPosted: boolean;
	/** Unknown properties in a write body: ignored like 1C (false, docs/1c-odata.md#writes) or 400 code 6 (true). */
	rejectUnknownWriteProperties: boolean;
	/**
	 * Longest accepted request URL in bytes (Apache's default LimitRequestLine is 8190; IIS is stricter).
	 * Longer → 414 from the "web server", so clients must batch long OR-lists (docs/1c-odata.md#queries-and-paging).
	 */
	maxUrlLength: number;
	/**
	 * Longest query string (bytes, percent-encoded) the web server in front of 1C takes: IIS's request filtering
	 * refuses a longer one by default (`maxQueryString` 2048) with its 404.15 page; Apache's limit is the whole request
	 * line (`maxUrlLength`). 0 = no limit.
	 */
	maxQueryStringLength: number;
	/**
	 * POST of an independent information-register record whose dimensions already exist: refused like a record
	 * manager written without replacement (false, the default) or overwriting the record (true).
	 */
	registerPostReplaces: boolean;
	/** "Today" for operational posting checks, `YYYY-MM-DD`; null = the real date. */
	today: string | null;
	/**
	 * Status of a request to a set that is not published or does not exist. A real base answers 404 (with an OData
	 * body); 400 code 6 is what older sandboxes answered.
	 */
	unpublishedSetStatus: 404 | 400;
	/**
	 * What a posting refusal says. `generic` (default): the platform's error text only, because OData does not pass on
	 * the messages UT's ОбработкаПроведения shows a user («Сообщить»); `detailed`: the Russian reason of the first
	 * failed check, as a user would see it in 1C.
	 */
	postingMessages: 'generic' | 'detailed';
	/** The text of a refusal in `generic` mode. */
	postingRefusalText: string;
	/**
	 * UT 10.3's «Не отпускать товар с ценой ниже определенного типа» per 1C user: user name → price type Ref_Key.
	 * Posting refuses Товары and Услуги rows priced below that type's price (ПроверитьДопустимостьЦенОтпуска): a
	 * calculated type's is its base type's × (1 + ПроцентСкидкиНаценки / 100); the floor is converted to the row's
	 * unit, to the document currency (КурсыВалют) and to the document's VAT flags (see `checkPriceFloor` in posting.ts).
	 * Empty = no restriction.
	 */
	priceFloors: Record<string, string>;
	/** Objects another 1C session holds locked (open in a form): writing or posting them fails. */
	lockedObjects: string[];
	/**
	 * UT 10.3's period closing date («Дата запрета редактирования») for the OData user, `YYYY-MM-DDTHH:MM:SS` or null:
	 * posting a document dated on or before it, and unposting or changing a posted one, are refused with only the
	 * platform's generic text (event subscription ПередЗаписьюДокументаДатаЗапретаРедактирования →
	 * CommonModules/НастройкаПравДоступа, ПередЗаписьюДокументаПроверкаДоступностиПериода; the reason is shown only to an
	 * interactive user). Unposted documents stay writable.
	 */
	closedBefore: string | null;
	/** Rights taken away from users: 403 on read (GET), write (POST/PATCH) or post (Post/Unpost) of a set. */
	deny: Array<{ user?: string; set: string; access: 'read' | 'write' | 'post' }>;
	/**
	 * Filters on composite fields: `cast(…)` and `X_Type eq …` (platform 8.3.8.1652 and later). false emulates an
	 * older platform: cast → 400 code 14, `X_Type` → 400 code 6.
	 */
	compositeFilters: boolean;
	/** `$orderby` on composite fields (unproven on real platforms): false (default) → 400 code 14. */
	compositeOrderBy: boolean;
	/**
	 * SliceLast without Period: `latest` (default, a real base) = the last record whatever its date, future ones
	 * included; `now` = the slice at the current moment (older sandboxes).
	 */
	sliceLastWithoutPeriod: 'latest' | 'now';
	/** Balance(Period): `exclusive` (default, a real base) counts movements before Period; `inclusive` up to it. */
	balancePeriodBound: 'exclusive' | 'inclusive';
	/**
	 * What a successful PATCH answers: `entity` (default) = 200 with the written object, as the sandbox always did;
	 * `empty` = 204 without a body. How a real base answers a PATCH under `$format=json` is unproven, so clients must
	 * cope with both (docs/1c-odata.md#writes).
	 */
	patchAnswer: 'entity' | 'empty';
	/**
	 * An Int64 property (integers of 5+ digits, e.g. КратностьВзаиморасчетов) sent as a JSON number: `ignored`
	 * (default) = not stored, as a real base silently ignores it (docs/1c-odata.md#values-on-the-wire); `accepted` =
	 * stored like the string form (older sandboxes).
	 */
	int64Numbers: 'ignored' | 'accepted';
	/**
	 * Record-level restrictions (RLS) of the user's roles: rows of `set` (by Ref_Key) the user may not see. A read that
	 * returns one of them (by key, or in a page of a collection) fails with 403 «Нарушение прав доступа!», as a query
	 * without РАЗРЕШЕННЫЕ does on a real base (the client never sends `allowedOnly`). Empty = none.
	 */
	rlsHidden: Array<{ user?: string; set: string; refs: string[] }>;
	/**
	 * `$skip` on a virtual table (Balance, Turnovers, SliceLast/SliceFirst), unproven on real platforms
	 * (docs/1c-odata.md#virtual-tables): `honoured` (default) pages; `ignored` answers every page from the first row
	 * (`$top` still taken), as a platform that does not page virtual tables would. The client must notice the repeat.
	 */
	virtualTableSkip: 'honoured' | 'ignored';
}

export function defaultConfig(): SandboxConfig {
	return {
		published: null,
		strictSliceLast: true,
		nodePrefix: '',
		acceptHeaderSelectsJson: false,
		noMetadataFormat: 'honoured',
		strictPosted: false,
		rejectUnknownWriteProperties: false,
		registerPostReplaces: false,
		today: null,
		maxUrlLength: 8190,
		maxQueryStringLength: 2048,
		unpublishedSetStatus: 404,
		postingMessages: 'generic',
		// The platform's text when a handler refuses (seen on a real base for Unpost: errors24.ru/2023/06/21/1s-odata-oshibka-500).
		postingRefusalText: "Ошибка при выполнении обработчика - 'ОбработкаПроведения'",
		priceFloors: {},
		lockedObjects: [],
		closedBefore: null,
		deny: [],
		compositeFilters: true,
		compositeOrderBy: false,
		sliceLastWithoutPeriod: 'latest',
		balancePeriodBound: 'exclusive',
		patchAnswer: 'entity',
		int64Numbers: 'ignored',
		virtualTableSkip: 'honoured',
		rlsHidden: [],
	};
}
