/** Folder tree (pure): descendants, chains, order, Get Folders rows; the VAT mapping; offer rows. */
import { FolderTree, type FolderRecord } from '../../../../nodes/core/sync/onec-read/folders';
import { FolderNotFoundError } from '../../../../nodes/core/sync/onec-read/folders';
import { foldersOf } from '../../../../nodes/core/sync/catalog/get-folders';
import type { ItemRecord } from '../../../../nodes/core/sync/onec-read/items';
import { buildOfferRows } from '../../../../nodes/core/sync/catalog/offer-rows';
import { icmlVatRate } from '../../../../nodes/core/sync/catalog/vat';

const g = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const folder = (n: number, name: string, parent: number | null, deleted = false): FolderRecord => ({
	ref: g(n),
	code: String(n).padStart(11, '0'),
	name,
	parentRef: parent === null ? null : g(parent),
	deleted,
});

// 1 Товары ─┬─ 2 Одежда ── 3 Футболки
//           └─ 4 Обувь (deleted) ── 5 Кеды
// 6 Услуги
// 7 Сироты (parent 99 unknown → a root)
const FOLDERS = [folder(3, 'Футболки', 2), folder(1, 'Товары', null), folder(2, 'Одежда', 1), folder(4, 'Обувь', 1, true), folder(5, 'Кеды', 4), folder(6, 'Услуги', null), folder(7, 'Сироты', 99)];

describe('FolderTree', () => {
	const tree = new FolderTree(FOLDERS);

	it('descendants of roots, recursively; unknown roots are reported', () => {
		expect([...tree.descendants([g(1)]).refs].sort()).toEqual([g(1), g(2), g(3), g(4), g(5)]);
		expect([...tree.descendants([g(2), g(6)]).refs].sort()).toEqual([g(2), g(3), g(6)]);
		expect(tree.descendants([g(3), g(42)]).missing).toEqual([g(42)]);
		expect([...tree.descendants([g(1).toUpperCase()]).refs]).toContain(g(3));
	});

	it('chain from the root to a folder; empty for null or unknown refs', () => {
		expect(tree.chain(g(3)).map((f) => f.name)).toEqual(['Товары', 'Одежда', 'Футболки']);
		expect(tree.chain(null)).toEqual([]);
		expect(tree.chain(g(42))).toEqual([]);
		expect(tree.chain(g(7)).map((f) => f.name)).toEqual(['Сироты']);
	});

	it('a cycle in broken data does not hang', () => {
		const cyclic = new FolderTree([folder(1, 'A', 2), folder(2, 'B', 1)]);
		expect(cyclic.chain(g(1)).map((f) => f.name)).toEqual(['B', 'A']);
		expect([...cyclic.descendants([g(1)]).refs].sort()).toEqual([g(1), g(2)]);
	});
});

describe('foldersOf (Get Folders rows)', () => {
	const tree = new FolderTree(FOLDERS);

	it('parents before children, siblings by name, deleted folders and their sub-folders left out', () => {
		expect(foldersOf(tree).map((f) => [f.name, f.level, f.path, f.parentRef])).toEqual([
			['Сироты', 1, 'Сироты', null], // its parent does not exist in 1C
			['Товары', 1, 'Товары', null],
			['Одежда', 2, 'Товары / Одежда', g(1)],
			['Футболки', 3, 'Товары / Одежда / Футболки', g(2)],
			['Услуги', 1, 'Услуги', null],
		]);
	});

	it('includeDeleted keeps them', () => {
		expect(foldersOf(tree, { includeDeleted: true }).map((f) => f.name)).toEqual(['Сироты', 'Товары', 'Обувь', 'Кеды', 'Одежда', 'Футболки', 'Услуги']);
	});

	it('roots limit the tree; a root inside another root is not listed twice; rootsAsTopLevel drops the roots’ parents', () => {
		expect(foldersOf(tree, { rootRefs: [g(3), g(2)] }).map((f) => [f.name, f.parentRef])).toEqual([
			['Одежда', null],
			['Футболки', g(2)],
		]);
		expect(foldersOf(tree, { rootRefs: [g(2)], rootsAsTopLevel: false })[0].parentRef).toBe(g(1));
		expect(() => foldersOf(tree, { rootRefs: [g(42)] })).toThrow(FolderNotFoundError);
	});
});

describe('icmlVatRate', () => {
	it.each([
		['НДС20', 20],
		['НДС20_120', 20],
		['НДС22', 22],
		['НДС18_118', 18],
		['НДС10', 10],
		['НДС10_110', 10],
		['НДС5', 5],
		['НДС7_107', 7],
		['НДС0', 0],
		['БезНДС', 'none'],
		['', null],
		[null, null],
		['НДС99', null],
	])('%s → %s', (value, expected) => {
		expect(icmlVatRate(value)).toBe(expected);
	});
});

describe('buildOfferRows', () => {
	const tree = new FolderTree(FOLDERS);
	const item = (n: number, extra: Partial<ItemRecord> = {}): ItemRecord => ({
		ref: g(100 + n),
		code: String(n),
		name: `Товар ${n}`,
		article: '',
		fullName: '',
		parentRef: g(3),
		isService: false,
		isSet: false,
		keptByCharacteristics: false,
		isWeighed: false,
		storageUnitRef: null,
		baseUnitClassifierRef: null,
		vat: 'НДС20',
		storageUnit: null,
		...extra,
	});

	it('a row repeated by paging gives one offer; characteristics of an item not kept by them are ignored', () => {
		const chars = [
			{ Ref_Key: g(201), Owner_Key: g(101), Description: 'Красный' },
			{ Ref_Key: g(201), Owner_Key: g(101), Description: 'Красный' },
			{ Ref_Key: g(202), Owner_Key: g(102), Description: 'Синий' },
		];
		const offers = buildOfferRows({ items: [item(1, { keptByCharacteristics: true }), item(1, { keptByCharacteristics: true }), item(2)], characteristics: chars, tree, classifier: new Map() });
		expect(offers.map((o) => [o.offerKey, o.name, o.unit])).toEqual([
			[`${g(101)}#${g(201)}`, 'Товар 1 (Красный)', null],
			[g(102), 'Товар 2', null],
		]);
		expect(offers[1].folders.map((f) => f.name)).toEqual(['Товары', 'Одежда', 'Футболки']);
	});
});
