// gen: site search (pagefind bundle built by `gen build`).
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
  var DEBOUNCE_MS = 120;

  // ---- pagefind loading (once, on first need) ----------------------------
  var pagefindPromise = null;
  function loadPagefind() {
    if (!pagefindPromise) {
      var url = new URL(base + "pagefind/pagefind.js", document.baseURI).href;
      pagefindPromise = import(url).then(function (pagefind) {
        return pagefind.options({ baseUrl: base, excerptLength: 24 }).then(function () {
          pagefind.init();
          return pagefind;
        });
      });
      pagefindPromise.catch(function () {
        pagefindPromise = null; // allow a retry after a failed load
      });
    }
    return pagefindPromise;
  }

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

  // Pagefind excerpts are text with `<` `>` escaped and matches wrapped in
  // <mark>. Rebuild them as DOM nodes so nothing from the indexed text can
  // ever become live markup.
  var MARK_OPEN = "\u0001";
  var MARK_CLOSE = "\u0002";
  var parser = new DOMParser();
  function excerptNode(excerpt) {
    var marked = String(excerpt || "")
      .split("<mark>").join(MARK_OPEN)
      .split("</mark>").join(MARK_CLOSE);
    var text = parser.parseFromString("<body>" + marked, "text/html").body.textContent || "";
    var out = el("p", { className: "search-excerpt" });
    var inMark = false;
    var buffer = "";
    function flush() {
      if (!buffer) return;
      out.appendChild(inMark ? el("mark", { text: buffer }) : document.createTextNode(buffer));
      buffer = "";
    }
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (ch === MARK_OPEN || ch === MARK_CLOSE) {
        flush();
        inMark = ch === MARK_OPEN;
      } else {
        buffer += ch;
      }
    }
    flush();
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
      active = -1;
      var list = el("ul", { id: listId, role: "listbox", "aria-label": query });
      items.forEach(function (data, i) {
        var label = resultLabel(data);
        var link = el("a", { href: data.url, tabindex: "-1" }, [
          el("span", { className: "search-title", text: label.title }),
          label.context ? el("span", { className: "search-context", text: label.context }) : null,
          excerptNode(data.excerpt),
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
      loadPagefind()
        .then(function (pagefind) {
          return pagefind.search(query);
        })
        .then(function (search) {
          if (mine !== generation || !search) return null;
          var first = search.results.slice(0, DROPDOWN_LIMIT);
          return Promise.all(first.map(function (r) { return r.data(); })).then(function (items) {
            if (mine === generation) render(query, search.results.length, items);
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
      loadPagefind().catch(function () {});
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
    var timer = null;

    function filterOptions() {
      var filters = {};
      if (chosen.report) filters.report = chosen.report;
      if (chosen.year) filters.year = chosen.year;
      return { filters: filters };
    }

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
            excerptNode(data.excerpt),
          ])
        );
      });
    }

    function showMore(mine) {
      var batch = pending.splice(0, PAGE_SIZE);
      moreButton.hidden = true;
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (items) {
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
      loadPagefind()
        .then(function (pagefind) {
          return pagefind.search(query, filterOptions());
        })
        .then(function (search) {
          if (mine !== generation || !search) return null;
          summary.textContent = search.results.length ? TEXT.count(search.results.length) : TEXT.none;
          pending = search.results.slice();
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

    loadPagefind()
      .then(function (pagefind) {
        return pagefind.filters();
      })
      .then(function (filters) {
        addFilter("report", TEXT.report, filters.report);
        addFilter("year", TEXT.year, filters.year);
      })
      .catch(function () {});
    run();
  }

  // ---- wiring ---------------------------------------------------------------
  // The theme's templates link the page CSS; the search styles come with
  // this script so a theme override of the templates keeps them.
  function addStylesheet() {
    var href = base + "assets/search.css";
    if (document.querySelector('link[data-gen-search]')) return;
    var link = el("link", { rel: "stylesheet", href: href, "data-gen-search": "" });
    document.head.appendChild(link);
  }

  function start() {
    addStylesheet();
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
