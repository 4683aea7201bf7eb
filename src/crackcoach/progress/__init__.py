"""Progress over weeks: weekly figures, the verdict, which sessions count, words, the report."""
