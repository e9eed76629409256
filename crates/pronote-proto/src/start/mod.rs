//! Start-page parsing (being written).
