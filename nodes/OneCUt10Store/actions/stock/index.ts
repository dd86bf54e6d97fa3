import type { OneCResource } from '../types';

/** Resource "Stock": operations are added in this folder, one file each, and listed here. */
export const resource: OneCResource = {
	value: 'stock',
	name: 'Stock',
	description: [],
	operations: {},
};
