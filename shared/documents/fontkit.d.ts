/** The part of fontkit (pdfkit's font engine, no types of its own) the documents use. */
declare module "fontkit" {
  /** A parsed font; pdfkit takes it in place of the font file's bytes. */
  export interface Font {
    layout(text: string): unknown;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
