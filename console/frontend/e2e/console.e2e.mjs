// The console in a real browser: Debian's Chromium driven by playwright-core (which downloads no
// browser). Started by ConsoleBrowserIT (cli module), which runs `sluice local` on the quickstart
// in-process and offers a small harness on loopback: /send runs `sluice send` with the given
// arguments, /sink reports and switches the webhook receiver, /manifest breaks and fixes a file.
//
// Environment: CONSOLE_URL, HARNESS_URL, SCREENSHOTS (a folder), CHROMIUM (default /usr/bin/chromium).
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const consoleUrl = process.env.CONSOLE_URL;
const harness = process.env.HARNESS_URL;
const shots = process.env.SCREENSHOTS ?? "target/console-screenshots";
mkdirSync(shots, { recursive: true });
const SECONDS = 1000;

async function call(path, body) {
  const response = await fetch(harness + path, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

const send = (args, file) => call("/send", { args, file });
const step = (text) => console.log(`[console e2e] ${new Date().toISOString()} ${text}`);

async function waitFor(what, check, timeout = 20 * SECONDS) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const failures = [];
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
  page.setDefaultTimeout(20 * SECONDS);
  const run = Date.now().toString(36);
  const user = `e2e-${run}`;

  step("Sources: the live debugger shows what `sluice send` sends");
  await page.goto(consoleUrl + "#/sources");
  await page.getByRole("heading", { name: "Live debugger" }).waitFor();
  await page.getByRole("status").filter({ hasText: "Live:" }).waitFor();
  const live = page.getByTestId("live-messages");
  const sentAt = Date.now();
  await send(["--event", "Order Completed", "--user-id", user, "--properties", '{"revenue":42.5}']);
  await send(["--event", "Product Viewed", "--user-id", user]);
  await live.locator("li", { hasText: `Order Completed · userId ${user}` }).waitFor({ timeout: 10 * SECONDS });
  await live.locator("li", { hasText: `Product Viewed · userId ${user}` }).waitFor({ timeout: 10 * SECONDS });
  step(`both messages shown ${Date.now() - sentAt} ms after sending`);

  step("a CEL filter narrows the list");
  await page.getByLabel("CEL condition").fill(`message.userId == '${user}' && message.event == 'Order Completed'`);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await live.locator("li", { hasText: "Order Completed" }).first().waitFor();
  await waitFor("only Order Completed in the list", async () => {
    const texts = await live.locator("li summary").allInnerTexts();
    return texts.length >= 1 && texts.every((t) => t.includes("Order Completed") && t.includes(user));
  });
  await page.getByRole("button", { name: "Clear filters" }).click();

  step("a rejected batch item shows its code, in red");
  await send([], {
    batch: [
      { type: "track", event: "Batch OK", userId: user },
      { type: "track", userId: user },
    ],
  });
  const rejected = live.locator("li.rejected", { hasText: "event_not_defined" }).first();
  await rejected.waitFor({ timeout: 10 * SECONDS });
  const color = await rejected.evaluate((el) => getComputedStyle(el).borderLeftColor);
  if (!color.startsWith("rgb(185, 28, 28)")) failures.push(`rejected entry not red: ${color}`);
  await rejected.locator("summary").click();
  // The Source's card counts rejections by code (it polls every 2 s).
  await page.locator("code.rejected-code", { hasText: "event_not_defined" }).waitFor();
  await page.screenshot({ path: join(shots, "sources.png"), fullPage: true });

  step("Destinations: the delivery overview counts what the webhook received");
  await page.getByRole("link", { name: "Destinations" }).click();
  const hook = page.locator("[data-destination=local-hook]");
  await hook.waitFor();
  await waitFor(
    "delivered to match the sink",
    async () => {
      const sink = await call("/sink");
      const shown = Number((await hook.getByTestId("delivered").innerText()).replace(/,/g, ""));
      return sink.delivered > 0 && shown === sink.delivered;
    },
    30 * SECONDS,
  );
  await hook.getByRole("button", { name: "Preview web-shop-to-local-hook" }).click();
  await hook.getByTestId("preview-outcome").waitFor();
  await hook.getByLabel("Before (edit and run again)").fill(
    JSON.stringify({ type: "track", event: "Checkout", userId: user, context: { ip: "203.0.113.7" } }, null, 2),
  );
  await hook.getByRole("button", { name: "Run preview on this sample" }).click();
  await hook.getByTestId("preview-outcome").filter({ hasText: "Your sample passes" }).waitFor();
  const after = await hook.getByLabel("After filter and transforms").innerText();
  if (after.includes("203.0.113.7")) failures.push("the preview's after still has context.ip");
  await page.screenshot({ path: join(shots, "destinations.png"), fullPage: true });

  step("Dead letters: a refusing webhook's messages appear, a replay delivers them");
  await call("/sink/refuse", {});
  await send(["--event", "Refused Order", "--user-id", user]);
  await page.getByRole("link", { name: "Dead letters" }).click();
  // By role: until the new view renders, the Destinations view's regions ("Destination default/…") match the label too.
  await page.getByRole("combobox", { name: "Destination" }).selectOption("default/local-hook");
  const letter = page.getByTestId("dead-letter").filter({ hasText: "Refused Order" }).first();
  await waitFor("the dead letter", async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    return (await letter.count()) > 0;
  });
  await letter.locator("summary").click();
  await letter.getByText("400").first().waitFor();
  await page.screenshot({ path: join(shots, "dead-letters.png"), fullPage: true });
  await call("/sink/accept", {});
  await page.getByRole("button", { name: "Replay all" }).click();
  await page.getByRole("button", { name: "Confirm replay" }).click();
  await page.getByRole("status").filter({ hasText: "Replayed" }).waitFor();
  await waitFor("the replayed message at the sink", async () => (await call("/sink")).bodies.some((b) => b.includes("Refused Order")));
  step("replayed and delivered");

  step("Problems: a broken manifest shows, live");
  await page.getByRole("link", { name: "Problems" }).click();
  await page.getByTestId("no-problems").waitFor();
  await call("/manifest/break", {});
  const row = page.locator("tr.problem-error", { hasText: "broken.yaml" });
  await row.waitFor({ timeout: 15 * SECONDS });
  await page.screenshot({ path: join(shots, "problems.png"), fullPage: true });
  await call("/manifest/fix", {});
  await page.getByTestId("no-problems").waitFor({ timeout: 15 * SECONDS });

  step("keyboard: the views are reachable with Tab and Enter");
  await page.goto("about:blank");
  await page.goto(consoleUrl + "#/sources");
  await page.getByRole("heading", { name: "Sources", level: 2 }).waitFor();
  await page.keyboard.press("Tab"); // skip link
  await page.keyboard.press("Tab"); // Sources
  await page.keyboard.press("Tab"); // Destinations
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Destinations", level: 2 }).waitFor();
} catch (e) {
  failures.push(e.stack ?? String(e));
} finally {
  await browser.close();
}
if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log("[console e2e] all checks passed");
