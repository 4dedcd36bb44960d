import { emailTemplate } from "#shared/email";
import { paragraph, portalUrl, renderMail } from "#shared/email-templates/layout";

/** R-T2: the single-use, expiring link that confirms a termination, to the requester only. */
export const confirmTerminationEmail = /* @__PURE__ */ emailTemplate<{
  firstName: string;
  productName: string;
  organizationName: string;
  token: string;
  expiresInMinutes: number;
}>({
  name: "termination-confirm",
  render: ({ firstName, productName, organizationName, token, expiresInMinutes }) =>
    renderMail({
      subject: `Confirm the termination of ${productName}`,
      title: `Confirm the termination of ${productName}`,
      greeting: `Hello ${firstName},`,
      body: [
        paragraph(`You asked to terminate the product "${productName}" of ${organizationName}.`),
        paragraph(
          "Terminating stops the product and deletes its backups for good; open and out-of-package " +
            "charges remain due.",
        ),
        paragraph(`Confirm it within ${expiresInMinutes} minutes.`),
      ],
      action: { label: "Confirm the termination", url: portalUrl("/confirm-termination", { token }) },
      after: [
        paragraph(
          "If you did not ask for this, ignore this message: nothing is terminated without your confirmation.",
        ),
      ],
    }),
});

/** R-T4: the termination is done; to the administrators and legal representatives. */
export const productTerminatedNotice = /* @__PURE__ */ emailTemplate<{
  firstName: string;
  productName: string;
  organizationName: string;
  requestedByName: string;
  terminatedAt: string;
  backupPurgeAt: string | undefined;
}>({
  name: "product-terminated",
  render: ({ firstName, productName, organizationName, requestedByName, terminatedAt, backupPurgeAt }) =>
    renderMail({
      subject: `${productName} was terminated`,
      title: `${productName} was terminated`,
      greeting: `Hello ${firstName},`,
      body: [
        paragraph(
          `The product "${productName}" of ${organizationName} was terminated on ${terminatedAt}, ` +
            `at the request of ${requestedByName}.`,
        ),
        ...(backupPurgeAt
          ? [
              paragraph(
                `Its backups will be deleted for good from ${backupPurgeAt} on; they cannot be restored afterwards.`,
              ),
            ]
          : []),
        paragraph("Open and out-of-package charges remain due on their invoices."),
      ],
      action: { label: "See your products", url: portalUrl("/") },
    }),
});
