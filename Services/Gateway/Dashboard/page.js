// What both pages share: the state in the URL (language and dates, so that a link can be
// shared), the page's chrome in the chosen language, and the token a gateway may ask for.

import { h } from "./dom.js";
import * as format from "./format.js";
import { LANGUAGES, label } from "./labels.js";

const PRECISIONS = {
  day: "DATE_PRECISION_DAY", "early-month": "DATE_PRECISION_EARLY_MONTH", month: "DATE_PRECISION_MONTH",
};
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const TOKEN_KEY = "district.token";

/**
 * The page's state from its URL: `lang` (vi, the default, or en), `asOf` (default today in
 * Vietnam), and optionally `revenueAsOf` with `revenuePrecision` (day, early-month, month).
 */
export function pageState(search = location.search) {
  const params = new URLSearchParams(search);
  const lang = LANGUAGES.includes(params.get("lang")) ? params.get("lang") : "vi";
  const asOf = ISO_DATE.test(params.get("asOf") ?? "") ? params.get("asOf") : format.todayInVietnam();
  const revenueAsOf = ISO_DATE.test(params.get("revenueAsOf") ?? "") ? params.get("revenueAsOf") : "";
  const revenuePrecision = revenueAsOf && PRECISIONS[params.get("revenuePrecision")] ? params.get("revenuePrecision") : "";
  return { lang, asOf, revenueAsOf, revenuePrecision };
}

/** The GetOverview / WatchOverview request of a state (the year is the year of asOf). */
export function overviewRequest(state) {
  const request = { asOf: state.asOf };
  if (state.revenueAsOf) request.revenueAsOf = state.revenueAsOf;
  if (state.revenuePrecision) request.revenueAsOfPrecision = PRECISIONS[state.revenuePrecision];
  return request;
}

/** A link to `path` with the state, changed by `changes`. */
export function link(path, state, changes = {}) {
  const next = { ...state, ...changes };
  const params = new URLSearchParams();
  params.set("lang", next.lang);
  params.set("asOf", next.asOf);
  if (next.revenueAsOf) params.set("revenueAsOf", next.revenueAsOf);
  if (next.revenuePrecision) params.set("revenuePrecision", next.revenuePrecision);
  return `${path}?${params}`;
}

/** The language switch: a link per language, the current one marked. */
export function languageSwitch(path, state) {
  return h("nav", { class: "languages", "aria-label": label(state.lang, "language") },
    LANGUAGES.map((lang) => h("a", {
      href: link(path, state, { lang }), lang, hreflang: lang,
      "aria-current": lang === state.lang ? "page" : null,
    }, lang === "vi" ? "Tiếng Việt" : "English")));
}

export function storedToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? "";
}

/**
 * Asks for a token in the page's token form and resolves with it once submitted; the token is
 * kept in sessionStorage for this tab's session only. `refusal` is why the last one failed.
 */
export function askForToken(lang, refusal) {
  const form = document.getElementById("token-form");
  form.replaceChildren(
    h("h2", {}, label(lang, "tokenTitle")),
    h("p", {}, label(lang, "tokenHelp")),
    refusal ? h("p", { class: "unavailable", role: "alert" }, label(lang, "tokenRefused", { reason: refusal })) : null,
    h("label", { for: "token-input" }, label(lang, "tokenLabel")),
    h("input", { id: "token-input", name: "token", type: "password", autocomplete: "off", required: true }),
    h("button", { type: "submit" }, label(lang, "tokenSubmit")));
  form.hidden = false;
  document.getElementById("token-input").focus();
  return new Promise((resolve) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const token = new FormData(form).get("token").trim();
      sessionStorage.setItem(TOKEN_KEY, token);
      form.hidden = true;
      resolve(token);
    }, { once: true });
  });
}
