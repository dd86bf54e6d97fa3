/**
 * One order cannot be written as it stands (an unmatched offer, a missing setting, a mapping rule).
 * The run goes on with the other orders; the node turns this into an error item naming the order.
 */
export class OrderFailure extends Error {
	readonly field: string | undefined;
	readonly offer: string | undefined;
	/** Ref_Key of a posted document the failure left unposted (UpsertFailure `leftUnposted`). */
	readonly leftUnposted: string | undefined;

	constructor(message: string, details: { field?: string; offer?: string; leftUnposted?: string } = {}) {
		super(message);
		this.name = 'OrderFailure';
		this.field = details.field;
		this.offer = details.offer;
		this.leftUnposted = details.leftUnposted;
	}
}
