// The overview's four sections as DOM: indicators, land clearance, revenue, public investment.
// Each renderer takes its part of the Overview message (protobuf's JSON) and the language, and
// returns the section's content; a section whose status is not OK says why it is unavailable.

import { indicatorBar, shareBar } from "./charts.js";
import { h } from "./dom.js";
import * as format from "./format.js";
import { label, named } from "./labels.js";

const OK = "STATUS_CODE_OK";
const MET = new Set(["STATUS_EXCEEDED", "STATUS_ACHIEVED"]);

/** The notice of a section whose backend failed, or null when it answered. */
function unavailable(status, lang) {
  if (!status || status.code === OK) return null;
  const reason = status.message || status.code;
  const text = status.code === "STATUS_CODE_PERMISSION_DENIED"
    ? label(lang, "forbidden", { reason }) : label(lang, "unavailableBecause", { reason });
  return h("p", { class: "unavailable", role: "alert" }, text);
}

function figure(caption, value, detail, chart) {
  return h("div", { class: "figure" }, h("span", { class: "caption" }, caption), h("strong", {}, value),
    detail ? h("span", { class: "detail" }, detail) : null, chart);
}

/**
 * A table with a caption (shown, or only to screen readers when a heading already says it).
 * Each cell carries its column's heading, which a phone's narrow screen shows beside the value
 * when the rows are stacked.
 */
function table(caption, headings, rows, { className = "", hideCaption = false } = {}) {
  for (const row of rows) {
    [...row.children].forEach((cell, index) => cell.setAttribute("data-label", headings[index] ?? ""));
  }
  return h("div", { class: "table-scroll", tabindex: 0, role: "region", "aria-label": caption },
    h("table", { class: `stacking ${className}` }, h("caption", { class: hideCaption ? "visually-hidden" : null }, caption),
      h("thead", {}, h("tr", {}, headings.map((heading) => h("th", { scope: "col" }, heading)))),
      h("tbody", {}, rows)));
}

function n(value) {
  return h("td", { class: "n" }, value);
}

// MARK: indicators

/** An indicator's value in its unit, from thousandths: "610 tỉ đồng", "93,6%", "5 sản phẩm". */
function indicatorValue(milli, indicator, lang) {
  if (milli === undefined || milli === null) return "—";
  const unit = indicator.unit ?? "";
  if (unit === "vnd") return format.billions((BigInt(milli) / 1000n).toString(), lang);
  if (unit === "boolean") return BigInt(milli) >= 1000n ? label(lang, "yes") : label(lang, "no");
  const text = format.decimal(milli, 3, indicator.publishedDecimals ?? 0, lang);
  if (unit === "percent") return `${text}%`;
  const unitName = named(lang, "units", unit);
  return `${text} ${unitName}`;
}

function measured(measurement, indicator, lang) {
  if (!measurement) return "—";
  const qualifier = measurement.qualifier && measurement.qualifier !== "QUALIFIER_EXACT" && indicator.unit !== "boolean"
    ? `${named(lang, "qualifiers", measurement.qualifier)} ` : "";
  return `${qualifier}${indicatorValue(measurement.valueMilli, indicator, lang)}`;
}

function targetText(indicator, lang) {
  const low = indicatorValue(indicator.targetMilli ?? "0", indicator, lang);
  switch (indicator.direction) {
    case "DIRECTION_LOWER_IS_BETTER": return `≤ ${low} (${label(lang, "lowerIsBetter")})`;
    case "DIRECTION_BAND":
      return `${label(lang, "band")} ${low} – ${indicatorValue(indicator.targetHighMilli ?? "0", indicator, lang)}`;
    case "DIRECTION_MILESTONE": return `${label(lang, "yes")} (${label(lang, "milestone")})`;
    default: return `≥ ${low}`;
  }
}

function indicatorCard(row, liveFigures, lang) {
  const indicator = row.indicator ?? {};
  const status = row.countedStatus ?? "STATUS_NO_DATA";
  const name = lang === "vi" ? indicator.nameVi : indicator.nameEn || indicator.nameVi;
  const live = liveFigures.find((figure) => figure.indicatorId === indicator.id);
  const number = (measurement) => (measurement ? Number(measurement.valueMilli ?? 0) : undefined);
  const progress = indicator.direction === "DIRECTION_MILESTONE"
    ? h("p", { class: `milestone ${status}` }, MET.has(status) ? "✓ " : "… ", named(lang, "statuses", status))
    : indicatorBar({
      actual: number(row.latestActual), estimate: number(row.latestEstimate), target: Number(indicator.targetMilli ?? 0),
      targetHigh: indicator.direction === "DIRECTION_BAND" ? Number(indicator.targetHighMilli ?? 0) : undefined,
      status, name: `${indicator.code}: ${label(lang, "progress")}`,
    });
  return h("li", { class: "indicator", "data-indicator": indicator.id },
    h("div", { class: "indicator-head" },
      h("span", { class: "code" }, indicator.code), h("span", { class: "name" }, name),
      h("span", { class: `badge ${status}` }, named(lang, "statuses", status))),
    progress,
    h("dl", { class: "values" },
      h("div", {}, h("dt", {}, label(lang, "target")), h("dd", {}, targetText(indicator, lang))),
      h("div", {}, h("dt", {}, label(lang, "actual")), h("dd", {}, measured(row.latestActual, indicator, lang))),
      h("div", {}, h("dt", {}, label(lang, "estimate")), h("dd", {}, measured(row.latestEstimate, indicator, lang)))),
    live
      ? h("p", { class: live.status?.code === OK ? "live-figure" : "live-figure missing" }, label(lang, "live", {
        value: live.status?.code === OK ? indicatorValue(live.valueMilli, indicator, lang) : label(lang, "unavailable"),
      }))
      : null);
}

export function indicatorsSection(section, lang) {
  const notice = unavailable(section?.status, lang);
  const scorecard = section?.scorecard;
  if (!scorecard) return [notice];
  const met = (scorecard.exceeded ?? 0) + (scorecard.achieved ?? 0);
  const summaryKey = scorecard.results ? "scorecardSummaryResults" : "scorecardSummary";
  const counts = [["STATUS_EXCEEDED", scorecard.exceeded], ["STATUS_ACHIEVED", scorecard.achieved],
    ["STATUS_AT_RISK", scorecard.atRisk], ["STATUS_BEHIND", scorecard.behind], ["STATUS_NO_DATA", scorecard.noData]];
  const resolution = section.resolution ?? {};
  return [
    notice,
    h("p", { class: "resolution" }, [resolution.code, lang === "vi" ? resolution.titleVi : resolution.titleEn || resolution.titleVi]
      .filter(Boolean).join(": ")),
    h("p", { class: "scorecard-total" }, h("strong", { class: "headline" }, `${met}/${scorecard.total ?? 0}`), " ",
      label(lang, summaryKey, { met, total: scorecard.total ?? 0 })),
    h("ul", { class: "status-counts" }, counts.map(([status, count]) =>
      h("li", { class: `badge ${status}` }, `${named(lang, "statuses", status)}: ${count ?? 0}`))),
    h("ol", { class: "indicators" }, (scorecard.indicators ?? []).map((row) =>
      indicatorCard(row, section.liveFigures ?? [], lang))),
  ];
}

// MARK: land clearance

const DEADLINE_DAYS = {
  BLOCKER_KIND_POSTING_OVERDUE: 30, BLOCKER_KIND_DECISION_OVERDUE: 10, BLOCKER_KIND_PAYMENT_OVERDUE: 30,
  BLOCKER_KIND_STUCK: 180,
};

function parties(households, organisations, individuals, lang) {
  const parts = [`${format.integer(households ?? 0, lang)} ${label(lang, "households")}`,
    `${format.integer(organisations ?? 0, lang)} ${label(lang, "organisations")}`];
  if (individuals) parts.push(`${format.integer(individuals, lang)} ${label(lang, "individuals")}`);
  return parts.join(", ");
}

function ofCommitted(done, of, lang) {
  return label(lang, "ofCommitted", { done: format.integer(done ?? 0, lang), of: format.integer(of ?? 0, lang) });
}

function projectRow(progress, lang) {
  const project = progress.project ?? {};
  const count = (value) => format.integer(value ?? 0, lang);
  const paid = [`${count(progress.householdsPaid)}/${count(progress.householdsAffected)} ${label(lang, "households")}`,
    `${count(progress.organisationsPaid)}/${count(progress.organisationsAffected)} ${label(lang, "organisations")}`];
  if (progress.individualsAffected) {
    paid.push(`${count(progress.individualsPaid)}/${count(progress.individualsAffected)} ${label(lang, "individuals")}`);
  }
  return h("tr", { "data-project": project.id },
    h("th", { scope: "row" }, h("span", { class: "name" }, project.name),
      project.keyProject ? h("span", { class: "tag" }, label(lang, "keyProject")) : null),
    n(paid.join(", ")),
    h("td", { class: "n" }, format.hectares(progress.areaHandedOverCentiHa ?? 0, lang), " (", format.percentOfBp(progress.handedOverBp ?? 0, lang), ")",
      shareBar(Number(progress.handedOverBp ?? 0), { name: label(lang, "handedOver") })),
    h("td", { class: "n" }, `${format.billions(progress.paid?.vnd ?? "0", lang)} / ${format.billions(progress.approved?.vnd ?? "0", lang)}`,
      shareBar(Number(progress.paidOfApprovedBp ?? 0), { name: label(lang, "paidOfApproved") })),
    n(ofCommitted(progress.plotsAllocated, project.committedPlots, lang)),
    n(ofCommitted(progress.certificatesIssued, project.committedPlots, lang)));
}

function blockerRow(blocker, lang) {
  const clearanceCase = blocker.clearanceCase ?? {};
  const period = DEADLINE_DAYS[blocker.kind];
  const deadline = period && clearanceCase.stateSince ? format.date(format.addDays(clearanceCase.stateSince, period), lang) : "—";
  return h("tr", {},
    h("td", {}, blocker.projectName),
    h("td", {}, named(lang, "partyKinds", clearanceCase.partyKind), " — ",
      h("code", { class: "case-id" }, clearanceCase.id)),
    h("td", {}, named(lang, "blockerKinds", blocker.kind)),
    n(format.integer(blocker.ageDays ?? 0, lang)),
    h("td", {}, deadline));
}

export function landClearanceSection(section, lang) {
  const notice = unavailable(section?.status, lang);
  const totals = section?.totals;
  const content = [notice];
  if (totals) {
    content.push(h("div", { class: "figures" },
      figure(label(lang, "paidParties"), parties(totals.householdsPaid, totals.organisationsPaid, totals.individualsPaid, lang)),
      figure(label(lang, "areaPaid"), format.hectares(totals.areaPaidCentiHa ?? 0, lang),
        `${format.integer(totals.areaPaid?.squareMeters ?? 0, lang)} m²`),
      figure(label(lang, "amountPaid"), format.billions(totals.amountPaid?.vnd ?? "0", lang),
        format.vnd(totals.amountPaid?.vnd ?? "0", lang))));
  }
  const projects = section?.projects ?? [];
  if (projects.length) {
    content.push(table(label(lang, "byProject"), [label(lang, "project"), label(lang, "partiesPaidOfAffected"),
      label(lang, "handedOver"), label(lang, "paidOfApproved"), label(lang, "plots"), label(lang, "certificates")],
    projects.map((row) => projectRow(row, lang)), { className: "projects" }));
    if (section.moreProjects) content.push(h("p", { class: "note" }, label(lang, "moreProjects")));
  }
  if (section?.totals || section?.blockers?.length) {
    const blockers = section.blockers ?? [];
    const total = section.blockerTotal ?? blockers.length;
    content.push(h("h3", {}, label(lang, "blockers", { count: format.integer(total, lang) })));
    if (blockers.length === 0) {
      content.push(h("p", {}, label(lang, "noBlockers")));
    } else {
      content.push(table(label(lang, "blockers", { count: total }), [label(lang, "project"), label(lang, "blockerParty"),
        label(lang, "blockerKind"), label(lang, "blockerDays"), label(lang, "blockerDeadline")],
      blockers.map((blocker) => blockerRow(blocker, lang)), { className: "blockers", hideCaption: true }));
      if (total > blockers.length) {
        content.push(h("p", { class: "note" }, label(lang, "blockerMore", { shown: blockers.length, total })));
      }
      content.push(h("p", { class: "note" }, label(lang, "blockerPrivacy")));
    }
  }
  return content;
}

// MARK: revenue

function revenuePeriod(revenue, lang) {
  const asOf = revenue.asOf ?? "";
  if (revenue.asOfPrecision === "DATE_PRECISION_EARLY_MONTH") {
    return label(lang, "revenueToEarlyMonth", { month: asOf.slice(5, 7), year: asOf.slice(0, 4) });
  }
  return label(lang, "revenueTo", { date: format.date(asOf, lang) });
}

export function financeSection(section, lang) {
  const notice = unavailable(section?.status, lang);
  const revenue = section?.revenue;
  const content = [notice];
  if (revenue) {
    const total = revenue.total ?? {};
    content.push(h("p", { class: "period" }, revenuePeriod(revenue, lang)));
    content.push(h("div", { class: "figures" },
      figure(label(lang, "collected"), format.billions(total.collected?.vnd ?? "0", lang), format.vnd(total.collected?.vnd ?? "0", lang)),
      figure(label(lang, "provinceEstimate"), format.percentOfBp(total.ofProvinceBp ?? 0, lang),
        format.billions(total.provinceEstimate?.vnd ?? "0", lang),
        shareBar(Number(total.ofProvinceBp ?? 0), { name: `${label(lang, "provinceEstimate")}: ${format.percentOfBp(total.ofProvinceBp ?? 0, lang)}` })),
      figure(label(lang, "councilEstimate"), format.percentOfBp(total.ofCouncilBp ?? 0, lang),
        format.billions(total.councilEstimate?.vnd ?? "0", lang),
        shareBar(Number(total.ofCouncilBp ?? 0), { name: `${label(lang, "councilEstimate")}: ${format.percentOfBp(total.ofCouncilBp ?? 0, lang)}` }))));
    content.push(table(label(lang, "bySource"), [label(lang, "source"), label(lang, "collected"), label(lang, "councilEstimate"),
      label(lang, "collectedShare")],
    (revenue.bySource ?? []).map((line) => h("tr", {},
      h("th", { scope: "row" }, line.name), n(format.billions(line.collected?.vnd ?? "0", lang)),
      n(format.billions(line.councilEstimate?.vnd ?? "0", lang)),
      h("td", { class: "n" }, format.percentOfBp(line.ofCouncilBp ?? 0, lang),
        shareBar(Number(line.ofCouncilBp ?? 0), { name: `${line.name}: ${format.percentOfBp(line.ofCouncilBp ?? 0, lang)}` }))))));
  }
  const communes = section?.allCommunes ?? [];
  if (communes.length) {
    const lagging = communes.filter((commune) => commune.lagging).map((commune) => commune.name);
    content.push(h("p", { class: lagging.length ? "lagging-summary warn" : "lagging-summary" },
      lagging.length ? label(lang, "laggingCommunes", { names: lagging.join(", ") }) : label(lang, "noLagging")));
    content.push(table(label(lang, "byCommune"), [label(lang, "commune"), label(lang, "collected"),
      label(lang, "collectedShare"), label(lang, "expectedPace")],
    communes.map((commune) => h("tr", { class: commune.lagging ? "lagging" : "", "data-commune": commune.communeId },
      h("th", { scope: "row" }, h("span", { class: "name" }, commune.name),
        commune.lagging ? h("span", { class: "tag warn" }, label(lang, "lagging")) : null),
      n(`${format.billions(commune.balancedCollected?.vnd ?? "0", lang)} / ${format.billions(commune.balancedEstimate?.vnd ?? "0", lang)}`),
      h("td", { class: "n" }, format.percentOfBp(commune.collectedBp ?? 0, lang),
        shareBar(Number(commune.collectedBp ?? 0), { expectedBp: Number(commune.expectedBp ?? 0), className: commune.lagging ? "warn" : "",
          name: `${commune.name}: ${format.percentOfBp(commune.collectedBp ?? 0, lang)} / ${format.percentOfBp(commune.expectedBp ?? 0, lang)}` })),
      n(format.percentOfBp(commune.expectedBp ?? 0, lang))))));
    if (section.expectationBasis) {
      content.push(h("p", { class: "note" }, label(lang, "expectationBasis", { basis: section.expectationBasis })));
    }
  }
  return content;
}

// MARK: public investment

function disbursementRow(line, lang) {
  return h("tr", {},
    h("th", { scope: "row" }, line.name),
    n(`${format.billions(line.disbursed?.vnd ?? "0", lang)} / ${format.billions(line.plan?.vnd ?? "0", lang)}`),
    h("td", { class: "n" }, format.percentOfBp(line.disbursedBp ?? 0, lang),
      shareBar(Number(line.disbursedBp ?? 0), { name: `${line.name}: ${format.percentOfBp(line.disbursedBp ?? 0, lang)}` })));
}

export function investmentSection(section, lang) {
  const notice = unavailable(section?.status, lang);
  const disbursement = section?.disbursement;
  if (!disbursement) return [notice];
  const total = disbursement.publicInvestment ?? {};
  const headings = [label(lang, "project"), `${label(lang, "disbursed")} / ${label(lang, "plan")}`, label(lang, "disbursed")];
  return [
    notice,
    h("div", { class: "figures" },
      figure(label(lang, "disbursed"), format.percentOfBp(total.disbursedBp ?? 0, lang),
        `${format.billions(total.disbursed?.vnd ?? "0", lang)} / ${format.billions(total.plan?.vnd ?? "0", lang)}`)),
    table(label(lang, "investmentProjects"), headings, (disbursement.projects ?? []).map((line) => disbursementRow(line, lang))),
    table(label(lang, "nationalProgrammes"), headings,
      (disbursement.nationalProgrammes ?? []).map((line) => disbursementRow(line, lang))),
  ];
}
