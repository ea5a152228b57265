//! Entity stages: where PERSON, ORG, LOC and ROLE spans come from.

pub mod hybrid;
pub mod model;
pub mod name_spans;
pub mod rules;
pub mod source;
pub mod speakers;
