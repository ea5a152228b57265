//! [`EntitySource`]: where a pipeline's entity spans come from, by the name the command
//! line and the Python module give it.

/// Which entity source a pipeline uses.
///
/// ```
/// use qawl_pipeline::EntitySource;
/// assert_eq!(EntitySource::Hybrid.to_string(), "hybrid");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntitySource {
    /// Gazetteers and rules only.
    Rules,
    /// The tagger only.
    Model,
    /// The rules, plus the tagger's names, organizations and places where the rules found nothing.
    Hybrid,
}

/// A name that is not an entity source.
///
/// ```
/// let err = "neural".parse::<qawl_pipeline::EntitySource>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown entity source \"neural\" (rules, model, hybrid)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown entity source {0:?} (rules, model, hybrid)")]
pub struct ParseEntitySourceError(pub String);

impl std::str::FromStr for EntitySource {
    type Err = ParseEntitySourceError;
    /// `rules`, `model` or `hybrid`.
    ///
    /// ```
    /// use qawl_pipeline::EntitySource;
    /// assert_eq!("rules".parse::<EntitySource>(), Ok(EntitySource::Rules));
    /// ```
    fn from_str(s: &str) -> Result<Self, ParseEntitySourceError> {
        match s {
            "rules" => Ok(EntitySource::Rules),
            "model" => Ok(EntitySource::Model),
            "hybrid" => Ok(EntitySource::Hybrid),
            other => Err(ParseEntitySourceError(other.to_string())),
        }
    }
}

impl std::fmt::Display for EntitySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EntitySource::Rules => "rules",
            EntitySource::Model => "model",
            EntitySource::Hybrid => "hybrid",
        })
    }
}
