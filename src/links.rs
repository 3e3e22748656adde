//! Internal link and `#anchor` checks → diagnostics naming file and line.
