import { randomBytes } from "node:crypto";
import { call } from "#test/support/runtime";

export const strongPassword = "Correct-Horse-Battery-9";

let counter = 0;
/** A unique address per call, so tests in one runtime never collide. */
export const uniqueEmail = (label = "user") =>
  `${label}.${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString("hex")}@example.org`;

export interface SignedUp {
  userId: string;
  orgId: string;
  loginEmail: string;
  recoveryEmail: string;
  token: string;
  organizationName: string;
}

export const individualOrganization = {
  type: "individual",
  postalAddress: { line1: "Rue du Lac 1", postalCode: "1200", city: "Genève", country: "CH" },
  phone: "+41 22 000 00 00",
} as const;

/** Signs a new person up over HTTP and returns what the tests need. */
export async function signUp(
  api: string,
  overrides: Partial<{
    firstName: string;
    lastName: string;
    loginEmail: string;
    recoveryEmail: string;
    password: string;
    organization: unknown;
    order: unknown;
  }> = {},
  /** The client's address, when not 127.0.0.1 (see `call`). */
  client: { from?: string } = {},
): Promise<SignedUp> {
  const loginEmail = overrides.loginEmail ?? uniqueEmail();
  const body = {
    firstName: "Ada",
    lastName: "Lovelace",
    loginEmail,
    recoveryEmail: overrides.recoveryEmail ?? uniqueEmail("recovery"),
    password: strongPassword,
    organization: individualOrganization,
    ...overrides,
  };
  const response = await call<{
    user: { userId: string; loginEmail: string; recoveryEmail: string };
    organization: { orgId: string; name: string };
    token: string;
  }>(api, "POST", "/v1/accounts", { body, ...client });
  if (response.status !== 201)
    throw new Error(`sign-up failed: ${response.status} ${JSON.stringify(response.body)}`);
  return {
    userId: response.body.user.userId,
    orgId: response.body.organization.orgId,
    loginEmail: response.body.user.loginEmail,
    recoveryEmail: response.body.user.recoveryEmail,
    token: response.body.token,
    organizationName: response.body.organization.name,
  };
}

export async function signIn(api: string, loginEmail: string, password = strongPassword) {
  return call<{ token: string; expiresAt: string; code?: string }>(api, "POST", "/v1/sessions", {
    body: { loginEmail, password },
  });
}

/** The token or code in a mail body, after `label:` or in a `?token=` link. */
export const tokenFromMail = (text: string | undefined) => {
  const match = /token=([A-Za-z0-9_-]{20,})/.exec(text ?? "");
  if (!match?.[1]) throw new Error(`no token in mail: ${text}`);
  return match[1];
};
