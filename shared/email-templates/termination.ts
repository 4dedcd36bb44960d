import { emailTemplate } from "#shared/email";

const webApp = () => process.env.WEB_APP_URL ?? "https://portal.example.com";

/** R-T2: the single-use, expiring link that confirms a termination, to the requester only. */
export const confirmTerminationEmail = emailTemplate<{
  firstName: string;
  productName: string;
  organizationName: string;
  token: string;
  expiresInMinutes: number;
}>({
  name: "termination-confirm",
  render: ({ firstName, productName, organizationName, token, expiresInMinutes }) => ({
    subject: `Confirm the termination of ${productName}`,
    text:
      `Hello ${firstName},\n\n` +
      `You asked to terminate the product "${productName}" of ${organizationName}.\n` +
      "Terminating stops the product and deletes its backups for good; open and out-of-package " +
      "charges remain due.\n\n" +
      `Confirm it here within ${expiresInMinutes} minutes: ${webApp()}/confirm-termination?token=${token}\n\n` +
      "If you did not ask for this, ignore this message: nothing is terminated without your confirmation.\n",
  }),
});

/** R-T4: the termination is done; to the administrators and legal representatives. */
export const productTerminatedNotice = emailTemplate<{
  firstName: string;
  productName: string;
  organizationName: string;
  requestedByName: string;
  terminatedAt: string;
  backupPurgeAt: string | undefined;
}>({
  name: "product-terminated",
  render: ({ firstName, productName, organizationName, requestedByName, terminatedAt, backupPurgeAt }) => ({
    subject: `${productName} was terminated`,
    text:
      `Hello ${firstName},\n\n` +
      `The product "${productName}" of ${organizationName} was terminated on ${terminatedAt}, ` +
      `at the request of ${requestedByName}.\n` +
      (backupPurgeAt
        ? `Its backups will be deleted for good from ${backupPurgeAt} on; they cannot be restored afterwards.\n`
        : "") +
      "Open and out-of-package charges remain due on their invoices.\n" +
      `Your products: ${webApp()}\n`,
  }),
});
