"""The discussion cards: every big question on a card, four to a printed sheet, each condition from a new sheet.

The cards PDF is laid out from these sheets, and a session plan names the pages that hold its phase's cards.
"""

from dataclasses import dataclass

from .model import BigQuestion, Condition, Phase, Playbook

CARDS_PER_SHEET = 4
# Cards with more words than these get smaller type, so they still fit.
LONG_CARD_WORDS, LONGER_CARD_WORDS = 60, 110


@dataclass(frozen=True)
class Card:
    """One discussion card: a big question with where it comes from."""

    condition: Condition
    phase: Phase
    question: BigQuestion
    first_of_phase: bool
    first_of_condition: bool

    @property
    def size(self) -> str:
        """'' for a card in normal type, 'long' or 'longer' for one that needs smaller type."""
        words = self.question.words
        return "longer" if words > LONGER_CARD_WORDS else "long" if words > LONG_CARD_WORDS else ""


def card_sheets(playbook: Playbook) -> list[list[Card]]:
    """The cards, four to a sheet; each condition starts a new sheet."""
    sheets = []
    for condition in playbook.guided_conditions:
        cards = [Card(condition, guide.phase, question, question.number == 1, first_guide and question.number == 1)
                 for first_guide, guide in zip([True] + [False] * len(condition.guides), condition.guides)
                 for question in guide.big_questions]
        sheets += [cards[start:start + CARDS_PER_SHEET] for start in range(0, len(cards), CARDS_PER_SHEET)]
    return sheets


def card_pages(playbook: Playbook, condition_slug: str, phase_id: str) -> tuple[int, int]:
    """The first and last page of the cards PDF that hold one phase's cards (pages counted from 1)."""
    pages = [number for number, sheet in enumerate(card_sheets(playbook), start=1)
             if any(card.condition.slug == condition_slug and card.phase.id == phase_id for card in sheet)]
    return pages[0], pages[-1]
