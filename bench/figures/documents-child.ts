/**
 * One fresh Node process of figure 9: imports the bundled invoice renderer (the PDF libraries
 * and the embedded fonts, nothing else), renders one document (the first, cold), then `warm`
 * more, and writes the timings as JSON to fd 3.
 *
 * Arguments: <renderer bundle> <invoice JSON file> <creditor JSON file> <warm renders>.
 */
import { readFileSync, writeSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [bundleFile, invoiceFile, creditorFile, warmText = "0"] = process.argv.slice(2);
if (!bundleFile || !invoiceFile || !creditorFile)
  throw new Error("usage: documents-child <bundle> <invoice.json> <creditor.json> [warm renders]");
const invoice: unknown = JSON.parse(readFileSync(invoiceFile, "utf8"));
const creditor: unknown = JSON.parse(readFileSync(creditorFile, "utf8"));

type Render = (invoice: unknown, creditor: unknown) => Promise<Uint8Array>;

const cpuBefore = process.cpuUsage();
const started = performance.now();
const module = (await import(pathToFileURL(bundleFile).href)) as { renderInvoiceDocument: Render };
const importCpu = process.cpuUsage(cpuBefore);
const imported = performance.now();
const first = await module.renderInvoiceDocument(invoice, creditor);
const firstDone = performance.now();
const warm: number[] = [];
for (let index = 0; index < Number(warmText); index++) {
  const start = performance.now();
  await module.renderInvoiceDocument(invoice, creditor);
  warm.push(performance.now() - start);
}
writeSync(
  3,
  JSON.stringify({
    importCpuMs: (importCpu.user + importCpu.system) / 1000,
    importMs: imported - started,
    firstRenderMs: firstDone - imported,
    warmRenderMs: warm,
    bytes: first.length,
  }),
);
process.exit(0);
