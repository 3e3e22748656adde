// gen: site search over the static index that `gen build` writes to
// <base>search-index/ (format and tokenizer: src/search.rs).
// - header box: results as you type in a dropdown; `/` focuses it;
//   ArrowUp/ArrowDown/Enter/Escape work in the dropdown.
// - /search/ page: reads ?q=, shows every result, keeps the URL shareable,
//   filters by report and year.
// Works offline and under any base path: everything is loaded relative to
// <html data-base="…">. No dependencies.
(function () {
  "use strict";

  var root = document.documentElement;
  var base = root.getAttribute("data-base") || "/";
  if (base.charAt(base.length - 1) !== "/") base += "/";
  var lang = (root.getAttribute("lang") || "").toLowerCase();
  var zh = lang === "" || lang.indexOf("zh") === 0;

  var TEXT = zh
    ? {
        loading: "正在加载搜索…",
        none: "没有找到结果",
        count: function (n) { return "找到 " + n + " 条结果"; },
        all: function (n) { return "查看全部 " + n + " 条结果"; },
        more: "更多结果",
        failed: "搜索暂时不可用",
        report: "报告",
        year: "年份",
        any: "全部",
        hint: "输入关键词开始搜索",
      }
    : {
        loading: "Loading search…",
        none: "No results",
        count: function (n) { return n + (n === 1 ? " result" : " results"); },
        all: function (n) { return "Show all " + n + " results"; },
        more: "More results",
        failed: "Search is unavailable",
        report: "Report",
        year: "Year",
        any: "All",
        hint: "Type to search",
      };

  var DROPDOWN_LIMIT = 8;
  var PAGE_SIZE = 20;
  var DEBOUNCE_MS = 80;

  // ---- the index (format: see src/search.rs) --------------------------------
  // Tokenizer and bucket hash mirror src/search.rs exactly.
  var FORMAT_VERSION = 2;
  var DOCS_PER_FILE = 8;
  var KEY_CHARS = 3;
  var NONE = 0, CJK = 1, WORD = 2;
  var WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;

  function isCjk(cp) {
    return (
      cp === 0x3005 || cp === 0x3007 ||
      (cp >= 0x3040 && cp <= 0x30ff) ||
      (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xac00 && cp <= 0xd7af) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0x20000 && cp <= 0x3ffff)
    );
  }

  function normChar(ch) {
    var cp = ch.codePointAt(0);
    if (cp >= 0xff01 && cp <= 0xff5e) ch = String.fromCodePoint(cp - 0xfee0);
    var lower = ch.toLowerCase();
    return Array.from(lower).length === 1 ? lower : ch;
  }

  function classify(ch) {
    if (isCjk(ch.codePointAt(0))) return CJK;
    return WORD_CHAR.test(ch) ? WORD : NONE;
  }

  // Tokens to look up, and the terms to highlight (whole CJK runs and words).
  function analyze(text) {
    var chars = Array.from(String(text || ""), normChar);
    var tokens = [];
    var terms = [];
    var run = NONE;
    var start = 0;
    function finish(end) {
      if (run === NONE || end <= start) return;
      var piece = chars.slice(start, end);
      terms.push(piece);
      if (run === WORD || piece.length === 1) {
        tokens.push(piece.join(""));
      } else {
        for (var i = 0; i + 1 < piece.length; i++) tokens.push(piece[i] + piece[i + 1]);
      }
    }
    for (var i = 0; i < chars.length; i++) {
      var kind = classify(chars[i]);
      if (kind !== run) {
        finish(i);
        run = kind;
        start = i;
      }
    }
    finish(chars.length);
    return { tokens: tokens.filter(function (t, i) { return tokens.indexOf(t) === i; }), terms: terms };
  }

  function bucketOf(token, count) {
    var hash = 0x811c9dc5;
    var taken = 0;
    for (var ch of token) {
      if (taken++ >= KEY_CHARS) break;
      hash = Math.imul((hash ^ ch.codePointAt(0)) >>> 0, 0x01000193) >>> 0;
    }
    return hash % Math.max(count, 1);
  }

  function Index(base) {
    this.root = base + "search-index/";
    this.base = base;
    this.meta = null;
    this.buckets = {};
    this.docs = {};
    this.filterRanges = null;
  }

  Index.prototype.fetchJson = function (path) {
    var url = new URL(this.root + path, document.baseURI).href;
    return fetch(url, { cache: "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + url);
      return response.json();
    });
  };

  Index.prototype.load = function () {
    var self = this;
    if (!this.meta) {
      this.meta = this.fetchJson("meta.json").then(function (meta) {
        if (meta.version !== FORMAT_VERSION) throw new Error("search index format " + meta.version);
        return meta;
      });
      this.meta.catch(function () { self.meta = null; });
    }
    return this.meta;
  };

  Index.prototype.cached = function (cache, key, path) {
    var self = this;
    if (!cache[key]) {
      cache[key] = this.load().then(function (meta) {
        return self.fetchJson(path + "?v=" + meta.build);
      });
      cache[key].catch(function () { delete cache[key]; });
    }
    return cache[key];
  };

  // doc id → term frequency for one token (prefix match for words of 3+).
  Index.prototype.postings = function (token, meta) {
    var prefix = !isCjk(token.codePointAt(0)) && Array.from(token).length >= KEY_CHARS;
    var n = bucketOf(token, meta.buckets);
    return this.cached(this.buckets, n, "b/" + n + ".json").then(function (bucket) {
      var found = new Map();
      var keys = prefix ? Object.keys(bucket).filter(function (k) { return k.indexOf(token) === 0; }) : [token];
      keys.forEach(function (key) {
        var list = bucket[key];
        if (!list) return;
        var doc = 0;
        for (var i = 0; i + 1 < list.length; i += 2) {
          doc += list[i];
          found.set(doc, (found.get(doc) || 0) + list[i + 1]);
        }
      });
      return found;
    });
  };

  Index.prototype.filters = function () {
    if (!this.filterRanges) this.filterRanges = this.cached({}, "f", "filters.json");
    return this.filterRanges;
  };

  // → { total, ids (best first), terms }
  Index.prototype.search = function (query, chosen) {
    var self = this;
    var analysis = analyze(query);
    if (analysis.tokens.length === 0) return Promise.resolve({ total: 0, ids: [], terms: [] });
    var wanted = Object.keys(chosen || {}).filter(function (k) { return chosen[k]; });
    return this.load().then(function (meta) {
      // Skip very common tokens when rarer ones narrow the search anyway.
      var hot = meta.hot || [];
      var rare = analysis.tokens.filter(function (t) { return hot.indexOf(t) < 0; });
      var lookups = rare.length ? rare : analysis.tokens;
      return Promise.all([
        Promise.all(lookups.map(function (t) { return self.postings(t, meta); })),
        wanted.length ? self.filters() : Promise.resolve({}),
      ]).then(function (loaded) {
        var lists = loaded[0];
        var ranges = loaded[1];
        var allowed = function (doc) {
          return wanted.every(function (name) {
            var spans = (ranges[name] || {})[chosen[name]] || [];
            return spans.some(function (span) { return doc >= span[0] && doc < span[1]; });
          });
        };
        lists.sort(function (a, b) { return a.size - b.size; });
        var weights = lists.map(function (list) { return Math.log(1 + meta.docs / Math.max(list.size, 1)); });
        var scored = [];
        lists[0].forEach(function (tf, doc) {
          var score = 0;
          for (var i = 0; i < lists.length; i++) {
            var f = i === 0 ? tf : lists[i].get(doc);
            if (!f) return;
            score += (1 + Math.log(f)) * weights[i];
          }
          if (allowed(doc)) scored.push([doc, score]);
        });
        scored.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        return { total: scored.length, ids: scored.map(function (s) { return s[0]; }), terms: analysis.terms };
      });
    });
  };

  // → { url, meta: { title, report, chapter }, segments: [{ text, mark }] }
  Index.prototype.result = function (id, terms) {
    var self = this;
    var chunk = Math.floor(id / DOCS_PER_FILE);
    return this.cached(this.docs, chunk, "d/" + chunk + ".json").then(function (records) {
      var doc = records[id % DOCS_PER_FILE] || {};
      return {
        url: self.base + doc.u,
        meta: { title: doc.t, report: doc.r, chapter: doc.c, year: doc.y },
        segments: excerpt(doc.x || "", terms),
      };
    });
  };

  function markTerm(norm, marks, term) {
    var found = false;
    for (var i = 0; i + term.length <= norm.length; i++) {
      var j = 0;
      while (j < term.length && norm[i + j] === term[j]) j++;
      if (j === term.length) {
        for (j = 0; j < term.length; j++) marks[i + j] = true;
        found = true;
      }
    }
    return found;
  }

  // A window of the text around the first match, split into marked and
  // unmarked runs.
  function excerpt(text, terms) {
    var chars = Array.from(text);
    var norm = chars.map(normChar);
    var marks = new Array(chars.length).fill(false);
    terms.forEach(function (term) {
      if (markTerm(norm, marks, term) || term.length < 3 || !isCjk(term[0].codePointAt(0))) return;
      for (var i = 0; i + 1 < term.length; i++) markTerm(norm, marks, [term[i], term[i + 1]]);
    });
    var first = marks.indexOf(true);
    var start = Math.max(0, (first < 0 ? 0 : first) - EXCERPT_BEFORE);
    var end = Math.min(chars.length, start + EXCERPT_CHARS);
    var segments = [];
    if (start > 0) segments.push({ text: "…", mark: false });
    for (var i = start; i < end; i++) {
      var last = segments[segments.length - 1];
      if (last && last.mark === marks[i]) last.text += chars[i];
      else segments.push({ text: chars[i], mark: marks[i] });
    }
    if (end < chars.length) segments.push({ text: "…", mark: false });
    return segments;
  }

  var EXCERPT_BEFORE = 24;
  var EXCERPT_CHARS = 96;
  var index = new Index(base);
  // For tests and the curious: the tokenizer must agree with src/search.rs.
  window.genSearch = { analyze: analyze, bucketOf: bucketOf, index: index };

  // ---- small DOM helpers --------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        if (key === "text") node.textContent = attrs[key];
        else if (key === "className") node.className = attrs[key];
        else node.setAttribute(key, attrs[key]);
      });
    }
    (children || []).forEach(function (child) {
      if (child) node.appendChild(child);
    });
    return node;
  }

  function excerptNode(segments) {
    var out = el("p", { className: "search-excerpt" });
    (segments || []).forEach(function (segment) {
      out.appendChild(segment.mark ? el("mark", { text: segment.text }) : document.createTextNode(segment.text));
    });
    return out;
  }

  function resultLabel(data) {
    var meta = data.meta || {};
    return {
      title: meta.title || meta.chapter || data.url,
      context: [meta.report, meta.chapter].filter(Boolean).join(" › "),
    };
  }

  function searchPageUrl(query) {
    return base + "search/" + (query ? "?q=" + encodeURIComponent(query) : "");
  }

  function isTypingTarget(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  // ---- header dropdown ----------------------------------------------------
  function setUpDropdown(input, dropdown) {
    var status = el("div", { className: "visually-hidden", role: "status", "aria-live": "polite" });
    // Screen-reader only, whatever the theme's CSS provides.
    status.style.cssText =
      "position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);border:0;white-space:nowrap";
    dropdown.parentNode.insertBefore(status, dropdown.nextSibling);
    var listId = "search-dropdown-list";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var options = [];
    var active = -1;
    var generation = 0;
    var timer = null;

    function close() {
      dropdown.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(index) {
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
        option.classList.toggle("active", i === index);
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(query, total, items) {
      dropdown.textContent = "";
      options = [];
      // The options are new: none is active (the old one's id is gone).
      active = -1;
      input.removeAttribute("aria-activedescendant");
      var list = el("ul", { id: listId, role: "listbox", "aria-label": query });
      items.forEach(function (data, i) {
        var label = resultLabel(data);
        var link = el("a", { href: data.url, tabindex: "-1" }, [
          el("span", { className: "search-title", text: label.title }),
          label.context ? el("span", { className: "search-context", text: label.context }) : null,
          excerptNode(data.segments),
        ]);
        var option = el("li", { id: "search-option-" + i, role: "option", "aria-selected": "false" }, [link]);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep focus in the box until the link is followed
        });
        option.addEventListener("click", function () {
          window.location.href = link.href;
        });
        options.push(option);
        list.appendChild(option);
      });
      if (items.length === 0) {
        dropdown.appendChild(el("p", { className: "search-empty", text: TEXT.none }));
      } else {
        dropdown.appendChild(list);
      }
      if (total > items.length) {
        dropdown.appendChild(el("a", { className: "search-all", href: searchPageUrl(query), text: TEXT.all(total) }));
      }
      dropdown.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = total ? TEXT.count(total) : TEXT.none;
    }

    function run() {
      var query = input.value.trim();
      var mine = ++generation;
      if (!query) {
        close();
        status.textContent = "";
        return;
      }
      index
        .search(query)
        .then(function (found) {
          if (mine !== generation) return null;
          var first = found.ids.slice(0, DROPDOWN_LIMIT);
          return Promise.all(first.map(function (id) { return index.result(id, found.terms); })).then(function (items) {
            if (mine === generation) render(query, found.total, items);
          });
        })
        .catch(function () {
          if (mine !== generation) return;
          dropdown.textContent = "";
          dropdown.appendChild(el("p", { className: "search-empty", text: TEXT.failed }));
          dropdown.hidden = false;
          status.textContent = TEXT.failed;
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    input.addEventListener("focus", function () {
      index.load().catch(function () {});
      if (input.value.trim() && options.length) {
        dropdown.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (dropdown.hidden || options.length === 0) return;
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = active + step;
        if (next < -1) next = options.length - 1;
        if (next >= options.length) next = -1;
        setActive(next);
      } else if (event.key === "Enter") {
        if (!dropdown.hidden && active >= 0 && options[active]) {
          event.preventDefault();
          var link = options[active].querySelector("a");
          if (link) window.location.href = link.href;
        }
        // otherwise the form submits to /search/?q=… (a shareable page)
      } else if (event.key === "Escape") {
        if (!dropdown.hidden) {
          event.preventDefault();
          close();
        } else {
          input.blur();
        }
      }
    });
    document.addEventListener("click", function (event) {
      if (event.target !== input && !dropdown.contains(event.target)) close();
    });
  }

  // ---- /search/ page --------------------------------------------------------
  function setUpResultsPage(input, region) {
    var params = new URLSearchParams(window.location.search);
    var query = params.get("q") || "";
    var chosen = { report: params.get("report") || "", year: params.get("year") || "" };
    input.value = query;

    var filterBar = el("div", { className: "search-filters" });
    var summary = el("p", { className: "search-summary" });
    var list = el("ol", { className: "search-results" });
    var moreButton = el("button", { type: "button", className: "search-more", text: TEXT.more });
    moreButton.hidden = true;
    region.textContent = "";
    region.appendChild(filterBar);
    region.appendChild(summary);
    region.appendChild(list);
    region.appendChild(moreButton);

    var generation = 0;
    var pending = [];
    var terms = [];
    var timer = null;

    function syncUrl() {
      var next = new URLSearchParams();
      if (query) next.set("q", query);
      if (chosen.report) next.set("report", chosen.report);
      if (chosen.year) next.set("year", chosen.year);
      var search = next.toString();
      history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    }

    function appendResults(items) {
      items.forEach(function (data) {
        var label = resultLabel(data);
        list.appendChild(
          el("li", { className: "search-result" }, [
            el("h2", null, [el("a", { href: data.url, text: label.title })]),
            label.context ? el("p", { className: "search-context", text: label.context }) : null,
            excerptNode(data.segments),
          ])
        );
      });
    }

    function showMore(mine) {
      var batch = pending.splice(0, PAGE_SIZE);
      moreButton.hidden = true;
      return Promise.all(batch.map(function (id) { return index.result(id, terms); })).then(function (items) {
        if (mine !== generation) return;
        appendResults(items);
        moreButton.hidden = pending.length === 0;
      });
    }

    function run() {
      var mine = ++generation;
      list.textContent = "";
      moreButton.hidden = true;
      pending = [];
      if (!query) {
        summary.textContent = TEXT.hint;
        return;
      }
      summary.textContent = TEXT.loading;
      index
        .search(query, chosen)
        .then(function (found) {
          if (mine !== generation) return null;
          summary.textContent = found.total ? TEXT.count(found.total) : TEXT.none;
          pending = found.ids.slice();
          terms = found.terms;
          return showMore(mine);
        })
        .catch(function () {
          if (mine === generation) summary.textContent = TEXT.failed;
        });
    }

    function addFilter(name, label, values) {
      var keys = Object.keys(values || {}).sort();
      if (keys.length < 2 && !chosen[name]) return;
      var id = "search-filter-" + name;
      var select = el("select", { id: id }, [el("option", { value: "", text: TEXT.any })]);
      keys.forEach(function (key) {
        var option = el("option", { value: key, text: key });
        if (key === chosen[name]) option.selected = true;
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        chosen[name] = select.value;
        syncUrl();
        run();
      });
      filterBar.appendChild(el("label", { for: id, text: label }));
      filterBar.appendChild(select);
    }

    moreButton.addEventListener("click", function () {
      showMore(generation);
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        query = input.value.trim();
        syncUrl();
        run();
      }, DEBOUNCE_MS);
    });
    if (input.form) {
      input.form.addEventListener("submit", function (event) {
        event.preventDefault();
        clearTimeout(timer);
        query = input.value.trim();
        syncUrl();
        run();
      });
    }

    index
      .filters()
      .then(function (filters) {
        addFilter("report", TEXT.report, filters.report);
        addFilter("year", TEXT.year, filters.year);
      })
      .catch(function () {});
    run();
  }

  // ---- wiring ---------------------------------------------------------------
  // Styles of the result lists, scoped to them; the theme's style.css places
  // the dropdown and can override any of this.
  var STYLE =
    "#search-dropdown ul{list-style:none;margin:0;padding:0}" +
    "#search-dropdown li{border-bottom:1px solid var(--border,#d5dbe1);cursor:pointer}" +
    "#search-dropdown li a{display:block;padding:.5rem .75rem;color:inherit;text-decoration:none}" +
    "#search-dropdown li.active,#search-dropdown li:hover{background:var(--surface,#f4f6f8)}" +
    "#search-dropdown .search-empty,#search-dropdown .search-all{display:block;padding:.5rem .75rem;margin:0}" +
    ".search-title{display:block;font-weight:600}" +
    ".search-context{display:block;font-size:.85em;color:var(--muted,#4f5965);margin:.1rem 0}" +
    ".search-excerpt{margin:.2rem 0 0;font-size:.9em;line-height:1.6}" +
    ".search-excerpt mark{background:var(--notice-bg,#fff4d6);color:var(--notice-fg,#533f00);padding:0 .1em}" +
    ".search-filters{display:flex;flex-wrap:wrap;gap:.5rem .75rem;align-items:center;margin:.5rem 0}" +
    ".search-results{padding-left:1.25rem}.search-result{margin:1rem 0}" +
    ".search-result h2{font-size:1.1em;margin:0}.search-more{margin:.5rem 0 1rem}";

  function addStyles() {
    if (document.getElementById("gen-search-style")) return;
    var style = el("style", { id: "gen-search-style", text: STYLE });
    document.head.insertBefore(style, document.head.firstChild);
  }

  function start() {
    addStyles();
    var headerInput = document.getElementById("site-search");
    var dropdown = document.getElementById("search-dropdown");
    var region = document.getElementById("search-results");

    if (region) {
      // On the search page the box in <main> (or else the header box) drives
      // the full result list instead of a dropdown.
      var pageInput = document.querySelector("main form[role=search] input[type=search]") || headerInput;
      if (pageInput) setUpResultsPage(pageInput, region);
      if (headerInput && headerInput !== pageInput && dropdown) setUpDropdown(headerInput, dropdown);
    } else if (headerInput && dropdown) {
      setUpDropdown(headerInput, dropdown);
    }

    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      var target = region
        ? document.querySelector("main form[role=search] input[type=search]") || headerInput
        : headerInput;
      if (!target) return;
      event.preventDefault();
      target.focus();
      target.select();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
