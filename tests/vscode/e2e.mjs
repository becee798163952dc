// Real-editor test of the VS Code extension: code-server (a real VS Code in
// the browser) with the packaged .vsix installed, the seed corpus as its
// workspace, driven by headless Chromium through playwright-core. Opens a
// seed article, puts the cursor in واشنطن, checks the hover card that the
// bundled `alama serve` returns, then accepts the suggestion with the
// extension's keybinding (ctrl+alt+a) and checks the .ann on disk, the
// decoration the extension draws on the confirmed GPE, the QuickPick of
// Show Entity in Corpus, Set Review State (written to .alama/status.tsv),
// the code lens above the document (its counts and state, and its "Set
// review state…"), the status bar item with the document's counts and
// state, Next and Previous Suggestion with alt+] and alt+[, tagging a
// selection with a type's key (ctrl+alt+2, ORG), undo and redo, "Tag «…»
// as…" and its pick list, and Export Corpus (and its refusal to write into
// the corpus). Last, on an Arabic line mixing a Latin name, digits and an
// emoji, it measures where each word is drawn before and after accepting,
// then retyping, a mention in the middle of the line, and checks the type
// label (an inlay hint) the server puts at the end of that line: marking a
// mention and labelling it must not change the line's bidi order. The
// retyping goes through the server's "Change «…» to another type…" action,
// whose pick list the extension shows as a QuickPick (alama.pick). Started by tests/vscode/run.sh, which installs code-server and the
// extension; arguments come from the env:
//   CODE_SERVER  the code-server entry point
//   DATA_DIR     its --user-data-dir, EXT_DIR its --extensions-dir
//   WORKSPACE    the folder to open (a copy of seeds/)
//   CHROMIUM     the browser (default /usr/bin/chromium)
//   SHOTS        optional: a folder for screenshots of the Arabic line
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

// The bidi check's document, written into the workspace: a sentence of the
// seed articles (000) as a news line would quote it, with the name in Latin
// letters, a date in digits and an emoji. واشنطن, in the middle, is the
// mention accepted and then retyped.
const BIDI_FILE = "bidi.txt";
const BIDI_LINE =
  "وقال مسؤول من إدارة الرئيس باراك أوباما (Barack Obama) 📰 الأربعاء 11 يونيو 2014 " +
  "إن واشنطن تتطلع إلى تعزيز القوات العراقية.";
const BIDI_WORD = "واشنطن";
// Its place: UTF-16 code units for the editor (1-based column inside the
// word), code points for the .ann.
const BIDI_AT = BIDI_LINE.indexOf(BIDI_WORD);
const BIDI_GOTO = `:1:${BIDI_AT + 3}`;
const BIDI_START = [...BIDI_LINE.slice(0, BIDI_AT)].length;
const BIDI_END = BIDI_START + [...BIDI_WORD].length;

// Arabic-Indic digits and a Hijri year written with its letter: the
// characters VS Code would box as looking like Latin ones.
const DIGITS_FILE = "digits.txt";
const DIGITS_LINE = "في عام ٢٠١٤ أي سنة 1435ه قال ٥ مسؤولين";

// The documents of the workspace: the five seeds, BIDI_FILE and DIGITS_FILE.
const DOCUMENTS = 7;

// The default colours of a type in light and dark themes: `colours`, the
// text colour of its semantic tokens before and the border of its
// decorations now, and `backgrounds`, the background of its decorations.
const MARKS = {
  GPE: {
    colours: ["rgb(11, 122, 94)", "rgb(78, 201, 176)"],
    backgrounds: ["rgba(11, 122, 94, 0.18)", "rgba(78, 201, 176, 0.25)"],
  },
  LOC: {
    colours: ["rgb(63, 127, 42)", "rgb(181, 206, 168)"],
    backgrounds: ["rgba(63, 127, 42, 0.18)", "rgba(181, 206, 168, 0.25)"],
  },
};

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

// Polls `probe` (async) until it returns a value other than undefined, null
// or false, and returns it; throws naming `what` after `timeoutMs`.
async function waitFor(what, probe, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

// The annotation lines of a document's .ann once one matches `pattern`.
function waitForAnn(ann, pattern) {
  return waitFor(`${pattern} in ${ann}`, () => {
    const lines = existsSync(ann) ? readFileSync(ann, "utf8") : "";
    return pattern.test(lines) && lines;
  });
}

// The functions below run in the page (installed by installHelpers).

// The rendered line of the editor whose text is `text` (VS Code draws
// spaces as no-break spaces), with or without the inlay hint the server
// puts at the end of a right-to-left line, or null. A line longer than the
// editor is wrapped (the extension turns word wrap on for plain text): then
// its first row, which holds the start of `text`.
function renderedLine(text) {
  const rows = [...document.querySelectorAll(".monaco-editor .view-lines .view-line")];
  const plain = (row) => row.textContent.replace(/\u00a0/g, " ");
  return (
    rows.find((row) => plain(row).startsWith(text)) ??
    rows.find((row) => {
      const shown = plain(row).trimEnd();
      return shown.length >= 20 && text.startsWith(shown);
    }) ??
    null
  );
}

// What the rendered line `text` shows after its text (the inlay hint at
// its end), without isolates and with plain spaces; null while the line
// is not rendered.
function labelOf(text) {
  const line = renderedLine(text);
  if (!line) {
    return null;
  }
  return line.textContent
    .replace(/\u00a0/g, " ")
    .slice(text.length)
    .replace(/[\u2066-\u2069]/g, "")
    .trim();
}

// The on-screen box of the code units [start, end) of a rendered line,
// measured with a DOM Range over the line's text nodes, however the editor
// splits the line into spans.
function boxOf(line, start, end) {
  const nodes = [];
  const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
  let offset = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push({ node, start: offset });
    offset += node.length;
  }
  // The text node of line offset `at`: the one a range starts in, or for
  // its end, the one it ends in.
  const place = (at, isEnd) => {
    const hit = nodes.find((n) =>
      isEnd ? n.start < at && at <= n.start + n.node.length : n.start <= at && at < n.start + n.node.length,
    );
    return [hit.node, at - hit.start];
  };
  const range = document.createRange();
  range.setStart(...place(start, false));
  range.setEnd(...place(end, true));
  return range.getBoundingClientRect();
}

// Where each word (run of non-spaces) of the rendered line `text` is drawn,
// [{word, left, right}] in CSS pixels, or null while it is not rendered.
function wordBoxes(text) {
  const line = renderedLine(text);
  if (!line) {
    return null;
  }
  return [...text.matchAll(/\S+/g)].map((match) => {
    const { left, right } = boxOf(line, match.index, match.index + match[0].length);
    return { word: match[0], left, right };
  });
}

// How the code units [start, end) of the rendered line `text` are drawn:
// `colour`, the text colour of a span holding exactly them (what a
// semantic token makes), and `boxes`, the background and bottom border
// colours of the editor's overlay boxes (decorations drawn behind the
// text) that cover them; null while the line is not rendered.
function markOf({ text, start, end }) {
  const line = renderedLine(text);
  if (!line) {
    return null;
  }
  const span = [...line.querySelectorAll("span")].find(
    (s) => s.children.length === 0 && s.textContent === text.slice(start, end),
  );
  const word = boxOf(line, start, end);
  const overlays = [...line.closest(".monaco-editor").querySelectorAll(".view-overlays div div")]
    .filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.left < word.right - 1 && r.right > word.left + 1 &&
        r.top < word.bottom - 1 && r.bottom > word.top + 1;
    })
    .map((el) => {
      const style = getComputedStyle(el);
      return { background: style.backgroundColor, border: style.borderBottomColor };
    });
  return { colour: span ? getComputedStyle(span).color : "", boxes: overlays };
}

// Defines the page-side functions above in the page, as `window.alamaE2E`.
// Evaluated as a script through the debugging protocol, which the
// workbench's content security policy (no inline scripts) does not block.
async function installHelpers(page) {
  const functions = [renderedLine, labelOf, boxOf, wordBoxes, markOf].map(String).join("\n");
  await page.evaluate(`(() => {\n${functions}\nwindow.alamaE2E = { wordBoxes, markOf, labelOf };\n})()`);
}

// The words of `after` that are not drawn where they were in `before` (more
// than two pixels away), as readable lines; empty when none moved.
function movedWords(before, after) {
  if (after.length !== before.length) {
    return [`${before.length} words before, ${after.length} after`];
  }
  return before.flatMap((b, i) => {
    const a = after[i];
    return Math.abs(a.left - b.left) > 2 || Math.abs(a.right - b.right) > 2
      ? [`${b.word}: x ${b.left.toFixed(1)}..${b.right.toFixed(1)} -> ${a.left.toFixed(1)}..${a.right.toFixed(1)}`]
      : [];
  });
}

function describeBoxes(boxes) {
  return boxes.map((b) => `${b.word}@${b.left.toFixed(0)}`).join(" ");
}

// Whether `mark` (from markOf) draws a confirmed mention of `type`: a
// decoration box in the type's background colour or, as the extension did
// before, a semantic token in its text colour. Either way the bidi check
// then measures what the annotator sees.
function drawnAs(mark, type) {
  const { colours, backgrounds } = MARKS[type];
  return (
    mark !== null &&
    (colours.includes(mark.colour) || mark.boxes.some((box) => backgrounds.includes(box.background)))
  );
}

// Waits until the code units [start, end) of the line `text` are drawn as
// a confirmed mention of `type` (drawnAs), and returns how (markOf).
async function waitForMark(page, where, type) {
  const word = where.text.slice(where.start, where.end);
  const mark = await waitFor(`${word} drawn as a confirmed ${type}`, async () => {
    const found = await page.evaluate((w) => window.alamaE2E.markOf(w), where);
    return drawnAs(found, type) && found;
  });
  console.log(`e2e: ${word} drawn as ${type}: ${JSON.stringify(mark)}`);
  return mark;
}

// Throws unless `mark` is the extension's decoration of `type` (background
// and border in the type's colours), none of another type's is left (after
// retyping), and the text keeps the editor's colour.
function expectDecoration(mark, type) {
  const { colours, backgrounds } = MARKS[type];
  const decorated = mark.boxes.some(
    (box) => backgrounds.includes(box.background) && colours.includes(box.border),
  );
  const others = Object.entries(MARKS)
    .filter(([other]) => other !== type)
    .flatMap(([, m]) => m.backgrounds);
  const stale = mark.boxes.some((box) => others.includes(box.background));
  if (!decorated || stale || colours.includes(mark.colour)) {
    throw new Error(`not drawn with the ${type} decoration alone: ${JSON.stringify(mark)}`);
  }
}

// Opens the quick fix menu at the cursor (ctrl+.), or another menu of code
// actions (`key`: ctrl+shift+r for refactorings), and runs the action whose
// title contains `title`, chosen with the keyboard (a block over the menu
// catches the mouse).
async function quickFix(page, title, key = "Control+Period") {
  await page.keyboard.press(key);
  const rows = page.locator(".action-widget .monaco-list-row");
  await rows.first().waitFor({ state: "visible", timeout: 10000 });
  console.log(`e2e: ${key} menu: ${JSON.stringify(await rows.allInnerTexts())}`);
  const count = await rows.count();
  const focused = page.locator(".action-widget .monaco-list-row.focused");
  for (let i = 0; i <= count; i++) {
    if ((await focused.innerText()).includes(title)) {
      await page.keyboard.press("Enter");
      return;
    }
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`no quick fix "${title}"`);
}

// Picks `label` in the QuickPick that alama.pick opens with the server's
// choices (filtered by typing it, then chosen with the keyboard).
async function pickChoice(page, label) {
  const title = page.locator(".quick-input-widget .quick-input-title").first();
  await title.waitFor({ state: "visible", timeout: 10000 });
  const choices = await page.locator(".quick-input-widget .monaco-list-row").allInnerTexts();
  console.log(`e2e: pick list "${await title.innerText()}": ${JSON.stringify(choices)}`);
  await page.locator(".quick-input-widget input").fill(label);
  const current = page.locator(".quick-input-widget .monaco-list-row.focused").first();
  await current.waitFor({ state: "visible", timeout: 10000 });
  const exactly = new RegExp(`^${label}\\b`);
  for (let i = 0; i < choices.length; i++) {
    if (exactly.test(await current.innerText())) {
      await page.keyboard.press("Enter");
      return;
    }
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`no choice ${label} in the pick list`);
}

async function screenshot(page, name) {
  if (process.env.SHOTS) {
    await page.screenshot({ path: join(process.env.SHOTS, name) });
  }
}

async function main() {
  // The extension starts only in a folder that looks like a corpus: a real
  // one has its .alama/ folder (the seeds' holds their config.toml), or an
  // annotation.conf, or .ann files. Made here if the copy lacks it.
  mkdirSync(join(env("WORKSPACE"), ".alama"), { recursive: true });
  writeFileSync(join(env("WORKSPACE"), BIDI_FILE), `${BIDI_LINE}\n`);
  writeFileSync(join(env("WORKSPACE"), DIGITS_FILE), `${DIGITS_LINE}\n`);
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
    await installHelpers(page);

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

    // Confirmed, واشنطن is drawn in the GPE colours (how exactly: on the
    // Arabic line at the end).
    const articleLine = readFileSync(join(env("WORKSPACE"), ARTICLE), "utf8").split("\n")[0];
    await waitForMark(page, { text: articleLine, start: 21, end: 27 }, "GPE");

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

    // Set Review State: Done is written to .alama/status.tsv.
    await palette(page, ">Alama: Set Review State", "Set Review State of This Document");
    await page
      .locator(".quick-input-widget .monaco-list-row", { hasText: "Done" })
      .first()
      .click();
    const statusFile = join(env("WORKSPACE"), ".alama", "status.tsv");
    const reviewed = await waitFor("the document's review state in .alama/status.tsv", () =>
      existsSync(statusFile) &&
      readFileSync(statusFile, "utf8")
        .split("\n")
        .find((line) => line.startsWith(`${ARTICLE}\tdone\t`)),
    );
    console.log(`e2e: status.tsv: ${reviewed}`);

    // The status bar item of the active document: its counts and state,
    // from the same code lens.
    const statusItem = () =>
      page.evaluate(() =>
        [...document.querySelectorAll(".statusbar-item")]
          .map((item) => item.textContent.replace(/\u00a0/g, " ").trim())
          .find((text) => text.startsWith("Alama:")) ?? "",
      );
    const status = await waitFor("the status bar item of the document done", async () => {
      const text = await statusItem();
      return /^Alama: 1 ✓ · \d+ suggestions? · done$/.test(text) && text;
    });
    console.log(`e2e: status bar: ${status}`);
    // Its tooltip holds the legend of the types' colours.
    await page
      .locator(".statusbar-item")
      .filter({ hasText: /^Alama:/ })
      .first()
      .hover();
    const legend = await waitFor("the legend of the type colours in the status bar's tooltip", () =>
      page.evaluate(() => {
        const hover = [...document.querySelectorAll(".monaco-hover, .workbench-hover")]
          .map((h) => h.textContent)
          .find((text) => text.includes("confirmed mention"));
        return hover && hover.includes("PER") && hover.includes("CARDINAL") && hover;
      }),
    );
    console.log(`e2e: status bar tooltip: ${legend}`);
    await page.mouse.move(0, 0);

    // The code lens above the first line counts the accepted واشنطن and
    // names the state just set (the server asked VS Code to fetch the
    // lenses again after each command).
    const lensText = () =>
      page.evaluate(() =>
        [...document.querySelectorAll(".codelens-decoration")].map((d) => d.textContent).join(" | "),
      );
    const lens = await waitFor("the code lens of the document done", async () => {
      const text = await lensText();
      return /^1 confirmed · \d+ suggestions · done \| Accept all suggestions \| Set review state…$/
        .test(text.replace(/\u00a0/g, " ").replace(/\s*\|\s*/g, " | ").trim()) && text;
    });
    console.log(`e2e: code lens: ${lens}`);
    // Its "Set review state…" asks for the state of that document.
    await page.locator(".codelens-decoration a", { hasText: "Set review state" }).first().click();
    await page
      .locator(".quick-input-widget .monaco-list-row", { hasText: "In progress" })
      .first()
      .click();
    await waitFor("the state set from the lens in .alama/status.tsv", () =>
      readFileSync(statusFile, "utf8")
        .split("\n")
        .find((line) => line.startsWith(`${ARTICLE}\tin-progress\t`)),
    );
    await waitFor("the code lens of the document in progress", async () =>
      (await lensText()).includes("· in progress"),
    );

    // alt+] selects the next suggestion after the start of the selection
    // (the accepted واشنطن is passed over): القوات العراقية, code units
    // 44..59 of line 1, then الدولة الإسلامية, 118..134; alt+[ goes back to
    // القوات العراقية. The status bar tells where the selection ends and how long
    // it is.
    const selection = () =>
      page.locator("#status\\.editor\\.selection").first().innerText();
    const expectSelection = (key, pattern) =>
      waitFor(`${key} to select ${pattern}`, async () => pattern.test(await selection()));
    await palette(page, GOTO, /line 1.*(character|column) 23/i);
    await page.locator(".monaco-editor textarea").first().focus();
    await page.keyboard.press("Alt+BracketRight");
    await expectSelection("alt+]", /Ln 1, Col 60 \(15 selected\)/);
    await page.keyboard.press("Alt+BracketRight");
    await expectSelection("alt+] again", /Ln 1, Col 135 \(16 selected\)/);
    await page.keyboard.press("Alt+BracketLeft");
    await expectSelection("alt+[", /Ln 1, Col 60 \(15 selected\)/);
    console.log(`e2e: alt+] and alt+[ select: ${await selection()}`);
    await screenshot(page, "lens-and-next-suggestion.png");

    // ctrl+alt+2 tags the selection as ORG: البيت الأبيض, code units 5..17
    // of line 1, selected with the space after it (left out of the span).
    await palette(page, ":1:6", /line 1.*(character|column) 6/i);
    await page.locator(".monaco-editor textarea").first().focus();
    for (let i = 0; i < 13; i++) {
      await page.keyboard.press("Shift+ArrowRight");
    }
    await expectSelection("shift+right", /\(13 selected\)/);
    await page.keyboard.press("Control+Alt+2");
    const tagged = await waitForAnn(ann, /^T\d+\tORG 5 17\tالبيت الأبيض$/m);
    console.log(`e2e: ctrl+alt+2 tagged: ${tagged.split("\n").filter((l) => l.includes("ORG")).join(" ")}`);
    // The status bar counts it, in the state set from the lens.
    const counted = await waitFor("the status bar item counting the new ORG", async () => {
      const text = await statusItem();
      return /^Alama: 2 ✓ · \d+ suggestions? · in progress$/.test(text) && text;
    });
    console.log(`e2e: status bar: ${counted}`);
    // ctrl+alt+z undoes it on disk, ctrl+alt+shift+z does it again.
    await page.keyboard.press("Control+Alt+Z");
    await waitFor("ctrl+alt+z to undo the ORG", () => !/\tORG 5 17\t/.test(readFileSync(ann, "utf8")));
    await page.keyboard.press("Control+Alt+Shift+Z");
    await waitForAnn(ann, /^T\d+\tORG 5 17\tالبيت الأبيض$/m);
    console.log("e2e: ctrl+alt+z undid the ORG and ctrl+alt+shift+z redid it");

    // "Tag «تتطلع» as…" (a refactoring: ctrl+shift+r) on a selected word
    // no one suggested opens the pick list of types; EVENT is written
    // (code units 28..33 of line 1).
    await palette(page, ":1:29", /line 1.*(character|column) 29/i);
    await page.locator(".monaco-editor textarea").first().focus();
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press("Shift+ArrowRight");
    }
    await expectSelection("shift+right", /\(5 selected\)/);
    await quickFix(page, "Tag «تتطلع» as", "Control+Shift+R");
    await pickChoice(page, "EVENT");
    await waitForAnn(ann, /^T\d+\tEVENT 28 33\tتتطلع$/m);
    console.log("e2e: Tag «تتطلع» as… EVENT written");
    // Arabic-Indic digits, and Arabic letters in a word with Latin letters
    // or digits, look like Latin characters: VS Code boxes them as
    // ambiguous unless told not to, which the extension does for plain
    // text.
    await palette(page, DIGITS_FILE, DIGITS_FILE);
    await page
      .locator(".monaco-editor .view-lines", { hasText: "1435" })
      .first()
      .waitFor({ timeout: 20000 });
    await page.waitForTimeout(1000);
    const ambiguous = await page.evaluate(
      () => document.querySelectorAll(".monaco-editor .unicode-highlight").length,
    );
    console.log(`e2e: ${DIGITS_FILE}: ${ambiguous} characters boxed as ambiguous`);
    if (ambiguous !== 0) {
      throw new Error(`${ambiguous} characters of ${DIGITS_FILE} are highlighted as ambiguous`);
    }

    // Export Corpus: JSON Lines with suggestions into a new folder typed in
    // the (simple) folder dialog; then again into the workspace itself,
    // which the binary refuses without writing anything there.
    const out = join(env("WORKSPACE"), "..", "export");
    mkdirSync(out, { recursive: true });
    const exportTo = async (folder) => {
      await palette(page, ">Alama: Export Corpus", "Export Corpus");
      await page
        .locator(".quick-input-widget .monaco-list-row", { hasText: "JSON Lines with suggestions" })
        .first()
        .click();
      const dialog = page.locator(".quick-input-widget input");
      await page.waitForTimeout(500);
      await dialog.fill(folder + "/");
      await page.waitForTimeout(500);
      await page.keyboard.press("Enter");
    };
    await exportTo(out);
    const corpus = join(out, "corpus.jsonl");
    const exportDeadline = Date.now() + 20000;
    let exported = [];
    while (Date.now() < exportDeadline && exported.length < DOCUMENTS) {
      await page.waitForTimeout(200);
      exported = existsSync(corpus)
        ? readFileSync(corpus, "utf8").split("\n").filter((l) => l.endsWith("}"))
        : [];
    }
    console.log(`e2e: ${corpus}: ${exported.length} documents`);
    if (exported.length !== DOCUMENTS) {
      throw new Error(`Export Corpus wrote ${exported.length} documents, not ${DOCUMENTS}`);
    }
    const statuses = new Set(exported.flatMap((l) => JSON.parse(l).spans.map((s) => s.status)));
    if (!statuses.has("suggested")) {
      throw new Error(`the exported suggestions are not marked: ${[...statuses]}`);
    }
    await exportTo(env("WORKSPACE"));
    await waitFor("the refusal to export into the corpus", () =>
      page.evaluate(() =>
        [...document.querySelectorAll(".notifications-toasts .notification-list-item-message")].some((n) =>
          n.textContent.includes("refusing --out"),
        ),
      ),
    );
    if (existsSync(join(env("WORKSPACE"), "corpus.jsonl"))) {
      throw new Error("Export Corpus wrote into the corpus");
    }

    // Bidi: accepting and retyping واشنطن in the middle of an Arabic line
    // must leave every word of the line where it was drawn. Without the
    // side bar the whole line fits in the editor.
    await palette(page, ">View: Close Primary Side Bar", "Close Primary Side Bar");
    await palette(page, BIDI_FILE, BIDI_FILE);
    const measure = () => page.evaluate((text) => window.alamaE2E.wordBoxes(text), BIDI_LINE);
    await waitFor(`the line of ${BIDI_FILE}`, measure, 20000);
    // The server's suggestions are underlined once it has read the document.
    await waitFor(`the suggestions of ${BIDI_FILE}`, () =>
      page.evaluate(() => document.querySelector(".monaco-editor .view-overlays .squiggly-hint") !== null),
    );
    const before = await measure();
    console.log(`e2e: ${BIDI_FILE} before: ${describeBoxes(before)}`);
    // The suggestion واشنطن (a hint, out of the Problems panel) is
    // underlined in its type's colour, behind the text.
    const suggestedAt = { text: BIDI_LINE, start: BIDI_AT, end: BIDI_AT + BIDI_WORD.length };
    const underlined = await waitFor(`${BIDI_WORD} underlined as a GPE suggestion`, async () => {
      const found = await page.evaluate((w) => window.alamaE2E.markOf(w), suggestedAt);
      return (
        found?.boxes.some((box) => MARKS.GPE.colours.includes(box.border) && box.background === "rgba(0, 0, 0, 0)") &&
        found
      );
    });
    console.log(`e2e: ${BIDI_WORD} as a suggestion: ${JSON.stringify(underlined)}`);
    await screenshot(page, "bidi-before.png");
    const bidiAnn = join(env("WORKSPACE"), BIDI_FILE.replace(/\.txt$/, ".ann"));
    for (const [type, step] of [
      ["GPE", "accepting"],
      ["LOC", "retyping"],
    ]) {
      await palette(page, BIDI_GOTO, /line 1.*(character|column)/i);
      await page.locator(".monaco-editor textarea").first().focus();
      if (type === "GPE") {
        await page.keyboard.press("Control+Alt+A");
      } else {
        // The quick fix menu of the confirmed واشنطن: "Change «واشنطن» to
        // another type…", which opens the server's pick list of types.
        await quickFix(page, "to another type");
        await pickChoice(page, "LOC");
      }
      await waitForAnn(bidiAnn, new RegExp(`^T\\d+\\t${type} ${BIDI_START} ${BIDI_END}\\t${BIDI_WORD}$`, "m"));
      const where = { text: BIDI_LINE, start: BIDI_AT, end: BIDI_AT + BIDI_WORD.length };
      const mark = await waitForMark(page, where, type);
      // The type is written as an inlay hint at the end of the line, where
      // it moves no word of it.
      const label = `${BIDI_WORD}: ${type}`;
      const shown = await waitFor(`the inlay hint "${label}" at the end of the line`, async () => {
        const after = await page.evaluate((text) => window.alamaE2E.labelOf(text), BIDI_LINE);
        return after === label && after;
      });
      console.log(`e2e: ${BIDI_FILE} label after ${step}: ${shown}`);
      const after = await measure();
      console.log(`e2e: ${BIDI_FILE} after ${step}: ${describeBoxes(after)}`);
      await screenshot(page, `bidi-${type}.png`);
      const moved = movedWords(before, after);
      if (moved.length > 0) {
        throw new Error(`${step} ${BIDI_WORD} as ${type} moved words of the line:\n${moved.join("\n")}`);
      }
      expectDecoration(mark, type);
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
