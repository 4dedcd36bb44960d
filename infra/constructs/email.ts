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
  /**
   * An SES identity that exists already (verified once, shared by stages in one account): used,
   * not created, so two stages never fight over one identity.
   */
  readonly existingIdentity?: string;
}

/**
 * SES v2: a domain identity and a configuration set (TLS required, bounces and complaints put on
 * the account's suppression list). Functions send as `no-reply@<domain>` through the set.
 */
export class Email extends Construct implements EmailSender {
  /** Absent when the stage sends from an existing identity. */
  readonly identity?: EmailIdentity;
  readonly identityArn: string;
  readonly configurationSet: ConfigurationSet;
  readonly fromAddress: string;

  constructor(scope: Construct, id: string, props: EmailProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, "ConfigurationSet", {
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
    });
    if (props.existingIdentity) {
      this.identityArn = Stack.of(this).formatArn({
        service: "ses",
        resource: "identity",
        resourceName: props.existingIdentity,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });
    } else {
      this.identity = new EmailIdentity(this, "Identity", {
        identity: Identity.domain(props.domain),
        configurationSet: this.configurationSet,
      });
      this.identityArn = this.identity.emailIdentityArn;
    }
    this.fromAddress = `no-reply@${props.existingIdentity?.includes("@") ? props.existingIdentity.split("@")[1] : props.domain}`;
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
