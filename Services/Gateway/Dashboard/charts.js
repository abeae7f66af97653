// The page's charts: horizontal bars in inline SVG, scaled to their own width. Colour is never
// the only signal: every bar has a text label beside it and an accessible name.

import { s } from "./dom.js";

const WIDTH = 100;
const HEIGHT = 12;

function x(value, max) {
  return Math.max(0, Math.min(WIDTH, (value / max) * WIDTH));
}

function chart(name, ...shapes) {
  return s("svg", {
    class: "bar", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: "none", role: "img", "aria-label": name,
  }, s("title", {}, name), s("rect", { class: "track", x: 0, y: 0, width: WIDTH, height: HEIGHT }), ...shapes);
}

function marker(at, className = "marker") {
  return s("rect", { class: className, x: Math.max(0, at - 0.6), y: 0, width: 1.2, height: HEIGHT });
}

/**
 * An indicator's progress: the year-end estimate as a light bar, the actual as a dark bar over
 * it, the target as a mark (a shaded band for a target range), all on one scale that fits the
 * largest of them. A lower-is-better indicator is drawn on the same scale: a bar that stops
 * short of the mark is good, and the status colour says so.
 */
export function indicatorBar({ actual, estimate, target, targetHigh, status, name }) {
  const values = [actual, estimate, target, targetHigh].filter((value) => Number.isFinite(value));
  const max = Math.max(...values, 0) * 1.15 || 1;
  const shapes = [];
  if (Number.isFinite(targetHigh) && targetHigh > target) {
    shapes.push(s("rect", { class: "band", x: x(target, max), y: 0, width: x(targetHigh, max) - x(target, max), height: HEIGHT }));
  }
  if (Number.isFinite(estimate)) {
    shapes.push(s("rect", { class: `estimate ${status}`, x: 0, y: 0, width: x(estimate, max), height: HEIGHT }));
  }
  if (Number.isFinite(actual)) {
    shapes.push(s("rect", { class: `actual ${status}`, x: 0, y: 3, width: x(actual, max), height: HEIGHT - 6 }));
  }
  if (Number.isFinite(target)) shapes.push(marker(x(target, max)));
  if (Number.isFinite(targetHigh) && targetHigh > target) shapes.push(marker(x(targetHigh, max)));
  return chart(name, ...shapes);
}

/**
 * A share in basis points against 100 %, with an optional expected share marked (a commune's
 * pace). The scale stretches past 100 % when the share does.
 */
export function shareBar(bp, { expectedBp, className = "", name }) {
  const max = Math.max(10000, bp, expectedBp ?? 0) * 1.05;
  const shapes = [s("rect", { class: `fill ${className}`, x: 0, y: 2, width: x(bp, max), height: HEIGHT - 4 })];
  shapes.push(marker(x(10000, max), "full"));
  if (Number.isFinite(expectedBp)) shapes.push(marker(x(expectedBp, max)));
  return chart(name, ...shapes);
}
