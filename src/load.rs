//! Reading `content/`: walking the folder and splitting front matter into `SourceFile`s.
