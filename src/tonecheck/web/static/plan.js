// The follow-up plan on tonecheck's page: what /api/plan answers (the JSON of `tonecheck plan`), shown
// as a list of steps with their days and advice, the draft's own step marked in words, not colour only.
// app.js asks for it with the other live checks; this file only draws it.
"use strict";

window.tonecheckPlan = (function () {
  const STEP_NAMES = {
    "thank-you": "Thank-you note",
    "check-in": "Check-in",
    "second-check-in": "Second check-in",
    "last-note": "Last note",
  };
  const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

  // "Mon 2026-03-09", as `tonecheck plan` writes days. The weekday is computed in UTC so the
  // browser's time zone cannot move the day.
  function day(iso) {
    const [year, month, date] = iso.split("-").map(Number);
    return `${WEEKDAYS[new Date(Date.UTC(year, month - 1, date)).getUTCDay()]} ${iso}`;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function time(iso) {
    const node = element("time", "", day(iso));
    node.dateTime = iso;
    return node;
  }

  // Whether a draft's own front matter names the interview date: then the plan is asked for even
  // when the date field is empty.
  function frontMatterHasInterview(text) {
    const front = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
    return front !== null && /^interview-date[ \t]*:/m.test(front[1]);
  }

  function stepItem(step, isDraft) {
    const item = element("li", isDraft ? "plan-step draft" : "plan-step");
    if (isDraft) item.setAttribute("aria-current", "step");
    const heading = element("h3");
    heading.append(
      element("span", "step-name", STEP_NAMES[step.step] || step.step),
      " ",
      step.latest ? "by " : "on ",
      time(step.date),
    );
    item.appendChild(heading);
    const notes = [];
    if (isDraft) notes.push("This draft");
    if (step.sent) notes.push(`${isDraft ? "to be sent" : "Sent"} ${day(step.sent)}${step.late ? ", late" : ""}`);
    if (notes.length) {
      item.appendChild(element("p", step.late ? "step-status late" : "step-status", notes.join(", ")));
    }
    item.appendChild(element("p", "advice", step.advice));
    return item;
  }

  // ``hasDraft``: there is text, so the plan can say why it does not know the draft's step.
  function show(section, plan, hasDraft) {
    const intro = section.querySelector(".plan-intro");
    let line = `After the interview on ${day(plan.interview_date)}`;
    if (plan.reply_by) line += ` (they said they would reply by ${day(plan.reply_by)})`;
    intro.textContent = `${line}:`;
    const steps = plan.steps.map((step) => stepItem(step, step.step === plan.draft_step));
    section.querySelector(".plan-steps").replaceChildren(...steps);
    let note = "";
    if (hasDraft && !plan.draft_step) {
      note = "Give the send date to see which step this draft is.";
    } else if (plan.draft_step) {
      note = `This draft is the ${(STEP_NAMES[plan.draft_step] || plan.draft_step).toLowerCase()}.`;
    }
    section.querySelector(".plan-note").textContent = note;
    section.hidden = false;
  }

  // The dates cannot make a plan (the error line above says why too): say so here, without the steps.
  function showProblem(section, message) {
    section.querySelector(".plan-intro").textContent = `No plan: ${message}`;
    section.querySelector(".plan-steps").replaceChildren();
    section.querySelector(".plan-note").textContent = "";
    section.hidden = false;
  }

  function hide(section) {
    section.hidden = true;
    section.querySelector(".plan-steps").replaceChildren();
  }

  return { frontMatterHasInterview, show, showProblem, hide };
})();
