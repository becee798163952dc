//! The client's settings: `initializationOptions`, then the `alama` section
//! of `workspace/configuration`, refreshed on `didChangeConfiguration`.

use alama_ide::inlay_hints::Shown;
use serde::Deserialize;
use tower_lsp_server::ls_types::DiagnosticSeverity;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

/// The `inlayHints` setting: `off`, `confirmed` (the default) or `all`
/// (suggestions too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
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
    pub fn from_json(value: &serde_json::Value) -> Result<Settings, String> {
        let section = value.get("alama").unwrap_or(value);
        if section.is_null() {
            return Ok(Settings::default());
        }
        serde_json::from_value(section.clone()).map_err(|e| format!("invalid alama settings: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_section_or_an_object_holding_it() {
        let wrapped =
            Settings::from_json(&json!({"alama": {"include": ["news/**/*.txt"]}})).unwrap();
        let bare = Settings::from_json(&json!({"include": ["news/**/*.txt"]})).unwrap();
        assert_eq!(wrapped, bare);
        assert_eq!(bare.include, ["news/**/*.txt"]);
        assert_eq!(bare.suggestion_severity, Severity::Hint);
        assert_eq!(bare.inlay_hints, InlayHints::Confirmed);
        let all = Settings::from_json(&json!({"inlayHints": "all"})).unwrap();
        assert_eq!(all.inlay_hints.shown(), Shown::All);
        assert_eq!(
            Settings::from_json(&json!(null)).unwrap(),
            Settings::default()
        );
    }

    #[test]
    fn the_document_size_limit_is_in_megabytes_and_zero_turns_it_off() {
        assert_eq!(Settings::default().max_document_bytes(), Some(50_000_000));
        let settings = Settings::from_json(&json!({"maxDocumentSize": 2})).unwrap();
        assert_eq!(settings.max_document_bytes(), Some(2_000_000));
        let settings = Settings::from_json(&json!({"maxDocumentSize": 0})).unwrap();
        assert_eq!(settings.max_document_bytes(), None);
        let error = Settings::from_json(&json!({"maxDocumentSize": -1})).unwrap_err();
        assert!(error.contains("invalid value"), "{error}");
    }

    #[test]
    fn bad_settings_are_explained() {
        let error = Settings::from_json(&json!({"suggestionSeverity": "loud"})).unwrap_err();
        assert!(error.contains("unknown variant `loud`"), "{error}");
        let error = Settings::from_json(&json!({"colour": 1})).unwrap_err();
        assert!(error.contains("unknown field `colour`"), "{error}");
    }
}
