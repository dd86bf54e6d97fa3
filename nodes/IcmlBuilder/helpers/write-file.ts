import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * "Also Write to File Path": the one place where this package touches the file system, and only
 * through n8n's own helpers (resolvePath + writeContentToFile), which apply the instance's file
 * access rules (N8N_RESTRICT_FILE_ACCESS_TO, blocked n8n folders, no symlinks). n8n's lint for
 * community nodes forbids `fs`, and these helpers have no rename, so the write is NOT atomic
 * (truncate, then write): a web server may serve a half-written file for the moment of the write.
 * For a file retailCRM downloads, prefer the Respond to Webhook entry of the template (always a
 * whole file), or write a temporary name and rename it outside n8n.
 */
export async function writeCatalogFile(ctx: IExecuteFunctions, path: string, data: Buffer): Promise<string> {
	const resolved = await ctx.helpers.resolvePath(path);
	await ctx.helpers.writeContentToFile(resolved, data);
	return String(resolved);
}
