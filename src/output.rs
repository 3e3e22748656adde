//! The one writer: render into a temporary folder, then swap it into the build dir (or keep it in memory for serve).
