// tonecheck's page: checks the draft as the user types (debounced), marks each finding in the text,
// lists it with its message, why and rewrites, and applies a rewrite in one click. Plain JavaScript,
// no build step, nothing loaded from elsewhere.
"use strict";

(function () {
  const DEBOUNCE_MS = 350;
  const SEVERITY_RANK = { info: 1, warning: 2, error: 3 };
  const KIND_NAMES = {
    "thank-you": "a thank-you note",
    "check-in": "a check-in",
    materials: "a materials email",
    "rejection-reply": "a reply to a rejection",
    other: "another kind of message",
  };

  const form = document.getElementById("draft-form");
  const draft = document.getElementById("draft");
  const editor = draft.parentElement;
  const highlights = document.getElementById("highlights");
  const kind = document.getElementById("kind");
  const kindShown = document.getElementById("kind-shown");
  const dates = ["interview-date", "reply-by", "send-date"].map((id) => document.getElementById(id));
  const list = document.getElementById("findings");
  const summary = document.getElementById("summary");
  const status = document.getElementById("status");
  const errorLine = document.getElementById("error");
  const copyButton = document.getElementById("copy");
  const fixButton = document.getElementById("fix-safe");
  const planSection = document.getElementById("plan");
  const planView = window.tonecheckPlan;

  let timer = null;
  let sequence = 0; // the number of the latest request: older answers are dropped
  let planSequence = 0;
  let report = null; // the latest report, for the text it was made for
  let reportText = null;
  let whyByRule = {};
  // What the last action did ("Applied 1 safe fix."): the check it starts would otherwise overwrite
  // the status before anyone reads it, so that check's status repeats it once.
  let doneNote = "";

  // Offsets in reports count Unicode code points (Python); JavaScript strings count UTF-16 units.
  function codePointOffsets(text) {
    const units = [0];
    let unit = 0;
    for (const character of text) {
      unit += character.length;
      units.push(unit);
    }
    return (offset) => units[Math.min(offset, units.length - 1)];
  }

  function requestBody() {
    const body = { text: draft.value };
    if (kind.value) body.kind = kind.value;
    for (const input of dates) {
      if (input.value) body[input.id] = input.value;
    }
    return body;
  }

  async function postJson(path, body) {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({ error: `the server answered ${response.status}` }));
    if (!response.ok) throw new Error(data.error || `the server answered ${response.status}`);
    return data;
  }

  // Live regions speak on every change: leave them alone when the words are the same.
  function say(region, text) {
    if (region.textContent !== text) region.textContent = text;
  }

  function showError(message) {
    errorLine.textContent = message;
    errorLine.hidden = !message;
  }

  function scheduleCheck() {
    clearTimeout(timer);
    if (report !== null && draft.value !== reportText) {
      editor.classList.add("stale");
      setRewritesEnabled(false);
    }
    timer = setTimeout(check, DEBOUNCE_MS);
  }

  async function check() {
    const text = draft.value;
    const number = ++sequence;
    updatePlan();
    if (!text.trim()) {
      report = null;
      reportText = null;
      render();
      say(status, "Paste or type a draft to check it.");
      showError("");
      return;
    }
    draft.setAttribute("aria-busy", "true");
    try {
      const answer = await postJson("api/check", requestBody());
      if (number !== sequence || draft.value !== text) return; // the draft changed meanwhile
      draft.removeAttribute("aria-busy");
      report = answer;
      reportText = text;
      showError("");
      render();
    } catch (error) {
      if (number !== sequence) return;
      draft.removeAttribute("aria-busy");
      say(status, "Not checked.");
      showError(error.message);
    }
  }

  function findingsOf(current) {
    return current ? current.files[0].findings : [];
  }

  function render() {
    const findings = findingsOf(report);
    renderHighlights(findings);
    renderList(findings);
    editor.classList.remove("stale");
    const file = report ? report.files[0] : null;
    if (file) {
      const chosen = kind.value ? "as you chose" : "guessed from the text";
      say(kindShown, `Read as ${KIND_NAMES[file.kind] || file.kind} (${chosen}).`);
    } else {
      say(kindShown, "");
    }
    const counts = { error: 0, warning: 0, info: 0 };
    for (const finding of findings) counts[finding.severity] += 1;
    const parts = Object.entries(counts)
      .filter(([, count]) => count)
      .map(([name, count]) => `${count} ${name}${count === 1 ? "" : "s"}`);
    let line;
    if (!report) line = "Nothing checked yet.";
    else if (!findings.length) line = "No findings: nothing here should put the reader off.";
    else line = `${findings.length} finding${findings.length === 1 ? "" : "s"}: ${parts.join(", ")}.`;
    summary.textContent = line;
    if (report) {
      say(status, `${doneNote ? `${doneNote} ` : ""}Checked. ${line}`);
      doneNote = "";
    }
    fixButton.disabled = !findings.some((f) => f.fix && f.fix.applicability === "safe");
  }

  // The copy of the text behind the text area, with a <mark> over each finding's words. Where findings
  // overlap, the piece takes the most severe one's colour.
  function renderHighlights(findings) {
    const text = draft.value;
    const toUnit = codePointOffsets(text);
    const spans = findings.map((finding, index) => ({
      start: toUnit(finding.start),
      end: toUnit(finding.end),
      severity: finding.severity,
      index,
    }));
    const cuts = new Set([0, text.length]);
    for (const span of spans) {
      cuts.add(span.start);
      cuts.add(span.end);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < points.length; i += 1) {
      const at = points[i];
      for (const span of spans) {
        if (span.start === at && span.end === at) fragment.appendChild(pointMark(span));
      }
      if (i + 1 === points.length) break;
      const next = points[i + 1];
      const piece = text.slice(at, next);
      const covering = spans.filter((span) => span.start <= at && next <= span.end && span.start < span.end);
      if (!covering.length) {
        fragment.appendChild(document.createTextNode(piece));
        continue;
      }
      covering.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
      const mark = document.createElement("mark");
      mark.className = covering[0].severity;
      mark.dataset.findings = covering.map((span) => span.index).join(" ");
      mark.textContent = piece;
      fragment.appendChild(mark);
    }
    // A last line break needs something after it to take up its line, as it does in the text area.
    fragment.appendChild(document.createTextNode(" "));
    highlights.replaceChildren(fragment);
    fitHeight();
  }

  function pointMark(span) {
    const mark = document.createElement("span");
    mark.className = `point ${span.severity}`;
    mark.dataset.findings = String(span.index);
    return mark;
  }

  function fitHeight() {
    draft.style.height = "auto";
    draft.style.height = `${draft.scrollHeight + 2}px`;
  }

  function renderList(findings) {
    const items = findings.map((finding, index) => findingItem(finding, index));
    list.replaceChildren(...items);
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function findingItem(finding, index) {
    const item = element("li", `finding ${finding.severity}`);
    item.id = `finding-${index}`;
    item.dataset.index = String(index);
    const heading = element("h3");
    heading.append(element("span", `severity ${finding.severity}`, finding.severity), finding.message);
    item.appendChild(heading);
    if (finding.start < finding.end) {
      item.appendChild(element("blockquote", "quote", finding.text));
    } else {
      item.appendChild(element("p", "quote", `Something is missing here (line ${finding.line}).`));
    }
    const locate = element("button", "locate", "Show in the text");
    locate.type = "button";
    locate.setAttribute("aria-label", `Show in the text: ${finding.message}`);
    locate.addEventListener("click", () => select(finding));
    item.appendChild(locate);
    const why = whyByRule[finding.rule];
    if (why) {
      const paragraph = element("p", "why");
      paragraph.append(element("strong", "", "Why: "), why);
      item.appendChild(paragraph);
    }
    if (finding.suggestions.length) {
      const label = element("p", "try", "Try instead:");
      label.id = `finding-${index}-rewrites`;
      item.appendChild(label);
      const rewrites = element("ul", "rewrites");
      rewrites.setAttribute("aria-labelledby", label.id);
      finding.suggestions.forEach((suggestion, choice) => {
        const entry = element("li");
        entry.appendChild(element("p", "", suggestion));
        const use = element("button", "use-rewrite", "Use this rewrite");
        use.type = "button";
        use.setAttribute("aria-label", `Use rewrite ${choice + 1}: ${suggestion}`);
        use.addEventListener("click", () => applyRewrite(finding, choice));
        entry.appendChild(use);
        rewrites.appendChild(entry);
      });
      item.appendChild(rewrites);
    }
    item.appendChild(element("p", "rule", finding.rule));
    item.addEventListener("mouseenter", () => setActive(index, true));
    item.addEventListener("mouseleave", () => setActive(index, false));
    item.addEventListener("focusin", () => setActive(index, true));
    item.addEventListener("focusout", () => setActive(index, false));
    return item;
  }

  function setActive(index, on) {
    for (const mark of highlights.querySelectorAll("[data-findings]")) {
      if (mark.dataset.findings.split(" ").includes(String(index))) mark.classList.toggle("active", on);
    }
    const item = document.getElementById(`finding-${index}`);
    if (item) item.classList.toggle("active", on);
  }

  function setRewritesEnabled(enabled) {
    for (const button of list.querySelectorAll("button")) button.disabled = !enabled;
    if (!enabled) fixButton.disabled = true;
  }

  function select(finding) {
    const toUnit = codePointOffsets(draft.value);
    draft.focus();
    draft.setSelectionRange(toUnit(finding.start), toUnit(finding.end));
  }

  // The text a rewrite puts in place of the finding's words. The first rewrite is the finding's own fix
  // when it has one (an insertion comes with its paragraph breaks); the others take the same breaks.
  function replacementFor(finding, choice) {
    const suggestion = finding.suggestions[choice];
    const fix = finding.fix;
    if (!fix || fix.start !== finding.start || fix.end !== finding.end) return suggestion;
    if (choice === 0) return fix.replacement;
    const first = finding.suggestions[0];
    const at = fix.replacement.indexOf(first);
    if (at < 0) return suggestion;
    return fix.replacement.slice(0, at) + suggestion + fix.replacement.slice(at + first.length);
  }

  function replaceText(start, end, replacement) {
    draft.focus();
    draft.setSelectionRange(start, end);
    // insertText keeps the browser's undo history (Ctrl+Z takes the rewrite back); setRangeText does not.
    let inserted = false;
    try {
      inserted = document.execCommand("insertText", false, replacement);
    } catch (error) {
      inserted = false;
    }
    if (!inserted || draft.value.slice(start, start + replacement.length) !== replacement) {
      draft.setRangeText(replacement, start, end, "end");
      scheduleCheck();
    }
    draft.setSelectionRange(start + replacement.length, start + replacement.length);
  }

  function applyRewrite(finding, choice) {
    if (draft.value !== reportText) return; // the buttons are disabled until the new report comes
    const toUnit = codePointOffsets(draft.value);
    replaceText(toUnit(finding.start), toUnit(finding.end), replacementFor(finding, choice));
    fitHeight();
    status.textContent = "Rewrite applied; checking again…";
  }

  async function applySafeFixes() {
    const text = draft.value;
    if (!text.trim()) return;
    try {
      const answer = await postJson("api/fix", requestBody());
      if (draft.value !== text) return;
      const note = `Applied ${answer.applied} safe fix${answer.applied === 1 ? "" : "es"}.`;
      if (answer.changed) {
        doneNote = note;
        replaceText(0, text.length, answer.text);
        fitHeight();
      }
      status.textContent = note;
    } catch (error) {
      showError(error.message);
    }
  }

  async function copyText() {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(draft.value);
      } else {
        // Over plain HTTP to another machine the clipboard API is not offered: copy the selection.
        draft.focus();
        draft.select();
        if (!document.execCommand("copy")) throw new Error("copy refused");
      }
      status.textContent = "Copied the text to the clipboard.";
    } catch (error) {
      status.textContent = "Could not copy: select the text and press Ctrl+C (⌘C on a Mac).";
    }
  }

  async function loadRules() {
    try {
      const response = await fetch("api/rules");
      const rules = await response.json();
      whyByRule = Object.fromEntries(rules.map((rule) => [rule.id, rule.why]));
      if (report) renderList(findingsOf(report));
    } catch (error) {
      whyByRule = {}; // the findings still show; only their explanations are missing
    }
  }

  // The follow-up plan, whenever an interview date is given (in its field or the draft's front matter).
  async function updatePlan() {
    const number = ++planSequence;
    const body = requestBody();
    if (!body["interview-date"] && !planView.frontMatterHasInterview(body.text)) {
      planView.hide(planSection);
      return;
    }
    try {
      const plan = await postJson("api/plan", body);
      if (number === planSequence) planView.show(planSection, plan, Boolean(body.text.trim()));
    } catch (error) {
      if (number === planSequence) planView.showProblem(planSection, error.message);
    }
  }

  form.addEventListener("submit", (event) => event.preventDefault());
  draft.addEventListener("input", () => {
    fitHeight();
    scheduleCheck();
  });
  kind.addEventListener("change", check);
  for (const input of dates) input.addEventListener("change", check);
  copyButton.addEventListener("click", copyText);
  fixButton.addEventListener("click", applySafeFixes);
  window.addEventListener("resize", fitHeight);

  fixButton.disabled = true;
  loadRules();
  if (draft.value) check();
  fitHeight();
})();
