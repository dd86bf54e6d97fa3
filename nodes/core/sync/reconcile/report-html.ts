/**
 * The reconciliation as one self-contained HTML page (`reconciliation.html`): the counts, then a table per kind of
 * discrepancy with both sides' values and the fix, errors in red and warnings in amber. No scripts, no external files,
 * so it opens anywhere (a browser, a mail attachment).
 */
import { KIND_TITLES, DISCREPANCY_KINDS, type Discrepancy, type ReconcileSummary } from './types';

/** Rows per kind shown in the page; the items carry every discrepancy (a page of 10,000 rows helps nobody). */
export const MAX_ROWS_PER_KIND = 500;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** A value readably: a list one entry a line, an object as `name value, name value`, booleans as yes/no. */
function value(v: unknown): string {
	if (v === null || v === undefined) return '<span class="none">—</span>';
	if (typeof v === 'boolean') return v ? 'yes' : 'no';
	if (Array.isArray(v)) return v.map((x) => `<div>${value(x)}</div>`).join('');
	if (typeof v === 'object') {
		return Object.entries(v as Record<string, unknown>)
			.filter(([, x]) => x !== undefined)
			.map(([k, x]) => `<span class="k">${escapeHtml(k)}</span> ${value(x)}`)
			.join(', ');
	}
	return escapeHtml(String(v));
}

/** A side's values, one `name value` line each. */
function side(values: Record<string, unknown> | null): string {
	if (values === null) return '<span class="none">—</span>';
	const lines = Object.entries(values)
		.filter(([, v]) => v !== undefined)
		.map(([k, v]) => `<div><span class="k">${escapeHtml(k)}</span> ${value(v)}</div>`);
	return lines.join('') || '<span class="none">—</span>';
}

const STYLE = `
body{font:14px/1.45 -apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:24px;color:#1f2933;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#52606d;margin-bottom:16px}
.verdict{display:inline-block;padding:6px 12px;border-radius:6px;font-weight:600;margin:8px 0 16px}
.verdict.ok{background:#e3f9e5;color:#05400a}.verdict.bad{background:#ffe3e3;color:#8a041a}
table{border-collapse:collapse;width:100%;margin-bottom:8px}
th,td{border:1px solid #d9e2ec;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f0f4f8;font-weight:600}
table.counts{width:auto}table.counts td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.error td:first-child{border-left:5px solid #d64545}tr.warning td:first-child{border-left:5px solid #f0b429}
tr.error{background:#fff5f5}tr.warning{background:#fffbea}
td.zero{color:#9aa5b1}
.sev{font-size:12px;font-weight:600;text-transform:uppercase;padding:1px 6px;border-radius:4px}
.sev.error{background:#d64545;color:#fff}.sev.warning{background:#f0b429;color:#3b2c00}
.k{color:#52606d}.none{color:#9aa5b1}.fix{max-width:420px}
ul.notes{color:#52606d}
`;

export function renderReportHtml(summary: ReconcileSummary, discrepancies: readonly Discrepancy[]): string {
	const parts: string[] = [];
	parts.push('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>retailCRM ↔ 1C reconciliation</title>');
	parts.push(`<style>${STYLE}</style></head><body>`);
	parts.push('<h1>retailCRM ↔ 1C reconciliation</h1>');
	const meta = [`made ${escapeHtml(summary.generatedAt)}`];
	if (summary.period) meta.push(`orders created ${escapeHtml(summary.period.from)} … ${escapeHtml(summary.period.to ?? 'now')}`);
	const c = summary.checked;
	const checked = [
		c.orders !== undefined ? `${c.orders} orders` : '',
		c.documents !== undefined ? `${c.documents} 1C documents` : '',
		c.offers !== undefined ? `${c.offers} offers` : '',
		c.stockRows !== undefined ? `${c.stockRows} offer × store stocks` : '',
		c.priceRows !== undefined ? `${c.priceRows} offer × price type prices` : '',
	].filter((s) => s !== '');
	if (checked.length) meta.push(`compared ${checked.join(', ')}`);
	if (summary.requests) meta.push(`${summary.requests.retailCrm} retailCRM and ${summary.requests.oneC} 1C requests`);
	parts.push(`<div class="meta">${meta.join(' · ')}</div>`);
	parts.push(
		summary.agree
			? '<div class="verdict ok">retailCRM and 1C agree: no discrepancy found</div>'
			: `<div class="verdict bad">${summary.errors} error(s), ${summary.warnings} warning(s)</div>`,
	);

	parts.push('<table class="counts"><tr><th>Kind</th><th>Severity</th><th>Count</th></tr>');
	for (const kind of DISCREPANCY_KINDS) {
		const n = summary.counts[kind] ?? 0;
		const severity = discrepancies.find((d) => d.kind === kind)?.severity;
		parts.push(
			`<tr class="${n > 0 && severity ? severity : ''}"><td${n === 0 ? ' class="zero"' : ''}>${escapeHtml(KIND_TITLES[kind])}</td><td>${n > 0 && severity ? `<span class="sev ${severity}">${severity}</span>` : ''}</td><td class="n${n === 0 ? ' zero' : ''}">${n}</td></tr>`,
		);
	}
	parts.push('</table>');
	if (summary.notes.length) parts.push(`<ul class="notes">${summary.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);

	for (const kind of DISCREPANCY_KINDS) {
		const rows = discrepancies.filter((d) => d.kind === kind);
		if (rows.length === 0) continue;
		parts.push(`<h2 id="${kind}">${escapeHtml(KIND_TITLES[kind])} (${rows.length})</h2>`);
		parts.push('<table><tr><th>Subject</th><th>retailCRM</th><th>1C</th><th>Fix</th></tr>');
		for (const d of rows.slice(0, MAX_ROWS_PER_KIND)) {
			parts.push(
				`<tr class="${d.severity}"><td><span class="sev ${d.severity}">${d.severity}</span> ${escapeHtml(d.subject)}</td><td>${side(d.crm)}</td><td>${side(d.oneC)}</td><td class="fix">${escapeHtml(d.fix)}</td></tr>`,
			);
		}
		parts.push('</table>');
		if (rows.length > MAX_ROWS_PER_KIND) parts.push(`<p class="meta">… and ${rows.length - MAX_ROWS_PER_KIND} more, in the node's output items.</p>`);
	}
	parts.push('</body></html>\n');
	return parts.join('\n');
}
