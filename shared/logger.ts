import { Logger } from "@aws-lambda-powertools/logger";

/**
 * One structured logger per process. Log identifiers and outcomes, never bodies, passwords,
 * tokens or personal data.
 */
export const logger = new Logger({
  serviceName: "account-workflows",
  logLevel: (process.env.LOG_LEVEL as "DEBUG" | "INFO" | "WARN" | "ERROR" | "SILENT" | undefined) ?? "INFO",
});
