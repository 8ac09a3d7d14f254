// unspin's pages: plain JavaScript over the REST API. Everything from the server or the
// user is put in the page as text (textContent), never as markup.
"use strict";

const TOKEN_KEY = "unspin-token";
const page = document.body.dataset.page;
const openAccess = document.body.dataset.open === "yes";
const $ = (sel) => document.querySelector(sel);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k === "data") Object.assign(node.dataset, v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c === null || c === undefined ? "" : c);
  return node;
}

function say(text, kind) {
  const m = $("#message");
  m.textContent = text;
  m.className = "message " + (kind || "info");
  m.hidden = !text;
}

async function api(path, options) {
  const opts = Object.assign({headers: {}}, options || {});
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) opts.headers["Authorization"] = "Bearer " + token;
  if (opts.json !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(opts.json);
  }
  const resp = await fetch(path, opts);
  let body = null;
  try { body = await resp.json(); } catch (e) { body = null; }
  if (resp.status === 401 && page !== "signin") {
    location.href = "/?next=" + encodeURIComponent(location.pathname);
    throw new Error("sign in first");
  }
  if (!resp.ok) {
    const msg = body && body.error ? body.error.message : "the server answered " + resp.status;
    throw new Error(msg);
  }
  return body;
}

async function showWho() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token && !openAccess) {
    if (page !== "signin") location.href = "/?next=" + encodeURIComponent(location.pathname);
    return;
  }
  try {
    const who = await api("/v1/whoami");
    $("#who").textContent = who.anonymous ? "reading without a token" : "signed in as " + who.name + " (" + who.scope + ")";
    $("#signout").hidden = who.anonymous;
  } catch (e) { /* api() redirects on 401 */ }
}

$("#signout").addEventListener("click", () => { sessionStorage.removeItem(TOKEN_KEY); location.href = "/"; });

// ---- sign in -------------------------------------------------------------------------
function signinPage() {
  $("#signin-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $("#token").value.trim());
    try {
      const who = await api("/v1/whoami");
      const next = new URLSearchParams(location.search).get("next");
      say("Signed in as " + who.name + ".", "ok");
      location.href = next && next.startsWith("/") && !next.startsWith("//") ? next : "/analyze";
    } catch (e) {
      sessionStorage.removeItem(TOKEN_KEY);
      say("That token was not accepted: " + e.message, "error");
    }
  });
}

// ---- analyze -------------------------------------------------------------------------
const SPEAKER_COLOURS = 8;

function speakerLine(a) {
  const s = a.speaker || {};
  const parts = [s.name || "(unnamed)", s.kind ? "(" + s.kind + ")" : ""];
  if (s.role) parts.push("— " + s.role);
  if (s.affiliation) parts.push(", " + s.affiliation);
  return parts.join(" ").replace(" ,", ",");
}

function details(a) {
  const s = a.speaker || {};
  const lines = [speakerLine(a)];
  if (a.cue) lines.push("cue: " + a.cue.text + " (" + a.type + ")");
  if (a.channel) lines.push("channel: " + a.channel);
  if (a.relayed_by && a.relayed_by.length) lines.push("relayed by: " + a.relayed_by.join(" ← "));
  if (a.hedges && a.hedges.length) lines.push("hedges: " + a.hedges.map((h) => h.text + " [" + h.kind + "]").join("; "));
  if (s.via && s.via.length) lines.push("resolved through: " + s.via.map((v) => "“" + v.text + "”").join(" → "));
  if (typeof s.confidence === "number") lines.push("confidence: " + Math.round(s.confidence * 100) + "%");
  return lines;
}

function renderArticle(text, attributions, evidence) {
  const cuts = new Set([0, text.length]);
  attributions.forEach((a) => { cuts.add(a.content.start); cuts.add(a.content.end); });
  evidence.forEach((e) => { cuts.add(e.start); cuts.add(e.end); });
  const points = [...cuts].sort((x, y) => x - y);
  const colour = new Map();
  const box = $("#article");
  box.replaceChildren();
  for (let i = 0; i + 1 < points.length; i++) {
    const [s, e] = [points[i], points[i + 1]];
    const piece = text.slice(s, e);
    const n = attributions.findIndex((a) => a.content.start <= s && e <= a.content.end);
    const spin = evidence.find((ev) => ev.start <= s && e <= ev.end);
    if (n < 0 && !spin) { box.append(piece); continue; }
    const span = el("span", {}, piece);
    if (n >= 0) {
      const name = attributions[n].speaker.name || "?";
      if (!colour.has(name)) colour.set(name, colour.size % SPEAKER_COLOURS);
      span.classList.add("stmt", "sp" + colour.get(name));
      span.dataset.a = String(n);
      span.title = details(attributions[n]).join("\n");
    }
    if (spin) {
      span.classList.add("spin");
      span.dataset.spin = spin.kind;
      if (n < 0) span.title = spin.kind + ": " + spin.explanation;
    }
    box.append(span);
  }
  const tip = $("#tooltip");
  box.addEventListener("mouseover", (ev) => {
    const t = ev.target.closest("[data-a]");
    if (!t) { tip.hidden = true; return; }
    tip.replaceChildren(...details(attributions[Number(t.dataset.a)]).map((l) => el("div", {}, l)));
    const r = t.getBoundingClientRect();
    tip.style.left = Math.round(window.scrollX + r.left) + "px";
    tip.style.top = Math.round(window.scrollY + r.bottom + 6) + "px";
    tip.hidden = false;
  });
  box.addEventListener("mouseleave", () => { tip.hidden = true; });
}

function renderAnalysis(text, out) {
  $("#results").hidden = false;
  const atts = out.attributions || [];
  const spin = out.spin || {score: 0, evidence: []};
  $("#counts").textContent = atts.length + " statements · " + (out.entities || []).length + " entities · " +
    (out.hedges || []).length + " hedges";
  $("#score").textContent = "spin score " + spin.score.toFixed(2);
  renderArticle(text, atts, spin.evidence || []);
  const body = $("#who-said-what tbody");
  body.replaceChildren(...atts.map((a, i) => {
    const s = a.speaker || {};
    return el("tr", {data: {a: String(i)}},
      el("td", {}, String(i + 1)), el("td", {}, (s.name || "(unnamed)") + (s.kind ? " (" + s.kind + ")" : "")),
      el("td", {}, [s.role, s.affiliation].filter(Boolean).join(", ")),
      el("td", {class: "said"}, a.content.text.length > 160 ? a.content.text.slice(0, 157) + "…" : a.content.text),
      el("td", {}, (a.hedges || []).map((h) => h.text).join("; ")),
      el("td", {}, typeof s.confidence === "number" ? Math.round(s.confidence * 100) + "%" : ""));
  }));
  const list = $("#spin-list");
  const ev = spin.evidence || [];
  list.replaceChildren(...(ev.length ? ev.map((e) => el("li", {}, el("b", {}, e.kind), " “" + e.text + "” — " + e.explanation))
    : [el("li", {}, "none found")]));
  if (out.warnings) say(out.warnings.join(" "), "info");
}

function analyzePage() {
  const form = $("#analyze-form");
  form.addEventListener("change", () => {
    const mode = form.querySelector("input[name=mode]:checked").value;
    $("#text").hidden = mode !== "text"; $("#file").hidden = mode !== "file"; $("#url").hidden = mode !== "url";
  });
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const mode = form.querySelector("input[name=mode]:checked").value;
    say("Analysing…", "info");
    try {
      let out, text;
      if (mode === "file") {
        const f = $("#file").files[0];
        if (!f) { say("Choose a file first.", "error"); return; }
        const data = new FormData();
        data.append("file", f);
        out = await api("/v1/analyze", {method: "POST", body: data});
        text = out.text;
      } else if (mode === "url") {
        out = await api("/v1/analyze", {method: "POST", json: {url: $("#url").value.trim()}});
        text = out.text;
      } else {
        text = $("#text").value;
        out = await api("/v1/analyze", {method: "POST", json: {text: text, include_text: true}});
        text = out.text || text;
      }
      say("", "info");
      renderAnalysis(text, out);
    } catch (e) { say(e.message, "error"); }
  });
}

// ---- sources and diff ----------------------------------------------------------------
const RANK = {high: 3, medium: 2, low: 1};

function markSpans(text, offset, spans) {
  // text with the given [start, end, class, title] spans (offsets into the whole document) marked
  const out = [];
  let pos = 0;
  spans.filter((s) => s[0] >= offset && s[1] <= offset + text.length).sort((a, b) => a[0] - b[0]).forEach((s) => {
    const [st, en] = [s[0] - offset, s[1] - offset];
    if (st < pos) return;
    out.push(text.slice(pos, st));
    out.push(el("mark", {class: s[2], title: s[3]}, text.slice(st, en)));
    pos = en;
  });
  out.push(text.slice(pos));
  return out;
}

function renderDiff(drift) {
  const min = RANK[$("#severity").value];
  const edits = drift.edits.filter((e) => RANK[e.severity] >= min)
    .sort((a, b) => RANK[b.severity] - RANK[a.severity]);
  const counts = {high: 0, medium: 0, low: 0};
  drift.edits.forEach((e) => { counts[e.severity] += 1; });
  $("#diff-counts").textContent = counts.high + " high · " + counts.medium + " medium · " + counts.low + " low";
  $("#edits").replaceChildren(...(edits.length ? edits.map((e) => el("li", {class: "edit " + e.severity},
    el("b", {}, e.severity + " · " + e.category), " ",
    e.source ? el("del", {}, e.source.text) : "", e.source && e.copy ? " → " : "", e.copy ? el("ins", {}, e.copy.text) : "",
    el("div", {class: "why"}, e.explanation))) : [el("li", {}, "no edits at this level")]));
  const srcMarks = edits.filter((e) => e.source).map((e) => [e.source.start, e.source.end, e.severity, e.category]);
  const cpMarks = edits.filter((e) => e.copy).map((e) => [e.copy.start, e.copy.end, e.severity, e.category]);
  const rows = drift.alignment.filter((p) => edits.some((e) =>
    (e.source && p.source && e.source.start >= p.source.start && e.source.end <= p.source.end) ||
    (e.copy && p.copy && e.copy.start >= p.copy.start && e.copy.end <= p.copy.end)));
  $("#side-by-side tbody").replaceChildren(...rows.map((p) => el("tr", {},
    el("td", {}, ...(p.source ? markSpans(p.source.text, p.source.start, srcMarks) : ["—"])),
    el("td", {}, ...(p.copy ? markSpans(p.copy.text, p.copy.start, cpMarks) : ["—"])))));
}

function sourcesPage() {
  let copyText = "", drift = null;
  $("#severity").addEventListener("change", () => { if (drift) renderDiff(drift); });
  $("#trace-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    copyText = $("#text").value;
    say("Tracing…", "info");
    try {
      const out = await api("/v1/trace", {method: "POST", json: {text: copyText}});
      say(out.matches.length ? "" : "Nothing stored is copied by this text (sharing a topic is not copying).", "info");
      $("#matches-section").hidden = !out.matches.length;
      $("#matches tbody").replaceChildren(...out.matches.map((m) => {
        const button = el("button", {type: "button", class: "compare"}, "Compare");
        button.addEventListener("click", async () => {
          say("Comparing…", "info");
          try {
            const doc = await api("/v1/documents/" + encodeURIComponent(m.id));
            drift = await api("/v1/diff", {method: "POST", json: {source: doc.text, copy: copyText}});
            $("#diff-source").textContent = m.id;
            $("#diff-section").hidden = false;
            say("", "info");
            renderDiff(drift);
          } catch (e) { say(e.message, "error"); }
        });
        const link = m.url ? el("a", {href: m.url, rel: "noopener noreferrer", target: "_blank"}, "open") : "";
        return el("tr", {}, el("td", {}, m.title ? m.title + " (" + m.id + ")" : m.id), el("td", {}, m.relation),
          el("td", {}, m.score.toFixed(2)), el("td", {}, m.publisher || ""), el("td", {}, m.date || ""),
          el("td", {}, link), el("td", {}, button));
      }));
    } catch (e) { say(e.message, "error"); }
  });
}

// ---- claims --------------------------------------------------------------------------
function reportItem(r) {
  const head = el("div", {}, el("b", {}, (r.date || "no date") + " · " + (r.publisher || r.id)), " ",
    r.url ? el("a", {href: r.url, rel: "noopener noreferrer", target: "_blank"}, r.title || r.id) : (r.title || r.id),
    " ", el("span", {class: "stance " + r.stance}, r.stance));
  const credit = el("div", {class: "why"}, "credits: " + (r.credited.length ? r.credited.join(" ← ") : "its own voice"));
  return el("li", {data: {id: r.id}}, head, el("div", {class: "said"}, "“" + r.evidence.text + "”"), credit);
}

function claimsPage() {
  $("#claim-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    say("Looking through the corpus…", "info");
    try {
      const out = await api("/v1/corroborate", {method: "POST", json: {claim: $("#claim").value}});
      say(out.reports.length ? "" : "No stored document carries this claim.", "info");
      $("#claim-results").hidden = !out.reports.length;
      $("#claim-counts").textContent = out.reports_count + " reports from " + out.outlets_count + " outlets; " +
        out.independent_count + " independent after collapsing copies; " + out.origins.length + " origin(s)";
      $("#origins").replaceChildren(...out.origins.map((o) => el("li", {}, (o.name || "stated in their own voice") +
        ": " + o.reports + " independent report(s)")));
      const copies = new Map();
      out.reports.filter((r) => r.copy_of).forEach((r) => {
        if (!copies.has(r.copy_of)) copies.set(r.copy_of, []);
        copies.get(r.copy_of).push(r);
      });
      $("#timeline").replaceChildren(...out.reports.filter((r) => !r.copy_of).map((r) => {
        const item = reportItem(r);
        const kids = copies.get(r.id) || [];
        if (kids.length) item.append(el("div", {class: "why"}, kids.length + " cop" + (kids.length === 1 ? "y" : "ies") + ":"),
          el("ol", {class: "copies"}, ...kids.map(reportItem)));
        return item;
      }));
    } catch (e) { say(e.message, "error"); }
  });
}

// ---- corpus --------------------------------------------------------------------------
function corpusPage() {
  let offset = 0;
  const limit = 25;
  async function load() {
    try {
      const out = await api("/v1/documents?offset=" + offset + "&limit=" + limit);
      $("#doc-total").textContent = out.total + " stored";
      $("#documents tbody").replaceChildren(...out.documents.map((d) => el("tr", {},
        el("td", {}, d.id), el("td", {}, d.title || ""), el("td", {}, d.publisher || ""), el("td", {}, d.date || ""))));
      $("#prev").disabled = offset === 0;
      $("#next").disabled = offset + limit >= out.total;
    } catch (e) { say(e.message, "error"); }
  }
  $("#prev").addEventListener("click", () => { offset = Math.max(0, offset - limit); load(); });
  $("#next").addEventListener("click", () => { offset += limit; load(); });
  load();
  $("#speaker-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      const q = $("#speaker-q").value.trim();
      const out = await api("/v1/speakers?limit=50" + (q ? "&contains=" + encodeURIComponent(q) : ""));
      $("#speakers tbody").replaceChildren(...(out.speakers.length ? out.speakers.map((s) => {
        const a = el("a", {href: "#"}, s.name);
        a.addEventListener("click", async (e) => {
          e.preventDefault();
          const said = await api("/v1/attributions?speaker=" + encodeURIComponent(s.name));
          $("#statements").hidden = false;
          $("#statements tbody").replaceChildren(...said.attributions.map((x) => el("tr", {},
            el("td", {}, x.doc), el("td", {}, x.cue ? x.cue.text : ""), el("td", {}, x.content.text))));
        });
        return el("tr", {}, el("td", {}, a), el("td", {}, String(s.statements)));
      }) : [el("tr", {}, el("td", {colspan: "2"}, "no stored statements (ingest with analysis first)"))]));
    } catch (e) { say(e.message, "error"); }
  });
  $("#families-button").addEventListener("click", async () => {
    say("Tracing every document…", "info");
    try {
      const out = await api("/v1/families");
      say("", "info");
      const fams = out.families || [];
      $("#families").replaceChildren(...(fams.length ? fams.map((f) => el("li", {},
        el("b", {}, "likely original: " + f.original), " (" + f.why + ") — " + f.size + " documents: " +
        f.members.map((m) => m.id + " [" + m.relation + "]").join(", "))) :
        [el("li", {}, "no copies found among the stored documents")]));
    } catch (e) { say(e.message, "error"); }
  });
}

// ---- ingest --------------------------------------------------------------------------
function ingestPage() {
  $("#ingest-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const files = $("#files").files;
    if (!files.length) { say("Choose files first.", "error"); return; }
    const data = new FormData();
    for (const f of files) data.append("files", f);
    try {
      let job = await api("/v1/documents?analyze=" + ($("#analyze").checked ? "true" : "false"),
        {method: "POST", body: data});
      $("#job").hidden = false;
      const bar = $("#progress");
      bar.max = Math.max(1, job.documents);
      while (job.status === "queued" || job.status === "running") {
        bar.value = Math.min(job.done, bar.max);
        $("#job-status").textContent = job.status + ": " + job.done + " of " + job.documents + " read";
        await new Promise((r) => setTimeout(r, 400));
        job = await api("/v1/jobs/" + job.id);
      }
      bar.value = bar.max;
      $("#job-status").textContent = job.status === "done"
        ? "done: " + job.added + " added, " + job.already + " already stored, " + job.bad.length + " not stored" +
          (job.analyze ? ", " + job.analysed + " analysed" : "")
        : "failed: " + job.error;
      $("#job-bad").replaceChildren(...job.bad.map((b) => el("li", {}, el("b", {}, b.where), ": " + b.error)));
    } catch (e) { say(e.message, "error"); }
  });
}

showWho();
({signin: signinPage, analyze: analyzePage, sources: sourcesPage, claims: claimsPage, corpus: corpusPage,
  ingest: ingestPage}[page] || (() => {}))();
