/**
 * Switches for behaviours where the reference is uncertain or where a client must be tested both
 * ways. Changed at runtime through `POST /__sandbox/config`.
 */
export interface SandboxConfig {
	/** Sets answering on the publication; null = every set of the model. */
	published: string[] | null;
	/**
	 * SliceLast/SliceFirst on the plain `InformationRegister_ЦеныНоменклатуры` (recorder-subordinate)
	 * set: strict → 400 code 6 «Метод не найден»; lenient → works like `_RecordType` (§B4, §F3).
	 */
	strictSliceLast: boolean;
	/** Infobase node prefix prepended to autonumbers when an exchange is on (§C); '' = off. */
	nodePrefix: string;
	/**
	 * Whether `Accept: application/json` alone selects JSON. Live probes saw Atom without `$format=json`
	 * (§B1), so the default demands `$format=json`.
	 */
	acceptHeaderSelectsJson: boolean;
	/** `Posted` in a POST/PATCH body: ignored (false) or 400 (true) (§D6). */
	strictPosted: boolean;
	/** Unknown properties in a write body: ignored like 1C (false, §B5) or 400 code 6 (true). */
	rejectUnknownWriteProperties: boolean;
	/**
	 * Longest accepted request URL in bytes (Apache's default LimitRequestLine is 8190; IIS is stricter).
	 * Longer → 414 from the "web server", so clients must batch long OR-lists (§B3).
	 */
	maxUrlLength: number;
	/**
	 * POST of an independent information-register record whose dimensions already exist: refused like a record
	 * manager written without replacement (false, the default) or overwriting the record (true).
	 */
	registerPostReplaces: boolean;
	/** "Today" for operational posting checks, `YYYY-MM-DD`; null = the real date. */
	today: string | null;
}

export function defaultConfig(): SandboxConfig {
	return {
		published: null,
		strictSliceLast: true,
		nodePrefix: '',
		acceptHeaderSelectsJson: false,
		strictPosted: false,
		rejectUnknownWriteProperties: false,
		registerPostReplaces: false,
		today: null,
		maxUrlLength: 8190,
	};
}
