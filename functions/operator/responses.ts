import * as z from "zod/mini";
import { currency, invoiceAddress, invoiceLine, minorUnits, timestamp } from "#shared/api/responses";
import { invoiceStatuses, ledgerKinds } from "#shared/billing/statuses";
import { productKinds } from "#shared/catalog/catalog";
import { deletionStepNames } from "#shared/deletion/entities";
import { organizationTypes } from "#shared/entities";
import { languages } from "#shared/i18n/languages";
import { removalStepNames } from "#shared/organizations/entities";
import type { JsonResponse } from "#shared/route-types";
import { terminationStatuses, terminationSteps } from "#shared/termination/entities";

// ---- promo codes and free offers ----

/** A promo code as `promoCodeView` shows it: a percentage or an amount off, never both (R-P2). */
export const promoCode = z.strictObject({
  code: z.string(),
  percentOff: z.optional(z.int().check(z.gte(1), z.lte(100))),
  /** Minor units of `currency`. */
  amountOff: z.optional(minorUnits),
  /** With `amountOff` only. */
  currency: z.optional(currency),
  /** The kinds it applies to; absent: every kind. */
  productKinds: z.optional(z.array(z.enum(productKinds))),
  expiresAt: z.optional(timestamp),
  maxRedemptions: z.optional(z.int().check(z.positive())),
  redemptions: z.int().check(z.nonnegative()),
  createdAt: timestamp,
});

export const promoCodeCreatedResponse: JsonResponse = {
  name: "PromoCodeCreated",
  schema: z.strictObject({ promoCode }),
  components: { PromoCode: promoCode },
  example: {
    promoCode: {
      code: "SPRING25",
      percentOff: 25,
      productKinds: ["web_hosting", "domain"],
      expiresAt: "2026-06-30T22:00:00.000Z",
      maxRedemptions: 500,
      redemptions: 0,
      createdAt: "2026-03-01T08:00:00.000Z",
    },
  },
};

export const grantedFreeOfferResponse: JsonResponse = {
  name: "GrantedFreeOffer",
  schema: z.strictObject({
    freeOfferId: z.string(),
    orgId: z.string(),
    productKind: z.enum(productKinds),
    grantedAt: timestamp,
  }),
  example: {
    freeOfferId: "fo9d3k2m7q1x",
    orgId: "org4h7d2k9m1",
    productKind: "mail_service",
    grantedAt: "2026-03-01T08:00:00.000Z",
  },
};

// ---- stuck work ----

const workflowStatus = z.enum(["running", "succeeded", "failed"]);
/** What Step Functions says of the execution now; `NOT_STARTED` when it does not exist. */
const executionStatus = z.enum([
  "RUNNING",
  "SUCCEEDED",
  "FAILED",
  "TIMED_OUT",
  "ABORTED",
  "PENDING_REDRIVE",
  "NOT_STARTED",
  "UNKNOWN",
]);
const failure = <Step extends z.core.$ZodType>(step: Step) =>
  z.optional(z.strictObject({ step, reason: z.string(), at: z.optional(timestamp) }));

/** A failed organization deletion: an operator may resume it for its owner. */
export const stuckDeletion = z.strictObject({
  kind: z.literal("deletion"),
  orgId: z.string(),
  organizationName: z.string(),
  status: workflowStatus,
  attempt: z.int().check(z.positive()),
  failure: failure(z.enum([...deletionStepNames, "unknown"])),
  updatedAt: timestamp,
  executionArn: z.optional(z.string()),
  executionStatus,
  /** The owner a resume acts for, and how they asked (a request, or the closing of their account). */
  requestedBy: z.string(),
  requestedThrough: z.enum(["request", "account-closure"]),
});

/** A failed product termination. */
export const stuckTermination = z.strictObject({
  kind: z.literal("termination"),
  orgId: z.string(),
  productId: z.string(),
  status: z.enum(terminationStatuses),
  failure: failure(z.enum(terminationSteps)),
  updatedAt: timestamp,
  executionArn: z.optional(z.string()),
  executionStatus,
  requestedBy: z.string(),
});

/** A member removal running without progress for longer than the threshold. */
export const stuckRemoval = z.strictObject({
  kind: z.literal("removal"),
  orgId: z.string(),
  removalId: z.string(),
  /** The member being removed. */
  userId: z.string(),
  status: workflowStatus,
  attempt: z.int().check(z.positive()),
  /** The step it is at. */
  step: z.enum(["start", ...removalStepNames, "unknown"]),
  failure: failure(z.enum(["start", ...removalStepNames])),
  updatedAt: timestamp,
  executionArn: z.optional(z.string()),
  executionStatus,
});

/** A mail that could not be sent: an operator may send it again. */
export const stuckMail = z.strictObject({
  kind: z.literal("mail"),
  mailId: z.string(),
  /** The template's name (shared/email-templates/catalog.ts). */
  template: z.string(),
  recipients: z.array(z.string()),
  status: z.literal("failed"),
  attempts: z.int().check(z.nonnegative()),
  /** SES_SANDBOX (the account is in the SES sandbox), SES_REJECTED, SES_UNAVAILABLE (retried by itself), RENDER_FAILED... */
  failure: z.optional(
    z.strictObject({ code: z.string(), message: z.string(), at: timestamp, retryable: z.boolean() }),
  ),
  updatedAt: timestamp,
});

export const stuckWorkItem = z.discriminatedUnion("kind", [
  stuckDeletion,
  stuckTermination,
  stuckRemoval,
  stuckMail,
]);

/** A failed mail asked again. */
export const resentMailResponse: JsonResponse = {
  name: "ResentMail",
  schema: z.strictObject({ mailId: z.string(), status: z.literal("pending") }),
  example: { mailId: "dfSbmX8pKq2-4ruwc0lsYw", status: "pending" },
};

export const stuckWorkResponse: JsonResponse = {
  name: "StuckWork",
  schema: z.strictObject({
    kind: z.enum(["deletions", "terminations", "removals", "mails"]),
    olderThanMinutes: z.int().check(z.nonnegative()),
    /** The newest `updatedAt` listed: now less the threshold. */
    updatedBy: timestamp,
    /** Oldest first. */
    items: z.array(stuckWorkItem),
    /** The next page's cursor; absent on the last page. */
    nextCursor: z.optional(z.string()),
  }),
  components: {
    StuckWorkItem: stuckWorkItem,
    StuckDeletion: stuckDeletion,
    StuckTermination: stuckTermination,
    StuckRemoval: stuckRemoval,
    StuckMail: stuckMail,
  },
  example: {
    kind: "deletions",
    olderThanMinutes: 0,
    updatedBy: "2026-05-04T10:00:00.000Z",
    items: [
      {
        kind: "deletion",
        orgId: "org4h7d2k9m1",
        organizationName: "Example Association",
        status: "failed",
        attempt: 1,
        failure: {
          step: "refund_balance",
          reason: "PayoutRefused: The payment provider refused the payout.",
          at: "2026-05-04T09:00:07.000Z",
        },
        updatedAt: "2026-05-04T09:00:07.000Z",
        executionArn:
          "arn:aws:states:eu-central-2:123456789012:execution:organization-deletion:org4h7d2k9m1-attempt-1",
        executionStatus: "SUCCEEDED",
        requestedBy: "usr8p2w5r3n6",
        requestedThrough: "request",
      },
    ],
    nextCursor: "eyJwayI6IkRFTEVUSU9OI29yZzRoN2QyazltMSJ9",
  },
};

// ---- the archive of a deleted organization (R-D7) ----

/** An invoice as it was at the deletion, whole. */
export const archivedInvoice = z.strictObject({
  orgId: z.string(),
  invoiceId: z.string(),
  orderId: z.optional(z.string()),
  status: z.enum(invoiceStatuses),
  amount: minorUnits,
  currency,
  paymentMethod: z.enum(["prepaid", "card", "invoice"]),
  lines: z.array(invoiceLine),
  issuedAt: timestamp,
  paidAt: z.optional(timestamp),
  paidWith: z.optional(z.enum(["prepaid", "card"])),
  /** The ledger entry (prepaid) or the payment provider's id (card). */
  paymentReference: z.optional(z.string()),
  /** The last failed card charge, while the invoice was open. */
  paymentFailure: z.optional(z.string()),
  billingAddress: z.optional(invoiceAddress),
});

/** A movement of the prepaid balance: credits positive, debits negative. */
export const archivedLedgerEntry = z.strictObject({
  orgId: z.string(),
  entryId: z.string(),
  kind: z.enum(ledgerKinds),
  amount: minorUnits,
  currency,
  /** The invoice, withdrawal or card payment the movement belongs to. */
  reference: z.string(),
  actorUserId: z.optional(z.string()),
  createdAt: timestamp,
});

export const organizationArchiveResponse: JsonResponse = {
  name: "OrganizationArchive",
  schema: z.strictObject({
    archive: z.strictObject({
      orgId: z.string(),
      /** The organization as it was at its deletion. */
      organization: z.strictObject({
        name: z.string(),
        type: z.enum(organizationTypes),
        currency,
        postalAddress: z.strictObject({
          line1: z.string(),
          line2: z.optional(z.string()),
          postalCode: z.string(),
          city: z.string(),
          country: z.string(),
        }),
        phone: z.optional(z.string()),
        /** Its billing language (R-L2), in which the archived invoices' documents are rendered; absent: English. */
        language: z.optional(z.enum(languages)),
        createdAt: timestamp,
      }),
      /** Who asked for the deletion, with their login address then. */
      deletedBy: z.strictObject({ userId: z.string(), loginEmail: z.string() }),
      archivedAt: timestamp,
      retentionYears: z.int().check(z.positive()),
      /** When the retention period ends and the archive goes. */
      expiresAt: timestamp,
      invoiceCount: z.int().check(z.nonnegative()),
      ledgerEntryCount: z.int().check(z.nonnegative()),
      /** Newest first. */
      invoices: z.array(archivedInvoice),
      /** In ledger order. */
      ledger: z.array(archivedLedgerEntry),
    }),
  }),
  components: { ArchivedInvoice: archivedInvoice, ArchivedLedgerEntry: archivedLedgerEntry },
  example: {
    archive: {
      orgId: "org4h7d2k9m1",
      organization: {
        name: "Example Association",
        type: "association",
        currency: "CHF",
        postalAddress: { line1: "Rue du Lac 1", postalCode: "1003", city: "Lausanne", country: "CH" },
        language: "fr",
        createdAt: "2025-01-10T08:00:00.000Z",
      },
      deletedBy: { userId: "usr8p2w5r3n6", loginEmail: "ada@example.org" },
      archivedAt: "2026-05-04T09:00:05.000Z",
      retentionYears: 10,
      expiresAt: "2036-05-04T09:00:05.000Z",
      invoiceCount: 1,
      ledgerEntryCount: 2,
      invoices: [
        {
          orgId: "org4h7d2k9m1",
          invoiceId: "inv5t8y1u3i7",
          orderId: "ord6g2h9j4k8",
          status: "paid",
          amount: 11_900,
          currency: "CHF",
          paymentMethod: "prepaid",
          lines: [
            { description: "Web hosting: shop.example.org", price: 11_900, reduction: 0, total: 11_900 },
          ],
          issuedAt: "2026-02-01T10:00:00.000Z",
          paidAt: "2026-02-01T10:00:00.000Z",
          paidWith: "prepaid",
          paymentReference: "0m5x2k3p4Yb7Qw9Rt1Zk",
          billingAddress: {
            name: "Example Association",
            line1: "Rue du Lac 1",
            postalCode: "1003",
            city: "Lausanne",
            country: "CH",
          },
        },
      ],
      ledger: [
        {
          orgId: "org4h7d2k9m1",
          entryId: "0m5x1a2b3Cd4Ef5Gh6Ij",
          kind: "top_up",
          amount: 20_000,
          currency: "CHF",
          reference: "0m5x1a2b3Cd4Ef5Gh6Ij",
          actorUserId: "usr8p2w5r3n6",
          createdAt: "2026-01-15T09:00:00.000Z",
        },
        {
          orgId: "org4h7d2k9m1",
          entryId: "0m5x2k3p4Yb7Qw9Rt1Zk",
          kind: "invoice_payment",
          amount: -11_900,
          currency: "CHF",
          reference: "inv5t8y1u3i7",
          actorUserId: "usr8p2w5r3n6",
          createdAt: "2026-02-01T10:00:00.000Z",
        },
      ],
    },
  },
};
