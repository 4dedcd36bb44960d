import * as z from "zod/mini";
import { deletionStatusResponse } from "#functions/deletion/responses";
import {
  grantedFreeOfferResponse,
  organizationArchiveResponse,
  promoCodeCreatedResponse,
  resentMailResponse,
  stuckWorkResponse,
} from "#functions/operator/responses";
import { minorUnitsMeta } from "#shared/api/responses";
import { currencies, productKinds } from "#shared/catalog/catalog";
import { deletionWorkflow } from "#shared/deletion/entities";
import { documentQuery } from "#shared/documents/document-language";
import { type Detail, issueMessage, withIssueMessage } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import { maxStuckWorkPage, stuckWorkKinds } from "#shared/operations/stuck-work-kinds";
import { promoCodeSchema } from "#shared/orders/schemas";
import { memberRemovalWorkflow } from "#shared/organizations/entities";
import { route } from "#shared/route-types";
import { terminationWorkflow } from "#shared/termination/workflow-name";

export const createPromoCodeBody = z
  .strictObject({
    code: promoCodeSchema,
    percentOff: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))),
    /** Minor units of `currency`. */
    amountOff: z.optional(
      z
        .number()
        .check(
          withIssueMessage(z.int(), texts.amountNotMinorUnits),
          z.gte(1),
          z.lte(10_000_000),
          z.meta(minorUnitsMeta),
        ),
    ),
    currency: z.optional(z.enum(currencies)),
    productKinds: z.optional(
      z.array(z.enum(productKinds)).check(z.minLength(1), z.maxLength(productKinds.length)),
    ),
    expiresAt: z.optional(z.iso.datetime({ offset: true })),
    maxRedemptions: z.optional(z.number().check(z.int(), z.gte(1), z.lte(10_000_000))),
  })
  .check(
    z.superRefine((body, context) => {
      const issue = (path: string, message: Detail) =>
        context.addIssue({ code: "custom", path: [path], params: issueMessage(message) });
      if ((body.percentOff === undefined) === (body.amountOff === undefined)) {
        issue("percentOff", texts.promoPercentOrAmount);
      }
      if (body.amountOff !== undefined && body.currency === undefined) {
        issue("currency", texts.promoAmountNeedsCurrency);
      }
      if (body.amountOff === undefined && body.currency !== undefined) {
        issue("currency", texts.promoCurrencyWithoutAmount);
      }
      if (body.expiresAt !== undefined && Date.parse(body.expiresAt) <= Date.now()) {
        issue("expiresAt", texts.promoExpiryPast);
      }
    }),
  );

export const createPromoCodeRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/operator/promo-codes",
  handler: "functions/operator/create-promo-code.ts",
  auth: "operator",
  summary: "Create a promo code: percent or amount off, product kinds, expiry, redemption limit",
  successStatus: 201,
  response: promoCodeCreatedResponse,
  body: createPromoCodeBody,
  access: { table: "readWrite" },
});

export const grantFreeOfferRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/operator/organizations/{orgId}/free-offers",
  handler: "functions/operator/grant-free-offer.ts",
  auth: "operator",
  summary: "Grant an organization a free offer for one product kind",
  successStatus: 201,
  response: grantedFreeOfferResponse,
  body: z.strictObject({ productKind: z.enum(productKinds) }),
  access: { table: "readWrite" },
});

export const readArchiveRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/operator/archive/organizations/{orgId}",
  handler: "functions/operator/read-archive.ts",
  auth: "operator",
  summary:
    "A deleted organization's archive (R-D7): the organization at its deletion, its invoices and its ledger",
  successStatus: 200,
  response: organizationArchiveResponse,
  access: { table: "read" },
});

export const readArchivedInvoiceDocumentRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/operator/archive/organizations/{orgId}/invoices/{invoiceId}/document",
  handler: "functions/operator/read-archived-invoice-document.ts",
  auth: "operator",
  summary:
    "An archived invoice of a deleted organization as its PDF document (R-D7): the same document the organization received",
  successStatus: 200,
  response: {
    contentTypes: ["application/pdf"],
    description: "The invoice document, rendered from the archived invoice as it was at the deletion",
  },
  // R-L2: the billing language the organization had at its deletion unless `?language=` asks for another.
  query: documentQuery,
  access: { table: "read", invoiceDocuments: true },
});

/** Minutes in a year: a threshold past it finds nothing the index still holds. */
const maxThresholdMinutes = 525_600;

export const listStuckWorkRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/operator/stuck-work",
  handler: "functions/operator/list-stuck-work.ts",
  auth: "operator",
  summary:
    "Stuck work, a page at a time (oldest first): failed organization deletions, failed product terminations, member removals running without progress for longer than a threshold, each with its execution, or mails that could not be sent",
  successStatus: 200,
  response: stuckWorkResponse,
  query: z.strictObject({
    kind: z.enum(stuckWorkKinds),
    /** Only records whose last change is at least this old; 0 for deletions and terminations, 15 for removals when absent. */
    olderThanMinutes: z.optional(z.coerce.number().check(z.int(), z.gte(0), z.lte(maxThresholdMinutes))),
    limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(maxStuckWorkPage))),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  }),
  // DescribeExecution for each item's execution, and nothing that starts one.
  access: {
    table: "read",
    describeWorkflows: [deletionWorkflow, terminationWorkflow, memberRemovalWorkflow],
  },
});

export const resumeDeletionRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/operator/organizations/{orgId}/deletion/resume",
  handler: "functions/operator/resume-deletion.ts",
  auth: "operator",
  summary:
    "Resume a failed organization deletion as its owner's new request would: a new attempt, the finished steps kept, the same options",
  successStatus: 202,
  response: deletionStatusResponse,
  body: z.optional(z.strictObject({})),
  access: { table: "readWrite", workflows: [deletionWorkflow] },
});

export const resendMailRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/operator/mails/{mailId}/resend",
  handler: "functions/operator/resend-mail.ts",
  auth: "operator",
  summary:
    "Send a failed mail again (listed by GET /v1/operator/stuck-work?kind=mails), once its reason is fixed: 409 MAIL_NOT_FAILED unless it failed",
  successStatus: 202,
  response: resentMailResponse,
  body: z.optional(z.strictObject({})),
  access: { table: "readWrite" },
});

export const operatorRoutes = [
  createPromoCodeRoute,
  grantFreeOfferRoute,
  readArchiveRoute,
  readArchivedInvoiceDocumentRoute,
  listStuckWorkRoute,
  resumeDeletionRoute,
  resendMailRoute,
];
