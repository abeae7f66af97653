// The bilingual progress report as its own page: GetReport's text as it is, paragraph by
// paragraph, with a print stylesheet.

import { ConnectError, unary } from "./connect.js";
import { h } from "./dom.js";
import { label } from "./labels.js";
import { askForToken, languageSwitch, link, overviewRequest, pageState, storedToken } from "./page.js";

const REPORT = "/district.gateway.v1.Gateway/GetReport";
const state = pageState();
const { lang } = state;

function chrome() {
  document.documentElement.lang = lang;
  document.title = label(lang, "reportTitle");
  document.getElementById("controls").replaceChildren(
    languageSwitch("/report", state),
    h("a", { href: link("/", state) }, label(lang, "back")),
    h("button", { type: "button", id: "print" }, label(lang, "print")));
  document.getElementById("print").addEventListener("click", () => window.print());
  document.getElementById("report-title").textContent = label(lang, "loading");
}

async function load() {
  let token = storedToken();
  const request = { ...overviewRequest(state), language: lang === "vi" ? "LANGUAGE_VI" : "LANGUAGE_EN" };
  for (;;) {
    try {
      const report = await unary(REPORT, request, { token });
      document.title = report.title;
      document.getElementById("report-title").textContent = report.title;
      document.getElementById("report-text").replaceChildren(
        ...(report.text ?? "").split(/\n{2,}/).map((paragraph) => h("p", {}, paragraph)));
      document.body.dataset.ready = "true";
      return;
    } catch (error) {
      if (error instanceof ConnectError && error.code === "unauthenticated") {
        token = await askForToken(lang, token ? error.message : "");
        continue;
      }
      document.getElementById("report-text").replaceChildren(
        h("p", { class: "unavailable", role: "alert" }, label(lang, "unavailableBecause", { reason: error.message })));
      return;
    }
  }
}

chrome();
load();
