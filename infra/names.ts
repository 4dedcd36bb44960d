/**
 * A construct id from free text, in PascalCase: `GET /v1/orgs/{orgId}` -> `GetV1OrgsOrgId`,
 * `product-termination` -> `ProductTermination`, `Api/GetV1Health` -> `ApiGetV1Health`.
 */
export const constructId = (text: string): string =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => (/^[A-Z0-9]+$/.test(part) ? part.toLowerCase() : part))
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
