import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { TransportError } from '../core/http/transport';

/**
 * What our core errors (retailCRM, 1C OData, validation) have in common: a message that says what
 * happened, and a hint that says what to do. Read by shape so this file needs no client import.
 */
interface DescribedError {
	message: string;
	hint?: string;
	status?: number;
	httpCode?: number;
}

function isApiLike(error: unknown): error is DescribedError {
	const e = error as DescribedError;
	return typeof e?.message === 'string' && (typeof e.status === 'number' || typeof e.httpCode === 'number');
}

/**
 * Wraps any error thrown by core code into the n8n error the UI renders well:
 * remote answers → NodeApiError (with HTTP code), everything else → NodeOperationError.
 * Messages come from our own code, which never includes API keys or passwords.
 */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const described = error as DescribedError;
	const description = typeof described?.hint === 'string' ? described.hint : undefined;
	if (error instanceof TransportError) {
		return new NodeApiError(node, { message: error.message } as JsonObject, {
			message: error.message,
			description: description ?? 'The server did not answer. Check the URL in the credential and that the server is reachable from n8n.',
			itemIndex,
		});
	}
	if (isApiLike(error)) {
		const status = described.status ?? described.httpCode;
		return new NodeApiError(node, { message: described.message } as JsonObject, {
			message: described.message,
			description,
			httpCode: status !== undefined ? String(status) : undefined,
			itemIndex,
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message, { description, itemIndex });
}
