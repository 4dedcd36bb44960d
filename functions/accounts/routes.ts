import * as z from "zod/mini";
import {
  loginEmailChangedResponse,
  loginEmailChangeRequestedResponse,
  meResponse,
  noContent,
  passwordResetRequestedResponse,
  sessionResponse,
  signedUpAccountResponse,
} from "#functions/accounts/responses";
import { emailSchema } from "#shared/email-address";
import { issueMessage } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import { languages } from "#shared/i18n/languages";
import { orderBodySchema } from "#shared/orders/schemas";
import { organizationInputSchema, phoneSchema } from "#shared/organizations/schemas";
import { route } from "#shared/route-types";
import { humanText } from "#shared/text";

const password = z.string().check(z.minLength(1), z.maxLength(1024));
const name = humanText(100);

/**
 * Two ways in: with an organization of one's own (and the login email, and perhaps a first
 * order: R-O1), or from an invitation (R-M7: the invited address is the login email, the
 * mailed token its proof, and the account joins the inviting organization only).
 */
export const createAccountBody = z
  .strictObject({
    firstName: name,
    lastName: name,
    loginEmail: z.optional(emailSchema),
    recoveryEmail: emailSchema,
    password,
    organization: z.optional(organizationInputSchema),
    /** The first order (R-O1), the same body as POST .../orders. */
    order: z.optional(orderBodySchema),
    /** The token of a mailed invitation, instead of `organization` and `loginEmail` (R-M7). */
    invitationToken: z.optional(z.string().check(z.minLength(16), z.maxLength(256))),
    /** R-L1: the user's language; absent: the request's Accept-Language, else English. */
    language: z.optional(z.enum(languages)),
  })
  .check(
    z.refine((body) => body.invitationToken !== undefined || body.organization !== undefined, {
      params: issueMessage(texts.organizationOrInvitation),
      path: ["organization"],
    }),
    z.refine((body) => body.invitationToken !== undefined || body.loginEmail !== undefined, {
      params: issueMessage(texts.fieldRequired),
      path: ["loginEmail"],
    }),
    z.refine((body) => body.invitationToken === undefined || body.organization === undefined, {
      params: issueMessage(texts.invitedWithoutOrganization),
      path: ["organization"],
    }),
    z.refine((body) => body.invitationToken === undefined || body.loginEmail === undefined, {
      params: issueMessage(texts.invitedWithoutLoginEmail),
      path: ["loginEmail"],
    }),
    z.refine((body) => body.invitationToken === undefined || body.order === undefined, {
      params: issueMessage(texts.invitedWithoutOrder),
      path: ["order"],
    }),
  );

export const createAccountRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/accounts",
  handler: "functions/accounts/create-account.ts",
  passwordHashing: true,
  auth: "public",
  summary:
    "Sign up: the user, the organization with the user as legal representative, and a session; or, with invitationToken, the user joining the inviting organization",
  successStatus: 201,
  response: signedUpAccountResponse,
  body: createAccountBody,
  access: { table: "readWrite", signingKey: true },
});

export const signInRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/sessions",
  handler: "functions/sessions/sign-in.ts",
  passwordHashing: true,
  auth: "public",
  summary: "Sign in with the login email and password",
  successStatus: 201,
  response: sessionResponse,
  body: z.strictObject({
    loginEmail: z.string().check(z.trim(), z.minLength(1), z.maxLength(254)),
    password,
  }),
  access: { table: "readWrite", signingKey: true },
});

export const signOutRoute = /* @__PURE__ */ route({
  method: "DELETE",
  path: "/v1/sessions/current",
  handler: "functions/sessions/sign-out.ts",
  auth: "user",
  summary: "Sign out: revoke the current session",
  successStatus: 204,
  response: noContent,
  access: { table: "readWrite" },
});

export const meRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/me",
  handler: "functions/accounts/me.ts",
  auth: "user",
  summary: "The profile and the organizations of the signed-in user, with role",
  successStatus: 200,
  response: meResponse,
  access: { table: "read" },
});

/**
 * R-S4, R-L1: the user's own name, phone and language; any of them, the others kept (`phone: null`
 * removes it). An empty body changes nothing and answers the profile.
 */
export const updateProfileBody = z.strictObject({
  firstName: z.optional(name),
  lastName: z.optional(name),
  phone: z.optional(z.nullable(phoneSchema)),
  language: z.optional(z.enum(languages)),
});

export const updateProfileRoute = /* @__PURE__ */ route({
  method: "PATCH",
  path: "/v1/me",
  handler: "functions/accounts/update-profile.ts",
  auth: "user",
  summary: "Change one's own name, phone and language (R-S4); answers the profile as GET /v1/me does",
  successStatus: 200,
  response: meResponse,
  body: updateProfileBody,
  access: { table: "readWrite" },
});

export const requestLoginEmailChangeRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/me/login-email-changes",
  handler: "functions/accounts/request-login-email-change.ts",
  passwordHashing: true,
  auth: "user",
  freshSession: true,
  summary: "Ask to change the login email: a single-use link goes to the new address",
  successStatus: 202,
  response: loginEmailChangeRequestedResponse,
  body: z.strictObject({ newLoginEmail: emailSchema, password }),
  access: { table: "readWrite" },
});

export const confirmLoginEmailChangeRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/me/login-email-changes/confirm",
  handler: "functions/accounts/confirm-login-email-change.ts",
  // The mailed token is the proof; the link may be opened on a device that is not signed in.
  auth: "public",
  summary: "Confirm a login email change with the mailed token",
  successStatus: 200,
  response: loginEmailChangedResponse,
  body: z.strictObject({ token: z.string().check(z.minLength(16), z.maxLength(256)) }),
  access: { table: "readWrite" },
});

export const changePasswordRoute = /* @__PURE__ */ route({
  method: "PUT",
  path: "/v1/me/password",
  handler: "functions/accounts/change-password.ts",
  passwordHashing: true,
  auth: "user",
  freshSession: true,
  summary: "Change the password; other sessions stop working",
  successStatus: 204,
  response: noContent,
  body: z.strictObject({ currentPassword: password, newPassword: password }),
  access: { table: "readWrite" },
});

export const changeRecoveryEmailRoute = /* @__PURE__ */ route({
  method: "PUT",
  path: "/v1/me/recovery-email",
  handler: "functions/accounts/change-recovery-email.ts",
  passwordHashing: true,
  auth: "user",
  freshSession: true,
  summary: "Change the recovery email",
  successStatus: 204,
  response: noContent,
  body: z.strictObject({ recoveryEmail: emailSchema, password }),
  access: { table: "readWrite" },
});

export const closeAccountRoute = /* @__PURE__ */ route({
  method: "DELETE",
  path: "/v1/me",
  handler: "functions/accounts/close-account.ts",
  auth: "user",
  freshSession: true,
  summary:
    "Close the account; an organization it leaves with no member goes through the organization's deletion (R-A7)",
  successStatus: 204,
  response: noContent,
  access: { table: "readWrite", workflows: ["organization-deletion"] },
});

export const requestPasswordResetRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/password-resets",
  handler: "functions/accounts/request-password-reset.ts",
  auth: "public",
  summary:
    "Forgotten password: a single-use link (30 minutes) goes to the login and the recovery address; the same answer whether or not an account has the address",
  successStatus: 202,
  response: passwordResetRequestedResponse,
  body: z.strictObject({ email: emailSchema }),
  access: { table: "readWrite" },
});

export const confirmPasswordResetRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/password-resets/confirm",
  handler: "functions/accounts/confirm-password-reset.ts",
  passwordHashing: true,
  auth: "public",
  summary:
    "Set a new password with a mailed reset link: every session ends, the sign-in lock lifts; the login-address link may also set a new recovery address",
  successStatus: 204,
  response: noContent,
  body: z.strictObject({
    token: z.string().check(z.minLength(16), z.maxLength(256)),
    newPassword: password,
    recoveryEmail: z.optional(emailSchema),
  }),
  access: { table: "readWrite" },
});

export const accountRoutes = [
  createAccountRoute,
  signInRoute,
  signOutRoute,
  meRoute,
  updateProfileRoute,
  requestLoginEmailChangeRoute,
  confirmLoginEmailChangeRoute,
  changePasswordRoute,
  changeRecoveryEmailRoute,
  closeAccountRoute,
  requestPasswordResetRoute,
  confirmPasswordResetRoute,
];
