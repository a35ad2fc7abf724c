from tests.core.library.conftest import media, tree

__all__ = ["media", "tree"]
