import { strict as assert } from "node:assert";
import { test } from "node:test";
import { colourLegend, parseLensTitle, statusOfLenses, statusText, statusTooltip } from "../status";

test("the lens title gives the counts and the state", () => {
  assert.deepEqual(parseLensTitle("12 confirmed · 5 suggestions · in progress"), {
    confirmed: 12,
    suggestions: 5,
    state: "in progress",
  });
  assert.deepEqual(parseLensTitle("0 confirmed · 1 suggestion · to do"), {
    confirmed: 0,
    suggestions: 1,
    state: "to do",
  });
  assert.deepEqual(parseLensTitle("3 confirmed · 2 suggestions · review state unknown"), {
    confirmed: 3,
    suggestions: 2,
    state: "review state unknown",
  });
  assert.equal(parseLensTitle("Accept all suggestions"), undefined);
  assert.equal(parseLensTitle(""), undefined);
});

test("the first lens with counts is read, whatever comes before it", () => {
  const lenses = [
    { range: {}, command: { title: "Accept all suggestions", command: "alama.acceptDocument" } },
    { range: {}, command: { title: "1 confirmed · 0 suggestions · done", command: "" } },
    { range: {}, command: { title: "2 confirmed · 0 suggestions · done", command: "" } },
  ];
  assert.deepEqual(statusOfLenses(lenses), { confirmed: 1, suggestions: 0, state: "done" });
  assert.equal(statusOfLenses(null), undefined);
  assert.equal(statusOfLenses([{ range: {} }, null]), undefined);
});

test("the status bar text and tooltip", () => {
  const status = { confirmed: 12, suggestions: 5, state: "in progress" };
  assert.equal(statusText(status), "Alama: 12 ✓ · 5 suggestions · in progress");
  assert.equal(statusText({ ...status, suggestions: 1 }), "Alama: 12 ✓ · 1 suggestion · in progress");
  assert.match(statusTooltip(status), /12 confirmed mention\(s\), 5 suggestion\(s\); review state: in progress/);
});

test("the legend gives each type the border colour of the theme's kind", () => {
  const colours = [
    { id: "alama.perBorder", defaults: { light: "#0060A8", dark: "#4FC1FF", highContrast: "#4FC1FF" } },
    { id: "alama.perBackground", defaults: { light: "#0060A82E", dark: "#4FC1FF40" } },
    { id: "alama.gpeBorder", defaults: { light: "#0B7A5E", dark: "#4EC9B0" } },
  ];
  assert.equal(
    colourLegend(colours, 2),
    '<span style="color:#4FC1FF;">■</span> PER &nbsp; <span style="color:#4EC9B0;">■</span> GPE',
  );
  // A user's colour wins; a kind without a default leaves the type out.
  assert.equal(
    colourLegend(colours, 1, { "alama.gpeBorder": "#123456" }),
    '<span style="color:#0060A8;">■</span> PER &nbsp; <span style="color:#123456;">■</span> GPE',
  );
  assert.equal(colourLegend(colours, 4), "");
});
