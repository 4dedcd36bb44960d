import { ArnFormat, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  Identity,
  SuppressionReasons,
} from "aws-cdk-lib/aws-ses";
import { Construct } from "constructs";
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

  get configurationSetName(): string {
    return this.configurationSet.configurationSetName;
  }

  grantSend(grantee: iam.IGrantable): void {
    const configurationSetArn = Stack.of(this).formatArn({
      service: "ses",
      resource: "configuration-set",
      resourceName: this.configurationSet.configurationSetName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ["ses:SendEmail"],
      resourceArns: [this.identity.emailIdentityArn, configurationSetArn],
    });
  }
}
