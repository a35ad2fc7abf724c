"""Import jobs (org tree and members). Filled in by the import pipeline."""
