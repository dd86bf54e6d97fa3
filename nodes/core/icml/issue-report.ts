/**
 * Validation issues as the node shows them: each names the input item (not only the offer's index
 * among offers, which differs when some input items are categories), the offer id and the field.
 */
import type { IcmlIssue } from './validate';

export interface IcmlIssueSummary {
	code: string;
	field: string;
	message: string;
	/** Index of the input item the offer came from. */
	itemIndex?: number;
	offerId?: string;
	categoryId?: string;
}

/** `itemOfOffer[offerIndex]` = input item index; without it offer indexes are taken as item indexes. */
export function summarizeIssue(issue: IcmlIssue, itemOfOffer?: readonly number[]): IcmlIssueSummary {
	const out: IcmlIssueSummary = { code: issue.code, field: issue.field, message: issue.message };
	if (issue.offerIndex !== undefined) {
		const item = itemOfOffer?.[issue.offerIndex] ?? issue.offerIndex;
		out.itemIndex = item;
		if (item !== issue.offerIndex) out.message = `${issue.message} (input item #${item})`;
	}
	if (issue.offerId !== undefined) out.offerId = issue.offerId;
	if (issue.categoryId !== undefined) out.categoryId = issue.categoryId;
	return out;
}

/** The first `limit` messages, one per line, and how many more there are. */
export function listIssues(issues: readonly IcmlIssueSummary[], total: number, limit: number): string {
	const shown = issues.slice(0, Math.max(1, limit));
	const lines = shown.map((s) => `- ${s.message}`);
	if (total > shown.length) lines.push(`… and ${total - shown.length} more`);
	return lines.join('\n');
}
