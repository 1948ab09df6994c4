"""Pages without the themes' indentation, for both engines: a run of blank space that holds a line break
becomes one line break.

The themes' templates are deeply indented, and their indentation is a fifth of a page, written into every
page of the site. A browser shows any run of blank space outside preformatted text as one space, so one line
break in its place shows the same. Left as they are: comments, and the elements whose blank space counts or
is not text: pre, textarea, and code and kbd (which the theme wraps as preformatted), script and style; and
tags, attribute values included. A non-breaking space is not blank space here.
"""

import re

_KEPT = re.compile(r"<(pre|textarea|code|kbd|script|style)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
# A run in text, not in a tag: the next angle bracket after it opens a tag (or there is none), where inside a
# tag the next one closes it. Attribute values hold no angle bracket: the core escapes every value it hands
# the themes, and the sanitizer every value in content.
_BREAK = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*(?=[^<>]*(?:<|\Z))")


def compacted(html: str) -> str:
    """`html` with every run of blank space in its text that holds a line break made one line break."""
    parts = []
    end = 0
    for kept in _KEPT.finditer(html):
        parts.append(_BREAK.sub("\n", html[end:kept.start()]))
        parts.append(kept.group(0))
        end = kept.end()
    parts.append(_BREAK.sub("\n", html[end:]))
    return "".join(parts)
