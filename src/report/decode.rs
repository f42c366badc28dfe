//! (stub) bytes → text
