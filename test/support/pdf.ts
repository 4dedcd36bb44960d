import { execFile } from "node:child_process";

/** `pdftotext` of Debian's poppler-utils (`.ci/run` installs it) on the PDF given on its input. */
function pdftotext(pdf: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "pdftotext",
      ["-layout", "-enc", "UTF-8", "-", "-"],
      { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`pdftotext failed (is poppler-utils installed?): ${stderr || error.message}`));
        else resolve(stdout);
      },
    );
    child.stdin?.end(Buffer.from(pdf));
  });
}

/**
 * The text of a PDF as a reader's tool extracts it, line by line as laid out (`-layout`), with white space
 * (no-break spaces too) as single spaces, so tests match amounts and references as printed.
 */
export const pdfText = async (pdf: Uint8Array) => (await pdftotext(pdf)).replace(/\s+/gu, " ");

/** How many pages a PDF has: pdftotext ends each with a form feed. */
export const pdfPages = async (pdf: Uint8Array) => (await pdftotext(pdf)).split("\f").length - 1;

/** A PDF file, by its signature. */
export const isPdf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 5)).toString("latin1") === "%PDF-";
