//! The site model: reports, chapters, pages, stable ids and URLs, prev/next. No IO.
