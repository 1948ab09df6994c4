// A tool page's worksheet, live in the reader's browser: answers kept in localStorage as they are typed, named
// copies, export and import as a file, print, a filled PDF, and a rating worksheet's results; and the team view
// that puts members' exported files side by side. Nothing is sent anywhere: there is no request but the page's
// own scripts. The page says everything this script needs (form names, value types, words, links) in a JSON
// block written by macros/live_worksheet.py, so the script holds no content of its own.
(function () {
  "use strict";

  function settingsFrom(selector) {
    var element = document.querySelector(selector);
    return element ? JSON.parse(element.textContent) : null;
  }

  // A UI string with its {placeholders} filled in.
  function say(settings, key, values) {
    return settings.strings[key].replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? String(values[name]) : whole;
    });
  }

  function make(tag, attributes, text) {
    var element = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function numberFormat(settings) {
    var format = new Intl.NumberFormat(settings.language, { maximumFractionDigits: 2 });
    return function (value) { return format.format(value); };
  }

  function slugOf(text) {
    return String(text).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "") || "copy";
  }

  // ---- A worksheet file: what an exported file holds, checked before anything is changed -------------------

  var DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

  function fits(rule, value) {
    switch (rule.type) {
      case "boolean": return typeof value === "boolean";
      case "option": return rule.options.indexOf(value) >= 0;
      case "rating": return Number.isInteger(value) && value >= 1 && value <= rule.points;
      case "date": {
        var match = typeof value === "string" && DATE.exec(value);
        if (!match) return false;
        var date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
        return date.getUTCMonth() === +match[2] - 1 && date.getUTCDate() === +match[3];
      }
      default: return typeof value === "string";
    }
  }

  function expected(settings, rule) {
    return say(settings, "worksheet_expected_" + rule.type, { points: rule.points });
  }

  // Reads a worksheet file's text: {values, unplaced, copy, saved} or {errors: [messages]}.
  function readWorksheet(settings, text, file) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { errors: [say(settings, "worksheet_error_not_json", { file: file })] };
    }
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
      return { errors: [say(settings, "worksheet_error_not_json", { file: file })] };
    }
    var missing = ["tool", "version", "values"].filter(function (key) { return !(key in data); })[0];
    if (missing) return { errors: [say(settings, "worksheet_error_not_worksheet", { file: file, key: missing })] };
    if (data.tool !== settings.tool) {
      return { errors: [say(settings, "worksheet_error_other_tool", { file: file, tool: String(data.tool) })] };
    }
    if (!Number.isInteger(data.version) || data.version < 1) {
      return { errors: [say(settings, "worksheet_error_not_worksheet", { file: file, key: "version" })] };
    }
    if (data.version > settings.version) {
      return { errors: [say(settings, "worksheet_error_newer",
        { file: file, version: data.version, supported: settings.version })] };
    }
    if (data.values === null || typeof data.values !== "object" || Array.isArray(data.values)) {
      return { errors: [say(settings, "worksheet_error_not_worksheet", { file: file, key: "values" })] };
    }
    var values = {}, unplaced = [], errors = [];
    Object.keys(data.values).forEach(function (name) {
      var rule = settings.fields[name], value = data.values[name];
      if (!rule) unplaced.push(name);
      else if (!fits(rule, value)) {
        errors.push(say(settings, "worksheet_error_value",
          { file: file, field: settings.labels[name] || name, expected: expected(settings, rule) }));
      } else if (value !== false && value !== "") values[name] = value;
    });
    if (errors.length) return { errors: errors };
    return { values: values, unplaced: unplaced, saved: typeof data.saved === "string" ? data.saved : "",
             copy: typeof data.copy === "string" ? data.copy.trim().slice(0, 80) : "" };
  }

  // Reads a chosen file as text, refusing one too big to be a worksheet before reading it.
  function readFile(settings, file, done) {
    if (file.size > settings.importLimitKb * 1024) {
      done({ errors: [say(settings, "worksheet_error_too_big",
        { file: file.name, size: Math.ceil(file.size / 1024), limit: settings.importLimitKb })] });
      return;
    }
    var reader = new FileReader();
    reader.onload = function () { done(readWorksheet(settings, String(reader.result), file.name)); };
    reader.onerror = function () { done({ errors: [say(settings, "worksheet_error_not_json", { file: file.name })] }); };
    reader.readAsText(file);
  }

  // ---- Messages: a quiet status line, and an error summary in the pattern of the GOV.UK Design System ------

  function messenger(root) {
    var status = root.querySelector("[data-pb-status]");
    var summary = root.querySelector("[data-pb-errors]");
    var list = root.querySelector("[data-pb-error-list]");
    return {
      status: function (text) { status.textContent = text; },
      errors: function (messages, target) {
        list.textContent = "";
        messages.forEach(function (message) {
          var item = make("li");
          item.appendChild(make("a", { href: "#" + target }, message));
          list.appendChild(item);
        });
        summary.hidden = false;
        summary.focus();
      },
      clearErrors: function () { summary.hidden = true; list.textContent = ""; }
    };
  }

  // ---- Ratings: averages per condition, and the chart beside their table ------------------------------------

  function conditionRatings(results, valueSets) {
    return results.conditions.map(function (condition) {
      var ratings = [];
      condition.statements.forEach(function (statement) {
        valueSets.forEach(function (values) {
          if (typeof values[statement.name] === "number") ratings.push(values[statement.name]);
        });
      });
      var sum = ratings.reduce(function (total, rating) { return total + rating; }, 0);
      return { condition: condition, ratings: ratings, average: ratings.length ? sum / ratings.length : null };
    });
  }

  function conditionCell(condition) {
    var cell = make("th", { scope: "row" });
    if (condition.overview) cell.appendChild(make("a", { href: condition.overview }, condition.title));
    else cell.textContent = condition.title;
    return cell;
  }

  // A bar per rated condition, its name and average above it: readable at 390 px as at full width. In a
  // right-to-left language the bars grow from the right, and the names start there.
  function drawChart(container, rows, points, number) {
    var svgNS = "http://www.w3.org/2000/svg", width = 400, row = 44, barTop = 22, barHeight = 14;
    var rightToLeft = getComputedStyle(container).direction === "rtl";
    var rated = rows.filter(function (item) { return item.average !== null; });
    var svg = document.createElementNS(svgNS, "svg");
    function add(tag, attributes, text) {
      var element = document.createElementNS(svgNS, tag);
      Object.keys(attributes).forEach(function (name) { element.setAttribute(name, attributes[name]); });
      if (text !== undefined) element.textContent = text;
      svg.appendChild(element);
    }
    svg.setAttribute("viewBox", "0 0 " + width + " " + rated.length * row);
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("class", "pb-chart");
    rated.forEach(function (item, index) {
      var y = index * row, length = width * item.average / points;
      add("text", { x: rightToLeft ? width : 0, y: y + 15, "class": "pb-chart__label" },
          item.condition.title + ": " + number(item.average));
      add("rect", { x: 0, y: y + barTop, width: width, height: barHeight, "class": "pb-chart__track" });
      add("rect", { x: rightToLeft ? width - length : 0, y: y + barTop, width: length, height: barHeight,
                    "class": "pb-chart__bar" });
    });
    container.textContent = "";
    container.appendChild(svg);
  }

  // The conditions with the lowest and the highest average, each with links to its overview and first phase.
  function choiceList(settings, rows, pick, number) {
    var rated = rows.filter(function (row) { return row.average !== null; });
    var best = pick.apply(null, rated.map(function (row) { return row.average; }));
    var fragment = document.createDocumentFragment();
    rated.filter(function (row) { return row.average === best; }).forEach(function (row, index) {
      if (index) fragment.appendChild(document.createTextNode("; "));
      var condition = row.condition;
      fragment.appendChild(make("strong", {}, condition.title));
      fragment.appendChild(document.createTextNode(" (" + number(row.average) + ")"));
      [[condition.overview, settings.strings.results_overview], [condition.phase, condition.phaseTitle]]
        .filter(function (link) { return link[0]; })
        .forEach(function (link) {
          fragment.appendChild(document.createTextNode(" · "));
          fragment.appendChild(make("a", { href: link[0] }, link[1]));
        });
    });
    return fragment;
  }

  function showResults(settings, section, values) {
    var number = numberFormat(settings);
    var rows = conditionRatings(settings.results, [values]);
    var any = rows.some(function (row) { return row.average !== null; });
    section.querySelector("[data-pb-results-empty]").hidden = any;
    section.querySelector("[data-pb-results-body]").hidden = !any;
    if (!any) return;
    var body = section.querySelector("[data-pb-results-rows]");
    body.textContent = "";
    rows.forEach(function (row) {
      var line = make("tr");
      line.appendChild(conditionCell(row.condition));
      line.appendChild(make("td", {}, say(settings, "results_of",
        { rated: row.ratings.length, total: row.condition.statements.length })));
      line.appendChild(make("td", {}, row.average === null ? "–" : number(row.average)));
      body.appendChild(line);
    });
    drawChart(section.querySelector("[data-pb-chart]"), rows, settings.results.scale.length, number);
    var need = section.querySelector("[data-pb-need]"), strength = section.querySelector("[data-pb-strength]");
    need.textContent = ""; strength.textContent = "";
    need.appendChild(choiceList(settings, rows, Math.min, number));
    strength.appendChild(choiceList(settings, rows, Math.max, number));
  }

  // ---- The worksheet on a tool page --------------------------------------------------------------------------

  function formValues(form, fields) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (input) {
      var rule = fields[input.name];
      if (!rule) return;
      if (input.type === "checkbox") { if (input.checked) values[input.name] = true; }
      else if (input.type === "radio") {
        if (input.checked) values[input.name] = rule.type === "rating" ? Number(input.value) : input.value;
      } else if (input.value !== "") values[input.name] = input.value;
    });
    return values;
  }

  function showValues(form, fields, values) {
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!fields[input.name]) return;
      var value = values[input.name];
      if (input.type === "checkbox") input.checked = value === true;
      else if (input.type === "radio") input.checked = value !== undefined && String(value) === input.value;
      else input.value = typeof value === "string" ? value : "";
    });
  }

  // A line under each one-line box holds its text for print, where a box cannot wrap what is typed.
  function printLines(form) {
    var lines = [];
    form.querySelectorAll("input[type=text], input[type=date]").forEach(function (input) {
      var line = make("span", { "class": "pb-print-value", "aria-hidden": "true" });
      input.insertAdjacentElement("afterend", line);
      lines.push([input, line]);
    });
    return function () { lines.forEach(function (pair) { pair[1].textContent = pair[0].value; }); };
  }

  // The copies kept in this browser: {version, current, copies: [{name, values, saved}]}.
  function store(settings) {
    var key = settings.storageKey;
    function fresh() {
      return { version: settings.version, current: say(settings, "worksheet_copy_default", { number: 1 }),
               copies: [{ name: say(settings, "worksheet_copy_default", { number: 1 }), values: {}, saved: "" }] };
    }
    function usable(data) {
      return data && typeof data === "object" && Number.isInteger(data.version) && data.version <= settings.version &&
        Array.isArray(data.copies) && data.copies.length > 0 && data.copies.every(function (copy) {
          return copy && typeof copy.name === "string" && copy.values && typeof copy.values === "object";
        });
    }
    return {
      load: function () {
        var raw;
        try {
          raw = window.localStorage.getItem(key);
        } catch (error) {
          return { data: fresh(), problem: "worksheet_storage_failed" };
        }
        if (raw === null) return { data: fresh() };
        var data;
        try { data = JSON.parse(raw); } catch (error) { data = null; }
        if (!usable(data)) {
          // Set aside, never thrown away: a newer version of the site may have written it.
          try { window.localStorage.setItem(key + ":set-aside:" + Date.now(), raw); } catch (error) { /* kept */ }
          return { data: fresh(), problem: "worksheet_storage_unreadable" };
        }
        data.version = settings.version;  // version 1 is the first: nothing to migrate yet
        if (!data.copies.some(function (copy) { return copy.name === data.current; })) data.current = data.copies[0].name;
        return { data: data };
      },
      save: function (data) {
        try {
          window.localStorage.setItem(key, JSON.stringify(data));
          return true;
        } catch (error) {
          return false;
        }
      }
    };
  }

  function download(name, blob) {
    var url = URL.createObjectURL(blob);
    var link = make("a", { href: url, download: name });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  var loading = {};
  function loadScript(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var script = make("script", { src: src });
        script.onload = resolve;
        script.onerror = function () { delete loading[src]; reject(new Error(src)); };
        document.head.appendChild(script);
      });
    }
    return loading[src];
  }

  // The worksheet's fillable PDF with these values, made in this browser by pdf-lib.
  function filledPdf(settings, pdf, values) {
    return loadScript(settings.pdfLibrary).then(function () { return loadScript(pdf.script); }).then(function () {
      var encoded = (window.playbookPdfs || {})[pdf.file];
      if (!encoded) throw new Error(pdf.file);
      var bytes = Uint8Array.from(atob(encoded), function (character) { return character.charCodeAt(0); });
      return window.PDFLib.PDFDocument.load(bytes);
    }).then(function (pdfDocument) {
      var PDFLib = window.PDFLib, form = pdfDocument.getForm();
      Object.keys(values).forEach(function (name) {
        var field, rule = settings.fields[name];
        try { field = form.getField(name); } catch (error) { return; }
        if (rule.type === "boolean") field.check();
        else if (rule.type === "option" || rule.type === "rating") field.select(String(values[name]));
        else {
          // WeasyPrint's appearance string names its own subset font; pdf-lib draws with Helvetica at 9 pt.
          field.acroField.setDefaultAppearance("0.1 g /Helv 9 Tf");
          field.setText(values[name]);
        }
      });
      try {
        form.updateFieldAppearances(pdfDocument.embedStandardFont(PDFLib.StandardFonts.Helvetica));
      } catch (error) {
        // Text the built-in font cannot draw (Arabic, for one): the reader draws it from the values instead.
        form.acroForm.dict.set(PDFLib.PDFName.of("NeedAppearances"), PDFLib.PDFBool.True);
      }
      return pdfDocument.save({ updateFieldAppearances: false });
    });
  }

  function startWorksheet(settings) {
    var form = document.querySelector("form[data-pb-worksheet='" + settings.tool + "']");
    var panel = document.querySelector("[data-pb-live]");
    if (!form || !panel) return;
    var fields = settings.fields, messages = messenger(panel), copies = store(settings);
    var select = panel.querySelector("[data-pb-copy]"), newName = panel.querySelector("[data-pb-new-name]");
    var copyName = document.querySelector("[data-pb-copy-name]"), results = document.querySelector("[data-pb-results]");
    var loaded = copies.load(), data = loaded.data, updatePrintLines = printLines(form), statusTimer = null;
    var clock = null;  // made when first needed: making a time format costs more than all the rest of the start
    function timeOf(date) {
      clock = clock || new Intl.DateTimeFormat(settings.language, { hour: "2-digit", minute: "2-digit" });
      return clock.format(date);
    }

    function current() {
      return data.copies.filter(function (copy) { return copy.name === data.current; })[0];
    }
    function persist() {
      var saved = copies.save(data);
      if (!saved) messages.status(say(settings, "worksheet_storage_failed"));
      return saved;
    }
    function refresh() {
      select.textContent = "";
      data.copies.forEach(function (copy) {
        var option = make("option", { value: copy.name }, copy.name);
        option.selected = copy.name === data.current;
        select.appendChild(option);
      });
      showValues(form, fields, current().values);
      updatePrintLines();
      copyName.textContent = say(settings, "worksheet_print_copy", { name: data.current });
      if (results) showResults(settings, results, current().values);
    }
    function addCopy(name, values, saved) {
      data.copies.push({ name: name, values: values || {}, saved: saved || "" });
      data.current = name;
    }
    function unusedName(base) {
      var name = base, number = 2;
      while (data.copies.some(function (copy) { return copy.name === name; })) name = base + " (" + number++ + ")";
      return name;
    }

    form.addEventListener("input", onEdit);
    form.addEventListener("change", onEdit);
    function onEdit() {
      var copy = current(), values = formValues(form, fields);
      if (JSON.stringify(values) === JSON.stringify(copy.values)) return;  // a box left without a change
      copy.values = values;
      copy.saved = new Date().toISOString();
      updatePrintLines();
      if (results) showResults(settings, results, copy.values);
      if (!persist()) return;
      clearTimeout(statusTimer);  // one quiet message when typing pauses, not one per key
      statusTimer = setTimeout(function () {
        messages.status(say(settings, "worksheet_saved", { time: timeOf(new Date(copy.saved)) }));
      }, 600);
    }

    select.addEventListener("change", function () {
      data.current = select.value;
      persist();
      refresh();
    });
    panel.querySelector("[data-pb-new]").addEventListener("click", function () {
      messages.clearErrors();
      var name = newName.value.trim().slice(0, 80);
      if (!name) {
        var number = data.copies.length + 1;
        name = unusedName(say(settings, "worksheet_copy_default", { number: number }));
      }
      if (data.copies.some(function (copy) { return copy.name === name; })) {
        messages.errors([say(settings, "worksheet_copy_exists", { name: name })], newName.id);
        return;
      }
      addCopy(name);
      newName.value = "";
      persist();
      refresh();
      messages.status(say(settings, "worksheet_copy_started", { name: name }));
    });
    panel.querySelector("[data-pb-delete]").addEventListener("click", function () {
      var name = data.current;
      if (!window.confirm(say(settings, "worksheet_delete_confirm", { name: name }))) return;
      data.copies = data.copies.filter(function (copy) { return copy.name !== name; });
      if (!data.copies.length) addCopy(say(settings, "worksheet_copy_default", { number: 1 }));
      data.current = data.copies.some(function (copy) { return copy.name === data.current; })
        ? data.current : data.copies[0].name;
      persist();
      refresh();
      messages.status(say(settings, "worksheet_deleted", { name: name }));
    });
    panel.querySelector("[data-pb-clear]").addEventListener("click", function () {
      if (!window.confirm(say(settings, "worksheet_clear_confirm", { name: data.current }))) return;
      current().values = {};
      current().saved = new Date().toISOString();
      persist();
      refresh();
      messages.status(say(settings, "worksheet_cleared", { name: data.current }));
    });
    panel.querySelector("[data-pb-export]").addEventListener("click", function () {
      var copy = current();
      var file = { tool: settings.tool, version: settings.version, language: settings.language,
                   title: settings.title, copy: copy.name, saved: copy.saved || new Date().toISOString(),
                   values: formValues(form, fields) };
      download(settings.tool + "-" + slugOf(copy.name) + ".json",
               new Blob([JSON.stringify(file, null, 2) + "\n"], { type: "application/json" }));
    });
    var importButton = panel.querySelector("[data-pb-import]"), importFile = panel.querySelector("[data-pb-import-file]");
    importButton.addEventListener("click", function () { importFile.click(); });
    importFile.addEventListener("change", function () {
      var file = importFile.files[0];
      if (!file) return;
      messages.clearErrors();
      readFile(settings, file, function (read) {
        importFile.value = "";
        if (read.errors) {
          messages.errors(read.errors.concat([say(settings, "worksheet_error_unchanged")]), importButton.id);
          return;
        }
        var blank = current();
        if (!Object.keys(blank.values).length) {  // an empty copy gives way to the file, as if never started
          data.copies = data.copies.filter(function (copy) { return copy !== blank; });
        }
        var name = unusedName(read.copy || file.name.replace(/\.json$/i, "").slice(0, 80));
        addCopy(name, read.values, read.saved || new Date().toISOString());
        var saved = persist();
        refresh();
        var report = say(settings, "worksheet_imported", { file: file.name, name: name });
        if (read.unplaced.length) report += " " + say(settings, "worksheet_import_unplaced", { names: read.unplaced.join(", ") });
        if (!saved) report += " " + say(settings, "worksheet_storage_failed");
        messages.status(report);
      });
    });
    panel.querySelector("[data-pb-print]").addEventListener("click", function () { window.print(); });
    panel.querySelectorAll("[data-pb-pdf]").forEach(function (button) {
      button.addEventListener("click", function () {
        var pdf = settings.pdfs.filter(function (item) { return item.paper === button.dataset.pbPdf; })[0];
        messages.status(say(settings, "worksheet_pdf_preparing"));
        button.disabled = true;
        filledPdf(settings, pdf, formValues(form, fields)).then(function (bytes) {
          download(settings.tool + "-" + slugOf(data.current) + "-" + pdf.paper + ".pdf",
                   new Blob([bytes], { type: "application/pdf" }));
          messages.status(say(settings, "worksheet_pdf_ready"));
        }).catch(function (error) {
          if (window.console) console.error(error);
          messages.status(say(settings, "worksheet_pdf_failed", { reason: error.message }));
        }).then(function () { button.disabled = false; });
      });
    });

    form.classList.add("pb-worksheet--live");
    panel.hidden = false;
    copyName.hidden = false;
    if (results) results.hidden = false;
    refresh();
    messages.status(loaded.problem ? say(settings, loaded.problem)
      : current().saved ? say(settings, "worksheet_saved", { time: timeOf(new Date(current().saved)) })
      : say(settings, "worksheet_nothing_yet"));
  }

  // ---- The team view: members' exported files, counted once each ---------------------------------------------

  function startTeam(settings) {
    var panel = document.querySelector("[data-pb-live]");
    if (!panel) return;
    var messages = messenger(panel), number = numberFormat(settings), members = [];
    var input = panel.querySelector("[data-pb-team-files]"), drop = panel.querySelector("[data-pb-drop]");
    var output = panel.querySelector("[data-pb-team-results]");

    function fingerprint(read) {
      var values = read.values;
      return read.saved + "\n" + Object.keys(values).sort().map(function (name) {
        return name + "=" + JSON.stringify(values[name]);
      }).join("\n");
    }

    function addFiles(files) {
      messages.clearErrors();
      var pending = files.length, rejected = [], notes = [];
      if (!pending) return;
      files.forEach(function (file) {
        readFile(settings, file, function (read) {
          if (read.errors) rejected = rejected.concat(read.errors);
          else {
            var key = fingerprint(read);
            var same = members.filter(function (member) { return member.key === key; })[0];
            if (same) notes.push(say(settings, "team_duplicate", { file: file.name, other: same.file }));
            else members.push({ file: file.name, name: read.copy ? read.copy + " (" + file.name + ")" : file.name, values: read.values, key: key });
          }
          if (--pending) return;
          show();
          if (rejected.length) messages.errors(rejected.concat(notes), input.id);
          else if (notes.length) messages.errors(notes, input.id);
          messages.status(say(settings, "team_counted", { count: members.length }));
        });
      });
    }

    function statementRatings(statement) {
      return members.map(function (member) { return member.values[statement.name]; })
        .filter(function (value) { return typeof value === "number"; });
    }

    function show() {
      output.hidden = !members.length;
      if (!members.length) return;
      panel.querySelector("[data-pb-team-count]").textContent = say(settings, "team_counted", { count: members.length });
      var list = panel.querySelector("[data-pb-team-members]");
      list.textContent = "";
      members.forEach(function (member, index) {
        list.appendChild(make("li", {}, say(settings, "team_member_file", { number: index + 1, name: member.name })));
      });
      var rows = conditionRatings(settings.results, members.map(function (member) { return member.values; }));
      var body = panel.querySelector("[data-pb-team-rows]");
      body.textContent = "";
      rows.forEach(function (row) {
        var line = make("tr");
        line.appendChild(conditionCell(row.condition));
        var cells = row.ratings.length ? [row.ratings.length, number(row.average),
          Math.min.apply(null, row.ratings), Math.max.apply(null, row.ratings)] : [0, "–", "–", "–"];
        cells.forEach(function (value) { line.appendChild(make("td", {}, String(value))); });
        body.appendChild(line);
      });
      drawChart(panel.querySelector("[data-pb-chart]"), rows, settings.results.scale.length, number);
      var disagree = panel.querySelector("[data-pb-team-disagree]");
      disagree.textContent = "";
      settings.results.conditions.forEach(function (condition) {
        condition.statements.forEach(function (statement) {
          var ratings = statementRatings(statement);
          var spread = ratings.length ? Math.max.apply(null, ratings) - Math.min.apply(null, ratings) : 0;
          if (spread >= 2) {
            disagree.appendChild(make("li", {}, condition.title + ": " + say(settings, "team_disagree_item",
              { statement: statement.label, ratings: ratings.join(", "), spread: spread })));
          }
        });
      });
      if (!disagree.children.length) disagree.appendChild(make("li", {}, settings.strings.team_disagree_none));
      tally(panel.querySelector("[data-pb-team-tally]"));
    }

    // The same table as the printed tally sheet: a column per member, each row's average and spread.
    function tally(container) {
      container.textContent = "";
      settings.results.conditions.forEach(function (condition) {
        var table = make("table", { "class": "pb-tally" });
        table.appendChild(make("caption", {}, condition.title));
        var head = make("tr");
        head.appendChild(make("th", { scope: "col" }, settings.strings.tally_statement));
        members.forEach(function (member, index) {
          head.appendChild(make("th", { scope: "col", title: member.file }, say(settings, "tally_member", { number: index + 1 })));
        });
        head.appendChild(make("th", { scope: "col" }, settings.strings.tally_average));
        head.appendChild(make("th", { scope: "col" }, settings.strings.tally_spread));
        table.appendChild(make("thead")).appendChild(head);
        var body = table.appendChild(make("tbody")), all = [];
        condition.statements.forEach(function (statement, index) {
          var line = make("tr"), ratings = statementRatings(statement);
          all = all.concat(ratings);
          line.appendChild(make("th", { scope: "row" }, (index + 1) + ". " + statement.label));
          members.forEach(function (member) {
            var value = member.values[statement.name];
            line.appendChild(make("td", {}, typeof value === "number" ? String(value) : "–"));
          });
          line.appendChild(make("td", {}, ratings.length ? number(average(ratings)) : "–"));
          line.appendChild(make("td", {}, ratings.length ? String(Math.max.apply(null, ratings) - Math.min.apply(null, ratings)) : "–"));
          body.appendChild(line);
        });
        var foot = make("tr");
        foot.appendChild(make("th", { scope: "row" }, say(settings, "tally_condition_average", { condition: condition.title })));
        members.forEach(function (member) {
          var ratings = condition.statements.map(function (statement) { return member.values[statement.name]; })
            .filter(function (value) { return typeof value === "number"; });
          foot.appendChild(make("td", {}, ratings.length ? number(average(ratings)) : "–"));
        });
        foot.appendChild(make("td", {}, all.length ? number(average(all)) : "–"));
        foot.appendChild(make("td", {}, all.length ? String(Math.max.apply(null, all) - Math.min.apply(null, all)) : "–"));
        table.appendChild(make("tfoot")).appendChild(foot);
        container.appendChild(table);
      });
    }

    function average(ratings) {
      return ratings.reduce(function (total, rating) { return total + rating; }, 0) / ratings.length;
    }

    input.addEventListener("change", function () { addFiles(Array.prototype.slice.call(input.files)); input.value = ""; });
    drop.addEventListener("dragover", function (event) { event.preventDefault(); drop.classList.add("pb-team__drop--over"); });
    drop.addEventListener("dragleave", function () { drop.classList.remove("pb-team__drop--over"); });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      drop.classList.remove("pb-team__drop--over");
      addFiles(Array.prototype.slice.call(event.dataTransfer.files));
    });
    panel.querySelector("[data-pb-team-reset]").addEventListener("click", function () {
      members = [];
      messages.clearErrors();
      show();
      messages.status(say(settings, "team_counted", { count: 0 }));
    });
    panel.querySelector("[data-pb-print]").addEventListener("click", function () { window.print(); });
    panel.hidden = false;
  }

  var worksheet = settingsFrom("[data-pb-worksheet-settings]");
  if (worksheet) startWorksheet(worksheet);
  var team = settingsFrom("[data-pb-team-settings]");
  if (team) startTeam(team);
})();
