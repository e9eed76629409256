//! Typed values (being written).
