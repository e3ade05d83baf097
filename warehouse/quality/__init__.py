"""Quality: the Great Expectations suites per table, running them (GE on pandas, or Polars above 100k rows), and the
validation reports each build writes."""
