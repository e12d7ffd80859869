// The upload page: read the file's head, propose a mapping, preview, import.
"use strict";

(function () {
  const root = document.getElementById("upload");
  const api = root.dataset.api;
  const hotel = root.dataset.hotel;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const SAMPLE_ROWS = 5;
  const NOT_IN_FILE = "";
  // Row statuses of a dry run, as the clerk reads them before importing.
  const RESULT_NAMES = { notified: "link queued", completed: "no contact", failed: "fails", skipped: "skipped" };
  const SEPARATOR_NAMES = { ";": "semicolon", ",": "comma", "\t": "tab", "|": "vertical bar" };

  const $ = (id) => document.getElementById(id);
  const state = { file: null, head: null, fields: [], mapping: {}, previewRun: 0, previewTimer: null };

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function show(id, visible) {
    $(id).hidden = !visible;
  }

  function showError(id, message) {
    $(id).textContent = message;
    show(id, Boolean(message));
  }

  async function errorMessage(response) {
    try {
      const body = await response.json();
      if (typeof body.detail === "string") return body.detail;
      if (Array.isArray(body.detail)) return body.detail.map((d) => d.msg).join("; ");
    } catch (error) {
      // The body was not JSON; the status line is all there is.
    }
    return `The server answered ${response.status} ${response.statusText}.`;
  }

  async function post(path, body) {
    const headers = { "X-CSRF-Token": csrf };
    if (!(body instanceof FormData)) headers["Content-Type"] = "application/json";
    const response = await fetch(api + path, {
      method: "POST",
      headers,
      body: body instanceof FormData ? body : JSON.stringify(body),
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(await errorMessage(response));
    return response.json();
  }

  function columnIndex(header) {
    return header === NOT_IN_FILE ? -1 : state.head.headers.indexOf(header);
  }

  function firstValues(header) {
    const index = columnIndex(header);
    if (index < 0) return "";
    return state.head.rows.slice(0, 3).map((row) => row[index] || "").filter(Boolean).join(" · ");
  }

  function renderMapping() {
    const body = $("mapping-rows");
    body.replaceChildren();
    for (const field of state.fields) {
      const row = element("tr");
      const label = element("td", field.label);
      if (field.required) label.append(element("span", " *", "required"));
      const select = element("select");
      select.name = field.name;
      select.dataset.field = field.name;
      select.setAttribute("aria-label", `Column for ${field.label}`);
      select.append(new Option("— not in this file —", NOT_IN_FILE));
      for (const header of state.head.headers) select.append(new Option(header, header));
      select.value = state.mapping[field.name] || NOT_IN_FILE;
      select.classList.toggle("missing", field.required && !select.value);
      select.addEventListener("change", () => {
        state.mapping[field.name] = select.value || null;
        select.classList.toggle("missing", field.required && !select.value);
        values.textContent = firstValues(select.value);
        renderSample(null);
        schedulePreview();
      });
      const chooser = element("td");
      chooser.append(select);
      const values = element("td", firstValues(select.value), "raw");
      row.append(label, chooser, values);
      body.append(row);
    }
  }

  // Rows as read: the server's parsed values after a preview, the raw cells before.
  function renderSample(parsed) {
    const table = $("sample");
    const fields = state.fields.filter((field) => state.mapping[field.name]);
    const head = element("tr");
    head.append(element("th", "Line", "num"));
    if (parsed) head.append(element("th", "Result"));
    for (const field of fields) head.append(element("th", field.label));
    const body = element("tbody");
    const rows = parsed || state.head.rows.slice(0, SAMPLE_ROWS).map((cells) => ({
      line_number: null,
      values: Object.fromEntries(fields.map((f) => [f.name, cells[columnIndex(state.mapping[f.name])] || ""])),
    }));
    for (const row of rows) {
      const tr = element("tr");
      tr.append(element("td", row.line_number ?? "", "num"));
      if (parsed) {
        const result = element("td", null, "result");
        result.append(element("span", RESULT_NAMES[row.status] || row.status, `badge ${row.status}`));
        if (row.error) result.append(element("div", row.error, "error-text"));
        if (row.status === "failed") tr.classList.add("failed-row");
        tr.append(result);
      }
      for (const field of fields) tr.append(element("td", row.values[field.name] ?? ""));
      body.append(tr);
    }
    const thead = element("thead");
    thead.append(head);
    table.replaceChildren(thead, body);
  }

  function formWithFile() {
    const form = new FormData();
    form.append("file", state.file, state.file.name);
    const mapping = Object.fromEntries(Object.entries(state.mapping).filter(([, header]) => header));
    form.append("mapping", JSON.stringify(mapping));
    const dateFormat = $("date-format").value;
    if (dateFormat) form.append("date_format", dateFormat);
    return form;
  }

  function schedulePreview() {
    $("import").disabled = true;
    clearTimeout(state.previewTimer);
    state.previewTimer = setTimeout(runPreview, 300);
  }

  async function runPreview() {
    const run = ++state.previewRun;
    show("preview-panel", true);
    $("preview-state").textContent = "Checking the whole file…";
    showError("preview-error", "");
    try {
      const preview = await post("/imports/preview", formWithFile());
      if (run !== state.previewRun) return;
      renderPreview(preview);
      $("import").disabled = false;
    } catch (error) {
      if (run !== state.previewRun) return;
      $("preview-state").textContent = "";
      show("preview-counts", false);
      show("preview-failures", false);
      showError("preview-error", error.message);
    }
  }

  function renderPreview(preview) {
    $("preview-state").textContent = `${preview.total_rows} rows in the file.`;
    $("preview-new").textContent = preview.new_bookings;
    $("preview-changed").textContent = preview.changed_bookings;
    $("preview-unchanged").textContent = preview.unchanged_bookings;
    $("preview-failed").textContent = preview.failed_rows;
    show("preview-counts", true);
    const body = $("preview-failures").querySelector("tbody");
    body.replaceChildren();
    for (const failure of preview.failures) {
      const row = element("tr");
      row.append(element("td", failure.line_number, "num"), element("td", failure.message, "error-text"));
      body.append(row);
    }
    show("preview-failures", preview.failures.length > 0);
    if (preview.sample && preview.sample.length) renderSample(preview.sample);
    $("import").textContent = `Import ${preview.total_rows} rows`;
  }

  async function startImport() {
    $("import").disabled = true;
    $("import-state").textContent = "Uploading…";
    try {
      const accepted = await post("/imports", formWithFile());
      window.location.assign(`/hotels/${hotel}/batches/${accepted.batch_id}`);
    } catch (error) {
      $("import-state").textContent = "";
      showError("preview-error", error.message);
      $("import").disabled = false;
    }
  }

  function selectDateFormat(format) {
    const select = $("date-format");
    if (![...select.options].some((option) => option.value === format)) {
      select.append(new Option(format, format));
    }
    select.value = format;
  }

  async function chooseFile(file) {
    state.file = file;
    showError("read-error", "");
    ["mapping-panel", "sample-panel", "preview-panel"].forEach((id) => show(id, false));
    $("file-label").textContent = `${file.name} · choose another file`;
    try {
      state.head = await window.PrecheckinCsv.readHead(file, SAMPLE_ROWS);
      const separator = SEPARATOR_NAMES[state.head.separator] || state.head.separator;
      $("file-info").textContent =
        `${state.head.headers.length} columns, separated by ${separator}, ${state.head.encoding}.`;
      show("file-info", true);
      const proposal = await post("/mapping-proposal", { headers: state.head.headers });
      state.fields = proposal.fields;
      state.mapping = { ...proposal.mapping };
      if (proposal.date_format) selectDateFormat(proposal.date_format);
      $("mapping-source").textContent = proposal.source === "saved"
        ? "The mapping you used last time for a file with these columns. Change any field below."
        : "Proposed from the column names. Check each field and change it if needed.";
      renderMapping();
      renderSample(null);
      show("mapping-panel", true);
      show("sample-panel", true);
      schedulePreview();
    } catch (error) {
      showError("read-error", error.message);
    }
  }

  $("file").addEventListener("change", (event) => {
    if (event.target.files.length) chooseFile(event.target.files[0]);
  });
  $("date-format").addEventListener("change", schedulePreview);
  $("import").addEventListener("click", startImport);
})();
