/**
 * ICML build benchmark: 100,000 offers (benchmarks/icml-catalog.ts, deterministic), our streaming
 * builder vs a naive xmlbuilder2 `create()` document.
 *
 *   node -r @swc-node/register benchmarks/icml.ts [--offers=100000] [--runs=3] [--skip-naive]
 *
 * Each measurement runs in a fresh child process (same command) so one method's heap cannot inflate
 * the next one's figures. Time: from the build call to the last byte collected/written (grouping,
 * validation, writing, UTF-8 encoding); input generation excluded. Memory: peak RSS (Linux VmHWM,
 * reset after the input is built) and peak heapUsed, both above the baseline taken after input
 * generation and a full GC.
 *
 * Targets (ours, both ways of consuming the output): time ≤ 1.5 s and peak memory above the input
 * ≤ 2 × output size. The machine is shared (2 cores), so ours runs `--runs` times and is judged on
 * its median run; min and max are printed too. Exit code 1 when a target is missed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { create } from 'xmlbuilder2';
import { buildIcml, formatDecimal, formatPrice, type IcmlInput } from '../nodes/core/icml';
import { generateCatalog } from './icml-catalog';

const TIME_TARGET_MS = 1500;
const MEMORY_TARGET_RATIO = 2;

type Method = 'ours-buffer' | 'ours-file' | 'xmlbuilder2';

interface Measurement {
	method: Method;
	offers: number;
	ms: number;
	cpuMs: number;
	bytes: number;
	peakRssAboveMB: number;
	peakHeapAboveMB: number;
	baselineRssMB: number;
	products?: number;
	chunks?: number;
}

const MB = 1024 * 1024;

function arg(name: string): string | undefined {
	const hit = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
	if (!hit) return undefined;
	const eq = hit.indexOf('=');
	return eq === -1 ? 'true' : hit.slice(eq + 1);
}

// ---------- child side ----------

function gc(): void {
	const g = (globalThis as { gc?: () => void }).gc;
	if (g) {
		g();
		g();
	}
}

/** Resets the kernel's peak-RSS counter (Linux); false when unavailable. */
function resetPeakRss(): boolean {
	try {
		fs.writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

function peakRssBytes(fallback: number): number {
	try {
		const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
		if (m) return Number(m[1]) * 1024;
	} catch {
		// not Linux: fall back to in-loop samples
	}
	return fallback;
}

class Sampler {
	maxRss = 0;
	maxHeap = 0;
	private n = 0;

	/** Cheap enough to call per chunk: full memoryUsage only every 8th call. */
	tick(): void {
		if ((this.n++ & 7) !== 0) return;
		const m = process.memoryUsage();
		if (m.rss > this.maxRss) this.maxRss = m.rss;
		if (m.heapUsed > this.maxHeap) this.maxHeap = m.heapUsed;
	}
}

function naiveXmlbuilder2(input: IcmlInput, sampler: Sampler): Buffer {
	const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('yml_catalog', { date: input.date as string });
	const shop = root.ele('shop');
	shop.ele('name').txt(input.shop.name);
	shop.ele('company').txt(input.shop.company);
	const cats = shop.ele('categories');
	for (const c of input.categories) {
		const attrs: Record<string, string> = { id: c.id };
		if (c.parentId) attrs.parentId = c.parentId;
		cats.ele('category', attrs).txt(c.name);
	}
	const offersEl = shop.ele('offers');
	// Same content as ours with namePattern grouping, minus the grouping itself (a fixed product id).
	for (let i = 0; i < input.offers.length; i++) {
		const o = input.offers[i];
		const attrs: Record<string, string> = { id: o.id, productId: o.xmlId ?? o.id, quantity: String(Math.floor(o.quantity ?? 0)) };
		const el = offersEl.ele('offer', attrs);
		if (o.price !== undefined) el.ele('price').txt(formatPrice(o.price));
		if (o.purchasePrice !== undefined) el.ele('purchasePrice').txt(formatPrice(o.purchasePrice));
		if (o.categoryId) el.ele('categoryId').txt(o.categoryId);
		el.ele('name').txt(o.name);
		el.ele('productName').txt(o.name.replace(/\s*\([^()]*\)\s*$/, ''));
		if (o.xmlId) el.ele('xmlId').txt(o.xmlId);
		if (o.vendor) el.ele('vendor').txt(o.vendor);
		if (o.article) el.ele('param', { name: 'Артикул', code: 'article' }).txt(o.article);
		for (const p of o.params ?? []) el.ele('param', p.code ? { name: p.name, code: p.code } : { name: p.name }).txt(String(p.value));
		if (o.unit) el.ele('unit', { code: o.unit.code, name: o.unit.name, sym: o.unit.sym });
		if (o.vatRate !== undefined) el.ele('vatRate').txt(String(o.vatRate));
		if (o.weight !== undefined) el.ele('weight').txt(formatDecimal(o.weight, 3));
		if (o.dimensions) el.ele('dimensions').txt(`${formatDecimal(o.dimensions.length, 3)}/${formatDecimal(o.dimensions.width, 3)}/${formatDecimal(o.dimensions.height, 3)}`);
		for (const b of o.barcodes ?? []) el.ele('barcode').txt(b);
		if (o.url) el.ele('url').txt(o.url);
		for (const p of o.pictures ?? []) el.ele('picture').txt(p);
		if (o.productActivity !== undefined) el.ele('productActivity').txt(o.productActivity ? 'Y' : 'N');
		if ((i & 1023) === 0) sampler.tick();
	}
	const xml = root.end({ prettyPrint: false });
	sampler.tick();
	return Buffer.from(xml, 'utf8');
}

function runChild(method: Method, offers: number): Measurement {
	const input = generateCatalog(offers);
	gc();
	const base = process.memoryUsage();
	const canReset = resetPeakRss();
	const sampler = new Sampler();
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	let bytes = 0;
	let products: number | undefined;
	let chunks: number | undefined;
	if (method === 'xmlbuilder2') {
		bytes = naiveXmlbuilder2(input, sampler).length;
	} else {
		const build = buildIcml(input, { grouping: { mode: 'namePattern' } });
		sampler.tick();
		if (method === 'ours-buffer') {
			// What the n8n node does: one Buffer for the binary output (peak RSS from VmHWM).
			bytes = build.toBuffer().length;
		} else {
			const file = path.join(os.tmpdir(), `icml-bench-${process.pid}.xml`);
			const fd = fs.openSync(file, 'w');
			try {
				for (const c of build.chunks()) {
					fs.writeSync(fd, c);
					sampler.tick();
				}
			} finally {
				fs.closeSync(fd);
			}
			bytes = fs.statSync(file).size;
			fs.unlinkSync(file);
		}
		products = build.stats.products;
		chunks = build.stats.chunks;
	}
	const ms = performance.now() - t0;
	const cpu = process.cpuUsage(cpu0);
	sampler.tick();
	const end = process.memoryUsage();
	const peakRss = canReset ? peakRssBytes(sampler.maxRss) : Math.max(sampler.maxRss, end.rss);
	return {
		method,
		offers,
		ms,
		cpuMs: (cpu.user + cpu.system) / 1000,
		bytes,
		peakRssAboveMB: (peakRss - base.rss) / MB,
		peakHeapAboveMB: (Math.max(sampler.maxHeap, end.heapUsed) - base.heapUsed) / MB,
		baselineRssMB: base.rss / MB,
		products,
		chunks,
	};
}

// ---------- parent side ----------

function spawnMeasurement(method: Method, offers: number): Measurement {
	const res = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', __filename, `--child=${method}`, `--offers=${offers}`], {
		encoding: 'utf8',
		maxBuffer: 16 * MB,
	});
	const line = res.stdout.split('\n').find((l) => l.startsWith('{'));
	if (res.status !== 0 || !line) throw new Error(`${method} child failed (status ${res.status}): ${res.stderr.slice(-2000)}`);
	return JSON.parse(line) as Measurement;
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function fmt(n: number, digits = 0): string {
	return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function main(): void {
	const child = arg('child') as Method | undefined;
	const offers = Number(arg('offers') ?? 100_000);
	if (child) {
		process.stdout.write(JSON.stringify(runChild(child, offers)) + '\n');
		return;
	}
	const runs = Math.max(1, Number(arg('runs') ?? 3));
	console.log(`ICML benchmark: ${fmt(offers)} offers, 30 categories, ${runs} run(s) of ours per mode, Node ${process.version}, ${os.cpus().length} CPU(s), load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

	const rows: Array<{ label: string; m: Measurement; runs?: Measurement[] }> = [];
	let failed = false;
	const verdicts: string[] = [];
	for (const method of ['ours-buffer', 'ours-file'] as const) {
		const all = Array.from({ length: runs }, () => spawnMeasurement(method, offers));
		const byTime = [...all].sort((a, b) => a.ms - b.ms);
		const med = byTime[Math.floor((byTime.length - 1) / 2)];
		rows.push({ label: method === 'ours-buffer' ? 'ours → one Buffer (median run)' : 'ours → file stream (median run)', m: med, runs: all });
		const memLimit = (MEMORY_TARGET_RATIO * med.bytes) / MB;
		const timeOk = median(all.map((r) => r.ms)) <= TIME_TARGET_MS;
		const memOk = median(all.map((r) => r.peakRssAboveMB)) <= memLimit;
		if (!timeOk || !memOk) failed = true;
		verdicts.push(
			`${method}: time ${fmt(median(all.map((r) => r.ms)))} ms (min ${fmt(byTime[0].ms)}, max ${fmt(byTime[byTime.length - 1].ms)}; cpu median ${fmt(median(all.map((r) => r.cpuMs)))} ms) ` +
				`${timeOk ? '≤' : '>'} ${fmt(TIME_TARGET_MS)} ms ${timeOk ? 'MET' : 'MISSED'}; ` +
				`peak RSS above input ${fmt(median(all.map((r) => r.peakRssAboveMB)), 1)} MB ${memOk ? '≤' : '>'} 2 × output = ${fmt(memLimit, 1)} MB ${memOk ? 'MET' : 'MISSED'}`,
		);
	}
	if (arg('skip-naive') !== 'true') rows.push({ label: 'xmlbuilder2 create() DOM (naive)', m: spawnMeasurement('xmlbuilder2', offers) });

	// heap↑ is sampled between chunks (every 8th) or offers (every 1,024th); toBuffer is one call, so none there.
	const header = ['method', 'time ms', 'cpu ms', 'output MB', 'peak RSS↑ MB', 'peak heap↑ MB', 'RSS↑ / output', 'products', 'chunks'];
	const table = rows.map(({ label, m }) => [
		label,
		fmt(m.ms),
		fmt(m.cpuMs),
		fmt(m.bytes / MB, 1),
		fmt(m.peakRssAboveMB, 1),
		m.method === 'ours-buffer' ? '—' : fmt(m.peakHeapAboveMB, 1),
		fmt(m.peakRssAboveMB / (m.bytes / MB), 2),
		m.products === undefined ? '' : fmt(m.products),
		m.chunks === undefined ? '' : fmt(m.chunks),
	]);
	const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
	const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ');
	console.log(line(header));
	console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
	for (const r of table) console.log(line(r));
	const naive = rows.find((r) => r.m.method === 'xmlbuilder2');
	const oursBuf = rows[0].m;
	if (naive) {
		console.log(
			`xmlbuilder2 DOM / ours (buffer): ${fmt(naive.m.ms / oursBuf.ms, 1)}× the wall time, ${fmt(naive.m.cpuMs / oursBuf.cpuMs, 1)}× the cpu time, ` +
				`${fmt(naive.m.peakRssAboveMB / oursBuf.peakRssAboveMB, 1)}× the peak RSS`,
		);
	}
	const oursFile = rows.find((r) => r.m.method === 'ours-file')?.m;
	if (oursFile) console.log(`mean chunk (file stream): ${fmt(oursFile.bytes / (oursFile.chunks ?? 1) / 1024, 1)} KB`);
	for (const r of rows) if (r.runs) console.log(`  ${r.m.method} runs (ms): ${r.runs.map((x) => fmt(x.ms)).join(', ')}; peak RSS↑ (MB): ${r.runs.map((x) => fmt(x.peakRssAboveMB, 1)).join(', ')}`);
	const load = os.loadavg()[0];
	if (load > os.cpus().length) {
		console.log(`NOTE: load average ${load.toFixed(1)} > ${os.cpus().length} CPUs: other processes inflate wall time; cpu ms is the closer estimate of an idle run.`);
	}
	console.log('Targets (median of runs, wall time):');
	for (const v of verdicts) console.log(`  ${v}`);
	if (failed) {
		console.log('RESULT: a target was MISSED');
		process.exitCode = 1;
	} else {
		console.log('RESULT: all targets met');
	}
}

main();
