import { getPrepaidAccountRoute } from "#functions/billing/routes";
import { authorize, needs } from "#shared/authorization";
import { prepaidAccountView } from "#shared/billing/prepaid";
import { listWithdrawals, withdrawalView } from "#shared/billing/withdrawals";
import { Organization } from "#shared/entities";
import { getItem } from "#shared/entity";
import { errors } from "#shared/errors";
import { httpHandler, requireSession } from "#shared/http";

export const handler = httpHandler(getPrepaidAccountRoute, async (request) => {
  const { userId } = requireSession(request);
  const { orgId } = request.params as { orgId: string };
  await authorize(userId, orgId, needs.billing);
  const organization = await getItem(Organization, { orgId });
  if (!organization) throw errors.notFound("No such organization.");
  const [account, withdrawals] = await Promise.all([
    prepaidAccountView(orgId, organization.currency, {
      limit: request.query.limit ?? 100,
      cursor: request.query.cursor,
    }),
    listWithdrawals(orgId),
  ]);
  return { status: 200, body: { ...account, withdrawals: withdrawals.map(withdrawalView) } };
});
