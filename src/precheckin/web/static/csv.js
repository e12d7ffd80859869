// Reads the start of a CSV export in the browser: encoding, separator, header
// and first rows. The server reads the whole file again when it imports, so
// this only has to be good enough to show the clerk what is in the file.
"use strict";

(function () {
  const HEAD_BYTES = 256 * 1024;
  const SEPARATORS = [";", ",", "\t", "|"];
  const SAMPLE_RECORDS = 30;

  function decode(bytes) {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "UTF-8" };
    }
    if (bytes[0] === 0xff && bytes[1] === 0xfe) {
      return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "UTF-16" };
    }
    // Cut at the last line break, so a character split by the slice is not an error.
    const end = bytes.lastIndexOf(0x0a);
    const whole = end > 0 ? bytes.subarray(0, end + 1) : bytes;
    try {
      return { text: new TextDecoder("utf-8", { fatal: true }).decode(whole), encoding: "UTF-8" };
    } catch (error) {
      return { text: new TextDecoder("windows-1252").decode(whole), encoding: "Windows-1252" };
    }
  }

  // Splits text into records of fields, with quotes as RFC 4180 has them.
  function parse(text, separator, maxRecords) {
    const records = [];
    let record = [];
    let field = "";
    let quoted = false;
    let i = 0;
    while (i < text.length && records.length < maxRecords) {
      const c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
        if (c === '"') { quoted = false; i += 1; continue; }
        field += c; i += 1; continue;
      }
      if (c === '"' && field === "") { quoted = true; i += 1; continue; }
      if (c === separator) { record.push(field); field = ""; i += 1; continue; }
      if (c === "\r" || c === "\n") {
        record.push(field); records.push(record); record = []; field = "";
        i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
        continue;
      }
      field += c; i += 1;
    }
    if ((field !== "" || record.length) && records.length < maxRecords) {
      record.push(field); records.push(record);
    }
    return records;
  }

  function commonWidth(records) {
    const counts = new Map();
    for (const record of records) {
      counts.set(record.length, (counts.get(record.length) || 0) + 1);
    }
    let best = [1, 0];
    for (const [width, count] of counts) {
      if (count > best[1] || (count === best[1] && width > best[0])) best = [width, count];
    }
    return { width: best[0], count: best[1] };
  }

  function detectSeparator(text) {
    let best = { separator: ",", score: -1 };
    for (const separator of SEPARATORS) {
      const { width, count } = commonWidth(parse(text, separator, SAMPLE_RECORDS));
      const score = width > 1 ? count * 1000 + width : 0;
      if (score > best.score) best = { separator, score };
    }
    return best.separator;
  }

  function isBlank(record) {
    return record.every((value) => value.trim() === "");
  }

  async function readHead(file, rowCount) {
    const bytes = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
    const { text, encoding } = decode(bytes);
    const separator = detectSeparator(text);
    const records = parse(text, separator, 200);
    const { width } = commonWidth(records.slice(0, SAMPLE_RECORDS));
    // The header is the first record as wide as most, so title lines above it are skipped.
    const headerIndex = Math.max(0, records.findIndex((r) => r.length === width && !isBlank(r)));
    const headers = records[headerIndex].map((value) => value.trim());
    const rows = [];
    for (let index = headerIndex + 1; index < records.length && rows.length < rowCount; index += 1) {
      if (!isBlank(records[index])) rows.push(records[index]);
    }
    return { encoding, separator, headers, rows };
  }

  window.PrecheckinCsv = { readHead, parse, decode };
})();
