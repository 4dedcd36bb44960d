import { createHash } from "node:crypto";
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { auditAction, orgScope, type RequestOrigin } from "#shared/audit";
import { assertOrganizationActive, authorize, needs } from "#shared/authorization";
import { requiredEnv } from "#shared/db";
import { Organization } from "#shared/entities";
import { transact, updateItem } from "#shared/entity";
import { errors } from "#shared/errors";
import type { HttpEvent } from "#shared/http";
import { logger } from "#shared/logger";
import {
  etagOf,
  logoContentType,
  notifyLegalRepresentatives,
  readOrganization,
} from "#shared/organizations/organizations";

/** The largest logo accepted, in bytes. */
export const maxLogoBytes = 512 * 1024;

const bucket = requiredEnv("LOGO_BUCKET");
// Endpoint from AWS_ENDPOINT_URL_S3 locally (the SDK reads it itself); the local store
// knows path-style addressing only.
const s3 = new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });

const formats = {
  "image/png": { extension: "png", label: "PNG" },
  "image/jpeg": { extension: "jpg", label: "JPEG" },
  "image/svg+xml": { extension: "svg", label: "SVG" },
} as const;
type LogoType = keyof typeof formats;

const isLogoType = (type: string): type is LogoType => Object.hasOwn(formats, type);

const invalidImage = (detail: string) => errors.of(422, "INVALID_IMAGE", "Invalid image", { detail });

const startsWith = (bytes: Buffer, signature: number[]) =>
  bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte);

/**
 * SVG elements a logo may use: shapes, text, paint servers, filters, and the inert metadata
 * that drawing programs write. Everything else (script, style, foreignObject, image, a,
 * animation, any HTML) is refused, by local name, whatever namespace prefix it carries.
 */
const svgElements = new Set(
  [
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "metadata",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
    "pattern",
    "marker",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    // RDF, Dublin Core, Creative Commons, Inkscape and Sodipodi metadata: data, never rendered.
    "RDF",
    "Work",
    "format",
    "type",
    "rights",
    "creator",
    "Agent",
    "date",
    "description",
    "license",
    "License",
    "permits",
    "requires",
    "namedview",
    "grid",
    "guide",
    "page",
  ].map((name) => name.toLowerCase()),
);

/**
 * Why an SVG is refused, or undefined when it is a plain drawing. SVG can carry scripts,
 * event handlers, HTML and references to other documents; rather than rewrite it (easy to
 * get wrong), a logo that holds any of them is refused, and the stored file is exactly what
 * was checked. The logo is also only ever handed out as data through the API (never as a
 * page of our origin), so a browser shows it as an image, where scripts do not run.
 */
export function unsafeSvgReason(text: string): string | undefined {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return "document type or entity declarations";
  // No CSS at all (a <style> element or a style attribute hides URLs behind escapes), no
  // backslash (a CSS escape anywhere) and no character reference but the five XML ones (one
  // that spells `url(` or `javascript:` would pass every check below).
  if (/[\s"'/]style\s*=/i.test(text)) return "a style attribute";
  if (text.includes("\\")) return "a backslash (a CSS escape)";
  if (/&(?!(?:amp|lt|gt|quot|apos);)/.test(text)) return "character references";
  for (const [, name = ""] of text.matchAll(/<\s*([A-Za-z_][\w:.-]*)/g)) {
    const localName = (name.split(":").pop() ?? name).toLowerCase();
    if (!svgElements.has(localName)) return `the element <${name}>`;
  }
  if (/[\s"'/]on[a-z]+\s*=/i.test(text)) return "event handler attributes";
  // Only references inside the drawing itself (`#id`) are kept.
  if (/(?:^|[\s"'])(?:[\w-]+:)?href\s*=\s*(?:"\s*(?![\s#])|'\s*(?![\s#])|(?![\s"'#]))/i.test(text)) {
    return "links to other documents";
  }
  if (/url\(\s*(?:"\s*(?![\s#])|'\s*(?![\s#])|(?![\s"'#]))/i.test(text))
    return "references to other documents";
  if (/@import|javascript:|vbscript:|expression\s*\(/i.test(text)) return "active content";
  return undefined;
}

/** Checks the bytes against the declared type (magic bytes; SVG by its root element). */
function checkContent(type: LogoType, bytes: Buffer) {
  if (type === "image/png") {
    if (!startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
      throw invalidImage("The body is not a PNG image.");
    }
    return;
  }
  if (type === "image/jpeg") {
    if (!startsWith(bytes, [0xff, 0xd8, 0xff])) throw invalidImage("The body is not a JPEG image.");
    return;
  }
  const text = bytes.toString("utf8");
  if (text.includes("\uFFFD")) throw invalidImage("An SVG logo must be UTF-8 text.");
  const unsafe = (reason: string) =>
    errors.of(422, "UNSAFE_SVG", "Unsafe SVG", {
      detail: `An SVG logo may hold drawings only; this one holds ${reason}.`,
    });
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw unsafe("document type or entity declarations");
  const start = text
    .replace(/^\uFEFF/, "")
    .replace(/^\s*<\?xml[\s\S]*?\?>/, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .trimStart();
  if (!/^<svg[\s>]/.test(start)) throw invalidImage("The body is not an SVG image: its root must be <svg>.");
  const reason = unsafeSvgReason(text);
  if (reason) throw unsafe(reason);
}

/**
 * R-O4, R-O6: a legal representative sets the organization's logo: PNG, JPEG or SVG, by the
 * Content-Type and by the bytes themselves, at most 512 KiB. The object is named after its
 * hash; the organization points to it and its version rises (the ETag changes) in one
 * conditional write; the previous object is then deleted (the bucket keeps old versions
 * for a while). The legal representatives are told.
 */
export async function uploadLogo(userId: string, orgId: string, event: HttpEvent, origin: RequestOrigin) {
  await authorize(userId, orgId, needs.legalRepresentative);
  const type = (event.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!isLogoType(type)) {
    throw errors.unsupportedMediaType("Send the logo as image/png, image/jpeg or image/svg+xml.");
  }
  const bytes = event.body
    ? Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8")
    : Buffer.alloc(0);
  if (!bytes.length) {
    throw errors.validationFailed([{ path: "body", message: "Send the image as the body." }]);
  }
  if (bytes.length > maxLogoBytes) {
    throw errors.payloadTooLarge(`A logo may have at most ${maxLogoBytes / 1024} KiB.`);
  }
  checkContent(type, bytes);
  const organization = await assertOrganizationActive(orgId);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const format = formats[type];
  const logoKey = `logos/${orgId}/${sha256}.${format.extension}`;
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: logoKey,
      Body: bytes,
      ContentType: type,
      // Should the object ever be opened straight from the bucket, it downloads, never renders.
      ContentDisposition: `attachment; filename="logo.${format.extension}"`,
      Metadata: { "org-id": orgId, "uploaded-by": userId },
    }),
  );
  const before = logoContentType(organization.logoKey);
  const change = {
    field: "logo",
    before: before ? `${formats[before as LogoType]?.label ?? before} image` : "none",
    after: `${format.label} image (${Math.ceil(bytes.length / 1024)} KiB)`,
  };
  await transact([
    updateItem(
      Organization,
      { orgId },
      { set: { logoKey, updatedAt: new Date().toISOString() }, add: { version: 1 } },
      {
        condition: { status: "active" },
        fails: () =>
          errors.of(409, "ORGANIZATION_DELETING", "Organization being deleted", {
            detail: "This organization is being deleted; it cannot change.",
          }),
      },
    ),
    auditAction(orgScope(orgId), "organization.logo_changed", userId, origin, {
      contentType: type,
      sizeBytes: bytes.length,
      sha256,
    }),
  ]);
  if (organization.logoKey && organization.logoKey !== logoKey) {
    await s3
      .send(new DeleteObjectCommand({ Bucket: bucket, Key: organization.logoKey }))
      .catch((error: unknown) =>
        logger.warn("could not delete the previous logo", { error: error as Error }),
      );
  }
  await notifyLegalRepresentatives(organization, userId, [change]);
  const updated = await readOrganization(userId, orgId);
  return {
    logo: { contentType: type, sizeBytes: bytes.length, sha256, url: `/v1/organizations/${orgId}/logo` },
    etag: etagOf(updated),
  };
}

/**
 * The logo for any member, as data (base64) with its type: the API never serves it as a
 * document of its own origin, so even an SVG is only ever shown as an image.
 */
export async function readLogo(userId: string, orgId: string) {
  const organization = await readOrganization(userId, orgId);
  const contentType = logoContentType(organization.logoKey);
  if (!organization.logoKey || !contentType) throw errors.notFound("This organization has no logo.");
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: organization.logoKey }));
  const bytes = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
  return { contentType, sizeBytes: bytes.length, data: bytes.toString("base64") };
}
