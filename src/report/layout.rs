//! (stub) text → rows
