"""Which of the main screen's keys apply now (its ``check_action``).

True: the key works and shows; None: it shows dimmed (nothing to act on yet); False: hidden.
Kept apart from the screen so the rules read as one table: each names what it asks of the
history, the open article, the list, the views and the layout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsreader.ui.screens.main import MainScreen

# Keys that act on an article: the one in the list or the one open.
ON_AN_ARTICLE = frozenset(
    {"next_article", "previous_article", "next_unread", "toggle_read", "toggle_bookmark", "mark_all_read", "fulltext"}
)


def key_applies(screen: MainScreen, action: str, parameters: tuple[object, ...]) -> bool | None:
    """Whether ``action`` (with ``parameters``) applies on ``screen`` as it is now."""
    history, article = screen.trail.history, screen.article_view
    if action == "back":
        return True if history.can_go_back else None
    if action == "forward":
        return True if history.can_go_forward else None
    if action == "show_list":
        return (
            screen.narrow
            and screen.has_class("-reading")
            or screen.has_class("-sources-open")
            or screen.focused_pane() == "article"
        )
    if action == "follow_number":
        return bool(parameters) and isinstance(parameters[0], int) and parameters[0] <= len(article.links)
    if action == "story":
        return True if article.article_id else None
    if action == "undo":
        return True if screen.views.read_undo else None
    if action == "toggle_feed_text":
        return False if article.article_id is None else (True if article.has_whole_text else None)
    if action in ("open_in_browser", "copy_address"):
        return True if screen.addresses.chosen_url() else None
    if action in ("refresh", "refresh_all"):
        return None if screen.refreshing else True
    if action in ON_AN_ARTICLE:
        return True if screen.headlines.count or article.article_id else None
    return True
