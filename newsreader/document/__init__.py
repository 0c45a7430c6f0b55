"""Articles as documents of typed blocks: the model, the parsers, the sanitiser."""
