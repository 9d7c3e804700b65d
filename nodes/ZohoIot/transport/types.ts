import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import type { DataCenter, HeaderScheme, ZohoModule } from '../constants';

/** Every n8n context the transport is called from: operations, list search, dropdowns and the trigger's polls. */
export type ZohoIotContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** What n8n keeps of the OAuth2 exchange, as far as this package reads it. */
export interface ZohoTokenData {
	access_token?: string;
	refresh_token?: string;
	/** ms since epoch, as a string; stamped by n8n 2.x on token data it refreshes. */
	n8n_expires_at?: string | number;
	/** Extra query parameters of Zoho's authorize redirect (location, accounts-server). */
	callbackQueryString?: IDataObject | string;
	/** Present when Zoho answered a refresh with an error n8n mistook for success (HTTP 200). */
	error?: string;
	error_description?: string;
}

/** The decrypted "Zoho IoT OAuth2 API" credential. */
export interface ZohoIotCredentials {
	dataCenter?: DataCenter;
	customAccountsServer?: string;
	/** The token URL n8n refreshes at: the hidden field, resolved from the data centre. */
	accessTokenUrl?: string;
	applicationDomain?: string;
	headerScheme?: HeaderScheme;
	clientId?: string;
	clientSecret?: string;
	oauthTokenData?: ZohoTokenData;
}

export interface ZohoIotRequest {
	method: IHttpRequestMethods;
	/** Path below /iot/v1, e.g. `devices` or `assets/123`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** The input item this request serves, so errors point at it. */
	itemIndex?: number;
	/**
	 * A read sent as POST (datapoint values): retried like a GET after a 5xx or a dropped
	 * connection, never called a create in errors, and a 204 or empty response means no data.
	 */
	read?: boolean;
	/** A list page of this module: read from its bytes, record by record (listBody.ts). */
	listOf?: ZohoModule;
}

export interface ZohoIotWriteRequest extends ZohoIotRequest {
	/** The module whose per-record result array the response carries. */
	module: ZohoModule;
}

/** One HTTP exchange as the transport sees it, whatever the status. */
export interface ZohoResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}
