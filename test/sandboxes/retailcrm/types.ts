/**
 * The in-memory state of the retailCRM sandbox. Everything here is plain JSON so that
 * `GET /__sandbox/state` and `POST /__sandbox/reset {state}` round-trip it.
 * Date-times are stored as UTC ISO strings and rendered as `Y-m-d H:i:s` in the account timezone on output.
 */

export type EmptyMapStyle = '[]' | '{}';

export interface SandboxConfig {
	/** How empty maps (customFields, properties, errors, keyed payments) are serialised. Real PHP backend: '[]'. */
	emptyMapStyle: EmptyMapStyle;
	rateLimit: boolean;
	/** Tokens per second per API key (docs/retailcrm-api.md#rate-limits: 10). */
	rateLimitPerSecond: number;
	/** Bucket capacity ("small burst"). */
	rateLimitBurst: number;
	rateLimitStatus: 503 | 429;
	/** Adds `Retry-After: 1` to rate-limited answers (no official source documents one). */
	retryAfter: boolean;
	/** "Account does not exist": every POST answers 405 text/html (GET: 404 text/html, a choice). */
	accountMissing: boolean;
	/** IANA timezone of the account; dates have no offset on the wire. */
	timezone: string;
	/** List endpoints answer page 1 whatever `page` asks (a broken server or cache); default false. */
	ignorePageParameter?: boolean;
	/**
	 * `filter[numbers][]` on orders: `contains` (default; the number filter is not documented as exact, so clients must
	 * not rely on it) matches numbers containing the value, `exact` only equal ones.
	 */
	numbersFilter?: 'contains' | 'exact';
	/**
	 * Status changes the account forbids for API edits (retailCRM's status transition matrix); `from` may be `*`.
	 * The refusal's exact wording is not published: 400 "Order is not loaded" with errors.status naming the transition.
	 */
	forbiddenTransitions: Array<{ from: string; to: string }>;
	/**
	 * orders/history for a key limited to some stores: `beforePaging` (default) leaves other stores' records out and then
	 * pages; `afterPaging` pages first, so a page may come back short or empty while more pages exist, as retailCRM's
	 * own Bitrix module guards against (retailcrm/bitrix-module#25, RetailCrmHistory_v5.php).
	 */
	historySiteFilter?: 'beforePaging' | 'afterPaging';
	/**
	 * How field errors travel: `map` (default, `{"status": "…"}`) or `list` (`["status: …"]`), the form retailCRM's upload
	 * methods answer with (api-client-go client_test.go, ClientIdsUpload fail: `"errors": [0: "customer: Set one of …"]`).
	 */
	errorsStyle?: 'map' | 'list';
}

export interface ApiKeyConfig {
	/** Label used in logs and history (never the key value). */
	label: string;
	key: string;
	scopes: string[];
	siteAccess: 'access_full' | 'access_selective';
	sitesAvailable: string[];
}

export interface Site {
	id: number;
	code: string;
	name: string;
	url: string;
	description?: string;
	defaultForCrm: boolean;
	ymlUrl?: string;
	loadFromYml: boolean;
	catalogUpdatedAt?: string;
	catalogLoadingAt?: string;
	catalogId: string;
	isCatalogMainSite: boolean;
	countryIso: string;
	currency: string;
	ordering: number;
}

export interface Status {
	name: string;
	code: string;
	active: boolean;
	ordering: number;
	group: string;
}

export interface StatusGroup {
	name: string;
	code: string;
	active: boolean;
	ordering: number;
	process: boolean;
	statuses: string[];
}

export interface Store {
	code: string;
	name: string;
	externalId?: string;
	xmlId?: string;
	description?: string;
	type: 'store-type-warehouse' | 'store-type-retail' | 'store-type-online' | 'store-type-supplier';
	inventoryType: 'integer' | 'available';
	active: boolean;
	address?: { text?: string };
}

export interface PriceType {
	id: number;
	code: string;
	name: string;
	active: boolean;
	default: boolean;
	description?: string;
	currency: string;
	ordering: number;
	geo: unknown[];
	groups: unknown[];
}

export type Keyed<T> = Record<string, T>;

export interface Contragent {
	contragentType: 'individual' | 'legal-entity' | 'enterpreneur';
	legalName?: string;
	legalAddress?: string;
	INN?: string;
	KPP?: string;
	OGRN?: string;
	OGRNIP?: string;
	OKPO?: string;
	BIK?: string;
	bank?: string;
	bankAccount?: string;
	corrAccount?: string;
}

export interface Customer {
	type: 'customer';
	id: number;
	externalId?: string;
	site: string;
	createdAt: string;
	managerId?: number;
	firstName?: string;
	lastName?: string;
	patronymic?: string;
	email?: string;
	phones: { number: string }[];
	address?: { text?: string; city?: string; index?: string };
	contragent: Contragent;
	customFields: Record<string, unknown>;
	vip: boolean;
	bad: boolean;
}

export interface OrderItemOffer {
	id?: number;
	externalId?: string;
	xmlId?: string;
	name?: string;
	article?: string;
	unit?: { code: string; name: string; sym: string };
}

export interface OrderItem {
	id: number;
	offer?: OrderItemOffer;
	productName: string;
	quantity: number;
	initialPrice: number;
	/** Per-unit total discount (docs/retailcrm-api.md#orders). */
	discountTotal: number;
	vatRate: string;
	purchasePrice?: number;
	status?: string;
	comment?: string;
	priceType?: { code: string };
	properties: Record<string, unknown>;
}

export interface Payment {
	id: number;
	status: string;
	type: string;
	externalId?: string;
	amount: number;
	paidAt?: string;
	comment?: string;
}

export interface Order {
	id: number;
	externalId?: string;
	number: string;
	site: string;
	status: string;
	statusComment?: string;
	statusUpdatedAt: string;
	createdAt: string;
	orderType: string;
	orderMethod: string;
	managerId?: number;
	firstName?: string;
	lastName?: string;
	patronymic?: string;
	phone?: string;
	email?: string;
	customerComment?: string;
	managerComment?: string;
	customerId?: number;
	contragent: Contragent;
	summ: number;
	totalSumm: number;
	prepaySum: number;
	purchaseSumm: number;
	discountManualAmount: number;
	discountManualPercent: number;
	currency: string;
	countryIso: string;
	call: boolean;
	expired: boolean;
	fromApi: boolean;
	shipped: boolean;
	shipmentStore?: string;
	shipmentDate?: string;
	delivery: { code?: string; cost: number; netCost: number; date?: string; address: { text?: string; city?: string; index?: string } };
	items: OrderItem[];
	payments: Payment[];
	customFields: Record<string, unknown>;
}

export interface HistoryRecord {
	id: number;
	createdAt: string;
	source: 'api' | 'user' | 'code';
	/** Label of the key that made an `api` change; `apiKey.current` is computed from it at read time. */
	apiKeyLabel?: string;
	userId?: number;
	created?: true;
	/** The order was deleted (in the UI: the API has no order delete); `site` keeps its shop for the stub. */
	deleted?: true;
	site?: string;
	field: string;
	oldValue: unknown;
	newValue: unknown;
	orderId: number;
	/** Full snapshot (only on `created` records). */
	snapshot?: Order;
	item?: unknown;
	payment?: unknown;
}

export interface ProductGroup {
	id: number;
	site: string;
	name: string;
	externalId?: string;
	parentId?: number;
	active: boolean;
}

export interface Product {
	id: number;
	externalId?: string;
	site: string;
	article?: string;
	name: string;
	type: 'product' | 'service';
	url?: string;
	imageUrl?: string;
	manufacturer?: string;
	active: boolean;
	markable: boolean;
	groupIds: number[];
	createdAt: string;
	updatedAt: string;
}

export interface StoreStock {
	available: number;
	purchasePrice?: number;
}

export interface Offer {
	id: number;
	externalId?: string;
	xmlId?: string;
	productId: number;
	site: string;
	name: string;
	article?: string;
	active: boolean;
	vatRate: string;
	unit?: { code: string; name: string; sym: string };
	barcode?: string;
	weight?: number;
	/** Prices by price-type code. */
	prices: Record<string, number>;
	/** Purchase price from ICML (per-store purchase prices live in `stocks`). */
	purchasePrice?: number;
	/** ICML `quantity`, used as the offer quantity until per-store stock arrives through the API (a choice). */
	icmlQuantity?: number;
	/** Stock per store code, written by store/inventories/upload. */
	stocks: Record<string, StoreStock>;
	properties: Record<string, string>;
}

export interface Counters {
	order: number;
	customer: number;
	history: number;
	product: number;
	offer: number;
	productGroup: number;
	orderItem: number;
	payment: number;
}

/** A custom field definition (Settings → Custom fields), as `GET /api/v5/custom-fields` lists it. */
export interface CustomFieldDefinition {
	code: string;
	name: string;
	/** `order` or `customer` (corporate customers, companies… exist too). */
	entity: string;
	type: string;
	ordering: number;
	displayArea?: string;
	inFilter?: boolean;
	inList?: boolean;
}

export interface SandboxState {
	config: SandboxConfig;
	/** Custom field definitions; optional so saved states from before keep loading (treated as none). */
	customFieldDefinitions?: CustomFieldDefinition[];
	apiKeys: ApiKeyConfig[];
	sites: Keyed<Site>;
	statuses: Keyed<Status>;
	statusGroups: Keyed<StatusGroup>;
	orderTypes: Keyed<Record<string, unknown>>;
	orderMethods: Keyed<Record<string, unknown>>;
	deliveryTypes: Keyed<Record<string, unknown>>;
	paymentTypes: Keyed<Record<string, unknown>>;
	paymentStatuses: Keyed<Record<string, unknown>>;
	units: Keyed<{ code: string; name: string; sym: string; default: boolean; active: boolean }>;
	stores: Store[];
	priceTypes: PriceType[];
	legalEntities: Record<string, unknown>[];
	customers: Customer[];
	orders: Order[];
	history: HistoryRecord[];
	productGroups: ProductGroup[];
	products: Product[];
	offers: Offer[];
	integrationModules: Keyed<Record<string, unknown>>;
	counters: Counters;
}
