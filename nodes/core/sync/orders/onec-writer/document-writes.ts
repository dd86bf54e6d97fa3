import type { OneCClient } from '../../../onec/client';
import { OneCODataError, passOn } from '../../../onec/errors';
import { UT } from '../../../onec/model';
import { CANCEL_MARK } from '../convergence';
import { OrderFailure } from './errors';
import { readDocumentsByKeys } from './existing-documents';
import type { RawRow } from '../../onec-read/raw-read';

/**
 * The 1C writes of the order flow on one ЗаказПокупателя, each a single request or two, with the outcome 1C
 * reported. Posting and unposting are kept apart from writing so a refusal leaves the written document to be
 * posted by a later run (never written twice).
 */
const ORDER = UT.Document_ЗаказПокупателя;

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

export type PostOutcome = { posted: true } | { posted: false; reason: string };

/**
 * Posts; a refusal (UT's posting code, a lock, a missing right) is an outcome with 1C's text, any other failure is
 * thrown. The answer's 2xx proves nothing on a real base (docs/1c-odata.md#posting): `Posted` is re-read for the
 * whole run at once by `readPostedStates`.
 */
export async function postOrder(client: OneCClient, ref: string): Promise<PostOutcome> {
	const result = await client.post(ORDER, ref, { verify: false });
	return result.refused ? { posted: false, reason: result.message1C ?? result.message ?? 'refused' } : { posted: true };
}

/**
 * `Posted` of the documents under `keys` (their document keys, read as the look-up reads them: neighbouring order
 * ids in one range, so a run's check costs about one request), by Ref_Key: the check after a run's Post and Unpost.
 */
export async function readPostedStates(client: OneCClient, keys: readonly string[]): Promise<Map<string, boolean>> {
	const out = new Map<string, boolean>();
	if (keys.length === 0) return out;
	const found = await readDocumentsByKeys(client, keys, { select: ['Posted'] });
	for (const rows of found.values()) for (const row of rows) out.set(text(row.Ref_Key).toLowerCase(), row.Posted === true);
	return out;
}

/** The comment of a released document: what it said, plus why it is unposted. */
export function cancelledComment(comment: string): string {
	const base = comment.replace(/\s+$/, '');
	return base.includes(CANCEL_MARK) ? base : `${base}${base ? '\n' : ''}${CANCEL_MARK}`;
}

/** The comment of a restored document: what it said before it was released, without the note why. */
export function restoredComment(comment: string): string {
	return comment.split(CANCEL_MARK).join('').replace(/\s+$/, '');
}

/**
 * Before a posted document is changed: unpost it, so that a refused or lost post after the PATCH leaves it unposted
 * with its new contents, which a later run posts. Changed while posted, a refused re-post would keep it posted with
 * its earlier movements (docs/1c-odata.md#posting), and no later run would see anything left to do. A refused unpost
 * (a closed period, documents based on it) fails the order before anything is written.
 */
export async function unpostBeforeChange(client: OneCClient, doc: RawRow): Promise<void> {
	if (doc.Posted !== true) return;
	const ref = text(doc.Ref_Key);
	const result = await client.unpost(ORDER, ref, { verify: false });
	if (result.refused) throw new Error(`Cannot change ${text(doc.Number) || ref}: ${result.message ?? result.message1C ?? '1C refused to unpost it'} Nothing was written; the document stays posted as it was.`);
}

/**
 * The change of a document unpostBeforeChange unposted. When the write fails (1C refused it, the connection broke), the
 * document is posted again as it was before the failure is passed on: otherwise its reserves stay gone until a later
 * run, and with *Post* off for good, as nothing then says it was posted before. A write whose answer was lost after 1C
 * took it is posted with its new contents, which is what the change wanted. A refused or failed re-post leaves it
 * unposted, and the message says so; the failure names it (`leftUnposted`) so a later run posts it even with *Post* off.
 */
export async function writeUnposted<T>(client: OneCClient, doc: RawRow, write: () => Promise<T>): Promise<T> {
	let failure: unknown;
	try {
		return await write();
	} catch (error) {
		failure = error;
	}
	if (doc.Posted !== true) throw passOn(failure);
	const ref = text(doc.Ref_Key);
	let after: string;
	let postedAgain = false;
	try {
		// Re-read: a 2xx to Post proves nothing on a real base (docs/1c-odata.md#posting).
		const again = await client.post(ORDER, ref, { verify: true });
		postedAgain = again.posted;
		after = again.posted ? 'posted again as it was' : `is left unposted: 1C did not post it again (${again.message1C ?? again.message ?? 'no reason given'}); a later run posts it`;
	} catch (postError) {
		after = `is left unposted: posting it again failed too (${postError instanceof Error ? postError.message : String(postError)}); a later run posts it`;
	}
	const message = (failure instanceof Error ? failure.message : String(failure)).replace(/[.\s]+$/, '');
	// Left unposted, it is kept for a later run to post (UpsertOptions `postAgain`), with *Post* off too.
	throw new OrderFailure(`Cannot change ${text(doc.Number) || ref}: ${message}. The document was unposted for the change and ${after}.`, postedAgain ? {} : { leftUnposted: ref });
}

/**
 * Releases a cancelled order's document: unpost (its reserves go), then one PATCH that notes the reason in the
 * comment and, when asked, sets the deletion mark (UT refuses to post a marked document, and a marked posted
 * document is unposted first, so the order matters).
 */
export async function releaseDocument(client: OneCClient, doc: RawRow, mark: boolean): Promise<{ unposted: boolean; marked: boolean }> {
	const ref = text(doc.Ref_Key);
	const wasPosted = doc.Posted === true;
	if (wasPosted) {
		const result = await client.unpost(ORDER, ref, { verify: false });
		if (result.refused) throw new Error(`Cannot release ${text(doc.Number) || ref}: ${result.message ?? result.message1C ?? '1C refused to unpost it'}`);
	}
	const comment = cancelledComment(typeof doc.Комментарий === 'string' ? doc.Комментарий : '');
	const patch: Record<string, unknown> = {};
	if (comment !== text(doc.Комментарий)) patch.Комментарий = comment;
	if (mark && doc.DeletionMark !== true) patch.DeletionMark = true;
	if (Object.keys(patch).length > 0) await client.update(ORDER, ref, patch as never);
	return { unposted: wasPosted, marked: mark || doc.DeletionMark === true };
}

/** A duplicate document (a lost race, see docs/order-lifecycle.md "Concurrency"): unposted and marked for deletion. */
export async function retireDuplicate(client: OneCClient, doc: RawRow): Promise<void> {
	const ref = text(doc.Ref_Key);
	if (doc.Posted === true) await client.unpost(ORDER, ref, { verify: false });
	await client.update(ORDER, ref, { DeletionMark: true } as never);
}

/** A 1C refusal to write because the number is taken (another document of the year holds it). */
export function isNumberTaken(error: unknown): boolean {
	return error instanceof OneCODataError && /номер.*не уникал|не уникал.*номер/i.test(`${error.message1C ?? ''} ${error.message}`);
}
