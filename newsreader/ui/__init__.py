"""The Textual user interface (the only part of newsreader that imports textual)."""
