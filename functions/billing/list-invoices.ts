import { listInvoicesRoute } from "#functions/billing/routes";
import { authorize, needs } from "#shared/authorization";
import { invoiceView, listInvoices } from "#shared/billing/invoices";
import { httpHandler, requireSession } from "#shared/http";

export const handler = httpHandler(listInvoicesRoute, async (request) => {
  const { userId } = requireSession(request);
  const { orgId } = request.params as { orgId: string };
  await authorize(userId, orgId, needs.billing);
  return { status: 200, body: { invoices: (await listInvoices(orgId)).map(invoiceView) } };
});
