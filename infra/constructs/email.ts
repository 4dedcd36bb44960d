import { ArnFormat, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  Identity,
  SuppressionReasons,
} from "aws-cdk-lib/aws-ses";
import { Construct, type IConstruct } from "constructs";
import type { EmailSender } from "#infra/constructs/function";

export interface EmailProps {
  /** The sending domain; DNS records for DKIM come out of the identity and are set up by hand. */
  readonly domain: string;
}

/**
 * SES v2: a domain identity and a configuration set (TLS required, bounces and complaints put on
 * the account's suppression list). Functions send as `no-reply@<domain>` through the set.
 */
export class Email extends Construct implements EmailSender {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly fromAddress: string;

  constructor(scope: Construct, id: string, props: EmailProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, "ConfigurationSet", {
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
    });
    this.identity = new EmailIdentity(this, "Identity", {
      identity: Identity.domain(props.domain),
      configurationSet: this.configurationSet,
    });
    this.fromAddress = `no-reply@${props.domain}`;
  }

  get identityArn(): string {
    return this.identity.emailIdentityArn;
  }

  get configurationSetName(): string {
    return this.configurationSet.configurationSetName;
  }

  grantSend(grantee: iam.IGrantable): void {
    grantSendEmail(this, grantee, this);
  }
}

/**
 * A sender made of the identity ARN and configuration set name alone (a nested stack receives them as
 * parameters); it grants exactly what `Email.grantSend` does.
 */
export function emailSender(scope: IConstruct, sender: Omit<EmailSender, "grantSend">): EmailSender {
  return { ...sender, grantSend: (grantee) => grantSendEmail(scope, grantee, sender) };
}

/** `ses:SendEmail` on the identity and on the configuration set (ARN formatted in `scope`'s stack). */
function grantSendEmail(
  scope: IConstruct,
  grantee: iam.IGrantable,
  sender: Pick<EmailSender, "identityArn" | "configurationSetName">,
): void {
  const configurationSetArn = Stack.of(scope).formatArn({
    service: "ses",
    resource: "configuration-set",
    resourceName: sender.configurationSetName,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
  iam.Grant.addToPrincipal({
    grantee,
    actions: ["ses:SendEmail"],
    resourceArns: [sender.identityArn, configurationSetArn],
  });
}
