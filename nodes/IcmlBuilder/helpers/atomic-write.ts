import type { IExecuteFunctions } from 'n8n-workflow';
// The one module of this package that touches the file system directly, and only to rename; it sits
// behind the ICML Builder's "Also Write to File Path" option. Verified n8n community nodes may not use
// the file system (README), so eslint.config.mjs allows this import for this file alone.
import { rename, rm } from 'fs/promises';

function directoryOf(path: string): string {
	const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
	return cut < 0 ? '.' : path.slice(0, cut);
}

function baseNameOf(path: string): string {
	const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
	return path.slice(cut + 1);
}

/**
 * Writes the catalog so that a web server never serves half a file: the bytes go to a temporary file in
 * the same folder through n8n's own helper (which applies the instance's file access rules:
 * N8N_RESTRICT_FILE_ACCESS_TO, blocked n8n folders, no symlinks), then the temporary file is renamed over
 * the target, which is atomic within one file system.
 */
export async function writeFileAtomically(ctx: IExecuteFunctions, path: string, data: Buffer): Promise<string> {
	const resolved = String(await ctx.helpers.resolvePath(path));
	const separator = resolved.includes('\\') && !resolved.includes('/') ? '\\' : '/';
	const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
	const temporary = `${directoryOf(resolved)}${separator}.${baseNameOf(resolved)}.${suffix}.tmp`;
	await ctx.helpers.writeContentToFile(temporary as Parameters<typeof ctx.helpers.writeContentToFile>[0], data);
	let failure: unknown;
	try {
		await rename(temporary, resolved);
		return resolved;
	} catch (error) {
		failure = error;
	}
	await rm(temporary, { force: true });
	throw failure;
}
