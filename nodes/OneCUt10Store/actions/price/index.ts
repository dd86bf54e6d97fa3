import type { OneCResource } from '../types';

/** Resource "Price": operations are added in this folder, one file each, and listed here. */
export const resource: OneCResource = {
	value: 'price',
	name: 'Price',
	description: [],
	operations: {},
};
