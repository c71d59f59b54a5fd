"""A seeded generator of realistic follow-up drafts for the benchmark.

Each draft is a thank-you note, a check-in, a materials email or a reply to a rejection, 100 to 250
words, built from sentence pools with names, roles and dates filled in. About half are clean; the rest
carry the problems tonecheck looks for (accusatory lines, chasing too soon, no thanks, burnt bridges),
so the benchmark exercises the same rules real drafts do. The same seed always gives the same drafts.
"""

from __future__ import annotations

import random
from pathlib import Path

PEOPLE = [
    "Ana",
    "Bilal",
    "Chloe",
    "Dmitri",
    "Esther",
    "Farid",
    "Greta",
    "Hiro",
    "Ines",
    "Jamal",
    "Keiko",
    "Lorenzo",
    "Mina",
    "Nils",
    "Olu",
    "Paula",
    "{{first_name}}",
    "[Recruiter]",
]
FIRMS = [
    "Tidewater Freight",
    "Orchid Biotech",
    "Ninefold Games",
    "Saltmarsh Credit Union",
    "Brightline Media",
    "Kestrel Robotics",
    "Palisade Insurance",
    "Juniper Schools",
    "{{company}}",
    "[Company]",
]
ROLES = [
    "Data Engineer",
    "Account Manager",
    "UX Researcher",
    "Payroll Specialist",
    "Mobile Developer",
    "Program Coordinator",
    "Security Analyst",
    "Content Strategist",
    "{{role}}",
    "[Job Title]",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
SUBJECTS = [
    "the warehouse tracking rollout",
    "your accessibility audit",
    "the new claims workflow",
    "the spring enrolment campaign",
    "the switch to event-driven billing",
    "your partner programme",
    "the quarterly forecasting model",
    "the field team's scheduling tool",
]
STRENGTHS = [
    "vendor negotiation",
    "Kotlin and Swift",
    "usability testing",
    "payroll compliance",
    "threat modelling",
    "editorial planning",
    "ETL pipelines",
    "grant reporting",
]
GAPS = ["a week", "ten days", "two weeks", "three weeks", "nearly a month"]

GREETINGS = ["Hi {p},", "Dear {p},", "Hello {p},", "Good afternoon {p},", "{p},", "Dear hiring team,"]
SIGNOFFS = ["Best wishes,", "Kind regards,", "All the best,", "Warmly,", "Regards,", "Best,", "Sincerely,"]
SENDERS = ["Riley Novak", "Sasha Imani", "Devon Park", "Marisol Ortega", "Quinn Abara", "{{sender_name}}"]

THANKS_OPENERS = [
    "Thank you for meeting with me on {day} to talk about the {r} position.",
    "Many thanks for the conversation on {day}; I left excited about the {r} role.",
    "I appreciated the time you and the team spent with me on {day}.",
    "Thanks so much for showing me around the office and introducing me to the team.",
    "It was a real pleasure to talk with you about {s} on {day}.",
]
CHECK_OPENERS = [
    "I hope your week is going well.",
    "I'm writing to follow up on my interview for the {r} role on {day}.",
    "I interviewed for the {r} position at {f} on {day} and wanted to touch base.",
    "I hope things are going smoothly with {s}.",
]
MATERIAL_OPENERS = [
    "As promised, I've attached the writing samples we discussed on {day}.",
    "Following our call, here is the portfolio link for the {r} position.",
    "I've put together the references you asked for during the interview.",
    "Please find my updated resume attached, with the {t} project added.",
]
REJECTION_OPENERS = [
    "Thank you for letting me know about your decision on the {r} role.",
    "I received your note that {f} has chosen another candidate.",
    "I read your email about the {r} position this morning.",
    "Thanks for taking the time to tell me personally.",
]
BODY = [
    "Hearing how the team approaches {s} made the role feel like a great fit.",
    "My recent work on {t} lines up well with the challenges you described.",
    "I was glad to learn more about how {f} supports new starters in their first months.",
    "The discussion about {s} has stayed with me, and I have a few more ideas to share.",
    "I especially enjoyed meeting {q} and hearing about the roadmap for next year.",
    "I'm confident that my background in {t} would help the team from the first week.",
    "Our conversation gave me a much clearer picture of what success looks like in the role.",
    "If it would help, I'm happy to walk someone through a recent project in more detail.",
    "I also noted your point about cross-team reviews, which I have enjoyed in past roles.",
    "I remain very interested in the {r} position and in the work {f} is doing.",
    "Please let me know if I can provide anything else, such as a work sample or references.",
    "I understand these decisions take time and involve many people.",
]
CHECK_POLITE = [
    "Is there any update on the timeline that you are able to share?",
    "Whenever you have a moment, I'd be grateful for any news on next steps.",
    "I'm happy to wait, and I wanted to check whether you need anything more from me.",
]
REJECTION_POLITE = [
    "Although I'm disappointed, I appreciate the care you took with the process.",
    "I would welcome any feedback you're able to share about my interviews.",
    "Please keep me in mind for future openings in {t}.",
    "I wish you and the team every success with {s}.",
]
CLOSINGS = [
    "Thank you again for your time and consideration.",
    "Thanks again, and I look forward to hearing from you.",
    "I really appreciate your help throughout the process.",
    "Thank you, and have a lovely weekend.",
]
FLAT_CLOSINGS = ["Let me know.", "Speak soon.", "Looking forward to your reply.", "Waiting to hear back."]

ACCUSATORY = [
    "You said you would get back to me by {day}, but I have heard nothing.",
    "Why haven't you replied to any of my emails?",
    "As per my last email, I am still waiting for an answer.",
    "I'm not sure if you saw my previous message, since nobody has responded.",
    "It would have been common courtesy to let me know where things stand.",
    "I need an answer by {day} at the latest.",
    "Hopefully you will read my application properly this time.",
    "It has been {g} and nobody has bothered to reply.",
]
TOO_SOON = [
    "Have you made a decision yet?",
    "Do you know when I'll hear about the outcome?",
    "I'm following up again because I haven't heard anything since yesterday.",
    "Could you tell me today whether I got the job?",
]
BRIDGE_BURNING = [
    "Honestly, it's your loss.",
    "You'll regret hiring someone with less experience.",
    "I'll be sure to leave a review about how you treat candidates.",
    "Frankly, your interviewers had no idea what they were doing.",
    "I demand an explanation for why I was rejected.",
    "I turned down another offer for this, so thanks for nothing.",
]
NO_THANKS_BODY = [
    "I am following up on the status of my application.",
    "Please send an update on the timeline.",
    "My availability for a second round is {day} after lunch.",
    "I can start within three weeks of an offer.",
    "My references are available whenever you need them.",
]


class DraftGenerator:
    """Drafts from one seed: ``draft(i)`` is the same text for the same seed and index."""

    def __init__(self, seed: int = 2026) -> None:
        self.seed = seed

    def draft(self, index: int) -> str:
        rng = random.Random(f"{self.seed}:{index}")
        kind = rng.choice(["thank-you", "check-in", "materials", "rejection-reply"])
        problem = rng.choice(["none", "none", "none", "accusatory", "too-soon", "no-thanks", "bridge"])
        slots = _slots(rng)
        openers = {
            "thank-you": THANKS_OPENERS,
            "check-in": CHECK_OPENERS,
            "materials": MATERIAL_OPENERS,
            "rejection-reply": REJECTION_OPENERS,
        }[kind]
        body = BODY + {"check-in": CHECK_POLITE, "rejection-reply": REJECTION_POLITE}.get(kind, [])
        closings = CLOSINGS
        if problem == "no-thanks":
            openers = CHECK_OPENERS if kind != "rejection-reply" else REJECTION_OPENERS[1:3]
            body = [
                line for line in body if "appreciat" not in line and "grateful" not in line
            ] + NO_THANKS_BODY
            closings = FLAT_CLOSINGS
        bad = {"accusatory": ACCUSATORY, "too-soon": TOO_SOON, "bridge": BRIDGE_BURNING}.get(problem, [])
        frame = [rng.choice(GREETINGS), rng.choice(closings), rng.choice(SIGNOFFS), rng.choice(SENDERS)]
        frame = [_fill(line, slots) for line in frame]
        chosen = [rng.choice(openers), *rng.sample(bad, min(len(bad), rng.randint(1, 2)))]
        sentences = [_fill(line, slots) for line in chosen]
        # Add body sentences, each used once, until the draft reaches its length (100-240 words).
        target = rng.randint(110, 230)
        pool = [_fill(line, slots) for line in rng.sample(body, len(body))]
        while pool and _words(frame + sentences) < target:
            sentences.insert(rng.randint(1, len(sentences)), pool.pop())
        lines = [frame[0], "", *_spaced(_paragraphs(rng, sentences)), "", frame[1], "", frame[2], frame[3]]
        header = _front_matter(rng, kind) if rng.random() < 0.25 else ""
        return header + "\n".join(lines) + "\n"

    def write(self, folder: Path, count: int) -> list[Path]:
        """Write drafts ``0..count-1`` as ``folder/draft-NNNN.txt`` and return their paths."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for index in range(count):
            path = folder / f"draft-{index:04d}.txt"
            path.write_text(self.draft(index), encoding="utf-8")
            paths.append(path)
        return paths


def _slots(rng: random.Random) -> dict[str, str]:
    person, colleague = rng.sample(PEOPLE, 2)
    return {
        "p": person,
        "q": colleague,
        "f": rng.choice(FIRMS),
        "r": rng.choice(ROLES),
        "day": rng.choice(WEEKDAYS),
        "s": rng.choice(SUBJECTS),
        "t": rng.choice(STRENGTHS),
        "g": rng.choice(GAPS),
    }


def _words(parts: list[str]) -> int:
    return sum(len(part.split()) for part in parts)


def _front_matter(rng: random.Random, kind: str) -> str:
    """Dates for the timing rules: an interview in early March 2026 and a send date one to ten days on."""
    interview = rng.randint(2, 6)
    send = interview + rng.randint(0, 10)
    return f"---\nkind: {kind}\ninterview-date: 2026-03-0{interview}\nsend-date: 2026-03-{send:02d}\n---\n"


def _paragraphs(rng: random.Random, sentences: list[str]) -> list[str]:
    """Group sentences into paragraphs of two to four sentences."""
    paragraphs: list[str] = []
    position = 0
    while position < len(sentences) or not paragraphs:
        size = rng.randint(2, 4)
        paragraphs.append(" ".join(sentences[position : position + size]))
        position += size
    return paragraphs


def _spaced(paragraphs: list[str]) -> list[str]:
    lines: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        lines.extend(["", paragraph] if index else [paragraph])
    return lines


def _fill(text: str, slots: dict[str, str]) -> str:
    # Placeholders such as {{company}} stay as they are: only single-brace slots are ours.
    for name, value in slots.items():
        text = text.replace("{" + name + "}", value)
    return text
