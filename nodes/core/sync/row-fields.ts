/**
 * Which fields the rows of Get Balances and Get Prices carry. `all`: every column (codes, names, how a price was
 * made), for looking at and mapping. `upload`: only what Stock Upload reads (nodes/StockUpload: the offer key, the
 * warehouse or price type with its name for readable mapping errors, the quantity or price), built narrow from the
 * start. n8n holds every node's output until a run ends, so 300,000 offers on 3 warehouses are 900,000 balance rows
 * held for the whole run: a row of 4 fields instead of 11 to 20 is most of the run's memory.
 */
export type RowFields = 'all' | 'upload';
