// Search on /search/, with Pagefind's JavaScript API (pagefind.app/docs/api) and the theme's own results.
// Everything it loads comes from this site: /pagefind/pagefind.js and the index files beside it.

// This file is /theme/js/search.js: the site's top is two folders up, wherever the site lives (a
// sub-path such as /blog/, or a preview opened from any folder).
const root = new URL("../../", import.meta.url);
const PAGE = 20; // results shown at a time
const FIRST = 5; // of which the first to be shown before the others have come
const MAX_WORDS = 12;
const MAX_WORD = 60; // characters
const BUSY = 400; // milliseconds before "Searching…" is said
const DEBOUNCE = 120; // milliseconds of quiet typing before a search runs

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const filters = document.getElementById("search-filters");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const choices = { kind: form.elements.kind, tag: form.elements.tag, year: form.elements.year };

// Without this script the page shows only what to do instead (search.html); with it, the form.
document.getElementById("search-needs-js").hidden = true;
form.hidden = false;

let loading = null; // Pagefind, once asked for
let latest = 0; // the number of the newest search: an older one's answer is dropped
let found = []; // the current search's results, not yet all shown
let shown = 0;
let firstShown = false;
let notice = ""; // said once, before the first count: a choice in the address the site does not have

// A filter's values are words of each record ("ǂt…", carried by the lists' options): searching for
// them with the reader's words finds the records that hold them all (plugins/search/records.py).
// They are the record's last words: in an excerpt, a run of them (marked or not) ends it.
const FILTER_WORDS = /(?:\s*(?:<mark>)?\u01c2[a-z]\d+\.?(?:<\/mark>)?)+\.?/gu;
const EXTRAS = "\u01c2x0"; // records.py's EXTRAS_MARK

function load() {
  loading ??= (async () => {
    const module = await import(new URL("pagefind/pagefind.js", root).href);
    await module.options({ excerptLength: 30 });
    await module.init();
    return module;
  })();
  return loading;
}

// The lists as the address chose them (?tag=memory). A value the site does not have (a tag since
// renamed) is left unchosen, and said: the words this returns.
function chooseFromAddress(params) {
  const missing = [];
  for (const [name, select] of Object.entries(choices)) {
    const wanted = params.get(name) || "";
    // A tag by its slug (?tag=memory) or by its name in any capitals (?tag=Memory), as its page knows it.
    const option = [...select.options].find((option) => option.value === wanted)
      ?? [...select.options].find((option) => option.value && option.text.replace(/ \(\d+\)$/u, "").toLowerCase() === wanted.toLowerCase());
    const known = Boolean(option);
    select.value = known ? option.value : "";
    if (wanted && !known) missing.push(`${name === "kind" ? "kind of result" : name} “${wanted}”`);
  }
  return missing.length ? `This site has no ${missing.join(" and no ")}, so that choice is left out. ` : "";
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

// The words searched for: at most MAX_WORDS (Pagefind takes longer for every word, and seconds for
// hundreds), each at most MAX_WORD characters.
function wordsOf(text) {
  return text.trim().split(/\s+/u).filter(Boolean).slice(0, MAX_WORDS).map((word) => word.slice(0, MAX_WORD)).join(" ");
}

async function run(now) {
  const typed = input.value.trim();
  const query = wordsOf(typed);
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
  const busy = setTimeout(() => {
    if (number === latest) status.textContent = "Searching…";
  }, BUSY);
  let search;
  try {
    const api = await load();
    // Without words, only choices, the list is newest first; with words, the best matches first.
    const options = query ? {} : { sort: { date: "desc" } };
    search = now ? await api.search(words, options) : await api.debouncedSearch(words, options, DEBOUNCE);
  } catch (error) {
    clearTimeout(busy);
    status.textContent = "Search could not load its index. Reload the page to try again.";
    console.error(error);
    return;
  }
  clearTimeout(busy);
  if (search === null || number !== latest) return; // a newer search has started
  found = search.results;
  shown = 0;
  list.replaceChildren();
  await showMore(number);
  if (number !== latest) return;
  const cut = query !== typed.split(/\s+/u).join(" ") ? `Only the first ${MAX_WORDS} words, of up to ${MAX_WORD} letters each, are searched. ` : "";
  status.textContent = notice + cut + describe(found.length, query, chosen);
  notice = "";
}

// The next PAGE results, put on the page as they come: the first FIRST at once, each result's text being
// a file of its own to fetch.
async function showMore(number) {
  const query = input.value.trim();
  const next = found.slice(shown, shown + PAGE);
  shown += next.length;
  more.hidden = true;
  const loading = next.map((result) => result.data());
  for (const batch of [loading.slice(0, FIRST), loading.slice(FIRST)]) {
    const data = await Promise.all(batch);
    if (number !== latest) return;
    list.append(...data.map((result) => resultItem(result, query)));
    if (!firstShown && data.length) {
      firstShown = true;
      performance.mark("learnlog-search-first-results"); // measured by the benchmarks
    }
  }
  more.hidden = shown >= found.length;
}

function describe(count, query, chosen) {
  const what = count === 1 ? "1 result" : `${count} results`;
  const words = query ? ` for “${query}”` : "";
  const where = [];
  const label = (select) => select.selectedOptions[0].textContent.replace(/ \(\d+\)$/u, "");
  if (chosen.kind) where.push(label(choices.kind).toLowerCase());
  if (chosen.tag) where.push(`tagged ${label(choices.tag)}`);
  if (chosen.year) where.push(`from ${chosen.year}`);
  const narrowed = where.length ? ` (${where.join(", ")})` : "";
  if (count) return `${what}${words}${narrowed}.`;
  if (!query) return `Nothing is ${where.join(" and ")}: widen the choices above.`;
  const advice = where.length ? "other words, or widen the choices above" : "fewer or other words";
  return `No results${words}${narrowed}: every word must be found. Try ${advice}.`;
}

// What a result shows (kind, date, site, via, where it leads), kept by the index as one word that no
// search can match: "ǂs" and the hexadecimal digits of its JSON (records.py's shown_word).
function shownOf(data) {
  const hex = (data.meta.shown || "").slice(2);
  const bytes = new Uint8Array((hex.match(/../g) || []).map((pair) => parseInt(pair, 16)));
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
}

// One result: its kind, date and domain, its title as a link, and the words around the match.
function resultItem(data, query) {
  data = { ...data, meta: { ...shownOf(data), title: data.meta.title } };
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
  excerpt.append(...(query ? marked(data.excerpt, data.meta.title || "") : [document.createTextNode(opening(data))]));
  item.append(heading, meta, excerpt);
  return item;
}

// Pagefind's excerpt: the text around the words found, without the filter words and extras.
function marked(html, title) {
  html = cutExtras(html, html.indexOf("<mark>", html.indexOf(EXTRAS)) < 0);
  // It starts with the title, shown above it, unless a word was found there.
  const shownTitle = `${title.replaceAll("<", "&lt;").replaceAll(">", "&gt;")}. `;
  if (title && html.startsWith(shownTitle)) html = html.slice(shownTitle.length);
  // Pagefind writes the text's "<" and ">" as "&lt;" and "&gt;" (and nothing else), and puts <mark> around
  // the words found: its only tags. Every other piece is text, put on the page as text.
  return html.split(/(<mark>.*?<\/mark>)/su).filter(Boolean).map((piece) => {
    const marked = piece.startsWith("<mark>");
    const text = (marked ? piece.slice(6, -7) : piece).replaceAll("&lt;", "<").replaceAll("&gt;", ">");
    if (!marked) return document.createTextNode(text);
    const mark = document.createElement("mark");
    mark.textContent = text;
    return mark;
  });
}

// A record's text ends with words the result shows apart (its site, via and tags), after EXTRAS, then
// its filter words: the extras are cut off (`cut`), or kept when a word was found there, and the filter
// words always go.
function cutExtras(text, cut) {
  const at = text.indexOf(EXTRAS);
  if (at >= 0 && cut) text = text.slice(0, at);
  return text.replace(FILTER_WORDS, "").trimEnd();
}

// The first words of a result's text, after its title (Pagefind's content starts with the <h1>).
function opening(data) {
  let text = cutExtras(data.content || "", true);
  const title = data.meta.title || "";
  if (title && text.startsWith(title)) text = text.slice(title.length).replace(/^[.\s]+/u, "");
  const words = text.split(/\s+/u);
  return words.length > 30 ? `${words.slice(0, 30).join(" ")} …` : text;
}

// Focus a result's link, with the whole result in view (focus alone may leave its text below the screen).
function show(element) {
  element.focus();
  (element.closest(".search-result") ?? element).scrollIntoView({ block: "nearest" });
}

// Keyboard: ↓ from the box to the first result, ↑ and ↓ between results, Esc back to the box (and, in
// the box, clears it); Enter in the box searches at once, Enter on a result opens it.
function resultLinks() {
  return [...list.querySelectorAll(".search-result h2 a")];
}

input.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" && resultLinks().length) {
    event.preventDefault();
    show(resultLinks()[0]);
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
    show(links[at + 1]);
  } else if (event.key === "ArrowUp") {
    event.preventDefault();
    show(at > 0 ? links[at - 1] : input);
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
  notice = chooseFromAddress(wanted);
  if (notice && !input.value && !filterWords().length) status.textContent = notice;
  if (!input.value) input.focus(); // come here to search: the box is ready
  if (input.value || ["kind", "tag", "year"].some((name) => wanted.get(name))) {
    try {
      await load();
    } catch {
      // run() says so
    }
    await run(true);
  }
})();
