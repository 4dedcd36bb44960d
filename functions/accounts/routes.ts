import * as z from "zod/mini";
import { emailSchema } from "#shared/email-address";
import { orderBodySchema } from "#shared/orders/schemas";
import { organizationInputSchema } from "#shared/organizations/schemas";
import { route } from "#shared/route-types";
import { humanText } from "#shared/text";

const password = z.string().check(z.minLength(1), z.maxLength(1024));
const name = humanText(100);

export const createAccountBody = z.strictObject({
  firstName: name,
  lastName: name,
  loginEmail: emailSchema,
  recoveryEmail: emailSchema,
  password,
  organization: organizationInputSchema,
  /** The first order (R-O1), the same body as POST .../orders. */
  order: z.optional(orderBodySchema),
});

export const createAccountRoute = route({
  method: "POST",
  path: "/v1/accounts",
  handler: "functions/accounts/create-account.ts",
  auth: "public",
  summary: "Sign up: the user, the organization with the user as legal representative, and a session",
  successStatus: 201,
  body: createAccountBody,
  access: { table: "readWrite", email: true, signingKey: true },
});

export const signInRoute = route({
  method: "POST",
  path: "/v1/sessions",
  handler: "functions/sessions/sign-in.ts",
  auth: "public",
  summary: "Sign in with the login email and password",
  successStatus: 201,
  body: z.strictObject({
    loginEmail: z.string().check(z.trim(), z.minLength(1), z.maxLength(254)),
    password,
  }),
  access: { table: "readWrite", signingKey: true },
});

export const signOutRoute = route({
  method: "DELETE",
  path: "/v1/sessions/current",
  handler: "functions/sessions/sign-out.ts",
  auth: "user",
  summary: "Sign out: revoke the current session",
  successStatus: 204,
  access: { table: "readWrite" },
});

export const meRoute = route({
  method: "GET",
  path: "/v1/me",
  handler: "functions/accounts/me.ts",
  auth: "user",
  summary: "The profile and the organizations of the signed-in user, with role",
  successStatus: 200,
  access: { table: "read" },
});

export const requestLoginEmailChangeRoute = route({
  method: "POST",
  path: "/v1/me/login-email-changes",
  handler: "functions/accounts/request-login-email-change.ts",
  auth: "user",
  freshSession: true,
  summary: "Ask to change the login email: a single-use link goes to the new address",
  successStatus: 202,
  body: z.strictObject({ newLoginEmail: emailSchema, password }),
  access: { table: "readWrite", email: true },
});

export const confirmLoginEmailChangeRoute = route({
  method: "POST",
  path: "/v1/me/login-email-changes/confirm",
  handler: "functions/accounts/confirm-login-email-change.ts",
  // The mailed token is the proof; the link may be opened on a device that is not signed in.
  auth: "public",
  summary: "Confirm a login email change with the mailed token",
  successStatus: 200,
  body: z.strictObject({ token: z.string().check(z.minLength(16), z.maxLength(256)) }),
  access: { table: "readWrite", email: true },
});

export const changePasswordRoute = route({
  method: "PUT",
  path: "/v1/me/password",
  handler: "functions/accounts/change-password.ts",
  auth: "user",
  freshSession: true,
  summary: "Change the password; other sessions stop working",
  successStatus: 204,
  body: z.strictObject({ currentPassword: password, newPassword: password }),
  access: { table: "readWrite", email: true },
});

export const changeRecoveryEmailRoute = route({
  method: "PUT",
  path: "/v1/me/recovery-email",
  handler: "functions/accounts/change-recovery-email.ts",
  auth: "user",
  freshSession: true,
  summary: "Change the recovery email",
  successStatus: 204,
  body: z.strictObject({ recoveryEmail: emailSchema, password }),
  access: { table: "readWrite", email: true },
});

export const closeAccountRoute = route({
  method: "DELETE",
  path: "/v1/me",
  handler: "functions/accounts/close-account.ts",
  auth: "user",
  freshSession: true,
  summary: "Close the account",
  successStatus: 204,
  access: { table: "readWrite", email: true },
});

export const accountRoutes = [
  createAccountRoute,
  signInRoute,
  signOutRoute,
  meRoute,
  requestLoginEmailChangeRoute,
  confirmLoginEmailChangeRoute,
  changePasswordRoute,
  changeRecoveryEmailRoute,
  closeAccountRoute,
];
