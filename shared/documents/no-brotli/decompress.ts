/**
 * Stands in for `brotli/decompress.js` in the bundles (an esbuild alias of `brotli`, see
 * local/bundle.ts and infra/constructs/function.ts): fontkit needs brotli only to read WOFF2
 * fonts, and the documents embed a TrueType font, so the 475 KiB decompressor would be weight
 * every document function loads at its cold start for nothing. A WOFF2 font fails loudly.
 */
export default function decompress(): never {
  throw new Error("WOFF2 fonts are not supported in this bundle: embed a TrueType font");
}
