import type { OneCResource } from '../types';

/** Resource "Customer Order": operations are added in this folder, one file each, and listed here. */
export const resource: OneCResource = {
	value: 'customerOrder',
	name: 'Customer Order',
	description: [],
	operations: {},
};
