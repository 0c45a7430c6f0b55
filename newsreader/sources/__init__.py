"""Where articles come from: HTTP, feeds, files, folders and OPML lists.

``sources.http`` is the only module in the package that opens a network connection.
"""
