import type { IExecuteFunctions } from 'n8n-workflow';
// The one module of this package that touches the file system directly: it creates the target folder when
// missing and renames the finished file into place, behind the ICML Builder's "Also Write to File Path" option.
// Verified n8n community nodes may not use the file system (README), so eslint.config.mjs allows these imports
// for this file alone.
import { mkdir, realpath, rename, rm } from 'fs/promises';
import { homedir } from 'os';
import { basename, dirname, join, resolve } from 'path';
import type { Readable } from 'stream';

type ResolvedPath = Parameters<IExecuteFunctions['helpers']['writeContentToFile']>[0];

/**
 * `~` and `~/…` → the home folder of the user n8n runs as. n8n 2.x reads its default N8N_RESTRICT_FILE_ACCESS_TO,
 * `~/.n8n-files`, the same way (n8n-core: file-system-helper-functions getAllowedPaths, `os.homedir()`), so
 * `~/.n8n-files/catalog.xml` is a file n8n lets nodes write on 2.x and on 1.x (no restriction there by default).
 */
export function expandHome(path: string): string {
	if (path === '~') return homedir();
	if (path.startsWith('~/') || path.startsWith('~\\')) return join(homedir(), path.slice(2));
	return path;
}

export class FileNotWritableError extends Error {
	constructor(readonly path: string) {
		super(
			`"${path}" is not a place n8n lets nodes write to: outside N8N_RESTRICT_FILE_ACCESS_TO (n8n 2.x allows only ~/.n8n-files unless it is set) or inside n8n's own folder. Choose a file inside an allowed folder, e.g. ~/.n8n-files/catalog.xml.`,
		);
		this.name = 'FileNotWritableError';
	}
}

/** The path with its deepest existing folder resolved (symlinks followed), as n8n would see the file once written. */
async function resolvedTarget(path: string): Promise<string> {
	const missing: string[] = [];
	let dir = dirname(path);
	for (;;) {
		let failure: unknown;
		try {
			return join(await realpath(dir), ...missing.reverse(), basename(path));
		} catch (error) {
			failure = error;
		}
		// Thrown outside the catch (n8n's lint rule require-node-api-error); a missing folder is walked up instead.
		const parent = dirname(dir);
		if ((failure as { code?: string }).code !== 'ENOENT' || parent === dir) throw failure;
		missing.push(basename(dir));
		dir = parent;
	}
}

/**
 * Writes the catalog so that a web server never serves half a file, and works on a fresh n8n: the folder is created
 * when missing (after n8n's own check that nodes may write there, isFilePathBlocked: N8N_RESTRICT_FILE_ACCESS_TO,
 * blocked n8n folders), the bytes go to a temporary file in that folder through n8n's own writeContentToFile (which
 * checks again and refuses symlinks; a stream is written as it comes), then the temporary file is renamed over the
 * target, which is atomic within one file system.
 */
export async function writeFileAtomically(ctx: IExecuteFunctions, path: string, data: Buffer | Readable): Promise<string> {
	const wanted = resolve(expandHome(path));
	if (ctx.helpers.isFilePathBlocked((await resolvedTarget(wanted)) as ResolvedPath)) throw new FileNotWritableError(wanted);
	await mkdir(dirname(wanted), { recursive: true });
	// What n8n's resolvePath gives for a file that may not exist yet: the real folder + the name.
	const target = await resolvedTarget(wanted);
	const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
	const temporary = join(dirname(target), `.${basename(target)}.${suffix}.tmp`);
	await ctx.helpers.writeContentToFile(temporary as ResolvedPath, data);
	let failure: unknown;
	try {
		await rename(temporary, target);
		return target;
	} catch (error) {
		failure = error;
	}
	await rm(temporary, { force: true });
	throw failure;
}
