// The batch page: poll the batch until it is final, then list its failed rows.
"use strict";

(function () {
  const panel = document.getElementById("batch");
  const api = panel.dataset.api;
  const headers = JSON.parse(panel.dataset.headers || "[]");
  const POLL_MS = 1000;
  const FAILED_ROWS_SHOWN = 200;
  const $ = (id) => document.getElementById(id);

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function isFinal(status) {
    return status === "completed" || status === "failed";
  }

  function render(batch) {
    for (const node of document.querySelectorAll('[id^="count-"]')) {
      const key = node.id.slice("count-".length);
      if (key in batch) node.textContent = batch[key];
    }
    const status = $("status");
    status.textContent = batch.status;
    status.className = `badge ${batch.status}`;
    const done = batch.total_rows - batch.pending_rows;
    $("bar").max = Math.max(batch.total_rows, 1);
    $("bar").value = done;
    $("progress-text").textContent = isFinal(batch.status)
      ? `All ${batch.total_rows} rows processed`
      : `${done} of ${batch.total_rows} rows processed`;
    if (batch.error) {
      $("batch-error").textContent = batch.error;
      $("batch-error").hidden = false;
    }
  }

  // The row's non-empty cells in the file's column order.
  function describe(raw) {
    if (!raw || typeof raw !== "object") return "";
    if (Array.isArray(raw)) return raw.join(" · ");
    const names = headers.length ? headers : Object.keys(raw);
    return names.filter((name) => raw[name]).map((name) => `${name}: ${raw[name]}`).join(" · ");
  }

  async function showFailedRows(total) {
    if (!total) return;
    const response = await fetch(`${api}/rows?status=failed&limit=${FAILED_ROWS_SHOWN}`, { credentials: "same-origin" });
    if (!response.ok) return;
    const page = await response.json();
    const body = $("failed-rows");
    body.replaceChildren();
    for (const row of page.rows) {
      const tr = element("tr");
      tr.append(element("td", row.line_number, "num"), element("td", row.error, "error-text"), element("td", describe(row.raw_data), "raw"));
      body.append(tr);
    }
    if (total > page.rows.length) {
      $("failed-more").textContent = `${total - page.rows.length} more failed rows are in the CSV download.`;
      $("failed-more").hidden = false;
    }
    $("failed").hidden = false;
  }

  async function poll() {
    try {
      const response = await fetch(api, { credentials: "same-origin" });
      if (response.ok) {
        const batch = await response.json();
        render(batch);
        if (isFinal(batch.status)) {
          await showFailedRows(batch.failed_rows);
          return;
        }
      }
    } catch (error) {
      // A dropped connection is retried on the next tick.
    }
    setTimeout(poll, POLL_MS);
  }

  poll();
})();
