import type { INodeProperties } from 'n8n-workflow';

/**
 * The "Value" field of a lookup: the identifier itself, under the "Find By" dropdown that says which identifier it is
 * (the Get operations of the 1C node's customer orders and of the retailCRM orders node). Its parameter name and
 * example are the operation's.
 */
export function valueToFind(field: { name: string; placeholder: string }): INodeProperties {
	return { displayName: 'Value', name: field.name, type: 'string', default: '', required: true, placeholder: field.placeholder };
}
