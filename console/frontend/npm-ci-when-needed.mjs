// Runs `npm ci` only when node_modules does not hold what package-lock.json says (a fresh clone, a
// changed dependency), so that every Maven build does not reinstall the front end's packages.
import { execSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const wanted = JSON.parse(readFileSync("package-lock.json", "utf8")).packages ?? {};
const installedFile = "node_modules/.package-lock.json";
const installed = existsSync(installedFile)
  ? JSON.parse(readFileSync(installedFile, "utf8")).packages ?? {}
  : {};
const stale = Object.entries(wanted).some(
  ([path, pkg]) => path !== "" && !pkg.optional && installed[path]?.version !== pkg.version,
);
if (stale) {
  console.log("npm ci (node_modules does not match package-lock.json)");
  execSync("npm ci --no-audit --no-fund", { stdio: "inherit" });
}
