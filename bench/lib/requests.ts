import type { LocalRuntime } from "#local/runtime";
import {
  type SignedUp,
  signIn,
  signUp,
  strongPassword,
  tokenFromMail,
  uniqueEmail,
} from "#test/support/accounts";
import { type ApiResponse, call, eventually, mailsTo } from "#test/support/runtime";

/** One HTTP request to a route, as a client would send it. */
export interface RouteRequest {
  method: string;
  /** The concrete path: `/v1/organizations/abc`. */
  path: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ScriptContext {
  /** The local HTTP API used for set-up steps (never measured). */
  readonly api: string;
  readonly runtime: LocalRuntime;
  /** A signed-up user for scripts that change nothing the others rely on. */
  sharedUser(): Promise<SignedUp>;
  /** A new signed-up user, for scripts that use up or change their account. */
  freshUser(): Promise<SignedUp>;
}

/**
 * How to make one valid request to a route: `prepare` does any set-up over HTTP (a fresh
 * user, a mailed token...) and returns the request to measure. A script must give the
 * route's success answer; the figures flag any other status.
 */
export interface RouteScript {
  prepare(context: ScriptContext): Promise<RouteRequest>;
}

export const send = (base: string, request: RouteRequest): Promise<ApiResponse> =>
  call(base, request.method, request.path, {
    ...(request.token ? { token: request.token } : {}),
    ...(request.body !== undefined ? { body: request.body } : {}),
    ...(request.headers ? { headers: request.headers } : {}),
  });

export function scriptContext(runtime: LocalRuntime): ScriptContext {
  let shared: Promise<SignedUp> | undefined;
  return {
    api: runtime.urls.api,
    runtime,
    sharedUser: () => {
      shared ??= signUp(runtime.urls.api);
      return shared;
    },
    freshUser: () => signUp(runtime.urls.api),
  };
}

const newPassword = "Another-Horse-Battery-7";

/** The mailed token of a login email change asked over HTTP. */
async function loginEmailChangeToken(context: ScriptContext, user: SignedUp) {
  const newLoginEmail = uniqueEmail("new-login");
  const asked = await send(context.api, {
    method: "POST",
    path: "/v1/me/login-email-changes",
    token: user.token,
    body: { newLoginEmail, password: strongPassword },
  });
  if (asked.status !== 202) throw new Error(`login email change refused: ${asked.status}`);
  const mail = await eventually(
    async () => (await mailsTo(context.runtime, newLoginEmail))[0],
    5_000,
    "the mail",
  );
  return tokenFromMail(mail.body.text);
}

/**
 * Scripts of the routes that exist, by route key. A route of the route table with no script
 * here is reported as "not measured" by the figures that need one, never skipped silently.
 * Add a script when a route lands (or derive them from test/support/authorization-rows/).
 */
export const routeScripts: Record<string, RouteScript> = {
  "GET /v1/health": { prepare: async () => ({ method: "GET", path: "/v1/health" }) },
  "GET /v1/openapi.json": { prepare: async () => ({ method: "GET", path: "/v1/openapi.json" }) },
  "GET /v1/catalog": { prepare: async () => ({ method: "GET", path: "/v1/catalog" }) },
  "POST /v1/accounts": {
    prepare: async () => ({
      method: "POST",
      path: "/v1/accounts",
      body: {
        firstName: "Ada",
        lastName: "Lovelace",
        loginEmail: uniqueEmail("bench"),
        recoveryEmail: uniqueEmail("bench-recovery"),
        password: strongPassword,
        organization: {
          type: "individual",
          postalAddress: { line1: "Rue du Lac 1", postalCode: "1200", city: "Genève", country: "CH" },
          phone: "+41 22 000 00 00",
        },
      },
    }),
  },
  "POST /v1/sessions": {
    prepare: async (context) => {
      const user = await context.sharedUser();
      return {
        method: "POST",
        path: "/v1/sessions",
        body: { loginEmail: user.loginEmail, password: strongPassword },
      };
    },
  },
  "DELETE /v1/sessions/current": {
    prepare: async (context) => {
      const user = await context.sharedUser();
      const session = await signIn(context.api, user.loginEmail);
      return { method: "DELETE", path: "/v1/sessions/current", token: session.body.token };
    },
  },
  "GET /v1/me": {
    prepare: async (context) => ({
      method: "GET",
      path: "/v1/me",
      token: (await context.sharedUser()).token,
    }),
  },
  "POST /v1/me/login-email-changes": {
    prepare: async (context) => ({
      method: "POST",
      path: "/v1/me/login-email-changes",
      token: (await context.sharedUser()).token,
      body: { newLoginEmail: uniqueEmail("new-login"), password: strongPassword },
    }),
  },
  "POST /v1/me/login-email-changes/confirm": {
    prepare: async (context) => {
      const user = await context.freshUser();
      return {
        method: "POST",
        path: "/v1/me/login-email-changes/confirm",
        body: { token: await loginEmailChangeToken(context, user) },
      };
    },
  },
  "PUT /v1/me/password": {
    prepare: async (context) => ({
      method: "PUT",
      path: "/v1/me/password",
      token: (await context.freshUser()).token,
      body: { currentPassword: strongPassword, newPassword },
    }),
  },
  "PUT /v1/me/recovery-email": {
    prepare: async (context) => ({
      method: "PUT",
      path: "/v1/me/recovery-email",
      token: (await context.sharedUser()).token,
      body: { recoveryEmail: uniqueEmail("recovery"), password: strongPassword },
    }),
  },
  "DELETE /v1/me": {
    prepare: async (context) => ({
      method: "DELETE",
      path: "/v1/me",
      token: (await context.freshUser()).token,
    }),
  },
};
