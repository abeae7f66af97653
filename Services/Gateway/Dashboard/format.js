// Numbers, money and dates as each language writes them: Vietnamese groups thousands with "."
// and writes decimals with ","; English the reverse. Amounts arrive as strings of whole VND
// (protobuf's JSON for int64) and are formatted exactly, with BigInt: never through a float.

const SEPARATORS = { vi: { group: ".", decimal: "," }, en: { group: ",", decimal: "." } };

function groupDigits(digits, group) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, group);
}

/** A whole number, e.g. 1203750000000 → "1.203.750.000.000" (vi) or "1,203,750,000,000" (en). */
export function integer(value, lang) {
  const number = BigInt(value ?? 0);
  const sign = number < 0n ? "-" : "";
  return sign + groupDigits((number < 0n ? -number : number).toString(), SEPARATORS[lang].group);
}

/**
 * `numerator / 10^scale` with at most `decimals` decimals, rounded half away from zero, trailing
 * zeros dropped unless `fixed`: decimal("11296", 2, 2, "vi") → "112,96".
 */
export function decimal(numerator, scale, decimals, lang, { fixed = false } = {}) {
  const number = BigInt(numerator ?? 0);
  const negative = number < 0n;
  const magnitude = negative ? -number : number;
  const unit = 10n ** BigInt(scale);
  const step = 10n ** BigInt(decimals);
  let scaled = (magnitude * step * 2n + unit) / (unit * 2n);
  const whole = scaled / step;
  let fraction = decimals > 0 ? (scaled % step).toString().padStart(decimals, "0") : "";
  if (!fixed) fraction = fraction.replace(/0+$/, "");
  const { group, decimal: point } = SEPARATORS[lang];
  const text = groupDigits(whole.toString(), group) + (fraction ? point + fraction : "");
  return negative && scaled !== 0n ? `-${text}` : text;
}

/** Whole VND in full: "1.203.750.000.000 đồng" / "VND 1,203,750,000,000". */
export function vnd(value, lang) {
  return lang === "vi" ? `${integer(value, lang)} đồng` : `VND ${integer(value, lang)}`;
}

/** VND in billions (tỉ), two decimals at most: "1.203,75 tỉ đồng" / "VND 1,203.75 billion". */
export function billions(value, lang) {
  const text = decimal(value, 9, 2, lang);
  return lang === "vi" ? `${text} tỉ đồng` : `VND ${text} billion`;
}

/** Basis points as a whole percentage: 9602 → "96%". */
export function percentOfBp(bp, lang) {
  return `${decimal(bp, 2, 0, lang)}%`;
}

/** Hundredths of a hectare: 11296 → "112,96 ha". */
export function hectares(centiHa, lang) {
  return `${decimal(centiHa, 2, 2, lang)} ha`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** An ISO date: "22/11/2023" (vi) or "22 Nov 2023" (en); "" stays "". */
export function date(iso, lang) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
  if (!match) return iso ?? "";
  const [, year, month, day] = match;
  return lang === "vi" ? `${day}/${month}/${year}` : `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`;
}

/** A clock time, HH:MM:SS, in the browser's time zone. */
export function clock(when) {
  return [when.getHours(), when.getMinutes(), when.getSeconds()].map((part) => String(part).padStart(2, "0")).join(":");
}

/** Today's date in Vietnam (UTC+7), as ISO. */
export function todayInVietnam(now = Date.now()) {
  return new Date(now + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

/** An ISO date moved by `days`. */
export function addDays(iso, days) {
  const when = new Date(`${iso}T00:00:00Z`);
  when.setUTCDate(when.getUTCDate() + days);
  return when.toISOString().slice(0, 10);
}
