//! Pure classification of file-system changes into what must be rebuilt.
