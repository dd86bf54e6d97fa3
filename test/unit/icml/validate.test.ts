import { buildIcml, groupOffers, IcmlValidationError, prepareIcml, validateIcml, type IcmlInput, type IcmlIssue, type IcmlOffer } from '../../../nodes/core/icml';

const offer = (id: string, extra: Partial<IcmlOffer> = {}): IcmlOffer => ({ id, name: `Товар ${id}`, price: 10, categoryId: 'c1', ...extra });

function doc(offers: IcmlOffer[], extra: Partial<IcmlInput> = {}): IcmlInput {
	return {
		shop: { name: 'Shop', company: 'Company' },
		date: '2026-11-27 10:00:00',
		categories: [{ id: 'c1', name: 'Root' }, { id: 'c2', parentId: 'c1', name: 'Child' }],
		offers,
		...extra,
	};
}

/** [code, offerIndex, offerId, field] of each issue, for compact exact assertions. */
const brief = (issues: IcmlIssue[]) => issues.map((i) => [i.code, i.offerIndex ?? i.categoryIndex ?? null, i.offerId ?? i.categoryId ?? null, i.field]);

function check(input: IcmlInput, options: Parameters<typeof validateIcml>[2] = {}) {
	return validateIcml(input, groupOffers(input.offers, { mode: 'none' }), options);
}

describe('validateIcml', () => {
	it('accepts a clean catalog', () => {
		const r = check(doc([offer('1'), offer('2', { categoryIds: ['c1', 'c2'] })]));
		expect(r).toEqual({ errors: [], warnings: [], errorCount: 0, warningCount: 0 });
	});

	it('reports duplicate offer ids, naming both positions', () => {
		const r = check(doc([offer('A'), offer('B'), offer('A')]));
		expect(brief(r.errors)).toEqual([['duplicate-offer-id', 2, 'A', 'id']]);
		expect(r.errors[0].message).toBe('Offer #2 (id "A"), id: duplicates offer #0');
	});

	it('reports unknown categories per reference and warns about offers without one', () => {
		const r = check(doc([offer('1', { categoryId: 'nope' }), offer('2', { categoryId: undefined, categoryIds: ['c2', 'gone'] }), offer('3', { categoryId: undefined })]));
		expect(brief(r.errors)).toEqual([
			['unknown-category', 0, '1', 'categoryId'],
			['unknown-category', 1, '2', 'categoryIds[1]'],
		]);
		expect(brief(r.warnings)).toEqual([['no-category', 2, '3', 'categoryId']]);
	});

	it('checks the category tree: ids, names, missing parents and cycles', () => {
		const r = check(
			doc([offer('1')], {
				categories: [
					{ id: 'c1', name: 'Root' },
					{ id: 'c1', name: 'Again' },
					{ id: 'x', parentId: 'missing', name: 'Orphan' },
					{ id: 'a', parentId: 'b', name: 'A' },
					{ id: 'b', parentId: 'a', name: 'B' },
					{ id: 's', parentId: 's', name: 'Self' },
					{ id: '', name: 'No id' },
					{ id: 'n', name: ' ' },
				],
			}),
		);
		expect(brief(r.errors)).toEqual([
			['duplicate-category-id', 1, 'c1', 'id'],
			['missing-category-id', 6, '', 'id'],
			['missing-category-name', 7, 'n', 'name'],
			['unknown-category-parent', 2, 'x', 'parentId'],
			['category-cycle', 5, 's', 'parentId'],
			['category-cycle', 3, 'a', 'parentId'],
		]);
	});

	it('requires names, and prices > 0 by default', () => {
		const r = check(doc([offer('1', { name: '' }), offer('2', { price: undefined }), offer('3', { price: 0 }), offer('4', { price: -1 })]));
		expect(brief(r.errors)).toEqual([
			['missing-name', 0, '1', 'name'],
			['missing-price', 1, '2', 'price'],
			['zero-price', 2, '3', 'price'],
			['negative-number', 3, '4', 'price'],
		]);
	});

	it('with requirePrice false, a missing price passes and 0 is only a warning', () => {
		const r = check(doc([offer('2', { price: undefined }), offer('3', { price: 0 }), offer('4', { price: -1 })]), { requirePrice: false });
		expect(brief(r.errors)).toEqual([['negative-number', 2, '4', 'price']]);
		expect(brief(r.warnings)).toEqual([['zero-price', 1, '3', 'price']]);
	});

	it('rejects malformed numbers (NaN, Infinity, strings, negatives)', () => {
		const r = check(
			doc([
				offer('1', { price: Number.NaN }),
				offer('2', { quantity: Number.POSITIVE_INFINITY }),
				offer('3', { purchasePrice: '5' as unknown as number }),
				offer('4', { weight: -0.5 }),
				offer('5', { dimensions: { length: 1, width: Number.NaN, height: -2 } }),
				offer('6', { vatRate: 120 }),
				offer('7', { vatRate: 'twenty' }),
				offer('8', { price: 1e20 }),
			]),
		);
		expect(brief(r.errors)).toEqual([
			['bad-number', 0, '1', 'price'],
			['bad-number', 1, '2', 'quantity'],
			['bad-number', 2, '3', 'purchasePrice'],
			['negative-number', 3, '4', 'weight'],
			['bad-number', 4, '5', 'dimensions.width'],
			['negative-number', 4, '5', 'dimensions.height'],
			['bad-vat-rate', 5, '6', 'vatRate'],
			['bad-vat-rate', 6, '7', 'vatRate'],
			['bad-number', 7, '8', 'price'],
		]);
	});

	it('accepts vatRate none and numeric rates', () => {
		expect(check(doc([offer('1', { vatRate: 'none' }), offer('2', { vatRate: 0 }), offer('3', { vatRate: '10' }), offer('4', { vatRate: 20 })])).errorCount).toBe(0);
	});

	it('negative stock: an error by default, a warning (written as 0) on request; fractional stock warns', () => {
		expect(brief(check(doc([offer('1', { quantity: -3 })])).errors)).toEqual([['negative-quantity', 0, '1', 'quantity']]);
		const clamped = check(doc([offer('1', { quantity: -3 }), offer('2', { quantity: 2.5 })]), { negativeQuantity: 'zero' });
		expect(clamped.errorCount).toBe(0);
		expect(brief(clamped.warnings)).toEqual([
			['negative-quantity', 0, '1', 'quantity'],
			['fractional-quantity', 1, '2', 'quantity'],
		]);
		expect(check(doc([offer('2', { quantity: 2.5 })]), { quantityFormat: 'decimal' }).warningCount).toBe(0);
	});

	it('warns about suspicious but writable data', () => {
		const r = check(
			doc([
				offer('1', { article: 'A1', params: [{ code: 'article', name: 'Артикул', value: 'A1' }] }),
				offer('2', { url: 'shop/p/2', pictures: ['ftp://x/1.jpg', 'https://ok/2.jpg'] }),
				offer('3', { barcodes: [''], unit: { code: '796', name: '', sym: 'шт' } }),
			]),
		);
		expect(r.errorCount).toBe(0);
		expect(brief(r.warnings)).toEqual([
			['duplicate-article', 0, '1', 'params[0]'],
			['bad-url', 1, '2', 'url'],
			['bad-url', 1, '2', 'pictures[0]'],
			['bad-unit', 2, '3', 'unit.name'],
			['empty-barcode', 2, '3', 'barcodes[0]'],
		]);
	});

	it('checks the document: shop name and company, date format, empty catalog', () => {
		const r = check(doc([], { shop: { name: '', company: ' ' }, date: '27.11.2026' }));
		expect(r.errors.map((e) => [e.code, e.field])).toEqual([
			['missing-shop-name', 'shop.name'],
			['missing-shop-company', 'shop.company'],
			['bad-date', 'date'],
			['empty-catalog', 'offers'],
		]);
		expect(check(doc([], { date: new Date(Number.NaN) }), { allowEmptyCatalog: true }).errors.map((e) => e.code)).toEqual(['bad-date']);
	});

	it('warns when offers of one product carry different product names', () => {
		const input = doc([offer('1', { productId: 'P', productName: 'Куртка' }), offer('2', { productId: 'P', productName: 'Куртка зимняя' })]);
		const r = validateIcml(input, groupOffers(input.offers, { mode: 'field' }));
		expect(brief(r.warnings)).toEqual([['product-name-mismatch', 1, '2', 'productName']]);
	});

	it('survives garbage entries from untyped input and reports them', () => {
		const input = doc([null as unknown as IcmlOffer, { name: 'x' } as IcmlOffer, offer('ok')]);
		const { validation } = prepareIcml(input, { grouping: { mode: 'characteristics' } });
		expect(brief(validation.errors)).toEqual([
			['bad-offer', 0, null, ''],
			['missing-offer-id', 1, null, 'id'],
			['missing-product-id', 1, null, 'productId'],
			['missing-price', 1, null, 'price'],
		]);
	});

	it('keeps at most maxIssues per severity but counts all', () => {
		const offers = Array.from({ length: 50 }, (_, i) => offer(String(i), { price: undefined }));
		const r = check(doc(offers), { maxIssues: 10 });
		expect(r.errors).toHaveLength(10);
		expect(r.errorCount).toBe(50);
	});
});

describe('buildIcml and validation', () => {
	it('stops on errors with IcmlValidationError listing errors and warnings', () => {
		const input = doc([offer('A'), offer('A', { categoryId: 'nope' }), offer('B', { categoryId: undefined })]);
		let thrown: unknown;
		try {
			buildIcml(input, { grouping: { mode: 'none' } });
		} catch (e) {
			thrown = e;
		}
		expect(thrown).toBeInstanceOf(IcmlValidationError);
		const err = thrown as IcmlValidationError;
		expect(brief(err.errors)).toEqual([
			['duplicate-offer-id', 1, 'A', 'id'],
			['unknown-category', 1, 'A', 'categoryId'],
		]);
		expect(brief(err.warnings)).toEqual([['no-category', 2, 'B', 'categoryId']]);
		expect(err.message).toBe(
			'ICML catalog has 2 error(s): Offer #1 (id "A"), id: duplicates offer #0; Offer #1 (id "A"), categoryId: category "nope" is not in the category list',
		);
	});

	it('goes on despite warnings and counts them in stats', () => {
		const build = buildIcml(doc([offer('A'), offer('B', { categoryId: undefined })]), { grouping: { mode: 'none' } });
		expect(build.stats.warnings).toBe(1);
		expect(brief(build.validation.warnings)).toEqual([['no-category', 1, 'B', 'categoryId']]);
		expect(build.toBuffer().toString('utf8')).toContain('<offer id="B" productId="B"');
	});
});

describe('validateIcml: values of the wrong type and configuration', () => {
	it('says "must be a string" for numbers where ids and names are expected', () => {
		const input = doc([offer('1'), { ...offer('x'), id: 42 as unknown as string, name: 7 as unknown as string }], {
			categories: [{ id: 5 as unknown as string, name: 'Root' }, { id: 'c1', name: 'ok' }],
		});
		const r = validateIcml(input, groupOffers(input.offers, { mode: 'none' }));
		expect(r.errors.map((e) => e.message)).toEqual([
			'Category #0, id: the category id must be a string, got number 5',
			'Offer #1, id: the offer id must be a string, got number 42',
			'Offer #1, productId: no product id after grouping',
			'Offer #1, name: the offer name must be a string, got number 7',
		]);
	});

	it('rejects an unknown time zone before anything is written', () => {
		const input = doc([offer('1')], { date: new Date(Date.UTC(2026, 0, 1)) });
		expect(() => buildIcml(input, { timeZone: 'Europe/Atlantis' })).toThrow(/timeZone: "Europe\/Atlantis" is not a known IANA time zone/);
		expect(buildIcml(input, { timeZone: 'Asia/Yekaterinburg' }).toBuffer().toString()).toContain('date="2026-01-01 05:00:00"');
	});
});

describe('validateIcml: typed fields', () => {
	it('rejects wrongly typed optional fields instead of writing "[object Object]", "5" or a truthy "N"', () => {
		const r = check(
			doc([
				offer('1', { vendor: { name: 'x' } as unknown as string, article: 123 as unknown as string }),
				offer('2', { productActivity: 'N' as unknown as boolean, markable: 1 as unknown as boolean }),
				offer('3', { categoryId: 5 as unknown as string, barcodes: [4600000000000 as unknown as string] }),
				offer('4', { params: [{ name: 'Цвет', value: { a: 1 } as unknown as string }] }),
			]),
		);
		expect(brief(r.errors)).toEqual([
			['bad-field', 0, '1', 'vendor'],
			['bad-field', 0, '1', 'article'],
			['bad-field', 1, '2', 'productActivity'],
			['bad-field', 1, '2', 'markable'],
			['bad-field', 2, '3', 'categoryId'],
			['bad-field', 2, '3', 'barcodes[0]'],
			['bad-param', 3, '4', 'params[0].value'],
		]);
		expect(r.errors[2].message).toBe('Offer #1 (id "2"), productActivity: must be true or false, got "N"');
		expect(r.errors[4].message).toBe('Offer #2 (id "3"), categoryId: must be a string, got number 5');
	});
});
