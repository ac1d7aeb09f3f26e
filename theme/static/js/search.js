// Search on /search/, with Pagefind's JavaScript API (pagefind.app/docs/api) and the theme's own results.
// Everything it loads comes from this site: /pagefind/pagefind.js and the index files beside it.

// This file is /theme/js/search.js: the site's top is two folders up, wherever the site lives (a
// sub-path such as /blog/, or a preview opened from any folder).
const root = new URL("../../", import.meta.url);
const PAGE = 20; // results shown at a time
const DEBOUNCE = 120; // milliseconds of quiet typing before a search runs

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const filters = document.getElementById("search-filters");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const choices = { kind: form.elements.kind, tag: form.elements.tag, year: form.elements.year };

document.getElementById("search-needs-js").hidden = true;
filters.hidden = false;

let pagefind = null;
let loading = null;
let latest = 0; // the number of the newest search: an older one's answer is dropped
let found = []; // the current search's results, not yet all shown
let shown = 0;
let firstShown = false;

// A filter's values are words of each record ("ǂt…", carried by the lists' options): searching for
// them with the reader's words finds the records that hold them all (plugins/search/records.py).
// They are the record's last words: in an excerpt, a run of them (marked or not) ends it.
const FILTER_WORDS = /(?:\s*(?:<mark>)?\u01c2[a-z]\d+\.?(?:<\/mark>)?)+\.?/gu;

function load() {
  loading ??= (async () => {
    const module = await import(new URL("pagefind/pagefind.js", root).href);
    await module.options({ excerptLength: 30 });
    await module.init();
    pagefind = module;
    return module;
  })();
  return loading;
}

// The lists as the address chose them (?tag=memory); a value the site no longer has is left unchosen.
function chooseFromAddress(params) {
  for (const [name, select] of Object.entries(choices)) {
    const wanted = params.get(name) || "";
    select.value = [...select.options].some((option) => option.value === wanted) ? wanted : "";
  }
}

function chosenFilters() {
  const chosen = {};
  for (const [name, select] of Object.entries(choices)) {
    if (select.value) chosen[name] = select.value;
  }
  return chosen;
}

function filterWords() {
  return Object.values(choices)
    .map((select) => select.selectedOptions[0]?.dataset.word)
    .filter(Boolean);
}

// ?q=words&tag=memory: the address of what is shown, so a search can be linked to and reloaded.
function keepInAddress(query, chosen) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [name, value] of Object.entries(chosen)) params.set(name, value);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

async function run(now) {
  const query = input.value.trim();
  const chosen = chosenFilters();
  keepInAddress(query, chosen);
  const number = ++latest;
  if (!query && !Object.keys(chosen).length) {
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "";
    return;
  }
  const words = [query, ...filterWords()].filter(Boolean).join(" ");
  let search;
  try {
    const api = await load();
    search = now ? await api.search(words) : await api.debouncedSearch(words, {}, DEBOUNCE);
  } catch (error) {
    status.textContent = "Search could not load its index. Reload the page to try again.";
    console.error(error);
    return;
  }
  if (search === null || number !== latest) return; // a newer search has started
  found = search.results;
  shown = 0;
  list.replaceChildren();
  await showMore(number);
  if (number !== latest) return;
  status.textContent = describe(found.length, query, chosen);
}

async function showMore(number) {
  const next = found.slice(shown, shown + PAGE);
  const data = await Promise.all(next.map((result) => result.data()));
  if (number !== latest) return;
  const query = input.value.trim();
  list.append(...data.map((result) => resultItem(result, query)));
  shown += next.length;
  more.hidden = shown >= found.length;
  if (!firstShown && data.length) {
    firstShown = true;
    performance.mark("learnlog-search-first-results"); // measured by the benchmarks
  }
}

function describe(count, query, chosen) {
  const what = count === 1 ? "1 result" : `${count} results`;
  const words = query ? ` for “${query}”` : "";
  const where = [];
  if (chosen.kind) where.push(choices.kind.selectedOptions[0].textContent.replace(/ \(\d+\)$/, "").toLowerCase());
  if (chosen.tag) where.push(`tagged ${chosen.tag}`);
  if (chosen.year) where.push(`from ${chosen.year}`);
  const narrowed = where.length ? ` (${where.join(", ")})` : "";
  if (count) return `${what}${words}${narrowed}.`;
  return `No results${words}${narrowed}. Try fewer or other words${where.length ? ", or widen the choices above" : ""}.`;
}

// One result: its kind, date and domain, its title as a link, and the words around the match.
function resultItem(data, query) {
  const item = document.createElement("li");
  item.className = "search-result";
  const meta = document.createElement("p");
  meta.className = "result-meta";
  const kind = document.createElement("span");
  kind.className = "result-kind";
  kind.textContent = data.meta.kind || "";
  meta.append(kind);
  if (data.meta.date) {
    const time = document.createElement("time");
    if (data.meta.datetime) time.dateTime = data.meta.datetime;
    time.textContent = data.meta.date;
    meta.append(" · ", time);
  }
  if (data.meta.domain) meta.append(" · ", data.meta.domain);
  if (data.meta.via) meta.append(` · via ${data.meta.via}`);
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  // Where the result leads, from the site's top ("links/2026/w48/#link-…"): the index's `target`.
  link.href = new URL(data.meta.target || "", root).href;
  link.textContent = data.meta.title || link.href;
  heading.append(link);
  const excerpt = document.createElement("p");
  excerpt.className = "result-excerpt";
  // With no words, only filters, the words around a match would be the filter words: show the opening.
  excerpt.append(...(query ? marked(data.excerpt) : [document.createTextNode(opening(data))]));
  item.append(heading, meta, excerpt);
  return item;
}

// Pagefind's excerpt is HTML: escaped text with <mark> around the words found. It is parsed in a
// document that runs nothing, and only its text and its marks are kept, without the filter words.
function marked(html) {
  const parsed = new DOMParser().parseFromString(`<body>${html.replace(FILTER_WORDS, "")}`, "text/html").body;
  return [...parsed.childNodes].map((node) => {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent);
  });
}

// The first words of a result's text, after its title (Pagefind's content starts with the <h1>).
function opening(data) {
  let text = (data.content || "").replace(FILTER_WORDS, "");
  const title = data.meta.title || "";
  if (title && text.startsWith(title)) text = text.slice(title.length).replace(/^[.\s]+/u, "");
  const words = text.split(/\s+/u);
  return words.length > 30 ? `${words.slice(0, 30).join(" ")} …` : text;
}

// Keyboard: ↓ from the box to the first result, ↑ and ↓ between results, Esc back to the box (and, in
// the box, clears it); Enter in the box searches at once, Enter on a result opens it.
function resultLinks() {
  return [...list.querySelectorAll(".search-result h2 a")];
}

input.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" && resultLinks().length) {
    event.preventDefault();
    resultLinks()[0].focus();
  } else if (event.key === "Escape" && input.value) {
    event.preventDefault();
    input.value = "";
    run(true);
  }
});

list.addEventListener("keydown", (event) => {
  const links = resultLinks();
  const at = links.indexOf(document.activeElement);
  if (at < 0) return;
  if (event.key === "ArrowDown" && at + 1 < links.length) {
    event.preventDefault();
    links[at + 1].focus();
  } else if (event.key === "ArrowUp") {
    event.preventDefault();
    (at > 0 ? links[at - 1] : input).focus();
  } else if (event.key === "Escape") {
    event.preventDefault();
    input.focus();
  }
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  run(true);
});
input.addEventListener("input", () => run(false));
input.addEventListener("focus", () => load().catch(() => {}), { once: true });
filters.addEventListener("change", () => run(true));
more.addEventListener("click", async () => {
  const before = shown;
  await showMore(latest);
  resultLinks()[before]?.focus();
});

// Opened as /search/?q=words (a link, the header's box, a browser's search engine): search at once.
(async () => {
  const wanted = new URLSearchParams(location.search);
  input.value = wanted.get("q") || "";
  chooseFromAddress(wanted);
  if (input.value || ["kind", "tag", "year"].some((name) => wanted.get(name))) {
    try {
      await load();
    } catch {
      // run() says so
    }
    await run(true);
  }
})();
