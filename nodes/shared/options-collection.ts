import type { INodeProperties } from 'n8n-workflow';

/** An operation's optional settings: the collection n8n shows as "Options" with an "Add Option" button. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}
