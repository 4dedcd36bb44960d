import { randomBytes } from "node:crypto";
import { errors } from "#shared/errors";
import { type Detail, type Message, message } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";

/**
 * What an organization's logo may be (R-O4): PNG, JPEG or SVG, by its declared type and by its
 * bytes, at most 512 KiB, and an SVG a plain drawing. Checked on the uploaded object by the
 * logo check (shared/organizations/logo-check.ts); the upload route checks the type and size the
 * client declares, which the presigned URL then fixes.
 */

/** The largest logo accepted, in bytes. */
export const maxLogoBytes = 512 * 1024;

/** How long an upload or download URL works. */
export const logoUrlSeconds = 300;
/**
 * How long after its URL expired an upload may still be checked (an upload started just before
 * the expiry, the notification's delivery and its retries); past it, a pending upload is
 * `expired`, and an object of it that arrives even later is refused (`UPLOAD_EXPIRED`).
 */
export const logoCheckGraceSeconds = 600;

export const formats = {
  "image/png": { extension: "png", label: "PNG" },
  "image/jpeg": { extension: "jpg", label: "JPEG" },
  "image/svg+xml": { extension: "svg", label: "SVG" },
} as const;
export type LogoType = keyof typeof formats;

export const isLogoType = (type: string): type is LogoType => Object.hasOwn(formats, type);

/**
 * A new upload's id: the time it was asked for (milliseconds, base 36, fixed width) and 48 random
 * bits, so ids sort as the uploads were asked for and the newer of two accepted uploads wins.
 */
export const newLogoUploadId = () =>
  `${Date.now().toString(36).padStart(9, "0")}${randomBytes(6).toString("hex")}`;

/** The object an upload writes: new for each upload, so no upload ever writes over the logo in use. */
export const logoObjectKey = (orgId: string, uploadId: string, type: LogoType) =>
  `logos/${orgId}/${uploadId}.${formats[type].extension}`;

/**
 * The organization and upload of an uploaded object's key; undefined for any other key, and for
 * the logos stored before uploads were checked apart (named after their SHA-256: 64 hex digits).
 */
export function parseLogoObjectKey(
  key: string,
): { orgId: string; uploadId: string; type: LogoType } | undefined {
  const match = /^logos\/([A-Za-z0-9_-]{1,100})\/([0-9a-z]{21})\.(png|jpg|svg)$/.exec(key);
  if (!match) return undefined;
  const [, orgId = "", uploadId = "", extension] = match;
  const type = (Object.keys(formats) as LogoType[]).find((each) => formats[each].extension === extension);
  return type ? { orgId, uploadId, type } : undefined;
}

const invalidImage = (detail: Detail) => errors.of(422, "INVALID_IMAGE", detail);

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
 * get wrong), a logo that holds any of them is refused, and the logo is exactly the object
 * that was checked (its upload URL could write it once only). The logo is also only ever
 * handed out as a download (`Content-Disposition: attachment`, from the bucket's origin, never
 * ours), so a browser shows it as an image, where scripts do not run, or saves it.
 */
export function unsafeSvgReason(text: string): Message | undefined {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return message(texts.svgHoldsDeclarations);
  // No CSS at all (a <style> element or a style attribute hides URLs behind escapes), no
  // backslash (a CSS escape anywhere) and no character reference but the five XML ones (one
  // that spells `url(` or `javascript:` would pass every check below).
  if (/[\s"'/]style\s*=/i.test(text)) return message(texts.svgHoldsStyleAttribute);
  if (text.includes("\\")) return message(texts.svgHoldsBackslash);
  if (/&(?!(?:amp|lt|gt|quot|apos);)/.test(text)) return message(texts.svgHoldsCharacterReferences);
  for (const [, name = ""] of text.matchAll(/<\s*([A-Za-z_][\w:.-]*)/g)) {
    const localName = (name.split(":").pop() ?? name).toLowerCase();
    if (!svgElements.has(localName)) return message(texts.svgHoldsElement, { element: name });
  }
  if (/[\s"'/]on[a-z]+\s*=/i.test(text)) return message(texts.svgHoldsEventHandlers);
  // Only references inside the drawing itself (`#id`) are kept.
  if (/(?:^|[\s"'])(?:[\w-]+:)?href\s*=\s*(?:"\s*(?![\s#])|'\s*(?![\s#])|(?![\s"'#]))/i.test(text)) {
    return message(texts.svgHoldsLinks);
  }
  if (/url\(\s*(?:"\s*(?![\s#])|'\s*(?![\s#])|(?![\s"'#]))/i.test(text))
    return message(texts.svgHoldsReferences);
  if (/@import|javascript:|vbscript:|expression\s*\(/i.test(text))
    return message(texts.svgHoldsActiveContent);
  return undefined;
}

/**
 * Checks the bytes against the declared type (magic bytes; SVG by its root element and the
 * allow-list): throws the DomainError that says why not (422 INVALID_IMAGE or UNSAFE_SVG).
 */
export function checkLogoContent(type: LogoType, bytes: Buffer) {
  if (type === "image/png") {
    if (!startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
      throw invalidImage(texts.imageNotPng);
    }
    return;
  }
  if (type === "image/jpeg") {
    if (!startsWith(bytes, [0xff, 0xd8, 0xff])) throw invalidImage(texts.imageNotJpeg);
    return;
  }
  const text = bytes.toString("utf8");
  if (text.includes("\uFFFD")) throw invalidImage(texts.svgNotUtf8);
  const unsafe = (reason: Message) => errors.of(422, "UNSAFE_SVG", message(texts.svgUnsafe, { reason }));
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw unsafe(message(texts.svgHoldsDeclarations));
  const start = text
    .replace(/^\uFEFF/, "")
    .replace(/^\s*<\?xml[\s\S]*?\?>/, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .trimStart();
  if (!/^<svg[\s>]/.test(start)) throw invalidImage(texts.svgRootMissing);
  const reason = unsafeSvgReason(text);
  if (reason) throw unsafe(reason);
}
