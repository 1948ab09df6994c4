"""The brand's and the conditions' colours as CSS custom properties, for the web and for print alike.

Every element tinted by a condition carries the class `pb-tint--<slug>` instead of a style attribute: pages then
need no inline styles, so their Content Security Policy can refuse every one (overrides/partials/csp.html).
Colours and slugs are checked by the schemas (#rrggbb, [a-z0-9-]) before they get here.
"""

from .model import Playbook

TINT_CLASS_PREFIX = "pb-tint--"


def colour_rules(playbook: Playbook) -> str:
    """The brand's colours on :root and one rule per condition setting --pb-condition-color."""
    colors = playbook.brand.colors
    rules = [":root {\n"
             f"  --pb-brand-primary: {colors.primary};\n"
             f"  --pb-brand-accent: {colors.accent};\n"
             "}\n"]
    rules += [f".{TINT_CLASS_PREFIX}{condition.slug} {{ --pb-condition-color: {condition.color}; }}\n"
              for condition in playbook.conditions]
    return "".join(rules)
