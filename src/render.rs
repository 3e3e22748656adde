//! Typed view structs and page rendering through tera.
