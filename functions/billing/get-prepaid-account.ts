import { getPrepaidAccountRoute } from "#functions/billing/routes";
import { authorizeAndRead, needs } from "#shared/authorization";
import { LedgerEntry, ledgerOf, PrepaidAccount } from "#shared/billing/entities";
import { ledgerEntryView } from "#shared/billing/prepaid";
import { Organization } from "#shared/entities";
import { queryItems, read } from "#shared/entity/reads";
import { errors } from "#shared/errors";
import { httpHandler, requireSession } from "#shared/http";
import * as texts from "#shared/i18n/error-texts";

/**
 * The balance, a page of its ledger, and the withdrawals not yet paid out: two requests side by
 * side (the membership with the organization and the account in one BatchGetItem, and the
 * ledger page), the ledger shown only when the membership allows.
 */
export const handler = httpHandler(getPrepaidAccountRoute, async (request) => {
  const { userId } = requireSession(request);
  const { orgId } = request.params as { orgId: string };
  const [[organization, account], ledger] = await Promise.all([
    authorizeAndRead(
      userId,
      orgId,
      needs.billing,
      [read(Organization, { orgId }), read(PrepaidAccount, { orgId })],
      { consistent: true },
    ),
    queryItems(LedgerEntry, ledgerOf(orgId), {
      limit: request.query.limit ?? 100,
      cursor: request.query.cursor,
    }),
  ]);
  if (!organization) throw errors.notFound(texts.organizationNotFound);
  return {
    status: 200,
    body: {
      balance: account?.balance ?? 0,
      currency: account?.currency ?? organization.currency,
      ledger: ledger.items.map(ledgerEntryView),
      nextCursor: ledger.cursor,
      withdrawals: (account?.pendingWithdrawals ?? []).map((pending) => ({
        ...pending,
        status: "requested",
      })),
    },
  };
});
