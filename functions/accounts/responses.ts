import * as z from "zod/mini";
import { currency, invoiceAddress, invoiceLine, minorUnits, timestamp } from "#shared/api/responses";
import { productKinds } from "#shared/catalog/catalog";
import { organizationStatuses, organizationTypes, roles } from "#shared/entities";
import { languages } from "#shared/i18n/languages";
import { paymentMethods } from "#shared/orders/payment-methods";
import type { JsonResponse } from "#shared/route-types";

/**
 * The success answers of the account and session routes. The parts shared with other areas
 * (an organization, an order, an invoice) are described here as these routes answer them, and
 * left unnamed: the areas that own them name their own components.
 */

const email = z.email();

/** `userView` (shared/accounts/accounts.ts). */
const userShape = {
  userId: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  /** R-S4: set with PATCH /v1/me; absent until then. */
  phone: z.optional(z.string()),
  loginEmail: email,
  recoveryEmail: email,
  /** R-L1: the language of everything the user reads (mails, their documents). */
  language: z.enum(languages),
  createdAt: timestamp,
};
const user = z.strictObject(userShape);

/** `organizationView` (shared/organizations/organizations.ts). */
const organization = z.strictObject({
  orgId: z.string(),
  name: z.string(),
  type: z.enum(organizationTypes),
  postalAddress: z.strictObject({
    line1: z.string(),
    line2: z.optional(z.string()),
    postalCode: z.string(),
    city: z.string(),
    country: z.string(),
  }),
  phone: z.optional(z.string()),
  currency,
  language: z.enum(languages),
  status: z.enum(organizationStatuses),
  /** The logo's content type and where to read it; null without a logo. */
  logo: z.nullable(
    z.strictObject({
      contentType: z.optional(z.enum(["image/png", "image/jpeg", "image/svg+xml"])),
      url: z.string(),
    }),
  ),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** The new session: a bearer token and when it expires. */
const sessionShape = { token: z.string(), expiresAt: timestamp };

/** `orderView` (shared/orders/orders.ts). */
const order = z.strictObject({
  orderId: z.string(),
  paymentMethod: z.enum(paymentMethods),
  billingAddressId: z.optional(z.string()),
  currency,
  lines: z.array(
    z.strictObject({
      productId: z.string(),
      productKind: z.enum(productKinds),
      name: z.string(),
      price: minorUnits,
      reduction: minorUnits,
      total: minorUnits,
      promoCode: z.optional(z.string()),
      freeOfferId: z.optional(z.string()),
    }),
  ),
  total: minorUnits,
  invoiceId: z.string(),
  placedBy: z.string(),
  createdAt: timestamp,
});

/** `invoiceView` (shared/billing/invoices.ts). */
const invoice = z.strictObject({
  invoiceId: z.string(),
  orderId: z.optional(z.string()),
  status: z.enum(["open", "paid", "void"]),
  amount: minorUnits,
  currency,
  paymentMethod: z.enum(paymentMethods),
  lines: z.array(invoiceLine),
  issuedAt: timestamp,
  paidAt: z.optional(timestamp),
  paidWith: z.optional(z.enum(["prepaid", "card"])),
  billingAddress: z.optional(invoiceAddress),
});

/** A card order's charge (`chargeInvoiceByCard`); absent for the other payment methods. */
const payment = z.strictObject({
  status: z.enum(["paid", "failed"]),
  paymentId: z.optional(z.string()),
  detail: z.optional(z.string()),
});

/**
 * The first order refused after the account was created (a code redeemed to its limit
 * meanwhile): the problem's status, code and detail with its extensions (R-P4's `line`,
 * `reason` and `refusals`; the billing address an order named).
 */
const orderRefusal = z.strictObject({
  status: z.int(),
  code: z.string(),
  detail: z.optional(z.string()),
  line: z.optional(z.int()),
  reason: z.optional(z.string()),
  refusals: z.optional(
    z.array(
      z.strictObject({
        line: z.int(),
        code: z.string(),
        reason: z.string(),
        detail: z.string(),
      }),
    ),
  ),
  billingAddressId: z.optional(z.string()),
});

/** `memberView` of the invited account's new membership (shared/members/members.ts). */
const membership = z.strictObject({
  userId: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  loginEmail: email,
  role: z.enum(roles),
  billingRights: z.boolean(),
  productIds: z.array(z.string()),
  joinedAt: timestamp,
});

const signedUpShape = { user, organization, ...sessionShape };

const exampleUser = {
  userId: "u7Kq2mZx9LpA3bCd",
  firstName: "Anna",
  lastName: "Muster",
  loginEmail: "anna@muster.ch",
  recoveryEmail: "anna.muster@gmail.com",
  language: "de",
  createdAt: "2026-12-01T09:00:00.000Z",
};

/**
 * POST /v1/accounts: the user, the organization and a session; with a first order, the order
 * and its invoice (and a card's charge), or `orderRefusal` when it was refused after the account
 * was created; from an invitation (R-M7), the inviting organization and the new membership. A
 * replay of the same sign-up (same Idempotency-Key and body) answers the same with a new session.
 */
export const signedUpAccountResponse: JsonResponse = {
  name: "SignedUpAccount",
  schema: z.union([
    z.strictObject(signedUpShape),
    z.strictObject({ ...signedUpShape, order, invoice, payment: z.optional(payment) }),
    z.strictObject({ ...signedUpShape, orderRefusal }),
    z.strictObject({ ...signedUpShape, membership }),
  ]),
  components: { User: user },
  example: {
    user: exampleUser,
    organization: {
      orgId: "o3Fh8sLw1QeR5tYu",
      name: "Muster GmbH",
      type: "company",
      postalAddress: { line1: "Bahnhofstrasse 1", postalCode: "8001", city: "Zürich", country: "CH" },
      phone: "+41 44 123 45 67",
      currency: "CHF",
      language: "de",
      status: "active",
      logo: null,
      createdAt: "2026-12-01T09:00:00.000Z",
      updatedAt: "2026-12-01T09:00:00.000Z",
    },
    token: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzaWQiOiJzMSJ9.c2lnbmF0dXJl",
    expiresAt: "2026-12-01T10:00:00.000Z",
    order: {
      orderId: "0miq3k2a0Xy7Qw3ErTy",
      paymentMethod: "invoice",
      currency: "CHF",
      lines: [
        {
          productId: "p9Gh2jKl4ZxC6vBn",
          productKind: "domain",
          name: "muster.ch",
          price: 1500,
          reduction: 0,
          total: 1500,
        },
      ],
      total: 1500,
      invoiceId: "0miq3k2a1Ab9Cd8EfGh",
      placedBy: "u7Kq2mZx9LpA3bCd",
      createdAt: "2026-12-01T09:00:00.000Z",
    },
    invoice: {
      invoiceId: "0miq3k2a1Ab9Cd8EfGh",
      orderId: "0miq3k2a0Xy7Qw3ErTy",
      status: "open",
      amount: 1500,
      currency: "CHF",
      paymentMethod: "invoice",
      lines: [{ description: "Domain name: muster.ch", price: 1500, reduction: 0, total: 1500 }],
      issuedAt: "2026-12-01T09:00:00.000Z",
      billingAddress: {
        name: "Muster GmbH",
        line1: "Bahnhofstrasse 1",
        postalCode: "8001",
        city: "Zürich",
        country: "CH",
      },
    },
  },
};

/** POST /v1/sessions: the bearer token of the new session. */
export const sessionResponse: JsonResponse = {
  name: "Session",
  schema: z.strictObject(sessionShape),
  example: {
    token: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzaWQiOiJzMiJ9.c2lnbmF0dXJl",
    expiresAt: "2026-12-01T10:00:00.000Z",
  },
};

/** GET /v1/me: the profile and every organization the user belongs to, with role (R-O7). */
export const meResponse: JsonResponse = {
  name: "Me",
  schema: z.strictObject({
    ...userShape,
    organizations: z.array(
      z.strictObject({
        orgId: z.string(),
        name: z.string(),
        role: z.enum(roles),
        billingRights: z.boolean(),
      }),
    ),
  }),
  example: {
    ...exampleUser,
    organizations: [
      { orgId: "o3Fh8sLw1QeR5tYu", name: "Muster GmbH", role: "legal_representative", billingRights: true },
      { orgId: "o5Jk7lMn2PqR4sTv", name: "Verein Beispiel", role: "user", billingRights: false },
    ],
  },
};

/** POST /v1/me/login-email-changes: the link went to the new address (202). */
export const loginEmailChangeRequestedResponse: JsonResponse = {
  name: "LoginEmailChangeRequested",
  schema: z.strictObject({ status: z.literal("confirmation_sent"), sentTo: email }),
  example: { status: "confirmation_sent", sentTo: "anna@newdomain.ch" },
};

/** POST /v1/me/login-email-changes/confirm: the login email now. */
export const loginEmailChangedResponse: JsonResponse = {
  name: "LoginEmailChanged",
  schema: z.strictObject({ loginEmail: email }),
  example: { loginEmail: "anna@newdomain.ch" },
};

/** POST /v1/password-resets: the same answer whether or not an account has the address (R-A8). */
export const passwordResetRequestedResponse: JsonResponse = {
  name: "PasswordResetRequested",
  schema: z.strictObject({ status: z.literal("reset_requested") }),
  example: { status: "reset_requested" },
};

/** The answers without a body (204). */
export const noContent = { empty: true } as const;
