//! The client's settings: `initializationOptions`, then the `alama` section
//! of `workspace/configuration`, refreshed on `didChangeConfiguration`.

use alama_ide::inlay_hints::Shown;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tower_lsp_server::ls_types::DiagnosticSeverity;

/// The settings in force. `Serialize` is derived only so that the keys
/// Alama knows can be read off the serialized defaults (see
/// [`Settings::from_json`]); the settings are never sent anywhere.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Settings {
    /// Globs of the documents, relative to the workspace folder.
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub suggestion_severity: Severity,
    pub confirmed_severity: Severity,
    /// Documents larger than this many megabytes (10^6 bytes) are not
    /// indexed nor opened; 0 means no limit.
    pub max_document_size: u64,
    /// Which mentions show their type as an inlay hint.
    pub inlay_hints: InlayHints,
    /// Kept for clients that pass their trace setting along.
    pub trace: Option<serde_json::Value>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            include: vec!["**/*.txt".to_owned()],
            exclude: Vec::new(),
            suggestion_severity: Severity::Hint,
            confirmed_severity: Severity::Hint,
            max_document_size: DEFAULT_MAX_DOCUMENT_SIZE,
            inlay_hints: InlayHints::Confirmed,
            trace: None,
        }
    }
}

/// The default of `maxDocumentSize`, in megabytes: far above any news
/// article, low enough that a stray data dump does not stall indexing.
const DEFAULT_MAX_DOCUMENT_SIZE: u64 = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

/// The `inlayHints` setting: `off`, `confirmed` (the default) or `all`
/// (suggestions too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InlayHints {
    Off,
    Confirmed,
    All,
}

impl InlayHints {
    pub fn shown(self) -> Shown {
        match self {
            InlayHints::Off => Shown::Off,
            InlayHints::Confirmed => Shown::Confirmed,
            InlayHints::All => Shown::All,
        }
    }
}

impl Severity {
    pub fn to_lsp(self) -> DiagnosticSeverity {
        match self {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Information => DiagnosticSeverity::INFORMATION,
            Severity::Hint => DiagnosticSeverity::HINT,
        }
    }
}

impl Settings {
    /// The largest document indexed, in bytes; `None` for no limit.
    pub fn max_document_bytes(&self) -> Option<u64> {
        (self.max_document_size > 0).then(|| self.max_document_size.saturating_mul(1_000_000))
    }

    /// Reads settings given either as the `alama` section itself or as an
    /// object holding it (`{"alama": {...}}`). `null` means the defaults.
    ///
    /// Each key is read on its own, so that one mistake costs only that key:
    /// a key Alama does not know is ignored, and a known key whose value
    /// cannot be read keeps its default. Both are named, with the reason, in
    /// the returned warning, while every other key applies. A key whose value
    /// is `null` keeps its default without a warning, as if it were left out,
    /// since some clients send unset settings that way. Only a section that
    /// is not an object at all is an error, and then no setting is read.
    pub fn from_json(value: &Value) -> Result<ReadSettings, String> {
        let entries = match value.get("alama").unwrap_or(value) {
            Value::Null => return Ok(ReadSettings::default()),
            Value::Object(entries) => entries,
            other => {
                return Err(format!(
                    "invalid alama settings: expected an object of settings, found {other}"
                ))
            }
        };
        let known = known_keys();
        let mut unknown = Vec::new();
        let mut invalid = Vec::new();
        let mut valid = Map::new();
        for (key, value) in entries {
            if !known.contains_key(key) {
                unknown.push(format!("`{key}`"));
                continue;
            }
            if value.is_null() {
                continue;
            }
            let alone = Map::from_iter([(key.clone(), value.clone())]);
            match serde_json::from_value::<Settings>(Value::Object(alone)) {
                Ok(_) => {
                    valid.insert(key.clone(), value.clone());
                }
                Err(error) => invalid.push(format!(
                    "kept the default of `{key}`, whose value is invalid: {error}"
                )),
            }
        }
        // Every key was read alone above and the fields do not depend on
        // each other, so reading them together cannot fail; the error is
        // still reported rather than assumed away.
        let settings = serde_json::from_value(Value::Object(valid))
            .map_err(|e| format!("invalid alama settings: {e}"))?;
        let mut problems = Vec::new();
        match unknown.len() {
            0 => {}
            1 => problems.push(format!("ignored the unknown key {}", unknown[0])),
            _ => problems.push(format!("ignored the unknown keys {}", unknown.join(", "))),
        }
        problems.extend(invalid);
        let warning =
            (!problems.is_empty()).then(|| format!("alama settings: {}", problems.join("; ")));
        Ok(ReadSettings { settings, warning })
    }
}

/// Settings read from the client, with what could not be read of them.
#[derive(Debug, Default)]
pub struct ReadSettings {
    pub settings: Settings,
    /// A message for the user naming the unknown keys and the invalid
    /// values that were passed over, if there were any.
    pub warning: Option<String>,
}

/// Returns the keys `Settings` reads: those of its serialized defaults,
/// which serde names with the same attributes as when it reads them, so
/// that the list cannot fall out of step with the fields.
fn known_keys() -> Map<String, Value> {
    match serde_json::to_value(Settings::default()) {
        Ok(Value::Object(keys)) => keys,
        // A struct of strings, numbers and enums always serializes to an
        // object; the tests check that every key is known.
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Reads settings that must be read without a warning.
    fn read(value: Value) -> Settings {
        let read = Settings::from_json(&value).unwrap();
        assert_eq!(read.warning, None, "{value}");
        read.settings
    }

    /// Reads settings that must be read with a warning, and returns both.
    fn read_with_warning(value: Value) -> (Settings, String) {
        let read = Settings::from_json(&value).unwrap();
        let warning = read
            .warning
            .unwrap_or_else(|| panic!("no warning for {value}"));
        (read.settings, warning)
    }

    #[test]
    fn reads_the_section_or_an_object_holding_it() {
        let wrapped = read(json!({"alama": {"include": ["news/**/*.txt"]}}));
        let bare = read(json!({"include": ["news/**/*.txt"]}));
        assert_eq!(wrapped, bare);
        assert_eq!(bare.include, ["news/**/*.txt"]);
        assert_eq!(bare.suggestion_severity, Severity::Hint);
        assert_eq!(bare.inlay_hints, InlayHints::Confirmed);
        let all = read(json!({"inlayHints": "all"}));
        assert_eq!(all.inlay_hints.shown(), Shown::All);
        assert_eq!(read(json!(null)), Settings::default());
    }

    #[test]
    fn the_document_size_limit_is_in_megabytes_and_zero_turns_it_off() {
        assert_eq!(Settings::default().max_document_bytes(), Some(50_000_000));
        let settings = read(json!({"maxDocumentSize": 2}));
        assert_eq!(settings.max_document_bytes(), Some(2_000_000));
        let settings = read(json!({"maxDocumentSize": 0}));
        assert_eq!(settings.max_document_bytes(), None);
        let (settings, warning) = read_with_warning(json!({"maxDocumentSize": -1}));
        assert_eq!(settings.max_document_bytes(), Some(50_000_000));
        assert!(
            warning.contains("`maxDocumentSize`, whose value is invalid: invalid value"),
            "{warning}"
        );
    }

    #[test]
    fn every_key_of_the_defaults_is_read_back() {
        // The known keys are those of the serialized defaults: each of them
        // must be one the deserializer reads, or it would be reported.
        let defaults = serde_json::to_value(Settings::default()).unwrap();
        assert_eq!(defaults.as_object().unwrap().len(), 7, "{defaults}");
        assert_eq!(read(defaults), Settings::default());
        let everything = json!({
            "include": ["a/*.txt"],
            "exclude": ["b/*.txt"],
            "suggestionSeverity": "warning",
            "confirmedSeverity": "error",
            "maxDocumentSize": 3,
            "inlayHints": "off",
            "trace": {"server": "verbose"},
        });
        let settings = read(everything.clone());
        assert_eq!(serde_json::to_value(settings).unwrap(), everything);
    }

    #[test]
    fn unknown_keys_are_named_and_the_known_ones_still_apply() {
        let (settings, warning) = read_with_warning(json!({
            "colour": 1,
            "suggestionSeverity": "warning",
            "server": {"path": "/opt/alama"},
        }));
        assert_eq!(settings.suggestion_severity, Severity::Warning);
        assert_eq!(
            warning,
            "alama settings: ignored the unknown keys `colour`, `server`"
        );
        let (settings, warning) =
            read_with_warning(json!({"alama": {"colour": 1, "exclude": ["x"]}}));
        assert_eq!(settings.exclude, ["x"]);
        assert_eq!(warning, "alama settings: ignored the unknown key `colour`");
    }

    #[test]
    fn an_invalid_value_keeps_its_default_and_the_other_keys() {
        let (settings, warning) = read_with_warning(json!({
            "suggestionSeverity": "loud",
            "confirmedSeverity": "error",
            "include": ["news/*.txt", 3],
            "colour": 1,
        }));
        assert_eq!(
            settings,
            Settings {
                confirmed_severity: Severity::Error,
                ..Settings::default()
            }
        );
        expect_test::expect![[r#"
            alama settings: ignored the unknown key `colour`; kept the default of `include`, whose value is invalid: invalid type: integer `3`, expected a string; kept the default of `suggestionSeverity`, whose value is invalid: unknown variant `loud`, expected one of `error`, `warning`, `information`, `hint`"#]]
        .assert_eq(&warning);
    }

    #[test]
    fn a_null_value_means_the_default_without_a_warning() {
        let settings = read(json!({"include": null, "inlayHints": "all", "trace": null}));
        assert_eq!(settings.include, Settings::default().include);
        assert_eq!(settings.inlay_hints, InlayHints::All);
    }

    #[test]
    fn a_section_that_is_not_an_object_is_refused() {
        let error = Settings::from_json(&json!({"alama": ["include"]})).unwrap_err();
        assert_eq!(
            error,
            r#"invalid alama settings: expected an object of settings, found ["include"]"#
        );
        assert!(Settings::from_json(&json!(3)).is_err());
    }
}
