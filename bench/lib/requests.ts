import type { LocalRuntime } from "#local/runtime";
import { type SignedUp, signUp } from "#test/support/accounts";
import { type ApiResponse, call, type TestRuntime } from "#test/support/runtime";

/** One HTTP request to a route, as a client would send it. */
export interface RouteRequest {
  method: string;
  /** The concrete path: `/v1/organizations/abc`. */
  path: string;
  token?: string;
  /** A JSON body. */
  body?: unknown;
  /** A non-JSON body (an upload), sent with its content-type header. */
  rawBody?: Buffer;
  headers?: Record<string, string>;
}

export interface ScriptContext {
  /** The local runtime in the shape the test helpers take (`#test/support/*`). */
  readonly local: TestRuntime;
  /** The local HTTP API used for set-up steps (never measured). */
  readonly api: string;
  /**
   * A signed-up user (legal representative of an organization of its own) per name, made on
   * first use: scripts that share one change nothing the others rely on.
   */
  user(name?: string): Promise<SignedUp>;
  /** A new signed-up user, for scripts that use up or change their account. */
  freshUser(): Promise<SignedUp>;
  /** A new organization of `user`, made over HTTP; its id. */
  freshOrganization(user: SignedUp): Promise<string>;
  /** The value of a set-up made once per run of the harness, by name. */
  once<T>(name: string, make: () => Promise<T>): Promise<T>;
}

/**
 * How to make one valid request to a route: `prepare` does any set-up over HTTP (a fresh
 * user, a mailed token...) and returns the request to measure. A script must give the
 * route's success answer; the figures flag any other status.
 */
export interface RouteScript {
  /** Where the request comes from, shown beside the figures: an authorization row or a bench script (why). */
  source: string;
  /** The status a valid request gets; the route's declared success status when absent. */
  expect?: number;
  prepare(context: ScriptContext): Promise<RouteRequest>;
}

export const send = (base: string, request: RouteRequest): Promise<ApiResponse> =>
  call(base, request.method, request.path, {
    ...(request.token ? { token: request.token } : {}),
    ...(request.body !== undefined ? { body: request.body } : {}),
    ...(request.rawBody !== undefined ? { rawBody: request.rawBody } : {}),
    ...(request.headers ? { headers: request.headers } : {}),
  });

/** Fails a set-up step that did not answer as expected, with what it answered. */
export function expectStatus<T>(response: ApiResponse<T>, status: number, what: string): ApiResponse<T> {
  if (response.status !== status)
    throw new Error(`set-up "${what}" answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response;
}

export const companyInput = {
  type: "company",
  name: "Bench Works SA",
  postalAddress: { line1: "Rue du Lac 1", postalCode: "1200", city: "Genève", country: "CH" },
  phone: "+41 22 000 00 00",
} as const;

export function scriptContext(runtime: LocalRuntime): ScriptContext {
  const made = new Map<string, Promise<unknown>>();
  const once = <T>(name: string, make: () => Promise<T>): Promise<T> => {
    let value = made.get(name) as Promise<T> | undefined;
    if (!value) {
      value = make();
      made.set(name, value);
    }
    return value;
  };
  const api = runtime.urls.api;
  return {
    local: { runtime, api },
    api,
    user: (name = "shared") => once(`user:${name}`, () => signUp(api)),
    freshUser: () => signUp(api),
    freshOrganization: async (user) => {
      const created = await call<{ orgId: string }>(api, "POST", "/v1/organizations", {
        token: user.token,
        body: companyInput,
      });
      return expectStatus(created, 201, "a new organization").body.orgId;
    },
    once,
  };
}
