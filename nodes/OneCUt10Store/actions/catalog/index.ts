import type { OneCResource } from '../types';

/** Resource "Catalog": operations are added in this folder, one file each, and listed here. */
export const resource: OneCResource = {
	value: 'catalog',
	name: 'Catalog',
	description: [],
	operations: {},
};
