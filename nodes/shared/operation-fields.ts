import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

/** The operation whose fields these are, and its resource in a node that has resources. */
export interface OperationOf {
	resource?: string;
	operation: string;
}

/** An operation's fields, each shown only while that operation (of that resource) is chosen. */
export function operationFields(of: OperationOf, fields: INodeProperties[]): INodeProperties[] {
	const show = of.resource === undefined ? { operation: [of.operation] } : { resource: [of.resource], operation: [of.operation] };
	return updateDisplayOptions({ show }, fields);
}
