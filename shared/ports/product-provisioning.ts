import { recordingPort } from "#shared/termination/recording-adapter";

/**
 * The provisioning system that runs customers' products (hosting, mailboxes, drives...). It
 * belongs to another system; the project asks it through this port only.
 */
export interface ProductProvisioning {
  /**
   * Stops a product and frees what it holds. Idempotent on the provider's side by
   * `idempotencyKey`: asking again for the same product changes nothing.
   * Throws an error named `TransientError` when worth retrying.
   */
  deprovision(request: {
    orgId: string;
    productId: string;
    kind: string;
    idempotencyKey: string;
  }): Promise<{ deprovisionedAt: string }>;
}

const recorder = recordingPort("product-provisioning");

/**
 * The adapter of local runs and tests: records each call (PortCall items under
 * `PORT#product-provisioning`) and fails when a fault plan in the table says so.
 */
export const recordingProductProvisioning = {
  async deprovision(request: Parameters<ProductProvisioning["deprovision"]>[0]) {
    return recorder.call("deprovision", request.productId, request.idempotencyKey, () => ({
      deprovisionedAt: new Date().toISOString(),
    }));
  },
  /** Makes the next deprovisioning calls of a product fail. */
  failNext: (productId: string, plan?: Parameters<typeof recorder.failNext>[2]) =>
    recorder.failNext("deprovision", productId, plan),
  clearFaults: (productId: string) => recorder.clearFaults("deprovision", productId),
  calls: (productId: string) => recorder.calls(productId, "deprovision"),
} satisfies ProductProvisioning & Record<string, unknown>;

/** The port the domain code uses. */
export const productProvisioning: ProductProvisioning = recordingProductProvisioning;
