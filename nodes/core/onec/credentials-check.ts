import type { OneCClient } from './client';
import { OneCODataError, isNotInComposition, passOn } from './errors';
import { REQUIRED_SETS, UT } from './model';
import { queryParams } from './query';
import { redactUrl } from './url';

/**
 * What the credential "Test" button runs: one cheap read (`Catalog_Организации?$top=1`) that tells a wrong URL,
 * a wrong login, a server without OData and a missing composition apart, then `$metadata` to name every set
 * the package needs that is not published (falling back to `$top=1` per set if `$metadata` is unreadable).
 */
export interface CredentialsCheckResult {
	ok: boolean;
	message: string;
	/** Sets the package needs that the OData composition lacks. */
	missingSets?: string[];
	kind?: OneCODataError['kind'] | 'composition';
}

const COMPOSITION_HINT = 'add them to the OData composition (run УстановитьСоставСтандартногоИнтерфейсаOData in the infobase with these objects)';

export async function credentialsCheck(client: OneCClient, requiredSets: readonly string[] = REQUIRED_SETS): Promise<CredentialsCheckResult> {
	const probeSet = UT.Catalog_Организации.set;
	let organizationsMissing = false;
	try {
		await client.request('GET', client.url([probeSet], queryParams({ select: ['Ref_Key'], top: 1 })), { safeToRepeat: true, set: probeSet });
	} catch (error) {
		if (!(error instanceof OneCODataError)) throw passOn(error);
		if (isNotInComposition(error)) organizationsMissing = true;
		else return { ok: false, kind: error.kind, message: describeFailure(error) };
	}

	let missing: string[];
	try {
		const published = await client.publishedSets();
		if (published.size === 0) throw new Error('empty $metadata');
		missing = requiredSets.filter((set) => !published.has(set) && !published.has(`${set}_RecordType`));
	} catch {
		missing = [];
		for (const set of requiredSets) {
			if (!(await isReadable(client, set))) missing.push(set);
		}
	}
	if (organizationsMissing && !missing.includes(probeSet)) missing.unshift(probeSet);
	if (missing.length > 0) {
		return {
			ok: false,
			kind: 'composition',
			missingSets: missing,
			message: `Connected to 1C, but these objects are not in the OData composition: ${missing.join(', ')}; ${COMPOSITION_HINT}.`,
		};
	}
	return { ok: true, message: `Connected to 1C OData at ${redactUrl(client.rootUrl)}; all ${requiredSets.length} objects the nodes use are published.` };
}

async function isReadable(client: OneCClient, set: string): Promise<boolean> {
	// Registers are probed through their record set; a virtual table call would be costlier.
	const select = set.startsWith('Catalog_') || set.startsWith('Document_') ? ['Ref_Key'] : undefined;
	try {
		await client.request('GET', client.url([set], queryParams({ select, top: 1 })), { safeToRepeat: true, set });
		return true;
	} catch (error) {
		if (isNotInComposition(error)) return false;
		throw passOn(error);
	}
}

function describeFailure(error: OneCODataError): string {
	switch (error.kind) {
		case 'auth':
			return `Wrong 1C login or password (HTTP ${error.status}). ${error.hint}`;
		case 'forbidden':
			return `1C accepted the login but refused to show Catalog_Организации (HTTP 403): ${error.hint}`;
		case 'server':
			return error.message;
		case 'notPublished':
			return `No 1C OData service at this address (HTTP ${error.status ?? '—'}): wrong URL or the standard OData interface is not published. The address must look like https://host/base/odata/standard.odata.`;
		case 'atom':
			return `The server answered Atom XML although JSON was requested: ${error.hint}`;
		case 'network':
		case 'timeout':
			return `Cannot reach 1C: ${error.message}`;
		default:
			return error.message;
	}
}
