import { parseIcml } from '../../sandboxes/retailcrm/icml/parse';
import { parseXml } from '../../sandboxes/retailcrm/icml/xml-sax';

const events = (xml: string) => {
	const out: string[] = [];
	parseXml(xml, { open: (n, a) => out.push(`<${n}${Object.entries(a).map(([k, v]) => ` ${k}=${v}`).join('')}>`), close: (n) => out.push(`</${n}>`), text: (t) => t.trim() && out.push(t) });
	return out;
};

describe('ICML XML parsing', () => {
	it('handles a BOM, comments, CDATA, entities, quotes and > inside attributes, self-closing tags', () => {
		expect(events('\ufeff<?xml version="1.0"?><!-- a > b --><r a=\'x > y\' b="&quot;&#1046;&#x416;"><![CDATA[<raw> & ]]>A &amp; B<e/></r>')).toEqual([
			'<r a=x > y b="ЖЖ>',
			'<raw> & ',
			'A & B',
			'<e>',
			'</e>',
			'</r>',
		]);
	});

	it('rejects mismatched and unclosed tags, and two roots', () => {
		expect(() => events('<a><b></a></b>')).toThrow('Mismatched');
		expect(() => events('<a><b>')).toThrow('Unclosed');
		expect(() => events('<a/><b/>')).toThrow('root');
	});

	it('reads categories in both forms, repeatable categoryId/picture, params and unit', () => {
		const icml = parseIcml(`<yml_catalog><shop><categories>
			<category id="1">Одежда</category><category id="2" parentId="1"><name>Джинсы</name><picture>p.png</picture></category><category id="3" parentId="0">Верх</category>
		</categories><offers>
			<offer id="A" productId="P" quantity="3" type="service"><name>Имя</name><price>1,5</price><categoryId>1</categoryId><categoryId>2</categoryId>
			<picture>1.jpg</picture><picture>2.jpg</picture><param code="article" name="Артикул">X-1</param><param code="color">red</param><unit code="796" name="Штука" sym="шт"/><weight>0.25</weight></offer>
		</offers></shop></yml_catalog>`);
		expect(icml.categories).toEqual([
			{ id: '1', parentId: undefined, name: 'Одежда' },
			{ id: '2', parentId: '1', name: 'Джинсы' },
			{ id: '3', parentId: undefined, name: 'Верх' },
		]);
		expect(icml.offers[0]).toMatchObject({
			id: 'A',
			productId: 'P',
			quantity: 3,
			type: 'service',
			price: 1.5,
			categoryIds: ['1', '2'],
			pictures: ['1.jpg', '2.jpg'],
			params: [
				{ code: 'article', name: 'Артикул', value: 'X-1' },
				{ code: 'color', value: 'red' },
			],
			unit: { code: '796', name: 'Штука', sym: 'шт' },
			weight: 0.25,
		});
	});
});
