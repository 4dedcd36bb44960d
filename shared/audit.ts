import { AuditEntry } from "#shared/entities";
import { createItem, type WriteAction, write } from "#shared/entity/writes";
import { newId } from "#shared/tokens";

/** Where a change came from: copied into audit entries. */
export interface RequestOrigin {
  requestId?: string;
  sourceIp?: string;
  /**
   * The request's headers, where a request caused the change (handlers pass the request as its
   * origin): its Accept-Language is the language of a mail to an address without an account
   * (R-L2, `requestedLanguage`). Never audited.
   */
  headers?: Readonly<Record<string, string | undefined>>;
}

export const userScope = (userId: string) => `USER#${userId}`;
export const orgScope = (orgId: string) => `ORG#${orgId}`;

/** An audit entry's attributes, to create alone or inside a transaction. */
export function auditEntry(
  scope: string,
  action: string,
  actorUserId: string | undefined,
  origin: RequestOrigin,
  details?: Record<string, unknown>,
  expiresAt?: number,
): AuditEntry {
  return {
    scope,
    at: new Date().toISOString(),
    entryId: newId(),
    action,
    ...(actorUserId ? { actorUserId } : {}),
    ...(details ? { details } : {}),
    ...(origin.requestId ? { requestId: origin.requestId } : {}),
    ...(origin.sourceIp ? { sourceIp: origin.sourceIp } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
}

/** An audit entry's write, for a transaction. */
export const auditAction = (...args: Parameters<typeof auditEntry>): WriteAction =>
  createItem(AuditEntry, auditEntry(...args));

/** Writes one audit entry on its own. */
export const writeAudit = (...args: Parameters<typeof auditEntry>) => write(auditAction(...args));
