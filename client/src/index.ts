import createClient, { type Client, type ClientOptions, type Middleware } from "openapi-fetch";
import type { components, operations, paths } from "./schema";

export type { components, operations, paths };
/** A named schema of the API: `Schema<"Invoice">`. */
export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];
/** The API's problem answer (`application/problem+json`), with its stable `code`. */
export type Problem = components["schemas"]["Problem"];
export type AccountWorkflowsClient = Client<paths>;

export interface AccountWorkflowsClientOptions extends Omit<ClientOptions, "baseUrl"> {
  /** The API's origin: `https://api.hosting.ch`, or `npm start`'s `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** The session token to send, read before each call (it changes at sign-in and sign-out). */
  token?: () => string | undefined;
}

/**
 * A typed client of the hosting account workflows API: paths, parameters, bodies and answers
 * are checked by TypeScript from the API's OpenAPI document.
 *
 * ```ts
 * const api = createAccountWorkflowsClient({ baseUrl, token: () => session?.token });
 * const { data, error } = await api.GET("/v1/organizations/{orgId}/invoices", {
 *   params: { path: { orgId } },
 * });
 * ```
 */
export function createAccountWorkflowsClient(options: AccountWorkflowsClientOptions): AccountWorkflowsClient {
  const { token, ...clientOptions } = options;
  const client = createClient<paths>(clientOptions);
  if (token) {
    const bearer: Middleware = {
      onRequest({ request }) {
        const value = token();
        if (value) request.headers.set("authorization", `Bearer ${value}`);
        return request;
      },
    };
    client.use(bearer);
  }
  return client;
}
