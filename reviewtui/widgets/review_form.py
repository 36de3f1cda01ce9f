"""The per-KR form: value, confidence, evidence, blocker, next action, decision. Posts Edited upward."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select

from reviewtui.domain.meeting_kinds import FormField
from reviewtui.domain.enums import KRKind
from reviewtui.domain.models import ActionItem, ActionStatus, DecisionKind, KeyResult, KRReview, Status
from reviewtui.domain.review_entry import ReviewEntry, parse_number
from reviewtui.domain.review_rules import DECISION_LABEL, is_narrative
from reviewtui.domain.progress import Standing
from reviewtui.format import standing_label
from reviewtui.widgets.form_input import FormInput
from reviewtui.widgets.word_checkbox import WordCheckbox
from reviewtui.widgets.status import status_text

ALL_FIELDS = tuple(FormField)
# The kinds' extra questions: (field, caption, placeholder).
QUESTIONS = {
    FormField.LEADERSHIP_ASK: ("Leadership", "what decision or support is needed from leadership now? ('none' is an answer)"),
    FormField.OWNER_DID: ("Owner did", "4. what did the owner do about it, and when?"),
    FormField.LESSON: ("Next qtr", "5. what changes next quarter because of this KR?"),
}
VERDICTS = [("still open (not done)", ActionStatus.OPEN), ("done", ActionStatus.DONE), ("dropped", ActionStatus.DROPPED)]


def escalation_label(on: bool) -> str:
    """The toggle says its state in words too: [ ] escalate, [x] ESCALATE."""
    return "ESCALATE" if on else "escalate"


class ReviewForm(Vertical):
    """Asks for the review of one KR. Attributes down (the review), messages up (Edited, ActionMarked)."""

    DEFAULT_CSS = """
    ReviewForm { height: auto; padding: 0 1; }
    ReviewForm .row { height: auto; margin-bottom: 1; }
    ReviewForm .row.line { height: 1; }  /* a fixed height: typing relays out the screen, this keeps it cheap */
    ReviewForm .field { width: 1fr; }
    ReviewForm .row > Vertical { height: auto; }
    ReviewForm #open-actions { height: auto; }
    ReviewForm .caption { width: 11; color: $text-muted; }
    ReviewForm .small-caption { width: auto; color: $text-muted; padding: 0 1; }
    ReviewForm #narrative { color: $warning; height: auto; }
    ReviewForm #value-check { color: $warning; width: 1fr; height: auto; margin: 0 0 1 11; }
    ReviewForm .verdict { width: 26; }
    ReviewForm .action-text { width: 1fr; padding-right: 1; }
    ReviewForm #confidence { width: 20; }
    ReviewForm .score { width: 26; }
    ReviewForm #data-says { width: auto; margin-left: 1; }
    ReviewForm #decision { width: 22; }
    ReviewForm #action-owner { width: 20; }
    ReviewForm #action-due { width: 12; }
    ReviewForm #revisit { width: 22; }
    ReviewForm #new-target { width: 40; }
    ReviewForm #escalate { width: 24; }
    /* On a shared screen the field being typed in must be obvious: a bright bar and a marked caption. */
    ReviewForm Input:focus, ReviewForm Select:focus > SelectCurrent, ReviewForm Checkbox:focus {
        background: $accent 35%; text-style: bold;
    }
    ReviewForm .row.-current > .caption { color: $text; background: $accent; text-style: bold; }
    """

    @dataclass
    class Edited(Message):
        """Any field changed; values hold every field as typed."""

        values: ReviewEntry

    @dataclass
    class ActionMarked(Message):
        """An earlier action item was marked done, not done or dropped."""

        action_id: str
        status: ActionStatus

    def __init__(self, kr: KeyResult, review: KRReview, open_actions: list[tuple[ActionItem, ActionStatus]],
                 people: list[str], today: date, fields: tuple[FormField, ...] = ALL_FIELDS,
                 suggest: Callable[[float | None], Standing] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Confidence is the room's to state: it starts empty, and what the data says is shown beside it.
        self.suggest = suggest
        self.kr = kr
        self.review = review
        self.open_actions = open_actions
        self.people = people
        self.today = today
        self.fields = fields
        self._value_kept = ""  # the value as it was when enter kept it (a far-off value is asked about first)

    def _texts(self) -> dict[str, str]:
        """What each text field shows for the KR's review: what was typed and not yet read comes first."""
        review, kr = self.review, self.kr
        decision, action, unread = review.decision, review.next_action, review.unread
        texts = {
            "value": unread.get("value", "" if review.value is None else f"{review.value:g}"),
            "evidence": review.evidence, "blocker": review.blocker,
            "action-text": unread.get("action_text", action.text if action else ""),
            "action-owner": unread.get("action_owner", action.owner if action else kr.owner),
            "action-due": unread.get("action_due", (action.due if action else self.today + timedelta(days=7)).isoformat()),
            "revisit": unread.get("revisit", decision.revisit_on.isoformat() if decision and decision.revisit_on else ""),
            "new-target": unread.get("new_target", f"{decision.new_target:g}" if decision and
                                     decision.new_target is not None else ""),
            "decision-note": decision.note if decision else "",
            "score": unread.get("score", "" if review.score is None else f"{review.score:g}"),
            "score-reason": review.score_reason,
        }
        for question in QUESTIONS:
            texts[question.value.replace("_", "-")] = getattr(review, question.value)
        return texts

    def _placeholders(self) -> dict[str, str]:
        """The placeholders that name the KR's unit and target."""
        kr = self.kr
        kind = kr.measure
        if kind is KRKind.MILESTONE:
            value = f"steps done, of {kr.steps}" if kr.steps > 1 else "1 when done, 0 when not"
        else:
            value = f"new value in {kr.unit}" if kr.unit else "new value"
        if kr.target is None:
            target = f"a {kind.value.replace('_', ' ')} key result has no target to move"
        else:
            start = f", baseline {kr.baseline:g}" if kr.baseline is not None else ""
            target = f"in {kr.unit}; now {kr.target:g}{start}"
        return {"value": value, "new-target": target}

    def _action_rows(self) -> list[Widget]:
        """One row per earlier action still open: its text and a verdict to pick."""
        rows: list[Widget] = []
        for action, verdict in self.open_actions:
            overdue = ("  ▲ overdue", "bold") if action.due < self.today else ""  # a word, not a colour
            rows.append(Horizontal(
                Label(Text.assemble(("Open action ", "dim"), (action.id, "bold"), f": {action.text} ",
                                    (f"({action.owner}, due {action.due})", "dim"), overdue), classes="action-text"),
                Select([(Text(label), status) for label, status in VERDICTS], value=verdict, compact=True,
                       allow_blank=False, id=f"verdict-{action.id}", classes="verdict"),
                classes="row"))
        return rows

    def compose(self) -> ComposeResult:
        review = self.review
        texts, placeholders = self._texts(), self._placeholders()
        # Their number changes from KR to KR: in a box of their own, the only part rebuilt for the next KR.
        yield Vertical(*self._action_rows(), id="open-actions")
        asks = self.fields.__contains__
        if asks(FormField.VALUE) or asks(FormField.CONFIDENCE):
            with Horizontal(classes="row line"):
                yield Label("Value", classes="caption")
                yield FormInput(texts["value"], classes="field", placeholder=placeholders["value"], id="value",
                                compact=True)
                if asks(FormField.CONFIDENCE):
                    yield Label(self._data_says(), id="data-says", markup=False)
                    yield Label("room", classes="small-caption")
                    yield Select([(status_text(s), s) for s in Status], value=review.confidence or Select.NULL,
                                 prompt="choose", id="confidence", compact=True)
            value_check = Label("", id="value-check", markup=False)
            value_check.display = False
            yield value_check
        if asks(FormField.SCORE):
            with Horizontal(classes="row line"):
                yield Label("Score", classes="caption")
                yield FormInput(texts["score"], placeholder="0 to 1; empty: data's", id="score",
                                classes="score", compact=True)
                yield Label("why", classes="small-caption")
                yield FormInput(texts["score-reason"], placeholder="needed if not the data's",
                                id="score-reason", classes="field", compact=True)
        if asks(FormField.EVIDENCE):
            with Horizontal(classes="row"):
                yield Label("Evidence", classes="caption")
                with Vertical(classes="field"):
                    yield FormInput(texts["evidence"], placeholder="a number, link, file or ticket", id="evidence",
                                compact=True)
                    yield Label("", id="narrative")
        if asks(FormField.BLOCKER):
            with Horizontal(classes="row line"):
                yield Label("Blocker", classes="caption")
                yield FormInput(texts["blocker"], placeholder="what is in the way", id="blocker", classes="field",
                            compact=True)
                yield WordCheckbox(escalation_label(review.escalate), review.escalate, id="escalate", compact=True)
        for question, (caption, placeholder) in QUESTIONS.items():
            if asks(question):
                with Horizontal(classes="row line"):
                    yield Label(caption, classes="caption")
                    yield FormInput(texts[question.value.replace("_", "-")], placeholder=placeholder,
                                id=question.value.replace("_", "-"), classes="field", compact=True)
        if asks(FormField.NEXT_ACTION):
            yield from self._next_action_rows(texts)
        decision = review.decision
        with Horizontal(classes="row line"):
            yield Label("Decision", classes="caption")
            yield Select([(Text(DECISION_LABEL[k]), k) for k in DecisionKind], compact=True,
                         value=decision.kind if decision else Select.NULL, prompt="choose (enter)", id="decision")
            yield Label("revisit", classes="small-caption")
            yield FormInput(texts["revisit"], compact=True,
                        placeholder="YYYY-MM-DD (defer)", id="revisit",
                        disabled=not (decision and decision.kind is DecisionKind.DEFER))
        adjusting = bool(decision and decision.kind is DecisionKind.ADJUST_TARGET)
        with Horizontal(classes="row line", id="new-target-row") as row:
            row.display = adjusting  # only an adjusted target asks for one
            yield Label("New target", classes="caption")
            yield FormInput(texts["new-target"], compact=True, id="new-target", disabled=not adjusting,
                            placeholder=placeholders["new-target"])
        with Horizontal(classes="row line"):
            yield Label("Why", classes="caption")
            yield FormInput(texts["decision-note"], id="decision-note", classes="field", compact=True,
                        placeholder="the reason; needed to continue an off-track KR, to defer, escalate or adjust")

    def _next_action_rows(self, texts: dict[str, str]) -> ComposeResult:
        with Horizontal(classes="row line"):
            yield Label("Next", classes="caption")
            yield FormInput(texts["action-text"], placeholder="next action: what, concretely",
                        id="action-text", classes="field", compact=True)
        with Horizontal(classes="row line"):
            yield Label("", classes="caption")
            yield Label("owner", classes="small-caption")
            yield FormInput(texts["action-owner"], placeholder="one person", id="action-owner",
                        compact=True, suggester=SuggestFromList(self.people, case_sensitive=False))
            yield Label("due", classes="small-caption")
            yield FormInput(texts["action-due"], compact=True, placeholder="YYYY-MM-DD", id="action-due")

    def on_mount(self) -> None:
        self._inputs = {widget.id: widget for widget in self.query(Input) if widget.id}  # looked up per keystroke
        self._flag_narrative()

    async def show(self, kr: KeyResult, review: KRReview, open_actions: list[tuple[ActionItem, ActionStatus]],
                   today: date, suggest: Callable[[float | None], Standing] | None = None) -> None:
        """Show another KR's review in this form: every field set in place, only the open actions rebuilt.

        Building the form anew for each KR took most of the 300 ms that moving to the next KR took. Setting the
        fields posts no Changed: these are the KR's own values, not an edit of it."""
        self.kr, self.review, self.today, self.suggest = kr, review, today, suggest
        self._value_kept = ""
        decision = review.decision
        kind = decision.kind if decision else None
        with self.prevent(Input.Changed, Select.Changed, Checkbox.Changed):
            for widget_id, text in self._texts().items():
                field = self._inputs.get(widget_id)
                if field is not None:
                    self._set_text(field, text)
            for widget_id, placeholder in self._placeholders().items():
                if (field := self._inputs.get(widget_id)) is not None:
                    field.placeholder = placeholder
            if FormField.CONFIDENCE in self.fields:
                self.query_one("#confidence", Select).value = review.confidence or Select.NULL
                self._show_data_says()
            if FormField.BLOCKER in self.fields:
                escalate = self.query_one("#escalate", Checkbox)
                escalate.value = review.escalate
                escalate.label = escalation_label(review.escalate)
            self.query_one("#decision", Select).value = kind if kind is not None else Select.NULL
            self._enable_for(kind)
        self._flag_narrative()
        rebuild = bool(open_actions or self.open_actions)  # most KRs have none: nothing to rebuild then
        self.open_actions = open_actions
        if rebuild:
            box = self.query_one("#open-actions")
            await box.remove_children()
            await box.mount_all(self._action_rows())

    @staticmethod
    def _set_text(field: Input, text: str) -> None:
        """Set a field's text as a new field shows it: the cursor at its end, the text from its start."""
        field._initial_value = True  # Input's own first-value path: cursor to the end without scrolling to it
        field.value = text
        field.cursor_position = len(text)
        field._initial_value = False
        field.scroll_to(0, animate=False, immediate=True)

    def _text(self, widget_id: str) -> str:
        """An Input's text; '' for a field this kind of meeting does not ask for."""
        found = self._inputs.get(widget_id)
        return found.value if found is not None else ""

    def values(self) -> ReviewEntry:
        """What the fields this kind asks for hold, as typed; the session reads and checks it."""
        confidence = self.query_one("#confidence", Select).value if FormField.CONFIDENCE in self.fields else None
        decision = self.query_one("#decision", Select).value
        escalate = self.query_one("#escalate", Checkbox).value if FormField.BLOCKER in self.fields else False
        return ReviewEntry(
            asks=frozenset(self.fields), value=self._text("value"),
            confidence=confidence if isinstance(confidence, Status) else None,
            evidence=self._text("evidence"), blocker=self._text("blocker"), escalate=escalate,
            answers={question: self._text(question.value.replace("_", "-")) for question in QUESTIONS
                     if question in self.fields},
            decision=decision if isinstance(decision, DecisionKind) else None, note=self._text("decision-note"),
            revisit=self._text("revisit"), new_target=self._text("new-target"), action_text=self._text("action-text"),
            action_owner=self._text("action-owner"), action_due=self._text("action-due"), value_kept=self._value_kept,
            score=self._text("score"), score_reason=self._text("score-reason"))

    _value_question: str | None = None

    def show_value_question(self, question: str | None) -> None:
        """Under the value: "did you mean ...?" for a far-off value not kept yet (the session's words), or nothing."""
        if question == self._value_question or not self.query("#value-check"):  # a relayout only when it changes
            return
        self._value_question = question
        label = self.query_one("#value-check", Label)
        label.update(f"▲ {question}" if question else "")
        label.display = question is not None

    @on(Input.Submitted, "#value")
    def _keep_value(self, event: Input.Submitted) -> None:
        """enter in the value field keeps the value as typed, even one far outside the KR's range."""
        event.stop()
        self._value_kept = event.value
        self.post_message(self.Edited(self.values()))

    _narrative: bool | None = None

    def _flag_narrative(self) -> None:
        if FormField.EVIDENCE not in self.fields:
            return
        narrative = is_narrative(self._text("evidence"))
        if narrative == self._narrative:  # a label update relays out the screen: only when the flag flips
            return
        self._narrative = narrative
        label = self.query_one("#narrative", Label)
        label.update("▲ narrative: nothing checkable; add a number, link, file or ticket" if narrative else "")
        label.display = narrative

    @on(Input.Changed)
    @on(Select.Changed, "#confidence, #decision")
    @on(Checkbox.Changed)
    def _edited(self, event: Input.Changed | Select.Changed | Checkbox.Changed) -> None:
        event.stop()
        if event.value != event.control.value:
            return  # a change from before another KR was shown in the form; a change after this one follows
        self._flag_narrative()
        self.post_message(self.Edited(self.values()))

    _follow_pending = False

    @on(Input.Changed, "#value")
    def _value_changed(self, event: Input.Changed) -> None:
        if self.suggest is None or FormField.CONFIDENCE not in self.fields:
            return  # (not a query: it walks the form on every keystroke)
        if not self._follow_pending:
            # After the typed digit is on screen: what the data says follows the value, once per burst of keys.
            self._follow_pending = True
            self.call_after_refresh(self._follow_value)

    def _follow_value(self) -> None:
        """Say what the data says of the value as it is now (after any further keys); the confidence stays the
        room's: it is never set from the data."""
        self._follow_pending = False
        self._show_data_says()

    _data_shown = ""

    def _show_data_says(self) -> None:
        """Update the data line only when its words change: a changed label lays the screen out again, and a
        digit typed rarely changes what the data says."""
        text = self._data_says()
        if text != self._data_shown:
            self._data_shown = text
            self.query_one("#data-says", Label).update(text)

    def _data_says(self) -> str:
        """'data ▲ at risk', beside the room's confidence: where the two differ, the room should say why."""
        if self.suggest is None:
            return ""
        return f"data {standing_label(self.suggest(self._value() if self.is_mounted else self.review.value))}"

    def _value(self) -> float | None:
        value = parse_number(self._text("value"), self.kr.unit) if self._text("value").strip() else None
        return None if isinstance(value, str) else value

    @on(Select.Changed, "#decision")
    def _decision_changed(self, event: Select.Changed) -> None:
        self._enable_for(event.value)

    def _enable_for(self, kind: object) -> None:
        """Only a deferral has a revisit date, only an adjusted target a new target: out of the way otherwise."""
        self.query_one("#revisit", Input).disabled = kind is not DecisionKind.DEFER
        adjusting = kind is DecisionKind.ADJUST_TARGET
        self.query_one("#new-target", Input).disabled = not adjusting
        self.query_one("#new-target-row").display = adjusting

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Light the caption of the row being typed in (a shared screen must show where the cursor is)."""
        for row in self.query(".row.-current"):
            row.remove_class("-current")
        for ancestor in event.widget.ancestors:
            if ancestor is self:
                break
            if ancestor.has_class("row"):
                ancestor.add_class("-current")
                break

    @on(Checkbox.Changed, "#escalate")
    def _escalation_label(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = escalation_label(event.value)

    @on(Select.Changed, ".verdict")
    def _verdict(self, event: Select.Changed) -> None:
        event.stop()
        if event.select.id and isinstance(event.value, ActionStatus):
            self.post_message(self.ActionMarked(event.select.id.removeprefix("verdict-"), event.value))
