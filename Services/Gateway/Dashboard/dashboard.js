// The dashboard: the district overview as of a date, followed live over WatchOverview (the
// gateway's Connect stream), in Vietnamese or English. It reads only the edge's Connect
// endpoints, the same as any other system, and never writes.

import { ConnectError, serverStream } from "./connect.js";
import { h } from "./dom.js";
import * as format from "./format.js";
import { label } from "./labels.js";
import { askForToken, languageSwitch, link, overviewRequest, pageState, storedToken } from "./page.js";
import { financeSection, indicatorsSection, investmentSection, landClearanceSection } from "./sections.js";

const WATCH = "/district.gateway.v1.Gateway/WatchOverview";
const SECTIONS = [
  { id: "indicators", title: "indicators", part: (overview) => overview.indicators, render: indicatorsSection },
  { id: "land-clearance", title: "landClearance", part: (overview) => overview.landClearance, render: landClearanceSection },
  { id: "revenue", title: "revenue", part: (overview) => overview.finance, render: financeSection },
  { id: "investment", title: "investment", part: (overview) => overview.finance, render: investmentSection },
];

const state = pageState();
const { lang } = state;
const shown = new Map();
let firstShown = false;

function chrome() {
  const year = state.asOf.slice(0, 4);
  document.documentElement.lang = lang;
  document.title = label(lang, "documentTitle", { year });
  document.getElementById("title").textContent = label(lang, "pageTitle", { year, date: format.date(state.asOf, lang) });
  const controls = document.getElementById("controls");
  controls.replaceChildren(
    h("form", { class: "as-of", method: "get", action: "/" },
      h("input", { type: "hidden", name: "lang", value: lang }),
      h("label", { for: "as-of" }, label(lang, "asOf")),
      h("input", { id: "as-of", name: "asOf", type: "date", value: state.asOf, required: true }),
      h("button", { type: "submit" }, label(lang, "show"))),
    languageSwitch("/", state),
    h("a", { class: "report-link", href: link("/report", state) }, label(lang, "report")));
  for (const section of SECTIONS) {
    document.getElementById(`${section.id}-title`).textContent = label(lang, section.title);
    document.getElementById(section.id).querySelector(".content").replaceChildren(h("p", { class: "note" }, label(lang, "loading")));
  }
  document.getElementById("api-link").textContent = label(lang, "api");
  setLive("connecting", label(lang, "connecting"));
}

function setLive(mode, text) {
  const live = document.getElementById("live");
  live.dataset.state = mode;
  live.dataset.since = String(Date.now());
  live.textContent = text;
}

/** Shows an overview: each section rebuilt only when its part changed. */
function show(overview) {
  for (const section of SECTIONS) {
    const part = section.part(overview);
    const key = JSON.stringify(part ?? null);
    if (shown.get(section.id) === key) continue;
    shown.set(section.id, key);
    const element = document.getElementById(section.id);
    element.dataset.status = part?.status?.code === "STATUS_CODE_OK" ? "ok" : "unavailable";
    element.querySelector(".content").replaceChildren(...section.render(part, lang).filter(Boolean));
  }
  setLive("live", label(lang, "updatedAt", { time: format.clock(new Date()) }));
  if (!firstShown) {
    firstShown = true;
    performance.mark("district-data-shown");
    document.body.dataset.ready = "true";
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Follows WatchOverview for good: on a break, says so and reconnects with backoff (1 s to 30 s). */
async function follow() {
  let token = storedToken();
  let delay = 1000;
  for (;;) {
    let reason;
    try {
      // The projects too: the land-clearance section shows each one.
      await serverStream(WATCH, { ...overviewRequest(state), includeProjects: true }, {
        token,
        onMessage: (overview, bytes) => {
          delay = 1000;
          if (!firstShown) document.body.dataset.overviewBytes = String(bytes);
          show(overview);
        },
      });
      reason = "end of stream";
    } catch (error) {
      if (error instanceof ConnectError && error.code === "unauthenticated") {
        token = await askForToken(lang, token ? error.message : "");
        continue;
      }
      reason = error.message || String(error);
    }
    const wait = delay + Math.floor(Math.random() * 250);
    setLive("broken", label(lang, "streamBroken", { reason, seconds: Math.ceil(wait / 1000) }));
    await sleep(wait);
    delay = Math.min(delay * 2, 30000);
  }
}

chrome();
follow();
