import { strongPassword } from "#test/support/accounts";
import { type AuthorizationRow, legalRepresentatives } from "#test/support/authorization-rows/matrix";

export const rows: AuthorizationRow[] = [
  {
    route: "POST /v1/organizations/{orgId}/deletion",
    expect: legalRepresentatives({ status: 422, code: "CONFIRMATION_MISMATCH" }),
    note:
      "Asserts authorization only (R-D3): the legal representative passes it and the password, and is " +
      "stopped by the typed name, so the shared fixture organization is not deleted.",
    request: () => ({
      body: {
        confirmName: "not the organization's name",
        password: strongPassword,
        terminateProducts: true,
        settleInvoices: true,
        removeMembers: true,
        emailPaidInvoices: false,
      },
    }),
  },
  {
    route: "GET /v1/organizations/{orgId}/deletion",
    expect: legalRepresentatives({ status: 404, code: "DELETION_NOT_FOUND" }),
    note: "The fixture organization has no deletion: its legal representative is told so; others are refused first.",
  },
];
