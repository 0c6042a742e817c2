// Shared set-up of the browser tests: Debian's Chromium driven by playwright-core (never a
// browser download), the service's URL from ORCHESTRATE_URL, screenshots into SCREENSHOT_DIR.
import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export const baseUrl = process.env.ORCHESTRATE_URL ?? "http://localhost:8080";
const screenshots = process.env.SCREENSHOT_DIR ?? "../server/target/screenshots";

export async function withPage(run) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({ locale: "ko-KR", viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && console.error(`[browser] ${m.text()}`));
  page.on("pageerror", (e) => console.error(`[page error] ${e.message}`));
  try {
    await run(page);
  } catch (e) {
    await screenshot(page, "failure").catch(() => {});
    throw e;
  } finally {
    await browser.close();
  }
}

/** The whole page, or with `{ fullPage: false }` what the window shows (a fixed side panel). */
export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(screenshots, { recursive: true });
  const path = join(screenshots, `${name}.png`);
  await page.screenshot({ path, fullPage });
  console.log(`screenshot ${path}`);
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page, what) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length) {
    const lines = bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`);
    throw new Error(`${what}: accessibility violations\n${lines.join("\n")}`);
  }
}

export const PASSWORD = "correct horse battery";

/** Signs up a fresh user through the UI; answers with the email. */
export async function signUp(page) {
  const email = `ui-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await page.goto(`${baseUrl}/pipelines`);
  await page.waitForURL(/\/signin$/);
  await page.getByRole("link", { name: "회원가입" }).click();
  await page.getByLabel("이름").fill("테스트 사용자");
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill(PASSWORD);
  await page.getByRole("button", { name: "회원가입" }).click();
  await page.waitForURL(/\/pipelines$/);
  return email;
}


/** The signed-in page's token, as the app keeps it. */
export const tokenOf = (page) => page.evaluate(() => sessionStorage.getItem("orchestrate.token"));

/** A call of the service's API outside the page (set-up and checks); any non-2xx fails the test. */
export async function api(token, method, path, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Polls (bounded, 90 s) until the execution has the status; fails at once if it ended otherwise. */
export async function awaitStatus(token, id, status) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const e = await api(token, "GET", `/orchestrate/executions/${id}`);
    if (e.status === status) return e;
    if (["completed", "failed", "cancelled", "rejected"].includes(e.status)) {
      throw new Error(`execution ${id} ended ${e.status}, not ${status}`);
    }
    if (Date.now() > deadline) throw new Error(`execution ${id} is still ${e.status}, not ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
