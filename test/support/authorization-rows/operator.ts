import { type AuthorizationRow, everyone } from "#test/support/authorization-rows/matrix";
import { uniqueCode } from "#test/support/billing";

/**
 * Operator routes take the operator's credentials (IAM in AWS, `x-operator-key` locally),
 * never a user's: every role, signed in or not, is refused by the gateway with a valid body.
 * The operator's own calls are proven in test/integration/orders.test.ts (promo codes, free
 * offers), test/integration/organization-deletion.test.ts (archives) and
 * test/integration/stuck-work.test.ts (stuck work, resuming a failed deletion).
 */
const operatorOnly = everyone({ status: 403, code: "FORBIDDEN" });

export const rows: AuthorizationRow[] = [
  {
    route: "POST /v1/operator/promo-codes",
    expect: operatorOnly,
    request: () => ({ body: { code: uniqueCode("MATRIX"), percentOff: 10 } }),
  },
  {
    route: "POST /v1/operator/organizations/{orgId}/free-offers",
    expect: operatorOnly,
    request: () => ({ body: { productKind: "drive" } }),
  },
  {
    route: "GET /v1/operator/archive/organizations/{orgId}",
    expect: operatorOnly,
    note: "R-D7: archives are for operators; the operator's own reads are proven in organization-deletion.test.ts.",
  },
  {
    route: "GET /v1/operator/archive/organizations/{orgId}/invoices/{invoiceId}/document",
    expect: operatorOnly,
    request: () => ({ params: { invoiceId: "inv0123456789abcdef" } }),
    note: "R-D7: the operator's own reads are proven in invoice-documents.test.ts.",
  },
  {
    route: "GET /v1/operator/stuck-work",
    expect: operatorOnly,
    request: () => ({ query: { kind: "deletions" } }),
    note: "Lists for operators only; the operator's own reads are proven in stuck-work.test.ts.",
  },
  {
    route: "POST /v1/operator/organizations/{orgId}/deletion/resume",
    expect: operatorOnly,
    note: "Not even the organization's legal representative: owners resume with POST .../deletion (their password).",
  },
  {
    route: "POST /v1/operator/mails/{mailId}/resend",
    expect: operatorOnly,
    request: () => ({ params: { mailId: "no-such-mail" } }),
    note: "Sending a failed mail again is the operators' (outbox.test.ts proves their own calls).",
  },
];
