import { getItem, queryAll } from "#shared/entity/reads";
import { createItem, deleteItem, putItem, updateItem, write } from "#shared/entity/writes";
import {
  MemberData,
  type MemberDataKind,
  memberDataOf,
  ProvisioningCall,
  ProvisioningFault,
  ProvisioningHold,
  ProvisioningResult,
  provisioningCallsOf,
} from "#shared/organizations/entities";
import { newId } from "#shared/tokens";

/**
 * The port to the provisioning system: the system that runs the products (drives,
 * mailboxes, calendars, address books) and knows what each member holds in them. The
 * project never touches product data itself; it asks through this port.
 *
 * Every operation that changes something carries an `operationId`: the same id twice does
 * the work once and answers the first result again, so a workflow task may retry freely.
 */
export interface ProvisioningPort {
  /** What a member holds in an organization (R-M4). */
  memberData(orgId: string, userId: string): Promise<MemberDataItem[]>;
  /** Hands everything of one kind that a member holds to another member. */
  transferMemberData(input: {
    operationId: string;
    orgId: string;
    fromUserId: string;
    toUserId: string;
    kind: MemberDataKind;
  }): Promise<{ items: number }>;
  /** Deletes everything of one kind that a member holds (access to a mailbox: revoked). */
  deleteMemberData(input: {
    operationId: string;
    orgId: string;
    userId: string;
    kind: MemberDataKind;
  }): Promise<{ items: number }>;
}

export interface MemberDataItem {
  kind: MemberDataKind;
  itemId: string;
  description: string;
}

export type ProvisioningOperation = "transferMemberData" | "deleteMemberData";

/**
 * A failed call. The name is what a Step Functions Retry or Catch matches: `TransientError`
 * (worth retrying: the system is unavailable) or `ProvisioningRejected` (it refused).
 */
export class ProvisioningError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = transient ? "TransientError" : "ProvisioningRejected";
  }
}

// ---- the recording adapter -------------------------------------------------------------

/** Takes one failure from the plan, atomically, so concurrent calls never take the same one. */
async function takeFault(orgId: string, operation: ProvisioningOperation): Promise<ProvisioningError | null> {
  const fault = await getItem(ProvisioningFault, { orgId, operation }, { consistent: true });
  if (!fault || fault.remaining === 0) return null;
  if (fault.remaining > 0) {
    const taken = await write(
      updateItem(
        ProvisioningFault,
        { orgId, operation },
        { add: { remaining: -1 } },
        { condition: { remaining: { gt: 0 } } },
      ),
    )
      .then(() => true)
      .catch(() => false);
    if (!taken) return null;
  }
  return new ProvisioningError(
    fault.transient ? "The provisioning system is unavailable." : "The provisioning system refused the call.",
    fault.transient,
  );
}

async function recordCall(
  orgId: string,
  operation: ProvisioningOperation,
  input: { operationId: string } & Record<string, unknown>,
  outcome: "succeeded" | "failed" | "replayed",
  error?: string,
) {
  await write(
    createItem(ProvisioningCall, {
      orgId,
      at: new Date().toISOString(),
      callId: newId(),
      operation,
      operationId: input.operationId,
      input,
      outcome,
      ...(error ? { error } : {}),
    }),
  );
}

const itemsOf = (orgId: string, userId: string, kind?: MemberDataKind) =>
  queryAll(MemberData, memberDataOf(orgId, userId, kind));

/** The longest a held call waits before going on anyway, so that nothing hangs for good. */
const maxHoldMs = 30_000;

async function waitWhileHeld(orgId: string, operation: ProvisioningOperation) {
  const deadline = Date.now() + maxHoldMs;
  while (Date.now() < deadline) {
    const hold = await getItem(ProvisioningHold, { orgId, operation }, { consistent: true });
    if (!hold) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Runs an operation once per operation id, checking the fault plan and recording the call. */
async function once(
  orgId: string,
  operation: ProvisioningOperation,
  input: { operationId: string } & Record<string, unknown>,
  work: () => Promise<number>,
): Promise<{ items: number }> {
  const done = await getItem(
    ProvisioningResult,
    { orgId, operationId: input.operationId },
    { consistent: true },
  );
  if (done) {
    await recordCall(orgId, operation, input, "replayed");
    return { items: done.items };
  }
  await waitWhileHeld(orgId, operation);
  const fault = await takeFault(orgId, operation);
  if (fault) {
    await recordCall(orgId, operation, input, "failed", fault.message);
    throw fault;
  }
  const items = await work();
  await write(
    putItem(ProvisioningResult, {
      orgId,
      operationId: input.operationId,
      items,
      at: new Date().toISOString(),
    }),
  );
  await recordCall(orgId, operation, input, "succeeded");
  return { items };
}

/**
 * The adapter used locally and in tests, and until a provisioning system is connected: it
 * keeps what members hold as MemberData items, records every call as an item, and fails
 * calls as its fault plan says.
 */
export const recordingProvisioning = {
  async memberData(orgId: string, userId: string): Promise<MemberDataItem[]> {
    return (await itemsOf(orgId, userId)).map(({ kind, itemId, description }) => ({
      kind,
      itemId,
      description,
    }));
  },

  transferMemberData(input: Parameters<ProvisioningPort["transferMemberData"]>[0]) {
    return once(input.orgId, "transferMemberData", input, async () => {
      const items = await itemsOf(input.orgId, input.fromUserId, input.kind);
      // Put then delete each item: a retry after a partial run moves what is left.
      for (const item of items) {
        await write(
          putItem(MemberData, {
            ...item,
            userId: input.toUserId,
            transferredFrom: input.fromUserId,
            createdAt: new Date().toISOString(),
          }),
        );
        await write(
          deleteItem(MemberData, {
            orgId: input.orgId,
            userId: input.fromUserId,
            kind: item.kind,
            itemId: item.itemId,
          }),
        );
      }
      return items.length;
    });
  },

  deleteMemberData(input: Parameters<ProvisioningPort["deleteMemberData"]>[0]) {
    return once(input.orgId, "deleteMemberData", input, async () => {
      const items = await itemsOf(input.orgId, input.userId, input.kind);
      for (const item of items) {
        await write(
          deleteItem(MemberData, {
            orgId: input.orgId,
            userId: input.userId,
            kind: item.kind,
            itemId: item.itemId,
          }),
        );
      }
      return items.length;
    });
  },

  // ---- the adapter's own API, for tests, seeds and operators ----

  /** Gives a member something to hold, as the provisioning system would when they use a product. */
  async addMemberData(orgId: string, userId: string, kind: MemberDataKind, description: string) {
    const item: MemberData = {
      orgId,
      userId,
      kind,
      itemId: newId(),
      description,
      createdAt: new Date().toISOString(),
    };
    await write(createItem(MemberData, item));
    return item;
  },

  /** The next `times` calls of the operation in the organization fail ("always": every call). */
  async planFault(
    orgId: string,
    operation: ProvisioningOperation,
    times: number | "always",
    options: { transient?: boolean } = {},
  ) {
    await write(
      putItem(ProvisioningFault, {
        orgId,
        operation,
        remaining: times === "always" ? -1 : times,
        transient: options.transient ?? true,
      }),
    );
  },

  async clearFaults(orgId: string) {
    for (const operation of ["transferMemberData", "deleteMemberData"] as const) {
      await write(deleteItem(ProvisioningFault, { orgId, operation }));
    }
  },

  /** Calls of the operation in the organization wait (at most 30 s) until `release`: a slow system. */
  async hold(orgId: string, operation: ProvisioningOperation) {
    await write(putItem(ProvisioningHold, { orgId, operation, createdAt: new Date().toISOString() }));
  },

  async release(orgId: string, operation: ProvisioningOperation) {
    await write(deleteItem(ProvisioningHold, { orgId, operation }));
  },

  /** Every call made in an organization, oldest first. */
  async calls(orgId: string) {
    return queryAll(ProvisioningCall, provisioningCallsOf(orgId));
  },
} satisfies ProvisioningPort & Record<string, unknown>;

/**
 * The port the code uses. Only the recording adapter exists so far; connecting the real
 * provisioning system means giving another adapter here, nothing else changes.
 */
export const provisioning: ProvisioningPort = recordingProvisioning;
