import { payInvoiceRoute } from "#functions/billing/routes";
import { assertOrganizationActive, authorize, needs } from "#shared/authorization";
import { invoiceView, payInvoiceFromBalance } from "#shared/billing/invoices";
import { httpHandler, requireSession } from "#shared/http";
import { idempotent } from "#shared/idempotency";

export const handler = httpHandler(
  payInvoiceRoute,
  idempotent(payInvoiceRoute, async (request) => {
    const { userId } = requireSession(request);
    const { orgId, invoiceId } = request.params as { orgId: string; invoiceId: string };
    await authorize(userId, orgId, needs.billing);
    await assertOrganizationActive(orgId);
    const invoice = await payInvoiceFromBalance({ orgId, invoiceId, actorUserId: userId, origin: request });
    return { status: 200, body: { invoice: invoiceView(invoice) } };
  }),
);
