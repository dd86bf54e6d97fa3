import type { INodeProperties } from 'n8n-workflow';

/**
 * Dropdowns read live from the account (loadOptions). n8n's wording for them (its lint rules for node parameters):
 * the label says "Name or ID" / "Names or IDs", and the description ends by saying an expression may give the ID.
 * The call gives the label in full, the method and what the field is for.
 */

type LiveField = Omit<INodeProperties, 'type' | 'typeOptions' | 'default'> & { loadOptionsMethod: string; default?: INodeProperties['default'] };

const EXPRESSION_LINK = '<a href="https://docs.n8n.io/code/expressions/">expression</a>';

/** A live list of `type`, empty by default, with `description` as given (the hint already in it). */
function liveField(type: 'options' | 'multiOptions', { loadOptionsMethod, ...field }: Omit<LiveField, 'description'>, description: string): INodeProperties {
	return { type, default: type === 'options' ? '' : [], ...field, typeOptions: { loadOptionsMethod }, description };
}

function described(purpose: string | undefined, hint: string): string {
	return purpose ? `${purpose} ${hint}` : hint;
}

/** One entry of a live list (type options); empty by default. */
export function liveDropdown({ description, ...field }: LiveField): INodeProperties {
	return liveField('options', field, described(description, `Choose from the list, or specify an ID using an ${EXPRESSION_LINK}.`));
}

/** A live dropdown as a column of a table row (fixedCollection values): no purpose of its own, the hint as these columns word it. */
export function liveColumn(field: Pick<LiveField, 'displayName' | 'name' | 'loadOptionsMethod'>): INodeProperties {
	return liveField('options', field, `Choose from the list, or specify an ID using an ${EXPRESSION_LINK}`);
}

/** Any entries of a live list (type multiOptions); none by default. */
export function liveMultiSelect({ description, ...field }: LiveField): INodeProperties {
	return liveField('multiOptions', field, described(description, `Choose from the list, or specify IDs using an ${EXPRESSION_LINK}.`));
}
