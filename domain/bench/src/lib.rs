//! Nothing but a home for `benches/decisions.rs`: the `domain` crate's authorization
//! decisions timed with criterion, in a crate of its own so that the test command never
//! builds criterion.
