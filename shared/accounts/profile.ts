import { profile } from "#shared/accounts/accounts";
import { auditAction, type RequestOrigin, userScope } from "#shared/audit";
import { User } from "#shared/entities";
import { getItem } from "#shared/entity/reads";
import { transact } from "#shared/entity/transactions";
import { updateItem } from "#shared/entity/writes";
import { defaultLanguage, type Language } from "#shared/i18n/languages";

export interface ProfilePatch {
  firstName?: string | undefined;
  lastName?: string | undefined;
  /** `null` removes it. */
  phone?: string | null | undefined;
  language?: Language | undefined;
}

/**
 * R-S4, R-L1: the user changes their own name, phone and language; the change and what it was
 * are audited in the user's log, as the other changes of an account are. The language is that
 * of every mail written to the user from now on (one already in the outbox keeps the language it
 * was written with). Answers the profile, as GET /v1/me does.
 */
export async function updateProfile(userId: string, patch: ProfilePatch, origin: RequestOrigin) {
  const user = await getItem(User, { userId });
  // A session whose account is gone: the profile's own answer (401) says so.
  if (!user) return profile(userId);
  const next = {
    firstName: patch.firstName ?? user.firstName,
    lastName: patch.lastName ?? user.lastName,
    phone: patch.phone === null ? undefined : (patch.phone ?? user.phone),
    language: patch.language ?? user.language ?? defaultLanguage,
  };
  const changes = (["firstName", "lastName", "phone", "language"] as const)
    .filter(
      (field) => next[field] !== (field === "language" ? (user.language ?? defaultLanguage) : user[field]),
    )
    .map((field) => ({
      field,
      before: (field === "language" ? (user.language ?? defaultLanguage) : user[field]) ?? null,
      after: next[field] ?? null,
    }));
  if (changes.length) {
    await transact([
      updateItem(
        User,
        { userId },
        {
          set: {
            firstName: next.firstName,
            lastName: next.lastName,
            language: next.language,
            updatedAt: new Date().toISOString(),
            ...(next.phone !== undefined ? { phone: next.phone } : {}),
          },
          ...(next.phone === undefined && user.phone !== undefined ? { remove: ["phone" as const] } : {}),
        },
      ),
      auditAction(userScope(userId), "profile.updated", userId, origin, { changes }),
    ]);
  }
  return profile(userId);
}
