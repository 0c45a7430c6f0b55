"""newsreader: a terminal news reader that follows stories from article to article."""

__version__ = "0.1.0"
