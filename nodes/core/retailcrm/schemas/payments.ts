import { num } from '../normalise';
import { successSchema } from './common';

/**
 * Order payments are entities of their own: `orders/payments/create` and `orders/payments/{id|externalId}/edit`
 * answer `{success, id}` (retailcrm/api-client-php: src/ResourceGroup/Orders.php paymentsCreate/paymentsEdit →
 * IdResponse). orders/{x}/edit does not take them (retailcrm/opencart-module#140).
 */
export const paymentWriteResponseSchema = successSchema.extend({ id: num() });

/** The `payment` JSON of a create or edit (src/Model/Entity/Orders/SerializedPayment.php). */
export interface PaymentWrite {
	/** The order, by one of its identifiers (create only). */
	order?: { id?: number; externalId?: string; number?: string };
	/** Payment type code (reference/payment-types); required on create. */
	type?: string;
	/** Payment status code (reference/payment-statuses), e.g. `paid`. */
	status?: string;
	amount?: number;
	/** `Y-m-d H:i:s` in the account's time zone. */
	paidAt?: string;
	comment?: string;
	/** Our id for the payment; unique in the account. With by=externalId an edit cannot change it (only by=id can). */
	externalId?: string;
}
