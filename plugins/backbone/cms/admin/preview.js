/* Backbone's previews in Decap CMS: a story, a review and a metric as the site shows them.
 *
 * The build writes admin/site.json beside this file: the site's stylesheets, the words of the
 * previews (translated where the site is) and the key figures stories cite; it is fetched as
 * data (never run), before Decap's interface has started.
 * Every value from the form reaches the page through h() (React), which escapes text: nothing
 * typed into a form becomes markup here. Figures are written as Backbone's pages write them
 * (backbone/render/numbers.py: value()); tests/test_cms_preview.py holds the two to the same output.
 */
(function (root) {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var SYMBOLS = { EUR: "\u20ac", USD: "$", GBP: "\u00a3", JPY: "\u00a5", INR: "\u20b9" };
  var UNIT_WORDS = { people: "people", hours: "hours" };

  function grouped(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

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

  function number(value, decimals) {
    var parts = fixed(value, decimals).split(".");
    var text = grouped(parts[0]) + (parts.length > 1 ? "." + parts[1] : "");
    return (negative(value, decimals) ? "-" : "") + text;
  }

  function figure(value, unit, decimals, currency) {
    decimals = decimals || 0;
    if (unit === "percent") return number(value, decimals) + "%";
    if (unit === "currency") {
      var sign = negative(value, decimals) ? "-" : "";
      var amount = number(Math.abs(value), decimals);
      var symbol = SYMBOLS[currency];
      return symbol ? sign + symbol + amount : sign + amount + " " + (currency || "");
    }
    return number(value, decimals);
  }

  function periodLabel(text) {
    var m = /^(\d{4})(?:-Q([1-4])|-(\d{2}))?$/.exec(String(text == null ? "" : text).trim());
    if (!m) return String(text == null ? "" : text);
    if (m[2]) return "Q" + m[2] + " " + m[1];
    if (m[3]) return (MONTHS[Number(m[3]) - 1] || m[3]) + " " + m[1];
    return m[1];
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

  var api = { number: number, figure: figure, periodLabel: periodLabel, latest: latest };
  root.BackbonePreview = api;

  var CMS = root.CMS;
  if (!CMS || typeof root.h !== "function") return; // read by the tests without a browser
  var h = root.h;
  var site = { styles: [], figures: {}, words: {} };

  function word(key, fallback) {
    return (site.words || {})[key] || fallback;
  }

  root.fetch("site.json").then(function (response) {
    return response.json();
  }).then(function (facts) {
    site = facts;
    (site.styles || []).forEach(function (href) {
      CMS.registerPreviewStyle(href);
    });
  });

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
    componentDidMount: function () { name(this.props.document); },
    componentDidUpdate: function () { name(this.props.document); }
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
      var unit = UNIT_WORDS[data.unit] || "";
      var gaps = (data.series || []).filter(function (p) { return p && asNumber(p.value) === null && p.period; });
      return h("article", { className: "md-typeset bb-preview" },
        problems(),
        h("h1", {}, data.title || ""),
        h("p", { className: "bb-lead" }, data.description || ""),
        h("div", { className: "bb-grid bb-metric__facts" },
          h("div", { className: "bb-card" },
            h("p", { className: "bb-muted" }, word("latest", "Latest") + (point ? " (" + periodLabel(point.period) + ")" : "")),
            h("p", { className: "bb-tile__number" },
              point ? figure(point.value, data.unit, Number(data.decimals) || 0, data.currency) : word("no_figure", "No figure yet"),
              point && unit ? h("span", { className: "bb-tile__unit" }, " " + unit) : null))),
        gaps.length ? h("ul", { className: "bb-plain" }, gaps.map(function (p, i) {
          return h("li", { key: i }, periodLabel(p.period) + ": " + word("missing", "no figure") + (p.note ? " \u2014 " + p.note : ""));
        })) : null);
    }
  });

  CMS.registerPreviewTemplate("stories", StoryPreview);
  CMS.registerPreviewTemplate("reviews", ReviewPreview);
  CMS.registerPreviewTemplate("metrics", MetricPreview);
})(typeof window !== "undefined" ? window : globalThis);
