// The team lead's dashboard: reads the app's JSON endpoints and draws every chart as inline SVG.
// No build step and no library: this file is served as it is. Every number is a link to the list behind it.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const query = new URLSearchParams(location.search);
const filters = { team: query.get("team") || "", manager_id: query.get("manager_id") || "", from: query.get("from") || "", to: query.get("to") || "" };
const code = query.get("code") || "";
const pages = [["index.html", "Team overview", "overview"], ["managers.html", "Chats per manager", "managers"], ["operations.html", "Operations", "operations"]];
const riskColors = { high: "var(--high)", medium: "var(--medium)", low: "var(--low)" };
const spinKeys = ["situation", "problem", "implication", "need_payoff"];
const spinColors = { situation: "#94a3b8", problem: "#60a5fa", implication: "#f59e0b", need_payoff: "#16a34a" };

/** An address of the app's API (the pages live at /api/dashboard/), with the key when the page was opened with one. */
function api(path, params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== "" && value !== null && value !== undefined) search.set(key, value);
  }
  if (code) search.set("code", code);
  const text = search.toString();
  return "../" + path + (text ? "?" + text : "");
}

/** Another dashboard page with the same filters. */
function page(file, overrides) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...(overrides || {}) })) {
    if (value) search.set(key, value);
  }
  if (code) search.set("code", code);
  const text = search.toString();
  return file + (text ? "?" + text : "");
}

async function getJson(path, params) {
  const response = await fetch(api(path, params), { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error((body && (body.detail || body.title)) || ("HTTP " + response.status));
  }
  return body;
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const link = (href, text, attributes) => el("a", { href, ...(attributes || {}) }, text);
const number = (value, digits) => value === null || value === undefined ? "–" : Number(value).toLocaleString("en-US", { maximumFractionDigits: digits ?? 0 });
const minutes = (seconds) => seconds === null || seconds === undefined ? null : seconds / 60;
const percent = (share) => share === null || share === undefined ? "–" : Math.round(share * 100) + " %";
const money = (amounts) => Object.keys(amounts || {}).length === 0 ? "0" : Object.entries(amounts).map(([currency, amount]) => number(amount) + " " + currency).join(", ");
const date = (value) => value ? new Date(value).toISOString().replace("T", " ").slice(0, 16) + " UTC" : "–";

function fill(id, ...content) {
  const target = document.getElementById(id);
  target.replaceChildren(...content.flat());
  return target;
}

function failed(id, error) {
  fill(id, el("p", { class: "error" }, "Could not load: " + error.message));
}

/**
 * Horizontal bars. rows: { label, value, text, href, color }; each bar and its number link to href.
 */
function barChart(rows, options) {
  const width = (options && options.width) || 540;
  const longest = (texts) => Math.max(0, ...texts.map((t) => String(t).length));
  // Room for the longest label and value (about 7 px a character at 12 px).
  const labelWidth = Math.min(260, 14 + 7.5 * longest(rows.map((r) => r.label)));
  const valueWidth = 12 + 7 * longest(rows.map((r) => r.text ?? number(r.value)));
  const rowHeight = 24;
  const max = Math.max(1, ...rows.map((r) => r.value || 0));
  const plot = Math.max(60, width - labelWidth - valueWidth);
  const chart = svg("svg", { width: "100%", "max-width": width, height: rows.length * rowHeight + 6, preserveAspectRatio: "xMinYMin meet", viewBox: `0 0 ${width} ${rows.length * rowHeight + 6}`, role: "img", class: "chart" });
  rows.forEach((row, i) => {
    const y = i * rowHeight + 3;
    const length = Math.max(row.value > 0 ? 2 : 0, Math.round(plot * (row.value || 0) / max));
    chart.append(svg("text", { x: labelWidth - 6, y: y + 15, "text-anchor": "end" }, row.label));
    const bar = svg("a", { href: row.href }, svg("rect", { x: labelWidth, y: y + 3, width: length, height: rowHeight - 8, fill: row.color || "var(--accent)", rx: 2 },
      svg("title", {}, `${row.label}: ${row.text ?? row.value}`)));
    chart.append(bar);
    chart.append(svg("a", { href: row.href, class: "bar-value" }, svg("text", { x: labelWidth + length + 6, y: y + 15 }, row.text ?? number(row.value))));
  });
  if (rows.length === 0) {
    return el("p", { class: "note" }, "Nothing in this view.");
  }
  return chart;
}

function table(headers, rows) {
  return el("table", {},
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { class: h.num ? "num" : null }, h.text ?? h)))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((cell, i) => el("td", { class: headers[i].num ? "num" : null }, cell))))));
}

function header(summary) {
  document.querySelector("header nav").replaceChildren(...pages.map(([file, title, id]) =>
    link(page(file), title, { class: document.body.dataset.page === id ? "current" : null })));

  const form = document.querySelector("form.filters");
  const teamSelect = el("select", { name: "team", id: "filter-team" }, el("option", { value: "" }, "All teams"),
    summary.teams.map((t) => el("option", { value: t }, t)));
  teamSelect.value = filters.team;
  const managerSelect = el("select", { name: "manager_id", id: "filter-manager" }, el("option", { value: "" }, "All managers"),
    summary.managers.filter((m) => !filters.team || m.team === filters.team).map((m) => el("option", { value: m.id }, m.name)));
  managerSelect.value = filters.manager_id;
  teamSelect.addEventListener("change", () => { managerSelect.value = ""; });
  const from = el("input", { type: "date", name: "from", id: "filter-from", value: filters.from || summary.from.slice(0, 10) });
  const to = el("input", { type: "date", name: "to", id: "filter-to", value: filters.to });
  form.replaceChildren(
    el("label", {}, "Team", teamSelect),
    el("label", {}, "Manager", managerSelect),
    el("label", {}, "From", from),
    el("label", {}, "To (exclusive; empty: now)", to),
    el("button", { type: "submit", id: "filter-apply" }, "Apply"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = { team: teamSelect.value, manager_id: managerSelect.value, from: from.value, to: to.value };
    location.search = new URLSearchParams(Object.entries({ ...next, code }).filter(([, v]) => v)).toString();
  });

  const access = {
    function_key: "Opened with a function key.",
    token: "Opened with the dashboard token (Dashboard__Token).",
    loopback_only: "No Dashboard__Token is set: this dashboard answers loopback callers only.",
  }[summary.access] || "";
  fill("access", `${access} Period ${date(summary.from)} – ${date(summary.to)} (${summary.time_zone}); generated ${date(summary.generated_at)}.`);
}

const managerDeals = (id) => api(`managers/${encodeURIComponent(id)}/deals`, { sort: "risk", page_size: 200 });

function overview(summary) {
  const deals = summary.deals;
  const one = summary.deals_by_manager.length === 1 ? summary.deals_by_manager[0] : null;
  // A team total leads to the per-manager table, whose numbers lead to each manager's list.
  const totalHref = one ? managerDeals(one.manager_id) : "#deals-by-manager";
  fill("stale-days", summary.stale_days);
  fill("deal-tiles", [
    ["Open deals", deals.open], ["High risk", deals.high], ["Stale", deals.stale], ["Value at risk", deals.value_at_risk],
  ].map(([label, value]) => el("div", { class: "tile" }, el("div", { class: "value" }, link(totalHref, typeof value === "object" ? money(value) : number(value), { "data-metric": label })), el("div", { class: "label" }, label))));

  fill("risk-chart", barChart(["high", "medium", "low"].map((level) => ({
    label: level[0].toUpperCase() + level.slice(1), value: deals[level], href: totalHref, color: riskColors[level],
  })).concat([{ label: "Stale", value: deals.stale, href: totalHref, color: "#64748b" }])));

  fill("pipeline-chart", barChart(summary.pipeline.map((stage) => ({
    label: stage.stage, value: stage.count, href: totalHref,
    text: `${stage.count} · ${money(stage.amounts)}`,
  })), { labelWidth: 170 }));

  fill("deals-by-manager", table(
    ["Manager", "Team", { text: "Open", num: true }, { text: "High", num: true }, { text: "Medium", num: true }, { text: "Low", num: true }, { text: "Stale", num: true }, { text: "Value at risk", num: true }, "Ranked"],
    summary.deals_by_manager.map((m) => {
      const href = managerDeals(m.manager_id);
      return [link(page("index.html", { manager_id: m.manager_id, team: m.team }), m.manager_name), m.team,
        ...[m.deals.open, m.deals.high, m.deals.medium, m.deals.low, m.deals.stale].map((v) => link(href, number(v))), link(href, money(m.deals.value_at_risk)),
        date(m.ranked_at)];
    })));

  getJson("v1/dashboard/conversion-funnel").then((steps) => {
    fill("funnel-chart", barChart(steps.map((step) => ({
      label: `${step.entity} · ${step.stage}`, value: step.reached,
      text: `${step.reached}${step.conversion_from_previous === null ? "" : " (" + percent(step.conversion_from_previous) + ")"}`,
      href: api(step.entity === "lead" ? "v1/leads" : "v1/sales", step.entity === "lead" ? { stage: step.stage, manager_id: filters.manager_id } : { stage: step.stage }),
    })), { labelWidth: 170 }));
  }).catch((e) => failed("funnel-chart", e));

  getJson("v1/dashboard/velocity").then((stages) => {
    fill("velocity", stages.length === 0 ? el("p", { class: "note" }, "No stage changes yet.") : table(
      ["Pipeline", "Stage", { text: "Left it", num: true }, { text: "Average days", num: true }, { text: "Median days", num: true }],
      stages.map((s) => {
        const href = api(s.entity === "lead" ? "v1/leads" : "v1/sales", { stage: s.stage });
        return [s.entity, s.stage, link(href, number(s.transitions)), link(href, number(s.average_days, 1)), link(href, number(s.median_days, 1))];
      })));
  }).catch((e) => failed("velocity", e));
}

/** A report table as objects keyed by its columns. */
function rowsOf(report, name) {
  const found = report.tables.find((t) => t.name === name);
  return found ? found.rows.map((row) => Object.fromEntries(found.columns.map((column, i) => [column, row[i]]))) : [];
}

async function managers(summary) {
  const period = { from: filters.from, to: filters.to, team: filters.team };
  const report = await getJson("reports/chats", period);
  fill("chat-period", `Chats from ${date(report.from)} to ${date(report.to)}, working hours in ${report.time_zone}. Numbers link to the report's tables as CSV.`);
  const shown = (row) => row.manager_id && (!filters.manager_id || row.manager_id === filters.manager_id);
  const csv = (table) => api("reports/chats", { ...period, format: "csv", table });
  const summaryRows = rowsOf(report, "manager_summary").filter(shown);
  fill("chat-table", summaryRows.length === 0 ? el("p", { class: "note" }, "No chats in this period.") : table(
    ["Manager", { text: "Chats", num: true }, { text: "Median first response", num: true }, { text: "P90 first response", num: true }, { text: "Unanswered", num: true }, { text: "Response rate", num: true }],
    summaryRows.map((r) => [r.manager_name || r.manager_id,
      link(csv("chats_raw"), number(r.chats)),
      link(csv("chats_raw"), r.median_first_response_sec === null ? "–" : number(minutes(r.median_first_response_sec), 1) + " min"),
      link(csv("chats_raw"), r.p90_first_response_sec === null ? "–" : number(minutes(r.p90_first_response_sec), 1) + " min"),
      link(csv("chat_advice"), number(r.unanswered_inbound)),
      link(csv("manager_summary"), percent(r.response_rate))])));

  fill("response-chart", barChart(summaryRows.flatMap((r) => [
    { label: `${r.manager_name} · median`, value: minutes(r.median_first_response_sec) || 0, text: number(minutes(r.median_first_response_sec), 1), href: csv("chats_raw"), color: "#60a5fa" },
    { label: `${r.manager_name} · P90`, value: minutes(r.p90_first_response_sec) || 0, text: number(minutes(r.p90_first_response_sec), 1), href: csv("chats_raw"), color: "#1d4ed8" },
  ]), { labelWidth: 190 }));

  const spinRows = rowsOf(report, "spin_manager_metrics").filter(shown);
  fill("spin-chart", spinChart(spinRows, summary.spin_target, csv("spin_manager_metrics")));

  const plans = rowsOf(report, "spin_improvement_plans").filter(shown);
  fill("spin-plans", plans.length === 0 ? el("p", { class: "note" }, "Every manager's mix is within reach of the plan.") : table(
    ["Manager", "Ask more", { text: "Now", num: true }, { text: "Plan", num: true }, "For example"],
    plans.map((p) => [p.manager_name, p.ask_more_of, link(csv("spin_improvement_plans"), percent(p.current_share)), percent(p.target_share), (p.example_questions || "").split(" | ")[0]])));
}

/** One stacked bar per manager (the share of each SPIN question type) and the plan's mix on top. */
function spinChart(rows, target, href) {
  const width = 540, labelWidth = 190, rowHeight = 26, plot = width - labelWidth - 10;
  const all = [{ manager_name: "Plan", shares: target, questions: null }].concat(rows.map((r) => ({
    manager_name: r.manager_name, questions: r.questions,
    shares: Object.fromEntries(spinKeys.map((k) => [k, r[k + "_share"] || 0])),
  })));
  const chart = svg("svg", { width: "100%", height: all.length * rowHeight + 30, viewBox: `0 0 ${width} ${all.length * rowHeight + 30}`, role: "img", class: "chart" });
  all.forEach((row, i) => {
    const y = i * rowHeight + 3;
    chart.append(svg("text", { x: labelWidth - 6, y: y + 16, "text-anchor": "end" }, row.questions === null ? row.manager_name : `${row.manager_name} (${row.questions})`));
    let x = labelWidth;
    for (const key of spinKeys) {
      const w = Math.round(plot * (row.shares[key] || 0));
      const rect = svg("rect", { x, y: y + 4, width: w, height: rowHeight - 9, fill: spinColors[key] }, svg("title", {}, `${key}: ${percent(row.shares[key])}`));
      chart.append(row.questions === null ? rect : svg("a", { href }, rect));
      x += w;
    }
  });
  const legendY = all.length * rowHeight + 20;
  let lx = labelWidth;
  for (const key of spinKeys) {
    chart.append(svg("rect", { x: lx, y: legendY - 9, width: 10, height: 10, fill: spinColors[key] }));
    chart.append(svg("text", { x: lx + 14, y: legendY }, key.replace("_", "-")));
    lx += 100;
  }
  return rows.length === 0 ? el("p", { class: "note" }, "No questions asked in this period.") : chart;
}

function operations(summary) {
  fill("runs", summary.runs.length === 0 ? el("p", { class: "note" }, "No team run in this period.") : table(
    ["Run", "Trigger", "Status", "Progress", { text: "Done", num: true }, { text: "Failed", num: true }, "Started", "Finished"],
    summary.runs.map((r) => {
      const href = api(`runs/${encodeURIComponent(r.id)}`);
      const bar = el("span", { class: "progress", title: `${r.done + r.failed} of ${r.total}` },
        el("span", { style: `width:${r.total ? Math.round(100 * r.done / r.total) : 0}%;float:left` }),
        el("span", { class: "failed", style: `width:${r.total ? Math.round(100 * r.failed / r.total) : 0}%;float:left` }));
      return [link(href, r.id.slice(0, 18)), r.trigger, r.status, el("span", {}, bar, " ", link(href, `${r.done + r.failed}/${r.total}`)),
        link(href, number(r.done)), link(href, number(r.failed)), date(r.created_at), date(r.completed_at)];
    })));

  getJson("health").then((health) => {
    const o = health.outbox;
    const outbox = (status) => api("outbox", { status, manager_id: filters.manager_id, limit: 100 });
    fill("outbox", [
      ["Pending", o.pending, outbox("pending")], ["Due now", o.due_now, outbox("pending")],
      ["Failed", o.failed, outbox("failed")], ["Uncertain", o.uncertain, outbox("uncertain")],
    ].map(([label, value, href]) => el("div", { class: "tile" }, el("div", { class: "value" }, link(href, number(value))), el("div", { class: "label" }, label)))
      .concat([el("div", { class: "tile" }, el("div", { class: "value" }, link(api("health"), o.oldest_due_seconds === null ? "–" : number(o.oldest_due_seconds / 60, 1) + " min")), el("div", { class: "label" }, "Oldest due"))]));
  }).catch((e) => failed("outbox", e));

  getJson("sync/status").then((sources) => {
    const href = api("sync/status");
    fill("sync", table(["CRM", "Configured", "Status", "Last success", { text: "Written", num: true }, { text: "Rejected", num: true }, "Last error"],
      sources.map((s) => {
        const counts = s.state.last_counts || {};
        const written = Object.values(counts).filter((v) => typeof v === "number").reduce((a, b) => a + b, 0);
        return [s.source, s.configured ? "yes" : "no", link(href, s.state.status), date(s.state.last_succeeded_at), link(href, number(written)), link(href, number(s.state.last_rejected)), s.state.last_error || ""];
      })));
  }).catch((e) => failed("sync", e));
}

async function main() {
  let response;
  try {
    response = await getJson("dashboard-summary", filters);
  } catch (e) {
    document.querySelector("main").replaceChildren(el("section", { class: "wide" }, el("h2", {}, "The dashboard could not load"), el("p", { class: "error" }, e.message)));
    return;
  }
  const summary = { access: response.access, ...response.summary };
  header(summary);
  const view = document.body.dataset.page;
  if (view === "overview") overview(summary);
  if (view === "managers") await managers(summary).catch((e) => failed("chat-table", e));
  if (view === "operations") operations(summary);
  document.body.dataset.loaded = "true";
}

main();
