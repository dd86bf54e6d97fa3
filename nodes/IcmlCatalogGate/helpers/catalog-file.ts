import type { IExecuteFunctions } from 'n8n-workflow';
// Reads the catalog file the ICML Builder wrote (its "Also Write to File Path"), for the gate's cache: its age and
// bytes. File-system access like atomic-write.ts, allowed for these two files alone in eslint.config.mjs.
import { readFile, realpath, stat } from 'fs/promises';
import { resolve } from 'path';
import { expandHome, FileNotWritableError } from '../../IcmlBuilder/helpers/atomic-write';

type ResolvedPath = Parameters<IExecuteFunctions['helpers']['isFilePathBlocked']>[0];

export interface CatalogFile {
	path: string;
	writtenAtMs: number;
	read(): Promise<Buffer>;
}

/** The file as it is now, or undefined when there is none yet; refused where n8n lets no node read or write. */
export async function catalogFile(ctx: IExecuteFunctions, path: string): Promise<CatalogFile | undefined> {
	const wanted = resolve(expandHome(path));
	let real: string;
	try {
		real = await realpath(wanted);
	} catch {
		return undefined; // not built yet
	}
	if (ctx.helpers.isFilePathBlocked(real as ResolvedPath)) throw new FileNotWritableError(wanted);
	const info = await stat(real);
	// The builder renames a finished file into place, so a file seen here is whole.
	return { path: real, writtenAtMs: info.mtimeMs, read: async () => await readFile(real) };
}
