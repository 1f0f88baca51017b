/* Backbone's previews in Decap CMS: a story, a review and a metric as the site shows them.
 *
 * The build writes admin/site.json beside this file: the site's stylesheets, the words of the
 * previews (translated where the site is) and the key figures stories cite; it is fetched as
 * data (never run), before Decap's interface has started.
 * Every value from the form reaches the page through h() (React), which escapes text: nothing
 * typed into a form becomes markup here. Figures and periods are written as Backbone's pages write
 * them, in the site's language (backbone/render/numbers.py: value(), shape());
 * tests/test_cms_edit.py holds the two to the same output in several languages.
 */
(function (root) {
  "use strict";

  // How English (CLDR's en, the demo's) writes figures and periods; the build writes the site's
  // own into site.json (render/numbers.py shape(), Formats.period) and the previews follow it.
  var ENGLISH = {
    decimal: ".", group: ",", grouping: [3, 3],
    patterns: { decimal: ["", "-", "", ""], percent: ["", "-", "%", "%"], currency: ["\u00a4", "-\u00a4", "", ""] },
    symbols: { EUR: "\u20ac", USD: "$", GBP: "\u00a3", JPY: "\u00a5", INR: "\u20b9" }
  };
  var UNIT_WORDS = { people: ["person", "people"], hours: ["hour", "hours"] };  // site.json has the site's own
  var ENGLISH_PERIODS = {
    quarters: ["Q1 {y}", "Q2 {y}", "Q3 {y}", "Q4 {y}"],
    months: ["January {y}", "February {y}", "March {y}", "April {y}", "May {y}", "June {y}", "July {y}",
      "August {y}", "September {y}", "October {y}", "November {y}", "December {y}"]
  };

  // |value| with ``decimals`` digits, rounded as Python's f"{x:.2f}" rounds it: on the number's
  // exact binary value, a tie to the even digit (68.25 -> 68.2, 2.675 -> 2.67); toFixed rounds
  // a tie up and Intl rounds the shortest decimal (2.675 -> 2.68).
  function fixed(value, decimals) {
    var exact = Math.abs(value).toFixed(100);
    var point = exact.indexOf(".");
    var n = BigInt(exact.slice(0, point) + exact.slice(point + 1, point + 1 + decimals));
    var rest = exact.slice(point + 1 + decimals);
    if (rest[0] > "5" || (rest[0] === "5" && (/[1-9]/.test(rest.slice(1)) || n % BigInt(2) === BigInt(1)))) {
      n += BigInt(1);
    }
    var digits = n.toString().padStart(decimals + 1, "0");
    return decimals ? digits.slice(0, -decimals) + "." + digits.slice(-decimals) : digits;
  }

  function negative(value, decimals) {
    return value < 0 && /[1-9]/.test(fixed(value, decimals));
  }

  function grouped(digits, n) {
    var size = n.grouping[0], out = "";
    while (digits.length > size) {
      out = n.group + digits.slice(-size) + out;
      digits = digits.slice(0, -size);
      size = n.grouping[1];
    }
    return digits + out;
  }

  // As Babel's NumberPattern.apply writes it, with CLDR's currency spacing (render/numbers.py).
  function written(value, decimals, kind, currency, n) {
    var parts = fixed(value, decimals).split(".");
    var digits = grouped(parts[0], n) + (parts.length > 1 ? n.decimal + parts[1] : "");
    var sign = negative(value, decimals) ? 1 : 0;
    var p = n.patterns[kind];
    var text = p[sign] + digits + p[2 + sign];
    var symbol = "";
    if (text.indexOf("\u00a4") >= 0) {
      symbol = (n.symbols || {})[currency] || currency || "";
      text = text.split("\u00a4").join(symbol);
    }
    text = text.replace(/'([^']*)'/g, function (m, inner) { return inner || "'"; });
    return spaced(text, symbol);
  }

  // CLDR's currency spacing: a sign made of letters ('CHF') and the digits beside it get a
  // no-break space between them ('CHF 99'); a symbol ('$') none.
  function spaced(text, symbol) {
    var at = symbol ? text.indexOf(symbol) : -1;
    if (at < 0) return text;
    var end = at + symbol.length;
    if (/\p{L}$/u.test(symbol) && /\d/.test(text.charAt(end))) text = text.slice(0, end) + "\u00a0" + text.slice(end);
    if (/^\p{L}/u.test(symbol) && /\d/.test(text.charAt(at - 1))) text = text.slice(0, at) + "\u00a0" + text.slice(at);
    return text;
  }

  function number(value, decimals, n) {
    return written(value, decimals || 0, "decimal", null, n || ENGLISH);
  }

  function figure(value, unit, decimals, currency, n) {
    n = n || ENGLISH;
    decimals = decimals || 0;
    if (unit === "percent") return written(value, decimals, "percent", null, n);
    if (unit === "currency") return written(value, decimals, "currency", currency || "", n);
    return written(value, decimals, "decimal", null, n);
  }

  // The word after a figure of ``unit`` (metrics/units.py word()): the singular where the
  // language's plural rule says 'one' for the figure as written ('1 tonne', '1.5 tonnes').
  function unitWord(value, unit, decimals, language, words) {
    var pair = (words || UNIT_WORDS)[unit];
    if (!pair) return "";
    var rule = new Intl.PluralRules(language || "en", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    return rule.select(Math.abs(value)) === "one" ? pair[0] : pair[1];
  }

  function periodLabel(text, names) {
    names = names || ENGLISH_PERIODS;
    var m = /^(\d{4})(?:-Q([1-4])|-(\d{2}))?$/.exec(String(text == null ? "" : text).trim());
    if (!m) return String(text == null ? "" : text);
    var shown = m[2] ? names.quarters[Number(m[2]) - 1] : m[3] ? names.months[Number(m[3]) - 1] : null;
    return shown ? shown.split("{y}").join(m[1]) : m[1];
  }

  function asNumber(value) {
    if (typeof value === "number") return isFinite(value) ? value : null;
    if (typeof value === "string" && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(value)) return Number(value);
    return null;
  }

  function latest(series) {
    // the newest period with a figure; a recorded gap (no figure) is not a figure
    var best = null;
    (series || []).forEach(function (point) {
      var value = asNumber(point && point.value);
      if (value === null) return;
      var period = String(point.period == null ? "" : point.period);
      if (best === null || period > best.period) best = { period: period, value: value };
    });
    return best;
  }

  var api = { number: number, figure: figure, unitWord: unitWord, periodLabel: periodLabel, latest: latest };
  root.BackbonePreview = api;

  var CMS = root.CMS;
  if (!CMS || typeof root.h !== "function") return; // read by the tests without a browser
  var h = root.h;
  var site = { styles: [], figures: {}, words: {} };

  function word(key, fallback) {
    return (site.words || {})[key] || fallback;
  }

  // The build rewrites site.json after every save, and `mkdocs serve` empties the site while it
  // rebuilds: a fetch can fail or find last build's figures. The editor's page is never
  // reloaded (its policy refuses the live-reload script), so the facts are read again every few
  // seconds and the open previews drawn again when they change.
  var shown = [], seen = null, styled = false;

  function refresh() {
    root.fetch("site.json", { cache: "no-store" }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (text) {
      if (!text || text === seen) return;
      site = JSON.parse(text);
      seen = text;
      if (!styled) {
        styled = true;
        (site.styles || []).forEach(function (href) { CMS.registerPreviewStyle(href); });
      }
      shown.forEach(function (preview) { preview.forceUpdate(); });
    }).catch(function () { /* mid-rebuild: the next round reads it */ });
  }
  refresh();
  root.setInterval(refresh, 2000);

  // While the preview (`backbone edit`) cannot build, every preview lists why, as the site does.
  function problems() {
    var found = site.problems || [];
    if (!found.length) return null;
    return h("div", { className: "admonition failure bb-problems", role: "alert" },
      h("p", { className: "admonition-title" }, word("problems", "The site does not build until these are fixed:")),
      h("ul", {}, found.map(function (text, i) { return h("li", { key: i }, h("code", {}, text)); })));
  }

  // The preview is a page of its own (an iframe): it says its language and what it is.
  var framed = {
    componentDidMount: function () { shown.push(this); name(this.props.document); },
    componentDidUpdate: function () { name(this.props.document); },
    componentWillUnmount: function () { shown = shown.filter(function (p) { return p !== this; }, this); }
  };

  function name(doc) {
    if (!doc || !doc.documentElement) return;
    if (site.language) doc.documentElement.lang = site.language;
    doc.title = word("preview", "Preview");
  }

  function plain(entry) {
    var data = entry.get("data");
    return data && data.toJS ? data.toJS() : {};
  }

  function keyFigure(claim) {
    var known = (site.figures || {})[claim];
    if (!known) {
      return h("li", { className: "bb-card bb-figure", key: claim },
        h("p", { className: "bb-muted" }, word("unknown_claim", "Saved figures show once the site is rebuilt") + ": " + claim));
    }
    return h("li", { className: "bb-card bb-figure", key: claim },
      h("div", { className: "bb-figure__value" }, known.text),
      h("p", { className: "bb-figure__title" }, known.title),
      h("p", { className: "bb-muted bb-figure__period" }, known.period_label + (known.change_text ? " \u00b7 " + known.change_text : "")));
  }

  var StoryPreview = root.createClass({
    mixins: [framed],
    render: function () {
      var data = plain(this.props.entry);
      var claims = data.metrics || [];
      var image = data.image && data.image.src ? this.props.getAsset(data.image.src) : null;
      var quote = data.quote && data.quote.text ? data.quote : null;
      return h("article", { className: "md-typeset bb-preview" },
        problems(),
        h("header", { className: "bb-story-head" },
          h("h1", {}, data.title || ""),
          h("p", { className: "bb-lead bb-story-summary" }, data.summary || ""),
          h("p", { className: "bb-muted bb-story-byline" }, [data.author, data.date].filter(Boolean).join(" \u00b7 "))),
        image ? h("figure", { className: "bb-story-image" }, h("img", { src: image.toString(), alt: data.image.alt || "" })) : null,
        claims.length ? h("section", { className: "bb-key-figures" },
          h("h2", {}, word("key_figures", "Key figures")),
          h("ul", { className: "bb-grid" }, claims.map(keyFigure))) : null,
        this.props.widgetFor("body"),
        quote ? h("blockquote", {}, h("p", {}, quote.text),
          h("p", {}, "\u2014 " + [quote.name, quote.role].filter(Boolean).join(", "))) : null);
    }
  });

  var ReviewPreview = root.createClass({
    mixins: [framed],
    render: function () {
      var data = plain(this.props.entry);
      var kinds = site.kinds || {};
      return h("article", { className: "md-typeset bb-preview" },
        problems(),
        h("h1", {}, data.title || ""),
        h("div", { className: "bb-review-head" },
          h("p", { className: "bb-review-kind" },
            h("span", { className: "bb-badge bb-badge--" + (data.kind || "") }, kinds[data.kind] || data.kind || ""),
            " ", String(data.date || ""))),
        data.summary ? h("p", { className: "bb-lead" }, data.summary) : null,
        this.props.widgetFor("body"));
    }
  });

  var MetricPreview = root.createClass({
    mixins: [framed],
    render: function () {
      var data = plain(this.props.entry);
      var point = latest(data.series);
      var unit = point ? unitWord(point.value, data.unit, Number(data.decimals) || 0, site.language, site.units) : "";
      var gaps = (data.series || []).filter(function (p) { return p && asNumber(p.value) === null && p.period; });
      return h("article", { className: "md-typeset bb-preview" },
        problems(),
        h("h1", {}, data.title || ""),
        h("p", { className: "bb-lead" }, data.description || ""),
        h("div", { className: "bb-grid bb-metric__facts" },
          h("div", { className: "bb-card" },
            h("p", { className: "bb-muted" }, word("latest", "Latest") + (point ? " (" + periodLabel(point.period, site.periods) + ")" : "")),
            h("p", { className: "bb-tile__number" },
              point ? figure(point.value, data.unit, Number(data.decimals) || 0, data.currency, site.numbers) : word("no_figure", "No figure yet"),
              point && unit ? h("span", { className: "bb-tile__unit" }, " " + unit) : null))),
        gaps.length ? h("ul", { className: "bb-plain" }, gaps.map(function (p, i) {
          return h("li", { key: i }, periodLabel(p.period, site.periods) + ": " + word("missing", "no figure") + (p.note ? " \u2014 " + p.note : ""));
        })) : null);
    }
  });

  CMS.registerPreviewTemplate("stories", StoryPreview);
  CMS.registerPreviewTemplate("reviews", ReviewPreview);
  CMS.registerPreviewTemplate("metrics", MetricPreview);
})(typeof window !== "undefined" ? window : globalThis);
