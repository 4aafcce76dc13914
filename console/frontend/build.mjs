// Bundles the console into static files the console jar serves: app.js (Preact, uPlot and our
// code), app.css, index.html. No CDN: everything the page loads comes from the management port.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = process.env.SLUICE_CONSOLE_OUT ?? "../target/classes/sluice-console";
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ["src/main.tsx"],
  bundle: true,
  minify: true,
  sourcemap: false,
  target: "es2020",
  format: "esm",
  jsx: "automatic",
  jsxImportSource: "preact",
  outfile: join(out, "app.js"),
  logLevel: "warning",
});
writeFileSync(
  join(out, "app.css"),
  readFileSync("node_modules/uplot/dist/uPlot.min.css", "utf8") + "\n" + readFileSync("src/app.css", "utf8"),
);
copyFileSync("src/index.html", join(out, "index.html"));
console.log("console front end written to " + out);
