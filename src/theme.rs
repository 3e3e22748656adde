//! Locating themes (site overrides the built-in default file by file), loading tera once, filters.
