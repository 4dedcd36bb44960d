import {
  type AuthorizationRow,
  administrators,
  billing,
  type Expected,
  type Fixture,
  type MatrixRole,
  row,
} from "#test/support/authorization-rows/matrix";
import { line, placeOrder, topUp } from "#test/support/billing";
import { call } from "#test/support/runtime";

const swissIban = "CH93 0076 2011 6238 5295 7";
const cart = { paymentMethod: "invoice", lines: [line("domain")] };

/**
 * A withdrawal sends money out: billing rights are checked first, then the legal
 * representative role (shared/billing/access.ts).
 */
const billingLegalRepresentatives = (expected: Expected): Record<MatrixRole, Expected> => ({
  ...billing(expected),
  userWithBilling: { status: 403, code: "LEGAL_REPRESENTATIVE_REQUIRED" },
});

/** An open invoice of the fixture organization, ordered by its legal representative. */
async function openInvoice(fixture: Fixture) {
  const placed = await placeOrder(fixture.local, fixture.people.legalRepresentative, cart);
  if (placed.status !== 201) throw new Error(`order not placed: ${placed.status}`);
  return placed.body.invoice.invoiceId;
}

export const rows: AuthorizationRow[] = [
  {
    route: "POST /v1/organizations/{orgId}/orders/quote",
    expect: administrators(200),
    note: "Quoting and ordering need an administrator or legal representative; prepaid also billing rights.",
    request: () => ({ body: cart }),
  },
  {
    route: "POST /v1/organizations/{orgId}/orders",
    expect: administrators(201),
    freshFixture: true,
    note: "Products and an open invoice per allowed role: a fixture of its own keeps the shared one product-free.",
    request: () => ({ body: cart }),
  },
  { route: "GET /v1/organizations/{orgId}/invoices", expect: billing(200) },
  row<{ invoiceId: string }>({
    route: "GET /v1/organizations/{orgId}/invoices/{invoiceId}/document",
    expect: billing(200),
    freshFixture: true,
    note: "The PDF of an open invoice (with its QR-bill); billing rights, whatever the role. An open invoice would spoil the shared fixture's deletion rows.",
    prepare: async (fixture) => ({ invoiceId: await openInvoice(fixture) }),
    request: ({ prepared }) => ({ params: { invoiceId: prepared.invoiceId } }),
  }),
  {
    route: "GET /v1/organizations/{orgId}/free-offers",
    expect: billing(200),
    note: "R-P5: the unused free offers, to pick one when ordering; billing rights, whatever the role.",
  },
  row<{ byRole: Partial<Record<MatrixRole, string>> }>({
    route: "POST /v1/organizations/{orgId}/invoices/{invoiceId}/payments",
    expect: billing(200),
    freshFixture: true,
    note: "Each role with billing rights pays an open invoice of its own from a topped-up balance.",
    prepare: async (fixture) => {
      await topUp(fixture.local, fixture.people.legalRepresentative, 10_000);
      return {
        byRole: {
          legalRepresentative: await openInvoice(fixture),
          userWithBilling: await openInvoice(fixture),
        },
      };
    },
    request: ({ role, prepared }) => ({
      params: { invoiceId: prepared.byRole[role] ?? (prepared.byRole.legalRepresentative as string) },
    }),
  }),
  { route: "POST /v1/organizations/{orgId}/invoices/emails", expect: billing(202) },
  { route: "GET /v1/organizations/{orgId}/prepaid-account", expect: billing(200) },
  {
    route: "POST /v1/organizations/{orgId}/prepaid-account/top-ups",
    expect: billing(201),
    freshFixture: true,
    note: "A balance left on the shared fixture would change what deletion rows expect.",
    request: () => ({ body: { amount: 1_000 } }),
  },
  row({
    route: "POST /v1/organizations/{orgId}/prepaid-account/withdrawals",
    expect: billingLegalRepresentatives(202),
    freshFixture: true,
    prepare: async (fixture) => {
      await topUp(fixture.local, fixture.people.legalRepresentative, 5_000);
    },
    request: () => ({ body: { amount: 1_000, iban: swissIban } }),
  }),
  row<{ withdrawalId: string }>({
    route: "POST /v1/organizations/{orgId}/prepaid-account/withdrawals/{withdrawalId}/payouts",
    expect: billingLegalRepresentatives(202),
    freshFixture: true,
    note: "The withdrawal is already paid out: the retry answers it again and pays nothing more.",
    prepare: async (fixture) => {
      await topUp(fixture.local, fixture.people.legalRepresentative, 1_000);
      const response = await call<{ withdrawal: { withdrawalId: string } }>(
        fixture.api,
        "POST",
        `/v1/organizations/${fixture.orgId}/prepaid-account/withdrawals`,
        { token: fixture.people.legalRepresentative.token, body: { iban: swissIban } },
      );
      if (response.status !== 202) throw new Error(`withdrawal not made: ${response.status}`);
      return { withdrawalId: response.body.withdrawal.withdrawalId };
    },
    request: ({ prepared }) => ({ params: { withdrawalId: prepared.withdrawalId } }),
  }),
];
