import { bundle } from "./lib/bundle.ts";
const entries = process.argv.slice(2);
for (const e of entries) {
  const b = await bundle(e, e.replace(/[\/.]/g, "_"));
  console.log(e, (b.bytes/1024).toFixed(0), "KiB");
  for (const i of b.inputs.slice(0, 25)) console.log("   ", i.input, (i.bytes/1024).toFixed(1));
}
