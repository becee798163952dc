// Real-editor test of the VS Code extension: code-server (a real VS Code in
// the browser) with the packaged .vsix installed, the seed corpus as its
// workspace, driven by headless Chromium through playwright-core. Opens a
// seed article, puts the cursor in واشنطن, checks the hover card that the
// bundled `alama serve` returns, then accepts the suggestion with the
// extension's keybinding (ctrl+alt+a) and checks the .ann on disk, the
// colour the extension gives the confirmed GPE, the QuickPick of Show
// Entity in Corpus, and Export Corpus as jsonl. Started
// by tests/vscode/run.sh, which installs code-server and the extension;
// arguments come from the env:
//   CODE_SERVER  the code-server entry point
//   DATA_DIR     its --user-data-dir, EXT_DIR its --extensions-dir
//   WORKSPACE    the folder to open (a copy of seeds/)
//   CHROMIUM     the browser (default /usr/bin/chromium)
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { chromium } from "playwright-core";

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`e2e: ${name} is not set`);
  }
  return value;
};
const ARTICLE = "000_fa838d974829c45c.txt";
// واشنطن is code units 21..27 of line 1; column 23 (1-based) is inside it.
const GOTO = ":1:23";

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitForHttp(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited with ${child.exitCode}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url} in ${timeoutMs} ms`);
}

// Types into the palette (F1) and runs the first entry once it matches.
async function palette(page, text, entry) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(text);
  await page
    .locator(".quick-input-widget .monaco-list-row", { hasText: entry })
    .first()
    .waitFor({ state: "visible", timeout: 10000 });
  await page.keyboard.press("Enter");
}

async function main() {
  const port = await freePort();
  const log = [];
  const child = spawn(
    process.execPath,
    [
      env("CODE_SERVER"),
      "--bind-addr", `127.0.0.1:${port}`,
      "--auth", "none",
      "--user-data-dir", env("DATA_DIR"),
      "--extensions-dir", env("EXT_DIR"),
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      env("WORKSPACE"),
    ],
    // Its own process group, so that its helpers (file watcher, extension
    // host, alama serve) are ended with it.
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  child.stdout.on("data", (d) => log.push(d.toString()));
  child.stderr.on("data", (d) => log.push(d.toString()));
  let browser;
  let page;
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, child, 30000);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(env("WORKSPACE"))}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: 60000 });
    // The explorer lists the workspace once the workbench is up.
    await page.locator(".explorer-folders-view").waitFor({ timeout: 60000 });

    // Quick open: the palette without its ">" opens files by name.
    await palette(page, ARTICLE, ARTICLE);
    await page
      .locator(".monaco-editor .view-lines", { hasText: "البيت الأبيض" })
      .first()
      .waitFor({ timeout: 20000 });

    // Retry: the server may still be indexing the corpus (its card then
    // has no corpus counts yet, and it refuses commands).
    let card = "";
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline) {
      await palette(page, GOTO, /line 1.*(character|column) 23/i);
      await palette(page, ">Show or Focus Hover", "Show or Focus Hover");
      const hover = page.locator(".monaco-hover:not(.hidden) .monaco-hover-content").first();
      try {
        await hover.waitFor({ state: "visible", timeout: 5000 });
        card = await hover.innerText();
      } catch {
        card = "";
      }
      if (card.includes("GPE") && !card.includes("not counted yet")) {
        break;
      }
      await page.keyboard.press("Escape");
      await page.waitForTimeout(1000);
    }
    console.log(`e2e: hover card:\n${card}`);
    const expected = ["GPE", "Washington", "واشنطن"];
    const missing = expected.filter((text) => !card.includes(text));
    if (missing.length > 0) {
      throw new Error(`the hover card lacks ${JSON.stringify(missing)}`);
    }

    // The extension's own keybinding: ctrl+alt+a runs alama.acceptSuggestion,
    // which runs the "Accept «واشنطن» as GPE" code action; the server writes
    // the annotation to the document's .ann.
    await page.keyboard.press("Escape");
    await page.locator(".monaco-editor textarea").first().focus();
    await page.keyboard.press("Control+Alt+A");
    const ann = join(env("WORKSPACE"), ARTICLE.replace(/\.txt$/, ".ann"));
    const annDeadline = Date.now() + 15000;
    let lines = "";
    while (Date.now() < annDeadline && !lines.includes("واشنطن")) {
      await new Promise((r) => setTimeout(r, 200));
      lines = existsSync(ann) ? readFileSync(ann, "utf8") : "";
    }
    console.log(`e2e: ${ann}:\n${lines}`);
    if (!/^T\d+\tGPE 21 27\tواشنطن$/m.test(lines)) {
      throw new Error("ctrl+alt+a did not write the annotation of واشنطن");
    }

    // Confirmed, واشنطن is a semantic token alamaGpe, coloured by the
    // extension's configurationDefaults (#0B7A5E light, #4EC9B0 dark).
    const colours = ["rgb(11, 122, 94)", "rgb(78, 201, 176)"];
    let colour = "";
    const colourDeadline = Date.now() + 15000;
    while (Date.now() < colourDeadline && !colours.includes(colour)) {
      await page.waitForTimeout(200);
      colour = await page.evaluate(() => {
        const spans = [...document.querySelectorAll(".view-lines span span")];
        const span = spans.find((s) => s.textContent === "واشنطن");
        return span ? getComputedStyle(span).color : "";
      });
    }
    console.log(`e2e: colour of the confirmed واشنطن: ${colour || "(no token of its own)"}`);
    if (!colours.includes(colour)) {
      throw new Error(`واشنطن is not coloured as alamaGpe: ${colour}`);
    }

    // Show Entity in Corpus: the server's alama.mentions in a QuickPick.
    await palette(page, ">Alama: Show Entity in Corpus", "Show Entity in Corpus");
    const title = page.locator(".quick-input-widget .quick-input-title", {
      hasText: "in the corpus",
    });
    await title.waitFor({ state: "visible", timeout: 10000 });
    const rows = await page.locator(".quick-input-widget .monaco-list-row").allInnerTexts();
    console.log(`e2e: ${await title.innerText()}: ${rows.length} rows, first: ${rows[0]}`);
    if (!(rows.length > 1 && rows.every((row) => row.includes("GPE")))) {
      throw new Error(`unexpected mentions: ${JSON.stringify(rows)}`);
    }
    await page.keyboard.press("Escape");

    // Export Corpus: jsonl into a folder typed in the (simple) folder dialog.
    const out = join(env("WORKSPACE"), "..", "export");
    mkdirSync(out, { recursive: true });
    await palette(page, ">Alama: Export Corpus", "Export Corpus");
    await page
      .locator(".quick-input-widget .monaco-list-row", { hasText: "jsonl" })
      .first()
      .click();
    const dialog = page.locator(".quick-input-widget input");
    await page.waitForTimeout(500);
    await dialog.fill(out + "/");
    await page.waitForTimeout(500);
    await page.keyboard.press("Enter");
    const corpus = join(out, "corpus.jsonl");
    const exportDeadline = Date.now() + 20000;
    let exported = [];
    while (Date.now() < exportDeadline && exported.length < 5) {
      await page.waitForTimeout(200);
      exported = existsSync(corpus)
        ? readFileSync(corpus, "utf8").split("\n").filter((l) => l.endsWith("}"))
        : [];
    }
    console.log(`e2e: ${corpus}: ${exported.length} documents`);
    if (exported.length !== 5) {
      throw new Error(`Export Corpus wrote ${exported.length} documents, not 5`);
    }
  } catch (error) {
    console.error(log.join("").slice(-4000));
    const shot = process.env.SCREENSHOT || "/tmp/alama-vscode-e2e.png";
    await page?.screenshot({ path: shot }).then(() => console.error(`e2e: screenshot in ${shot}`), () => {});
    throw error;
  } finally {
    await browser?.close();
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

const started = Date.now();
main().then(
  () => {
    console.log(`vscode: 1 passed, 0 failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  },
  (error) => {
    console.error(`e2e: ${error.stack ?? error}`);
    console.log("vscode: 0 passed, 1 failed");
    process.exit(1);
  },
);
