/** Public surface of the ICML core (catalog file for retailCRM). */
export { isTopLevelParent, type IcmlCategory, type IcmlDimensions, type IcmlInput, type IcmlOffer, type IcmlParam, type IcmlShop, type IcmlUnit } from './types';
export { escapeAttr, escapeText, stripInvalidXmlChars } from './escape';
export { formatDecimal, formatIcmlDate, formatPrice } from './format';
export {
	DEFAULT_CHARACTERISTIC_SEPARATOR,
	DEFAULT_NAME_PATTERN,
	DEFAULT_VARIANT_PATTERN,
	IcmlConfigError,
	compileNamePattern,
	groupOffers,
	productNameByPattern,
	stemByPattern,
	type GroupingRule,
	type NamePatternRule,
	type ProductAssignment,
	type VariantGroup,
} from './grouping';
export { validateIcml, type IcmlIssue, type IcmlIssueSeverity, type IcmlValidationOptions, type IcmlValidationResult } from './validate';
export { DEFAULT_CHUNK_SIZE, writeIcml, writeIcmlBuffers, writeIcmlPieces, type IcmlWriteProgress, type IcmlWriterOptions } from './writer';
export { IcmlValidationError, buildIcml, prepareIcml, type BuildIcmlOptions, type IcmlBuild, type IcmlStats } from './build';
export { DEFAULT_UNIT_CODES, applyUnitCodes, unitCodeTable, type UnitCodeTable } from './unit-codes';
