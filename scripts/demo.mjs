// Drives the demo against a running app: seed, start a team run, wait for it, print the cards.
const base = process.argv[2] ?? "http://127.0.0.1:7071";

async function call(method, path) {
  const response = await fetch(base + path, { method });
  const body = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path} -> ${response.status}: ${body}`);
  }
  return JSON.parse(body);
}

// Telegram HTML to terminal text: bold stays visible as ANSI bold, entities are decoded.
function toTerminal(html) {
  const bold = process.stdout.isTTY ? ["\x1b[1m", "\x1b[0m"] : ["", ""];
  return html
    .replace(/<b>/g, bold[0]).replace(/<\/b>/g, bold[1])
    .replace(/<\/?[a-z][^>]*>/g, "")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
}

const seeded = await call("POST", "/api/demo/seed");
console.log(`==> Demo data: ${seeded.managers} managers, ${seeded.deals} deals, ${seeded.activities} activities, ${seeded.chats} chats, ${seeded.messages} messages`);

const started = await call("POST", "/api/deals/analyze-all");
console.log(`==> Team run ${started.run_id} queued for ${started.total_managers} managers`);

let run;
const deadline = Date.now() + 120_000;
do {
  await new Promise((resolve) => setTimeout(resolve, 250));
  run = await call("GET", `/api/runs/${started.run_id}`);
} while (run.status !== "completed" && Date.now() < deadline);
if (run.status !== "completed") {
  throw new Error(`Run ${run.id} did not complete in 120 s: ${JSON.stringify(run)}`);
}
console.log(`==> Run ${run.id} completed: ${run.done} done, ${run.failed} failed of ${run.total}`);
const usage = run.token_usage;
console.log(usage.llm_calls + usage.cache_hits === 0
  ? "==> Coach: rules (no Azure OpenAI configured)"
  : `==> Coach: LLM, ${usage.llm_calls} calls, ${usage.cache_hits} cache hits, ${usage.prompt_tokens} prompt + ${usage.completion_tokens} completion tokens`);

const outbox = await call("GET", "/api/outbox?limit=1000");
const ofRun = outbox.messages
  .filter((m) => m.run_id === run.id)
  .sort((a, b) => a.manager_id.localeCompare(b.manager_id) || (a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind === "manager_summary" ? -1 : 1));
for (const message of ofRun) {
  console.log(`\n──── ${message.kind} → manager ${message.manager_id}, chat ${message.chat_id ?? "(none)"} ────`);
  console.log(toTerminal(message.text));
}
console.log(`\n==> ${ofRun.length} Telegram messages are in the outbox (no bot token set: the outbox is the sink).`);

// Seed 002: yesterday's chats per manager, from the chat report.
const report = await call("GET", "/api/reports/chats");
const summary = report.tables.find((t) => t.name === "manager_summary");
const col = (name) => summary.columns.indexOf(name);
console.log("\n==> Chats (last 7 days), per manager: chats · median first response · chats with unanswered clients · response rate");
for (const row of summary.rows) {
  const median = row[col("median_first_response_sec")];
  console.log(`    ${row[col("manager_name")]}: ${row[col("chats")]} · ${median === null ? "—" : Math.round(median / 60) + " min"} · ${row[col("chats_with_unanswered")]} · ${Math.round((row[col("response_rate")] ?? 0) * 100)}%`);
}
const advice = report.tables.find((t) => t.name === "chat_advice");
for (const row of advice.rows) {
  console.log(`    💡 ${row[0]}: ${row[3]}`);
}
