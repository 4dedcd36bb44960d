import { emailInvoicesRoute } from "#functions/billing/routes";
import { authorize, needs } from "#shared/authorization";
import { emailPaidInvoices } from "#shared/billing/invoices";
import { Organization, User } from "#shared/entities";
import { getItem } from "#shared/entity/reads";
import { errors } from "#shared/errors";
import { httpHandler, requireSession } from "#shared/http";
import * as texts from "#shared/i18n/error-texts";
import { idempotent } from "#shared/idempotency";
import { enforceRateLimits } from "#shared/rate-limits";

export const handler = httpHandler(
  emailInvoicesRoute,
  idempotent(emailInvoicesRoute, async (request) => {
    const { userId } = requireSession(request);
    const { orgId } = request.params as { orgId: string };
    await authorize(userId, orgId, needs.billing);
    await enforceRateLimits([
      { limit: "mailPerAccount", subject: userId },
      { limit: "mailPerClient", subject: request.sourceIp },
    ]);
    const [user, organization] = await Promise.all([
      getItem(User, { userId }),
      getItem(Organization, { orgId }),
    ]);
    if (!user || !organization) throw errors.notFound(texts.organizationNotFound);
    const { invoiceCount } = await emailPaidInvoices({
      orgId,
      to: user.loginEmail,
      firstName: user.firstName,
      organizationName: organization.name,
      language: user.language,
    });
    return { status: 202, body: { sentTo: user.loginEmail, invoiceCount } };
  }),
);
