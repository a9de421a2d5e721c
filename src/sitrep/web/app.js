// sitrep UI: views over the REST API (/api/{table}).
// Article text, titles, bylines, quotes and outlet names are untrusted: everything is inserted
// with textContent / createElement / text nodes, never as HTML, and every link is a relative
// path or a "#view?..." hash this file builds itself.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
// Rows per page of a table, read through the API's limit and offset; sorting and the outlet filter
// of tables without one work within the page.
const PAGE = 500;
const ARTICLE_PAGE = 200; // articles carry their text: fewer per page
const WIDE = 2000; // rows a timeline or a map reads at once
const WHOLE_CORPUS = 3000; // up to this many articles, views may read them all at once
const SHOWN = 2000; // rows drawn at most
const CSV_LIMIT = 10000; // the API's largest page

// ---------------------------------------------------------------- DOM helpers
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

function button(label, onClick, attrs = {}) {
  const node = el("button", { type: "button", ...attrs }, label);
  node.addEventListener("click", onClick);
  return node;
}

// A link to another view of this page: the href is always a hash built here.
function viewLink(label, view, params = {}) {
  return el("a", { href: hashOf(view, params) }, label);
}

const mentionsOf = (r) => (Array.isArray(r.mentions) ? r.mentions : []);
const list = (value) => (Array.isArray(value) ? value.join(", ") : value ?? "");

// ---------------------------------------------------------------- API
async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== "" && value != null) query.set(key, value);
  const qs = query.toString();
  const response = await fetch(qs ? `${path}?${qs}` : path);
  if (!response.ok) {
    let detail = `${response.status}`;
    try { detail = (await response.json()).detail ?? detail; } catch { /* not JSON */ }
    throw new Error(`${path}: ${detail}`);
  }
  return response.json();
}

const cache = new Map();
function once(key, load) {
  if (!cache.has(key)) cache.set(key, load().catch((error) => { cache.delete(key); throw error; }));
  return cache.get(key);
}

// Row counts per table (/api/summary), read while the first view loads its own rows.
let counts = {};
let countsReady = null;
const hasRows = async (table) => { await countsReady; return (counts[table] ?? 0) > 0; };
const smallCorpus = async () => { await countsReady; return (counts.articles ?? 0) <= WHOLE_CORPUS; };

// Which filters a table's endpoint accepts: every answer lists them; before the first answer, a
// one-row probe asks (only needed when the URL already holds filters).
const knownFilters = new Map();
async function acceptedFilters(table) {
  if (!knownFilters.has(table)) knownFilters.set(table, (await api(`/api/${table}`, { limit: 1 })).filters);
  return knownFilters.get(table);
}

const articleCache = new Map();
function article(id) {
  if (!articleCache.has(id)) articleCache.set(id, api(`/api/articles/${encodeURIComponent(id)}`).catch(() => null));
  return articleCache.get(id);
}
// The articles some rows cite, read by id a few requests at a time (or all at once when the corpus
// is small and many are missing).
async function articles(ids) {
  const unique = [...new Set(ids.filter(Boolean))];
  const missing = unique.filter((id) => !articleCache.has(id));
  if (missing.length > 40 && (await smallCorpus())) await allArticles();
  for (let i = 0; i < missing.length; i += 8) await Promise.all(missing.slice(i, i + 8).map(article));
  const found = await Promise.all(unique.map(article));
  return new Map(unique.map((id, i) => [id, found[i]]));
}
function remember(rows) {
  for (const row of rows) if (!articleCache.has(row.id)) articleCache.set(row.id, Promise.resolve(row));
}
const stories = () => once("stories", async () => (await api("/api/stories", { limit: CSV_LIMIT })).rows);
const statementsById = () => once("statements", async () => new Map((await api("/api/statements", { limit: CSV_LIMIT })).rows.map((s) => [s.id, s])));
const allArticles = () => once("articles", async () => {
  const rows = (await api("/api/articles", { limit: CSV_LIMIT })).rows;
  remember(rows);
  return rows;
});
// Outlet choices: every outlet of a small corpus; in a large one, those of the rows on screen.
async function outletNames(rows) {
  const names = new Set();
  if (await smallCorpus()) for (const a of await allArticles()) names.add(sourceName(a));
  for (const row of rows) {
    if (row.text !== undefined && row.source !== undefined) names.add(sourceName(row));
    else if (row.article_id && articleCache.has(row.article_id)) names.add(sourceName(await articleCache.get(row.article_id)));
  }
  return [...names].sort();
}

// ---------------------------------------------------------------- naming sources
function hostname(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.hostname.replace(/^www\./, "") : "";
  } catch { return ""; }
}

function fileName(source) {
  const path = String(source ?? "").split("/").pop();
  return path || String(source ?? "");
}

// What a reader calls the source of an article: its outlet, else its site, else its file.
function sourceName(a) {
  if (!a) return "unknown source";
  return a.outlet || hostname(a.url) || hostname(a.source) || fileName(a.source) || "unknown source";
}

// Statement sources name an article when it had no outlet ("article:<id>").
function sourceLabel(source, byId) {
  const match = /^article:(.+)$/.exec(source ?? "");
  if (!match) return source;
  return byId.has(match[1]) ? sourceName(byId.get(match[1])) : "unnamed source";
}
const articleIdsIn = (sources) => (sources ?? []).map((s) => /^article:(.+)$/.exec(s)?.[1]).filter(Boolean);

function relation(a, byId) {
  if (!a.copy_relation) return a.original_outlet ? `from ${a.original_outlet}` : "original";
  const copied = a.copy_of ? byId.get(a.copy_of) : null;
  const of = copied ? sourceName(copied) : a.original_outlet;
  return of ? `${a.copy_relation} of ${of}` : a.copy_relation;
}

// The outlet an article's reporting comes from, after following copies and reprints.
function rootOutlet(a, byId) {
  const seen = new Set();
  let current = a;
  while (current.copy_of && byId.has(current.copy_of) && !seen.has(current.id)) {
    seen.add(current.id);
    current = byId.get(current.copy_of);
  }
  return current.original_outlet || sourceName(current);
}

// ---------------------------------------------------------------- the URL hash holds the state
function parseHash() {
  const raw = location.hash.replace(/^#/, "");
  const [view, query = ""] = raw.split("?");
  return { view: view || "articles", params: Object.fromEntries(new URLSearchParams(query)) };
}

function hashOf(view, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v != null)).toString();
  return `#${view}${query ? `?${query}` : ""}`;
}

function go(view, params = {}) {
  const next = hashOf(view, params);
  if (location.hash === next) render();
  else location.hash = next;
}

function setParams(changes) {
  const { view, params } = parseHash();
  go(view, { ...params, ...changes });
}

// ---------------------------------------------------------------- evidence: the article with its span marked
// The article text as text nodes, each cited span in a <mark>; the one being shown is "current".
function markedText(text, spans, current) {
  const box = el("div", { class: "article-text" });
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  let at = 0;
  for (const span of sorted) {
    const start = Math.max(span.start, at);
    if (start >= span.end) continue;
    box.append(document.createTextNode(text.slice(at, start)));
    box.append(el("mark", span === current ? { class: "current" } : {}, text.slice(start, span.end)));
    at = span.end;
  }
  box.append(document.createTextNode(text.slice(at)));
  return box;
}

const encodeMentions = (mentions) => mentions.map((m) => `${m.article_id}:${m.start ?? 0}:${m.end ?? 0}`).join(",");
function decodeMentions(value) {
  return value.split(",").map((part) => {
    const [article_id, start, end] = part.split(":");
    return { article_id, start: Number(start) || 0, end: Number(end) || 0 };
  }).filter((m) => m.article_id);
}

// Open the evidence of a row: the drawer state lives in the hash, so a permalink reopens it.
function openEvidence(mentions, index = 0) {
  if (!mentions?.length) return;
  setParams({ open: encodeMentions(mentions), at: index || "" });
}

function closeDrawer() {
  const { view, params } = parseHash();
  delete params.open;
  delete params.at;
  go(view, params);
}

async function showDrawer(params) {
  const drawer = document.getElementById("detail");
  if (!params.open) {
    drawer.hidden = true;
    drawer.replaceChildren();
    return;
  }
  const mentions = decodeMentions(params.open);
  const index = Math.min(Number(params.at) || 0, mentions.length - 1);
  const mention = mentions[index];
  const byId = await articles(mentions.map((m) => m.article_id));
  const a = byId.get(mention.article_id);
  drawer.hidden = false;
  const head = el("div", { class: "drawer-head" },
    el("h2", {}, a ? a.title || sourceName(a) : "Article not found"),
    button("×", closeDrawer, { class: "close", "aria-label": "Close" }));
  const parts = [head];
  if (mentions.length > 1) {
    // One button per article cited, in the order of the mentions; its spans are all marked.
    const firsts = new Map();
    mentions.forEach((m, i) => { if (!firsts.has(m.article_id)) firsts.set(m.article_id, i); });
    parts.push(el("div", { class: "mention-tabs" }, `${mentions.length} mentions in ${firsts.size} article${firsts.size > 1 ? "s" : ""}: `,
      [...firsts].map(([id, first]) => {
        const n = mentions.filter((m) => m.article_id === id).length;
        return button(`${sourceName(byId.get(id))} (${n})`, () => setParams({ at: first || "" }),
          { class: id === mention.article_id ? "active" : "", "data-article": id });
      })));
  }
  if (a) {
    const text = a.text ?? "";
    parts.push(el("p", { class: "meta" }, [sourceName(a), a.byline, a.published, relation(a, byId)].filter(Boolean).join(" · ")));
    if (mention.end > mention.start) parts.push(el("blockquote", { class: "cited" }, text.slice(mention.start, mention.end)));
    const spans = mentions.filter((m) => m.article_id === mention.article_id);
    parts.push(markedText(text, spans, mention));
  }
  drawer.replaceChildren(...parts);
  // Scroll the drawer alone (scrollIntoView would scroll the page behind it too).
  const mark = drawer.querySelector(".article-text mark.current");
  drawer.scrollTop = mark ? Math.max(0, mark.offsetTop - drawer.clientHeight / 3) : 0;
}

// ---------------------------------------------------------------- filters, sorting, tables, CSV
const FILTER_LABELS = {
  q: "Search", actor: "Actor", speaker: "Speaker or actor", since: "From", until: "To", story: "Story", outlet: "Outlet",
  kind: "Type", attribution: "Said or stance", type: "Type", feature: "Feature", status: "Status", country: "Country", issue: "Issue", stance: "Stance",
};
const CHOICES = {
  kind: ["direct", "indirect", "mixed", "person", "organization", "country", "group"],
  attribution: ["speech", "stance"],
  feature: ["city", "region", "country", "sea", "continent"],
  status: ["corroborated", "single-source", "contested", "occurred", "planned", "threatened", "claimed", "denied"],
  type: ["AGREE", "ACCUSE", "AID", "ASSAULT", "CONCEDE", "CONSULT", "COOPERATE", "COERCE", "MOBILIZE", "PROTEST",
    "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN"],
  stance: ["support", "oppose", "conditional", "undecided"],
};

async function filterBar(names, params, rows) {
  const form = el("form", { class: "filters", role: "search" });
  const controls = [];
  for (const name of names) {
    const value = params[name] ?? "";
    let input;
    if (name === "since" || name === "until") {
      input = el("input", { type: "date", name, value });
    } else if (name === "story") {
      const options = (await stories()).map((s) => el("option", { value: s.id, selected: s.id === value }, (s.title ?? s.id).slice(0, 70)));
      input = el("select", { name }, el("option", { value: "" }, "any story"), options);
    } else if (name === "outlet") {
      const known = await outletNames(rows);
      if (value && !known.includes(value)) known.push(value);
      const options = known.map((o) => el("option", { value: o, selected: o === value }, o));
      input = el("select", { name }, el("option", { value: "" }, "any outlet"), options);
    } else if (CHOICES[name] || name === "country") {
      const seen = new Set([...(CHOICES[name] ?? []), ...rows.map((r) => r[name]).filter((v) => typeof v === "string")]);
      if (value) seen.add(value);
      const known = name === "kind" ? [...seen].filter((v) => rows.some((r) => r.kind === v) || v === value) : [...seen];
      input = el("select", { name }, el("option", { value: "" }, `any ${name}`),
        known.sort().map((v) => el("option", { value: v, selected: v === value }, v)));
    } else {
      input = el("input", { type: name === "q" ? "search" : "text", name, value, placeholder: FILTER_LABELS[name] ?? name });
    }
    input.addEventListener("change", () => form.requestSubmit());
    controls.push(el("label", {}, el("span", {}, FILTER_LABELS[name] ?? name), input));
  }
  form.append(...controls, el("button", { type: "submit" }, "Apply"),
    button("Clear", () => { const { view, params: p } = parseHash(); go(view, p.id ? { id: p.id } : {}); }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const changes = {};
    for (const name of names) changes[name] = new FormData(form).get(name) ?? "";
    setParams({ ...changes, open: "", at: "", page: "" });
  });
  return form;
}

function compare(a, b) {
  if (a === b) return 0;
  if (a === "" || a == null) return 1;
  if (b === "" || b == null) return -1;
  return typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));
}

function sortRows(rows, columns, sort) {
  if (!sort) return rows;
  const descending = sort.startsWith("-");
  const column = columns.find((c) => c.key === sort.replace(/^-/, ""));
  if (!column) return rows;
  const value = column.sort ?? column.value;
  return [...rows].sort((x, y) => {
    const order = compare(value(x), value(y));
    return descending && value(x) !== "" && value(y) !== "" && value(x) != null && value(y) != null ? -order : order;
  });
}

function dataTable(columns, rows, params, onRow) {
  const sort = params.sort ?? "";
  const head = el("tr", {}, columns.map((c) => {
    const state = sort === c.key ? "ascending" : sort === `-${c.key}` ? "descending" : "none";
    const th = el("th", { "aria-sort": state, class: "sortable", title: "Sort" }, c.label, state === "none" ? "" : state === "ascending" ? " ▲" : " ▼");
    th.addEventListener("click", () => setParams({ sort: sort === c.key ? `-${c.key}` : c.key }));
    return th;
  }));
  const body = rows.slice(0, SHOWN).map((row) => {
    const tr = el("tr", { class: onRow ? "clickable" : "", tabindex: onRow ? 0 : null },
      columns.map((c) => el("td", { class: c.cls ?? "" }, c.render ? c.render(row) : String(c.value(row) ?? ""))));
    if (onRow) {
      tr.addEventListener("click", (event) => { if (!event.target.closest("a")) onRow(row); });
      tr.addEventListener("keydown", (event) => { if (event.key === "Enter") onRow(row); });
    }
    return tr;
  });
  return el("table", { class: "data" }, el("thead", {}, head), el("tbody", {}, body));
}

// A cell that a spreadsheet would run as a formula is written as text.
function csvCell(value) {
  let text = value == null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function downloadCsv(name, columns, rows) {
  const lines = [columns.map((c) => csvCell(c.label)).join(","), ...rows.map((r) => columns.map((c) => csvCell(c.value(r))).join(","))];
  const blob = new Blob([`${lines.join("\r\n")}\r\n`], { type: "text/csv;charset=utf-8" });
  const link = el("a", { download: `${name}.csv` });
  link.href = URL.createObjectURL(blob);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

// ---------------------------------------------------------------- loading a view's rows
// Filters the endpoint accepts go to the API; "outlet" on tables without it is applied here,
// through the articles (or sources) each row cites.
const pageSize = (table) => (table === "articles" ? ARTICLE_PAGE : PAGE);

async function load(view, params, limit = pageSize(view.table), paged = true) {
  const wanted = view.filters.filter((name) => params[name]);
  const accepted = wanted.length ? await acceptedFilters(view.table) : [];
  const offset = paged ? (Number(params.page) || 0) * limit : 0;
  const sent = { limit, offset: offset || "" };
  for (const name of wanted) if (accepted.includes(name)) sent[name] = params[name];
  const answer = await api(`/api/${view.table}`, sent);
  knownFilters.set(view.table, answer.filters);
  let rows = answer.rows;
  const byId = await articles(rows.flatMap((r) => [r.article_id, ...mentionsOf(r).map((m) => m.article_id), ...articleIdsIn(r.sources)]));
  const local = params.outlet && !accepted.includes("outlet") && view.filters.includes("outlet");
  if (local) {
    rows = rows.filter((r) => rowOutlets(r, byId).includes(params.outlet));
  }
  // A table whose endpoint cannot filter by story yet: its rows whose mentions are in the story's articles.
  const localStory = params.story && !accepted.includes("story") && view.filters.includes("story") && view.table !== "articles";
  if (localStory) rows = rows.filter((r) => rowArticles(r).some((id) => byId.get(id)?.story_id === params.story));
  const extra = view.prepare ? await view.prepare(rows, byId) : {};
  return { rows, total: local || localStory ? rows.length : answer.total, offset, limit, byId, ...extra };
}

const rowArticles = (row) => [row.article_id, ...mentionsOf(row).map((m) => m.article_id)].filter(Boolean);

function rowOutlets(row, byId) {
  const ids = [row.article_id, ...mentionsOf(row).map((m) => m.article_id)].filter(Boolean);
  return [...ids.map((id) => sourceName(byId.get(id))), ...(row.sources ?? []).map((s) => sourceLabel(s, byId))];
}

const mentionOf = (r) => [{ article_id: r.article_id, start: r.start, end: r.end }];

// ---------------------------------------------------------------- the views
const quoteColumns = (ctx) => [
  { key: "speaker", label: "Speaker", value: (r) => r.speaker ?? r.speaker_mention?.text ?? "unknown" },
  { key: "text", label: "Said", value: (r) => r.text, cls: "wide" },
  { key: "date", label: "Date", value: (r) => r.date ?? ctx.byId.get(r.article_id)?.published?.slice(0, 10) ?? "", cls: "date" },
  { key: "channel", label: "Channel", value: (r) => r.channel ?? "" },
  { key: "kind", label: "Kind", value: (r) => (r.attribution === "stance" ? `${r.kind} · stance` : r.kind) },
  { key: "source", label: "Source", value: (r) => sourceName(ctx.byId.get(r.article_id)) },
  { key: "sources", label: "Reported by", value: (r) => (ctx.statements.get(r.statement_id)?.sources ?? []).map((s) => sourceLabel(s, ctx.byId)).join(", ") },
  { key: "independent", label: "Independent", value: (r) => ctx.statements.get(r.statement_id)?.independent_sources ?? "", cls: "num" },
];

const mentionColumns = (ctx) => [
  { key: "text", label: "Text", value: (r) => r.text, cls: "wide" },
  { key: "source", label: "Source", value: (r) => sourceName(ctx.byId.get(r.article_id)) },
  { key: "published", label: "Published", value: (r) => ctx.byId.get(r.article_id)?.published?.slice(0, 10) ?? "", cls: "date" },
];

const actorName = (a) => (a ? a.name ?? "" : "");
// Words that point at an actor without naming one: an event's line leaves such a side out
// (the list of data/briefing/unnamed_sides.txt, which the report uses; a test keeps them equal).
const UNNAMED = new Set(["it", "its", "they", "them", "their", "he", "him", "his", "she", "her", "we", "our", "you", "who", "which", "this", "that", "these", "those"]);
const SYMMETRIC = new Set(["CONSULT", "COOPERATE", "AGREE"]);
// A side in lower case throughout ("expanse", "administration") is a description, not a name.
const described = (n) => n === n.toLowerCase();
const named = (a) => { const n = actorName(a); return n && !UNNAMED.has(n.toLowerCase()) && !described(n) ? n : ""; };
function eventSides(r) {
  const [actor, target] = [named(r.actor), named(r.target)];
  const names = [...new Set([actor, target].filter(Boolean))];
  const arrow = SYMMETRIC.has(r.type) ? " ↔ " : " → ";
  // the side acted on, the actor unnamed: "→ Ukraine", not to be read as Ukraine's act
  return !actor && target && arrow === " → " ? `→ ${target}` : names.join(arrow);
}
// " in Jeddah", unless a side already names the place (in any spelling: "Kryviy Rih", "Kryvyy Rih").
function eventPlace(r, places) {
  const place = places.get(r.place_id);
  if (!place) return "";
  const key = (name) => name.toLowerCase().replace(/[^a-z]/g, "").slice(0, 4);
  const sides = [named(r.actor), named(r.target)].filter(Boolean);
  return sides.some((n) => key(n) === key(place)) ? "" : ` in ${place}`;
}
const eventWhat = (r) => [r.type, r.mode].filter(Boolean).join("/") + (r.status && r.status !== "occurred" ? ` (${r.status})` : "");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
// "13 Mar" for a day of the corpus's span; other values as they are.
function shortDate(d) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d ?? "");
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]}` : d ?? "undated";
}
// "11–14 Mar" within a month, "28 Feb–3 Mar" across two
function dayRange(first, last) {
  const [a, b] = [shortDate(first), shortDate(last)];
  const [am, bm] = [a.split(" ").slice(1).join(" "), b.split(" ").slice(1).join(" ")];
  return am && am === bm ? `${a.split(" ")[0]}–${b}` : `${a}–${b}`;
}
const dayOf = (d) => (/^\d{4}-\d{2}-\d{2}/.test(d ?? "") ? d.slice(0, 10) : "");
const CLAIM_ORDER = { contested: 0, corroborated: 1, "single-source": 2 };

const TABLE_VIEWS = {
  quotes: {
    table: "quotes", label: "Who said what", filters: ["q", "speaker", "kind", "attribution", "since", "until", "story", "outlet"],
    prepare: async () => ({ statements: await statementsById() }),
    columns: quoteColumns,
    onRow: (r) => openEvidence(mentionOf(r)),
  },
  articles: {
    table: "articles", label: "Articles", filters: ["q", "since", "until", "story", "outlet"],
    prepare: async (rows) => { remember(rows); return { stories: new Map((await stories()).map((s) => [s.id, s])) }; },
    columns: (ctx) => [
      { key: "published", label: "Published", value: (r) => r.published ?? "", cls: "date" },
      { key: "source", label: "Source", value: (r) => sourceName(r) },
      { key: "title", label: "Title", value: (r) => r.title ?? (r.text ?? "").slice(0, 90), cls: "wide" },
      { key: "byline", label: "Byline", value: (r) => r.byline ?? "" },
      { key: "story", label: "Story", value: (r) => ctx.stories.get(r.story_id)?.title ?? "",
        render: (r) => (r.story_id ? viewLink((ctx.stories.get(r.story_id)?.title ?? r.story_id).slice(0, 50), "stories", { id: r.story_id }) : "") },
      { key: "relation", label: "Copy", value: (r) => relation(r, ctx.byId) },
      { key: "cites", label: "Cites", value: (r) => list(r.cited_outlets) },
    ],
    onRow: (r) => openEvidence([{ article_id: r.id, start: 0, end: 0 }]),
  },
  actors: {
    table: "actors", label: "Actors", filters: ["q", "kind", "country"],
    columns: () => [
      { key: "name", label: "Name", value: (r) => r.name },
      { key: "kind", label: "Kind", value: (r) => r.kind ?? "" },
      { key: "country", label: "Country", value: (r) => r.country ?? "" },
      { key: "sector", label: "Sector", value: (r) => r.sector ?? "" },
      { key: "roles", label: "Roles", value: (r) => (r.roles ?? []).map((x) => x.title).join("; "), cls: "wide" },
      { key: "aliases", label: "Aliases", value: (r) => list(r.aliases) },
      { key: "mentions", label: "Mentions", value: (r) => r.mentions ?? 0, cls: "num" },
    ],
    onRow: (r) => go("quotes", { speaker: r.name }),
  },
  places: {
    table: "places", label: "Places", filters: ["q", "feature", "country", "since", "until", "story", "outlet"],
    columns: (ctx) => [
      { key: "name", label: "Place", value: (r) => r.name ?? r.text },
      ...mentionColumns(ctx).slice(0, 1).map((c) => ({ ...c, label: "As written", cls: "" })),
      { key: "feature", label: "Feature", value: (r) => r.feature ?? "" },
      { key: "country", label: "Country", value: (r) => r.country ?? "" },
      { key: "latlon", label: "Lat, lon", value: (r) => (r.lat == null ? "" : `${r.lat.toFixed(3)}, ${r.lon.toFixed(3)}`) },
      ...mentionColumns(ctx).slice(1),
    ],
    onRow: (r) => openEvidence(mentionOf(r)),
  },
  events: {
    table: "events", label: "Events", filters: ["q", "type", "status", "since", "until", "story", "outlet"],
    columns: (ctx) => [
      { key: "date", label: "Date", value: (r) => r.date ?? "", cls: "date" },
      { key: "type", label: "Type", value: (r) => [r.type, r.mode].filter(Boolean).join("/") },
      { key: "actor", label: "Actor", value: (r) => actorName(r.actor) },
      { key: "target", label: "Target", value: (r) => actorName(r.target) },
      { key: "status", label: "Status", value: (r) => r.status ?? "" },
      { key: "trigger", label: "Trigger", value: (r) => r.trigger?.text ?? "" },
      { key: "source", label: "Source", value: (r) => sourceName(ctx.byId.get(r.article_id)) },
    ],
    onRow: (r) => openEvidence(mentionOf(r)),
  },
  fused_events: {
    table: "fused_events", label: "Events", filters: ["q", "actor", "type", "status", "since", "until", "story", "outlet"],
    columns: (ctx) => [
      { key: "date", label: "Date", value: (r) => r.date ?? "", cls: "date" },
      { key: "type", label: "Type", value: (r) => [r.type, r.mode].filter(Boolean).join("/") },
      { key: "actor", label: "Actor", value: (r) => actorName(r.actor) },
      { key: "target", label: "Target", value: (r) => actorName(r.target) },
      { key: "place", label: "Place", value: (r) => ctx.places?.get(r.place_id) ?? "" },
      { key: "status", label: "Status", value: (r) => (r.background ? `${r.status ?? ""} (background)` : r.status ?? "") },
      { key: "fatalities", label: "Fatalities", value: (r) => r.fatalities ?? "", cls: "num" },
      { key: "mentions", label: "Mentions", value: (r) => mentionsOf(r).length, cls: "num" },
      { key: "sources", label: "Sources", value: (r) => (r.sources ?? []).map((s) => sourceLabel(s, ctx.byId)).join(", ") },
      { key: "independent", label: "Independent", value: (r) => r.independent_sources ?? "", cls: "num" },
    ],
    onRow: (r) => openEvidence(r.mentions),
  },
  claims: {
    table: "claims", label: "Claims", filters: ["q", "status", "since", "until", "story", "outlet"],
    columns: (ctx) => [
      { key: "status", label: "Status", value: (r) => r.status ?? "", sort: (r) => ({ contested: 0, "single-source": 2 }[r.status] ?? 1) },
      { key: "text", label: "Claim", value: (r) => r.text, cls: "wide" },
      { key: "asserted", label: "Asserted by", value: (r) => (r.asserted_by ?? []).map(actorName).join(", ") },
      { key: "disputed", label: "Disputed by", value: (r) => (r.disputed_by ?? []).map(actorName).join(", ") },
      { key: "sources", label: "Sources", value: (r) => (r.sources ?? []).map((s) => sourceLabel(s, ctx.byId)).join(", ") },
      { key: "independent", label: "Independent", value: (r) => r.independent_sources ?? "", cls: "num" },
    ],
    onRow: (r) => openEvidence(r.mentions),
  },
  positions: {
    table: "positions", label: "Positions", filters: ["q", "issue", "stance", "since", "until", "story", "outlet"],
    columns: (ctx) => [
      { key: "actor", label: "Actor", value: (r) => actorName(r.actor) },
      { key: "issue", label: "Issue", value: (r) => r.issue ?? "" },
      { key: "stance", label: "Stance", value: (r) => r.stance ?? "" },
      { key: "conditions", label: "Conditions", value: (r) => r.conditions ?? "", cls: "wide" },
      { key: "date", label: "Date", value: (r) => r.date ?? "", cls: "date" },
      { key: "sources", label: "Sources", value: (r) => (r.sources ?? []).map((s) => sourceLabel(s, ctx.byId)).join(", ") },
      { key: "independent", label: "Independent", value: (r) => r.independent_sources ?? "", cls: "num" },
    ],
    onRow: (r) => openEvidence(r.mentions),
  },
};

function toolbar(name, title, ctx, columns, params, view) {
  const offset = ctx.offset ?? 0;
  const paged = ctx.total > ctx.rows.length;
  const range = ctx.rows.length ? `${offset + 1}–${offset + Math.min(ctx.rows.length, SHOWN)}` : "0";
  const page = Number(params.page) || 0;
  const pager = paged && ctx.limit ? el("span", { class: "pager" },
    button("‹ Previous", () => setParams({ page: page - 1 || "" }), { disabled: page === 0 }),
    button("Next ›", () => setParams({ page: page + 1 }), { disabled: offset + ctx.rows.length >= ctx.total })) : "";
  return el("div", { class: "toolbar" },
    el("h2", {}, title),
    el("span", { class: "total", "data-total": ctx.total }, `rows ${range} of ${ctx.total}`,
      paged && params.sort ? " (sorted within this page)" : ""),
    pager,
    button("Download CSV", async () => {
      const all = paged ? await load(view, params, CSV_LIMIT, false) : ctx;
      downloadCsv(name, columns, sortRows(all.rows, columns, params.sort));
    }, { class: "csv" }));
}

async function tableView(name, params) {
  const view = TABLE_VIEWS[name];
  const ctx = await load(view, params);
  const columns = view.columns(ctx);
  const accepted = await acceptedFilters(view.table);
  const names = view.filters.filter((f) => accepted.includes(f) || f === "outlet");
  const rows = sortRows(ctx.rows, columns, params.sort);
  return el("div", {}, toolbar(name, view.label, ctx, columns, params, view),
    await filterBar(names, params, ctx.rows), dataTable(columns, rows, params, view.onRow));
}

// ---- stories: the story page
async function storiesView(params) {
  if (params.id) return storyPage(params);
  const view = {
    table: "stories", filters: ["q", "since", "until"],
    // Coverage counts need every member article: read them where the corpus is small.
    prepare: async (rows) => ({
      byId: (await smallCorpus()) ? await articles(rows.flatMap((s) => s.articles)) : new Map(),
    }),
  };
  const ctx = await load(view, params);
  const columns = [
    { key: "title", label: "Story", value: (r) => r.title ?? r.id, cls: "wide" },
    { key: "articles", label: "Articles", value: (r) => r.articles.length, cls: "num" },
    { key: "outlets", label: "Outlets", value: (r) => (ctx.byId.size ? new Set(r.articles.map((id) => sourceName(ctx.byId.get(id)))).size : ""), cls: "num" },
    { key: "independent", label: "Independent", value: (r) => (ctx.byId.size ? independentCount(r.articles.map((id) => ctx.byId.get(id)).filter(Boolean), ctx.byId) : ""), cls: "num" },
    { key: "first_seen", label: "From", value: (r) => r.first_seen ?? "", cls: "date" },
    { key: "last_seen", label: "To", value: (r) => r.last_seen ?? "", cls: "date" },
  ];
  const rows = sortRows(ctx.rows, columns, params.sort ?? "-articles");
  return el("div", {}, toolbar("stories", "Stories", ctx, columns, params, view),
    await filterBar(view.filters, params, ctx.rows), dataTable(columns, rows, params, (r) => go("stories", { id: r.id })));
}

const independentCount = (items, byId) => new Set(items.map((a) => rootOutlet(a, byId))).size;

async function storyPage(params) {
  await countsReady; // which tables have rows: the links to this story's events, claims, positions
  const story = (await stories()).find((s) => s.id === params.id);
  if (!story) return el("p", { class: "muted" }, "No such story.");
  const members = (await api("/api/articles", { story: story.id, limit: CSV_LIMIT })).rows;
  remember(members);
  const byId = await articles([...members.map((a) => a.copy_of), ...members.map((a) => a.id)]);
  const groups = new Map();
  for (const a of members) {
    const key = rootOutlet(a, byId);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(a);
  }
  const outlets = new Set(members.map(sourceName));
  const head = el("div", { class: "story-head" },
    el("p", {}, viewLink("← all stories", "stories")),
    el("h2", {}, story.title ?? story.id),
    el("p", { class: "coverage-line" },
      el("strong", { class: "independent-count" }, `${groups.size} independent`),
      ` · ${members.length} articles · ${outlets.size} outlets · ${story.first_seen ?? "?"} to ${story.last_seen ?? "?"}`));
  const bar = el("div", { class: "coverage-bar", role: "img", "aria-label": "share of articles per independent source" },
    [...groups.entries()].map(([key, items]) => {
      const seg = el("span", { title: `${key}: ${items.length}` }, key);
      seg.style.flexGrow = String(items.length);
      return seg;
    }));
  const coverage = el("div", { class: "coverage" }, [...groups.entries()].sort((x, y) => y[1].length - x[1].length).map(([key, items]) =>
    el("section", { class: "outlet-group" },
      el("h3", {}, key, el("span", { class: "muted" }, ` · ${items.length} article${items.length > 1 ? "s" : ""}`)),
      el("ul", {}, items.sort((x, y) => compare(x.published, y.published)).map((a) => {
        const item = el("li", { class: "clickable" },
          el("span", { class: `badge ${a.copy_relation ? "copy" : "own"}` }, a.copy_relation ?? (a.original_outlet ? "credited" : "original")),
          " ", el("strong", {}, sourceName(a)), " ", el("span", { class: "muted" }, a.published ?? ""), " ",
          a.title ?? (a.text ?? "").slice(0, 100),
          a.copy_relation || a.original_outlet ? el("span", { class: "muted" }, ` (${relation(a, byId)})`) : "");
        item.addEventListener("click", () => openEvidence([{ article_id: a.id, start: 0, end: 0 }]));
        return item;
      })))));
  const summary = el("ol", { class: "summary" }, (story.summary ?? []).map((s) => {
    const li = el("li", { class: s.mentions?.length ? "clickable" : "" }, s.text, s.mentions?.length ? el("sup", {}, ` [${s.mentions.length}]`) : "");
    li.addEventListener("click", () => openEvidence(s.mentions));
    return li;
  }));
  const top = (await api("/api/statements", { story: story.id, limit: CSV_LIMIT })).rows
    .sort((x, y) => (y.independent_sources ?? 0) - (x.independent_sources ?? 0)).slice(0, 8);
  const said = el("ul", { class: "said" }, top.map((s) => {
    const li = el("li", { class: "clickable" }, el("strong", {}, s.speaker ?? "unknown"), `: “${s.text}” `,
      el("span", { class: "muted" }, `${s.independent_sources ?? 0} independent`));
    li.addEventListener("click", () => openEvidence(s.mentions));
    return li;
  }));
  return el("div", { class: "story-page" }, head, bar,
    el("div", { class: "story-grid" },
      el("div", {}, el("h3", {}, "Coverage by source"), coverage),
      el("div", {}, el("h3", {}, "Summary"), summary, el("h3", {}, "Most reported statements"), said,
        el("p", {}, viewLink("Timeline of this story →", "timeline", { story: story.id }), " · ",
          viewLink("Who said what →", "quotes", { story: story.id }),
          [["fused_events", "events", "Events"], ["claims", "claims", "Claims"], ["positions", "positions", "Positions"]]
            .filter(([table]) => (counts[table] ?? 0) > 0)
            .flatMap(([, view, label]) => [" · ", viewLink(`${label} →`, view, { story: story.id })])))));
}

// ---- timeline: statements (and fused events, claims) by date
async function timelineView(params) {
  // The report's timeline, read from the API: what is news (events of their day with named sides
  // or two sources, contested claims, words said by a named speaker), merged and ranked as the
  // report does, so the view and the report never disagree.
  const filters = ["q", "speaker", "since", "until", "story", "outlet"];
  const sent = { limit: WIDE };
  for (const name of filters) if (params[name]) sent[name] = params[name];
  const answer = await api("/api/timeline", sent);
  const items = answer.days.flatMap((d) => d.items.map((i) => ({
    ...i, day: d.date, independent: i.independent_sources ?? 0,
    label: i.kind === "event" ? (i.status && i.status !== "occurred" ? i.status : "") : i.kind === "claim" ? i.status ?? "" : i.who ?? "",
  })));
  const columns = [
    { key: "date", label: "Date", value: (i) => i.day, sort: (i) => i.day },
    { key: "kind", label: "Kind", value: (i) => i.kind },
    { key: "who", label: "Who", value: (i) => i.who ?? "" },
    { key: "text", label: "What", value: (i) => i.line },
    { key: "sources", label: "Sources", value: (i) => i.sources.join(", ") },
    { key: "independent", label: "Independent", value: (i) => i.independent },
  ];
  const shown = (params.sort ? sortRows(items, columns, params.sort) : items).slice(0, SHOWN);
  const ctx = { rows: items, total: items.length, offset: 0, limit: 0 };
  const days = new Map();
  for (const item of shown) {
    if (!days.has(item.day)) days.set(item.day, []);
    days.get(item.day).push(item);
  }
  const timeline = el("ol", { class: "timeline" }, [...days.entries()].map(([day, dayItems]) =>
    el("li", { class: "day" }, el("h3", {}, day),
      el("ul", {}, dayItems.map((i) => {
        const li = el("li", { class: `item clickable ${i.kind}`, tabindex: 0 },
          el("span", { class: `badge ${i.kind}` }, i.kind), " ", i.kind === "claim" ? el("strong", {}, i.label) : "",
          i.kind === "claim" ? " " : "", i.line, " ",
          // an event's line already counts its sources: the muted part names them
          el("span", { class: "muted" }, `${i.kind === "event" ? "" : `${i.independent} independent · `}${i.sources.join(", ") || "no source"}`));
        li.addEventListener("click", () => openEvidence(i.mentions));
        li.addEventListener("keydown", (event) => { if (event.key === "Enter") openEvidence(i.mentions); });
        return li;
      })))));
  const bar = await filterBar(filters, params, []);
  return el("div", {}, toolbar("timeline", "Timeline", ctx, columns, params, { table: "statements", filters }), bar, timeline);
}

// ---- map: places (and geolocated events) on an offline basemap
const FEATURE_COLOURS = { city: "#c0392b", region: "#8e44ad", country: "#2c7fb8", sea: "#16a085", continent: "#7f8c8d",
  area: "#d4a017", landmark: "#5d4037", strait: "#00838f" };
// One colour per PLOVER type: force in reds, pressure in oranges and purples, talks and accord in blues and greens.
const EVENT_COLOURS = { ASSAULT: "#b2182b", COERCE: "#d6604d", THREATEN: "#f4a582", MOBILIZE: "#8c510a", ACCUSE: "#c51b7d",
  SANCTION: "#e08214", PROTEST: "#de77ae", REJECT: "#762a83", REQUEST: "#9970ab", CONSULT: "#4575b4", COOPERATE: "#74add1",
  AGREE: "#1a9850", SUPPORT: "#66bd63", AID: "#35978f", CONCEDE: "#01665e", RETREAT: "#878787" };
const colourOf = (m) => (m.kind === "event" ? EVENT_COLOURS[m.type] ?? "#333" : FEATURE_COLOURS[m.feature] ?? "#555");

// Place names by id, for the events' places: read where the corpus is small (a large one shows coordinates).
const placesById = () => once("places", async () => {
  if (!(await smallCorpus()) || !(await hasRows("places"))) return new Map();
  return new Map((await api("/api/places", { limit: CSV_LIMIT })).rows.map((p) => [p.id, p.name ?? p.text]));
});

const basemap = () => once("basemap", async () => {
  const response = await fetch("/static/vendor/countries-50m.json");
  if (!response.ok) throw new Error(`basemap: ${response.status}`);
  return response.json();
});

function aggregatePlaces(rows) {
  const byPlace = new Map();
  for (const r of rows) {
    if (r.lat == null || r.lon == null) continue;
    const key = `${r.name ?? r.text}|${r.lat.toFixed(2)}|${r.lon.toFixed(2)}`;
    if (!byPlace.has(key)) byPlace.set(key, { kind: "place", name: r.name ?? r.text, feature: r.feature ?? "", country: r.country ?? "", lat: r.lat, lon: r.lon, mentions: [] });
    byPlace.get(key).mentions.push({ article_id: r.article_id, start: r.start, end: r.end });
  }
  return [...byPlace.values()];
}

function aggregateEvents(rows, places = new Map()) {
  return rows.filter((r) => r.lat != null && r.lon != null).map((r) => ({
    kind: "event", name: [r.date, eventWhat(r), eventSides(r) + eventPlace(r, places)].filter(Boolean).join(" "), type: r.type, feature: r.type, country: "",
    lat: r.lat, lon: r.lon, mentions: r.mentions ?? [],
  }));
}

async function mapView(params) {
  const view = { table: "places", filters: ["q", "feature", "country", "since", "until", "story", "outlet"] };
  const [ctx, world] = await Promise.all([load(view, params, CSV_LIMIT, false), basemap()]);
  // Places only: events have their own map in the Events view.
  const markers = aggregatePlaces(ctx.rows);
  const columns = [
    { key: "name", label: "Place", value: (m) => m.name },
    { key: "feature", label: "Feature or type", value: (m) => m.feature },
    { key: "country", label: "Country", value: (m) => m.country },
    { key: "mentions", label: "Mentions", value: (m) => m.mentions.length, cls: "num" },
    { key: "latlon", label: "Lat, lon", value: (m) => `${m.lat.toFixed(3)}, ${m.lon.toFixed(3)}` },
  ];
  const sorted = sortRows(markers, columns, params.sort ?? "-mentions");
  const mapCtx = { rows: sorted, total: sorted.length };
  const filters = view.filters.filter((f) => f !== "country");
  return el("div", {}, toolbar("map", "Map", mapCtx, columns, params, view), await filterBar(filters, params, ctx.rows),
    drawMap(world, markers), legend(markers), dataTable(columns, sorted, params, (m) => openEvidence(m.mentions)));
}

function legend(markers) {
  const kinds = [...new Set(markers.map((m) => m.feature))].sort();
  return el("div", { class: "legend" }, "Markers sized by mentions: ", kinds.map((k) => {
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = colourOf(markers.find((m) => m.feature === k));
    return el("span", { class: "legend-item" }, swatch, k || "other");
  }));
}

function drawMap(world, markers, label = "Map of places mentioned") {
  const width = 960;
  const height = 500;
  const land = topojson.feature(world, world.objects.countries);
  const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const root = svg("svg", { class: "map", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label });
  root.append(svg("path", { class: "sphere", d: path({ type: "Sphere" }) }));
  const countries = svg("g", { class: "countries" });
  for (const feature of land.features) {
    const d = path(feature);
    if (!d) continue;
    const shape = svg("path", { class: "country", d });
    const title = svg("title");
    title.textContent = feature.properties?.name ?? "";
    shape.append(title);
    countries.append(shape);
  }
  root.append(countries);
  root.append(svg("path", { class: "borders", d: path(topojson.mesh(world, world.objects.countries, (a, b) => a !== b)) }));
  const layer = svg("g", { class: "markers" });
  const largest = Math.max(1, ...markers.map((m) => m.mentions.length));
  const placed = [];
  for (const m of [...markers].sort((a, b) => b.mentions.length - a.mentions.length)) {
    const point = projection([m.lon, m.lat]);
    if (!point) continue;
    const radius = 3 + 11 * Math.sqrt(m.mentions.length / largest);
    const dot = svg("circle", { class: "marker", cx: point[0], cy: point[1], "data-r": radius, "data-mentions": m.mentions.length, "data-kind": m.feature, fill: colourOf(m) });
    const title = svg("title");
    title.textContent = `${m.name} (${m.feature}): ${m.mentions.length} mention${m.mentions.length > 1 ? "s" : ""}`;
    dot.append(title);
    dot.addEventListener("click", () => openEvidence(m.mentions));
    layer.append(dot);
    placed.push({ m, point, radius });
  }
  root.append(layer);
  const labels = svg("g", { class: "labels" });
  for (const { m, point, radius } of placed.slice(0, 40)) {
    const label = svg("text", { x: point[0], y: point[1], "data-r": radius });
    label.textContent = m.name;
    labels.append(label);
  }
  root.append(labels);
  const box = el("div", { class: "map-box" }, root);
  attachZoom(box, root, width, height, placed.map((p) => [...p.point, p.m.mentions.length]));
  return box;
}

// Pan and zoom by moving the viewBox; markers and labels keep their size on screen.
function attachZoom(box, root, width, height, points) {
  let view = initialView(width, height, points);
  const apply = () => {
    root.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
    const scale = view.w / width;
    for (const dot of root.querySelectorAll("circle.marker")) dot.setAttribute("r", Number(dot.dataset.r) * scale);
    placeLabels(root, view, scale);
    root.dataset.zoom = (width / view.w).toFixed(2);
  };
  const zoom = (factor, cx = view.x + view.w / 2, cy = view.y + view.h / 2) => {
    const w = Math.min(width, Math.max(width / 64, view.w / factor));
    const h = (w * height) / width;
    view = { x: cx - ((cx - view.x) * w) / view.w, y: cy - ((cy - view.y) * h) / view.h, w, h };
    apply();
  };
  const toMap = (event) => {
    const rect = root.getBoundingClientRect();
    return [view.x + ((event.clientX - rect.left) / rect.width) * view.w, view.y + ((event.clientY - rect.top) / rect.height) * view.h];
  };
  root.addEventListener("wheel", (event) => {
    event.preventDefault();
    zoom(event.deltaY < 0 ? 1.25 : 0.8, ...toMap(event));
  }, { passive: false });
  let drag = null;
  root.addEventListener("pointerdown", (event) => {
    if (event.target.closest("circle")) return;
    drag = { x: event.clientX, y: event.clientY, view };
    root.setPointerCapture(event.pointerId);
  });
  root.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const rect = root.getBoundingClientRect();
    view = { ...drag.view, x: drag.view.x - ((event.clientX - drag.x) / rect.width) * drag.view.w, y: drag.view.y - ((event.clientY - drag.y) / rect.height) * drag.view.h };
    apply();
  });
  root.addEventListener("pointerup", () => { drag = null; });
  box.append(el("div", { class: "zoom" },
    button("+", () => zoom(1.5), { "aria-label": "Zoom in" }),
    button("−", () => zoom(1 / 1.5), { "aria-label": "Zoom out" }),
    button("World", () => { view = { x: 0, y: 0, w: width, h: height }; apply(); }),
    button("Fit", () => { view = initialView(width, height, points); apply(); })));
  apply();
}

// Labels of the most mentioned places first; a label that would overlap one already shown is hidden.
function placeLabels(root, view, scale) {
  const taken = [];
  for (const text of root.querySelectorAll(".labels text")) {
    const x = (Number(text.getAttribute("x")) - view.x) / scale + Number(text.dataset.r) + 3;
    const y = (Number(text.getAttribute("y")) - view.y) / scale;
    const box = { x0: x, x1: x + 7 * text.textContent.length, y0: y - 8, y1: y + 8 };
    const clear = !taken.some((b) => box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1);
    text.setAttribute("font-size", 12 * scale);
    text.setAttribute("dx", (Number(text.dataset.r) + 3) * scale);
    text.classList.toggle("hidden", !clear);
    if (clear) taken.push(box);
  }
}

function initialView(width, height, points) {
  if (!points.length) return { x: 0, y: 0, w: width, h: height };
  // Fit where most mentions are (the 10th to 90th percentile, weighted by mentions), so a few
  // far places do not zoom the map out.
  const weighted = points.flatMap(([x, y, n]) => Array(n).fill([x, y]));
  const xs = weighted.map((p) => p[0]).sort((a, b) => a - b);
  const ys = weighted.map((p) => p[1]).sort((a, b) => a - b);
  const q = (arr, f) => arr[Math.min(arr.length - 1, Math.floor(f * arr.length))];
  const [x0, x1, y0, y1] = [q(xs, 0.1), q(xs, 0.9), q(ys, 0.1), q(ys, 0.9)];
  let w = Math.max((x1 - x0) * 1.3, ((y1 - y0) * 1.3 * width) / height, width / 12);
  w = Math.min(w, width);
  const h = (w * height) / width;
  return { x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - h / 2, w, h };
}

// ---- events: fused events on the map (coloured by type, sized by mentions) and in a table
async function eventsView(params) {
  const view = TABLE_VIEWS.fused_events;
  const [ctx, world, places] = await Promise.all([load(view, params, CSV_LIMIT, false), basemap(), placesById()]);
  ctx.places = places;
  const columns = view.columns(ctx);
  const rows = sortRows(ctx.rows, columns, params.sort ?? "date");
  const accepted = await acceptedFilters(view.table);
  const names = view.filters.filter((f) => accepted.includes(f) || f === "outlet" || f === "story");
  const markers = aggregateEvents(rows, places);
  const table = dataTable(columns, rows, params, view.onRow);
  return el("div", { class: "events-view" }, toolbar("events", "Events", { ...ctx, rows }, columns, params, view),
    await filterBar(names, params, ctx.rows),
    el("p", { class: "muted" }, `${markers.length} of ${rows.length} events are placed on the map. `,
      viewLink("Each event mention →", "event_mentions")),
    drawMap(world, markers, "Map of events"), legend(markers), table);
}

// ---- claims: contested first, each with who asserts and who disputes it and the evidence of each side
// A passage cited twice on one side (one sentence extracted twice) is shown once.
const firstOf = (mentions, m) => mentions.findIndex((o) => o.stance === m.stance && o.article_id === m.article_id && o.start === m.start);
const SIDE_LABELS = { asserts: "Asserted", disputes: "Disputed", reports: "Reported" };

async function claimsView(params) {
  const view = TABLE_VIEWS.claims;
  const ctx = await load(view, params);
  const columns = view.columns(ctx);
  const rows = params.sort ? sortRows(ctx.rows, columns, params.sort)
    : [...ctx.rows].sort((x, y) => compare(CLAIM_ORDER[x.status] ?? 3, CLAIM_ORDER[y.status] ?? 3) || (y.independent_sources ?? 0) - (x.independent_sources ?? 0));
  const accepted = await acceptedFilters(view.table);
  const names = view.filters.filter((f) => accepted.includes(f) || f === "outlet" || f === "story");
  const cards = el("ol", { class: "claims" }, rows.slice(0, SHOWN).map((r) => claimCard(r, ctx.byId)));
  return el("div", {}, toolbar("claims", "Claims", { ...ctx, rows }, columns, params, view),
    await filterBar(names, params, ctx.rows), cards);
}

function claimCard(r, byId) {
  const mentions = mentionsOf(r);
  const who = [
    r.asserted_by?.length ? `asserted by ${r.asserted_by.map(actorName).join(", ")}` : "",
    r.disputed_by?.length ? `disputed by ${r.disputed_by.map(actorName).join(", ")}` : "",
    `${r.independent_sources ?? 0} independent`,
  ].filter(Boolean).join(" · ");
  const sides = ["asserts", "disputes", "reports"].filter((stance) => mentions.some((m) => m.stance === stance)).map((stance) =>
    el("div", { class: `side ${stance}` }, el("h4", {}, SIDE_LABELS[stance]),
      el("ul", {}, mentions.map((m, i) => [m, i]).filter(([m], i) => m.stance === stance && firstOf(mentions, m) === i).map(([m, i]) => {
        const a = byId.get(m.article_id);
        const quote = a?.text ? a.text.slice(m.start, m.end) : "";
        const li = el("li", { class: "clickable evidence", tabindex: 0 },
          el("span", { class: "muted" }, [m.speaker ? actorName(m.speaker) : "", sourceName(a), a?.published?.slice(0, 10)].filter(Boolean).join(" · ")), " ",
          // words read from a machine-paraphrased copy are not anyone's own: said so, not shown as a quote alone
          a?.copy_relation === "paraphrase" ? el("span", { class: "badge copy", title: "the words of a machine-paraphrased copy, not the speaker's or the original's" }, "spun copy") : "",
          a?.copy_relation === "paraphrase" ? " " : "",
          quote.length > 260 ? `“${quote.slice(0, 259)}…”` : `“${quote}”`);
        li.addEventListener("click", () => openEvidence(mentions, i));
        li.addEventListener("keydown", (event) => { if (event.key === "Enter") openEvidence(mentions, i); });
        return li;
      }))));
  return el("li", { class: `claim ${r.status ?? ""}`, "data-id": r.id },
    el("div", { class: "claim-head" }, el("span", { class: `badge status ${r.status ?? ""}` }, r.status ?? "claim"), " ",
      el("strong", {}, r.text ?? ""), " ", el("span", { class: "muted" }, who)),
    el("div", { class: "sides" }, sides));
}

// ---- positions: actors by issues, each cell the actor's stances on the issue over time

// Dated positions in order, a stance restated on later days folded into one chip with its last day
// ("support 11–14 Mar"): the reader follows when a stance changed, not each day it was repeated.
const isDay = (d) => /^\d{4}-\d{2}-\d{2}$/.test(d ?? "");
function stanceRuns(rows) {
  const runs = [];
  for (const r of [...rows].sort((x, y) => compare(x.date, y.date))) {
    const last = runs[runs.length - 1];
    if (last && last.stance === r.stance && isDay(last.until || last.date) && isDay(r.date)) {
      last.until = r.date;
      last.conditions = last.conditions || r.conditions;
      last.mentions = [...last.mentions, ...(r.mentions ?? [])];
    } else {
      runs.push({ ...r, mentions: [...(r.mentions ?? [])] });
    }
  }
  return runs;
}
let issuesRead = null; // the issue set's labels, read once
const issueLabels = async () => (issuesRead ??= api("/api/issues").then((r) => r.issues, () => []));
async function positionsView(params) {
  const view = TABLE_VIEWS.positions;
  const ctx = await load(view, params);
  const columns = view.columns(ctx);
  const accepted = await acceptedFilters(view.table);
  const names = view.filters.filter((f) => accepted.includes(f) || f === "outlet" || f === "story");
  const issueSet = await issueLabels();
  const order = issueSet.map((i) => i.key); // the issue set's order, then others by name
  const rank = (i) => (order.includes(i) ? order.indexOf(i) : order.length);
  const issues = [...new Set(ctx.rows.map((r) => r.issue))].sort((x, y) => rank(x) - rank(y) || compare(x, y));
  const byActor = new Map();
  for (const r of ctx.rows) {
    const key = r.actor?.actor_id || actorName(r.actor);
    if (!byActor.has(key)) byActor.set(key, { name: actorName(r.actor), cells: new Map() });
    const cells = byActor.get(key).cells;
    if (!cells.has(r.issue)) cells.set(r.issue, []);
    cells.get(r.issue).push(r);
  }
  const actors = [...byActor.values()].sort((x, y) => compare([...y.cells.values()].flat().length, [...x.cells.values()].flat().length) || compare(x.name, y.name));
  const labels = new Map(issueSet.map((i) => [i.key, i.label]));
  const head = el("tr", {}, el("th", {}, "Actor"), issues.map((i) => el("th", { title: i }, labels.get(i) ?? i.replaceAll("_", " "))));
  const body = actors.slice(0, SHOWN).map((a) => el("tr", {}, el("th", { class: "actor" }, a.name),
    issues.map((issue) => el("td", {}, stanceRuns(a.cells.get(issue) ?? []).map((r) => {
      const when = r.until && r.until !== r.date ? dayRange(r.date, r.until) : shortDate(r.date);
      const chip = el("button", { type: "button", class: `stance ${r.stance}`, title: r.conditions ? `conditions: ${r.conditions}` : r.stance },
        r.stance, el("span", { class: "when", title: [r.date, r.until].filter(Boolean).join(" to ") }, ` ${when}`));
      chip.addEventListener("click", () => openEvidence(r.mentions));
      return chip;
    })))));
  return el("div", {}, toolbar("positions", "Positions", ctx, columns, params, view),
    await filterBar(names, params, ctx.rows),
    el("div", { class: "matrix-box" }, el("table", { class: "data matrix" }, el("thead", {}, head), el("tbody", {}, body))));
}

// ---------------------------------------------------------------- tabs and routing
const TABS = [
  ["articles", "Articles", (p) => tableView("articles", p)],
  ["stories", "Stories", storiesView],
  ["timeline", "Timeline", timelineView],
  ["map", "Map", mapView],
  ["quotes", "Who said what", (p) => tableView("quotes", p)],
  ["events", "Events", eventsView, "fused_events"],
  ["claims", "Claims", claimsView, "claims"],
  ["positions", "Positions", positionsView, "positions"],
  ["actors", "Actors", (p) => tableView("actors", p)],
  ["places", "Places", (p) => tableView("places", p)],
  ["event_mentions", "Event mentions", (p) => tableView("events", p), "events", "hidden"],
];

function drawTabs() {
  const nav = document.getElementById("tabs");
  const current = parseHash().view;
  nav.replaceChildren(...TABS.filter(([, , , needs, hidden]) => !hidden && (!needs || (counts[needs] ?? 0) > 0)).map(([name, label]) =>
    button(label, () => go(name), { "data-view": name, class: name === current ? "active" : "" })));
}

let rendering = 0;
let lastView = "";
async function render() {
  const ticket = ++rendering;
  const { view, params } = parseHash();
  const tab = TABS.find(([name]) => name === view) ?? TABS[0];
  for (const link of document.querySelectorAll("#tabs button")) link.classList.toggle("active", link.dataset.view === tab[0]);
  const viewKey = `${tab[0]}?${JSON.stringify({ ...params, open: undefined, at: undefined })}`;
  const target = document.getElementById("view");
  if (viewKey !== lastView) {
    target.setAttribute("aria-busy", "true");
    try {
      const node = await tab[2](params);
      if (ticket !== rendering) return;
      target.replaceChildren(node);
      lastView = viewKey;
    } catch (error) {
      if (ticket !== rendering) return;
      target.replaceChildren(el("p", { class: "error" }, `Could not load ${tab[1]}: ${error.message}`));
      lastView = "";
    }
    target.removeAttribute("aria-busy");
    target.dataset.view = tab[0];
  }
  await showDrawer(params);
  await countsReady;
  if (ticket === rendering) {
    document.body.dataset.rendered = location.hash;
    performance.mark("sitrep:rendered");
  }
}

document.addEventListener("keydown", (event) => { if (event.key === "Escape" && parseHash().params.open) closeDrawer(); });
window.addEventListener("hashchange", render);
document.addEventListener("DOMContentLoaded", async () => {
  countsReady = api("/api/summary").then((body) => {
    counts = body.counts;
    drawTabs();
    document.getElementById("counts").textContent = Object.entries(counts).filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join(" · ");
  });
  stories().catch(() => {}); // the story filter of most views needs them: read them meanwhile
  await Promise.all([countsReady, render()]);
  document.body.dataset.ready = "true";
});
