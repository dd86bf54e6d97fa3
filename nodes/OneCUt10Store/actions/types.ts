import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { OneCClient } from '../../core/onec/client';

/** One operation: reads its own parameters per item and returns the node's output items. */
export type OneCOperation = (this: IExecuteFunctions, client: OneCClient) => Promise<INodeExecutionData[]>;

/** A resource folder's index exports this: the fields it shows and the operations it routes to. */
export interface OneCResource {
	value: string;
	name: string;
	/** Fields of the resource, its Operation selector first. */
	description: INodeProperties[];
	operations: Record<string, OneCOperation>;
}
